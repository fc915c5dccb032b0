package dev.webhookverifier.json;

import dev.webhookverifier.MacAlgorithm;
import dev.webhookverifier.TimestampFormat;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookVerificationException;
import dev.webhookverifier.internal.Codec;
import dev.webhookverifier.internal.Headers;
import dev.webhookverifier.internal.Scheme;
import dev.webhookverifier.internal.SecretFormat;
import dev.webhookverifier.internal.SignedParts;
import dev.webhookverifier.internal.VerificationKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Mailgun: {@code signature.signature} = hex HMAC-SHA256(HTTP webhook signing key, {@code signature.timestamp} +
 * {@code signature.token}), all three inside the JSON body. The token is signed and unique per delivery, so it is
 * the replay key.
 */
final class MailgunScheme implements Scheme {
    static final String ID = "mailgun";
    private static final int MAX_FIELD = 256;
    private static final SecretFormat SECRET = SecretFormat.text()
            .mistake(
                    "key-",
                    "that looks like a Mailgun private API key (key-...), not the HTTP webhook signing key shown under"
                            + " Sending > Webhooks");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String documentationUrl() {
        return "https://documentation.mailgun.com/docs/mailgun/user-manual/webhooks/securing-webhooks";
    }

    @Override
    public Duration defaultTolerance() {
        return Duration.ofMinutes(5);
    }

    @Override
    public boolean signsDeliveryId() {
        return true;
    }

    @Override
    public VerificationKey decodeKey(byte[] value, boolean raw, boolean allowWeak) {
        return SECRET.decode(value, raw, allowWeak, MacAlgorithm.HMAC_SHA256);
    }

    @Override
    public SignedParts parse(WebhookRequest request) throws WebhookVerificationException {
        Map<String, Object> root = JsonBody.object(request.body(), ID, "the body");
        Map<String, Object> sig = JsonBody.requiredObject(root, "signature", ID, "the body's signature object");
        String timestamp = JsonBody.scalarText(sig, "timestamp", ID, "signature.timestamp");
        String token = JsonBody.requiredString(sig, "token", ID, "signature.token");
        String signature = JsonBody.requiredString(sig, "signature", ID, "signature.signature");
        if (timestamp == null) {
            throw JsonBody.missing(ID, "signature.timestamp is absent");
        }
        if (token.isEmpty() || token.length() > MAX_FIELD) {
            throw JsonBody.malformed(ID, "signature.token is empty or longer than " + MAX_FIELD + " characters");
        }
        Instant instant = Headers.timestamp(timestamp, TimestampFormat.UNIX_SECONDS, ID, "signature.timestamp");
        byte[] mac = Codec.decodeHex(signature, true);
        if (mac == null || mac.length != 32) {
            throw JsonBody.malformed(ID, "signature.signature is not 64 hexadecimal digits (HMAC-SHA256)");
        }
        byte[] signed = (timestamp + token).getBytes(StandardCharsets.UTF_8);
        return new SignedParts(
                new byte[][] {signed},
                null,
                false,
                MacAlgorithm.HMAC_SHA256,
                new byte[][] {mac},
                null,
                null,
                null,
                0,
                instant,
                token,
                true);
    }

    @Override
    public Map<String, String> sign(
            byte[] value, boolean raw, WebhookRequest unsigned, String deliveryId, Instant timestamp) {
        throw new IllegalArgumentException(
                "mailgun signs inside the JSON body (signature.timestamp, token, signature), not in headers;"
                        + " compute signature.signature = hex HMAC-SHA256(key, timestamp + token) into the body");
    }
}
