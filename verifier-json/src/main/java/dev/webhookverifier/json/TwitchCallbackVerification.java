package dev.webhookverifier.json;

import dev.webhookverifier.Handshake;
import dev.webhookverifier.HandshakeAnswer;
import dev.webhookverifier.HandshakeContext;
import dev.webhookverifier.Provider;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookVerificationException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Twitch EventSub's {@code webhook_callback_verification}: see {@link JsonHandshakes#twitchCallbackVerification()}. */
final class TwitchCallbackVerification implements Handshake {
    static final String ID = "twitch-callback-verification";
    private static final String PROVIDER = "twitch";
    private static final String TYPE_HEADER = "Twitch-Eventsub-Message-Type";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean requiresSignature() {
        return true;
    }

    @Override
    public boolean supports(Provider provider) {
        return provider.id().equals(PROVIDER);
    }

    @Override
    public boolean recognizes(WebhookRequest request) {
        List<String> type = request.headerValues(TYPE_HEADER);
        return request.method().equals("POST")
                && type.size() == 1
                && type.get(0).strip().equals("webhook_callback_verification");
    }

    @Override
    public Optional<HandshakeAnswer> answer(WebhookRequest request, HandshakeContext context)
            throws WebhookVerificationException {
        Map<String, Object> m = JsonBody.object(request.body(), PROVIDER, ID + ": the body");
        String challenge = JsonBody.requiredString(m, "challenge", PROVIDER, ID + ": challenge");
        JsonBody.requiredObject(m, "subscription", PROVIDER, ID + ": subscription");
        return Optional.of(HandshakeAnswer.text(JsonHandshakes.challenge(challenge, PROVIDER, ID, "challenge")));
    }

    @Override
    public String toString() {
        return "Handshake[" + ID + "]";
    }
}
