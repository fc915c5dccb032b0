package dev.webhookverifier.json;

import dev.webhookverifier.Handshake;
import dev.webhookverifier.HandshakeAnswer;
import dev.webhookverifier.HandshakeContext;
import dev.webhookverifier.Provider;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookVerificationException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/** Slack's {@code url_verification}: see {@link JsonHandshakes#slackUrlVerification()}. */
final class SlackUrlVerification implements Handshake {
    static final String ID = "slack-url-verification";
    private static final String PROVIDER = "slack";
    /** Quoted, so a form-encoded body (slash commands, interactivity: quotes are %22 there) never matches. */
    private static final byte[] NEEDLE = "\"url_verification\"".getBytes(StandardCharsets.US_ASCII);

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
        return JsonHandshakes.smallJsonContaining(request, NEEDLE);
    }

    @Override
    public Optional<HandshakeAnswer> answer(WebhookRequest request, HandshakeContext context)
            throws WebhookVerificationException {
        Map<String, Object> m = JsonBody.object(request.body(), PROVIDER, ID + ": the body");
        if (!JsonHandshakes.isString(m.get("type"), "url_verification")) {
            return Optional.empty();
        }
        String challenge = JsonBody.requiredString(m, "challenge", PROVIDER, ID + ": challenge");
        return Optional.of(HandshakeAnswer.text(JsonHandshakes.challenge(challenge, PROVIDER, ID, "challenge")));
    }

    @Override
    public String toString() {
        return "Handshake[" + ID + "]";
    }
}
