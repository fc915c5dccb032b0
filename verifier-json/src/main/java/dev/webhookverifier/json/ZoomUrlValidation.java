package dev.webhookverifier.json;

import dev.webhookverifier.Handshake;
import dev.webhookverifier.HandshakeAnswer;
import dev.webhookverifier.HandshakeContext;
import dev.webhookverifier.MacAlgorithm;
import dev.webhookverifier.Provider;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookVerificationException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/** Zoom's {@code endpoint.url_validation}: see {@link JsonHandshakes#zoomUrlValidation()}. */
final class ZoomUrlValidation implements Handshake {
    static final String ID = "zoom-url-validation";
    private static final String PROVIDER = "zoom";
    private static final String EVENT = "endpoint.url_validation";
    private static final byte[] NEEDLE = ("\"" + EVENT + "\"").getBytes(StandardCharsets.US_ASCII);

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
        if (!JsonHandshakes.isString(m.get("event"), EVENT)) {
            return Optional.empty();
        }
        Map<String, Object> payload = JsonBody.requiredObject(m, "payload", PROVIDER, ID + ": payload");
        String plainToken = JsonHandshakes.challenge(
                JsonBody.requiredString(payload, "plainToken", PROVIDER, ID + ": payload.plainToken"),
                PROVIDER,
                ID,
                "payload.plainToken");
        // Keyed with the secret that verified this (signed) probe; an unsigned probe never gets here.
        byte[] mac = context.hmac(MacAlgorithm.HMAC_SHA256, plainToken.getBytes(StandardCharsets.UTF_8));
        return Optional.of(HandshakeAnswer.json(JsonBody.writeStrings(
                "plainToken", plainToken, "encryptedToken", HexFormat.of().formatHex(mac))));
    }

    @Override
    public String toString() {
        return "Handshake[" + ID + "]";
    }
}
