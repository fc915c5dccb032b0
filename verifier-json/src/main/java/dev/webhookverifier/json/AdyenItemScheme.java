package dev.webhookverifier.json;

import dev.webhookverifier.MacAlgorithm;
import dev.webhookverifier.SecretEncoding;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookVerificationException;
import dev.webhookverifier.internal.Codec;
import dev.webhookverifier.internal.Scheme;
import dev.webhookverifier.internal.SecretFormat;
import dev.webhookverifier.internal.SignedParts;
import dev.webhookverifier.internal.VerificationKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Adyen standard notifications: {@code additionalData.hmacSignature} inside the NotificationRequestItem = base64
 * HMAC-SHA256(hex-decoded key, {@code pspReference:originalReference:merchantAccountCode:merchantReference:
 * value:currency:eventCode:success}), absent fields as empty strings. No timestamp is signed.
 *
 * <p>A request must carry exactly one item: core accepts a request when any offered signature matches, which
 * cannot express "every item's own signature matches", so a batch is refused rather than half-checked. Adyen
 * sends one item per request.
 */
final class AdyenItemScheme implements Scheme {
    static final String ID = "adyen";
    static final SecretFormat SECRET = SecretFormat.of(SecretEncoding.HEX)
            .mistake("AQE", "that is an Adyen API key (AQE...), not the webhook's HMAC key (64 hexadecimal digits)");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String documentationUrl() {
        return "https://docs.adyen.com/development-resources/webhooks/verify-hmac-signatures";
    }

    @Override
    public Duration defaultTolerance() {
        return null;
    }

    @Override
    public boolean signsDeliveryId() {
        return false;
    }

    @Override
    public VerificationKey decodeKey(byte[] value, boolean raw, boolean allowWeak) {
        return SECRET.decode(value, raw, allowWeak, MacAlgorithm.HMAC_SHA256);
    }

    @Override
    public SignedParts parse(WebhookRequest request) throws WebhookVerificationException {
        Map<String, Object> root = JsonBody.object(request.body(), ID, "the body");
        Object items = root.get("notificationItems");
        if (items == null) {
            throw JsonBody.missing(ID, "the body has no notificationItems");
        }
        if (!(items instanceof List<?> list)) {
            throw JsonBody.malformed(ID, "notificationItems is not a JSON array");
        }
        if (list.size() != 1) {
            throw JsonBody.malformed(
                    ID,
                    "notificationItems holds " + list.size()
                            + " items; exactly one is accepted (each item carries its own signature)");
        }
        if (!(list.get(0) instanceof Map<?, ?>)) {
            throw JsonBody.malformed(ID, "notificationItems[0] is not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> wrapper = (Map<String, Object>) list.get(0);
        Map<String, Object> item = JsonBody.requiredObject(
                wrapper, "NotificationRequestItem", ID, "notificationItems[0].NotificationRequestItem");
        Map<String, Object> additional = JsonBody.optionalObject(item, "additionalData", ID, "additionalData");
        String signature = additional == null
                ? null
                : JsonBody.optionalString(additional, "hmacSignature", ID, "additionalData.hmacSignature");
        if (signature == null) {
            throw JsonBody.missing(ID, "the NotificationRequestItem has no additionalData.hmacSignature");
        }
        byte[] mac = Codec.decodeBase64(signature, false);
        if (mac == null || mac.length != 32) {
            throw JsonBody.malformed(ID, "additionalData.hmacSignature is not canonical base64 of 32 bytes");
        }
        Map<String, Object> amount = JsonBody.optionalObject(item, "amount", ID, "amount");
        String signed = String.join(
                ":",
                text(item, "pspReference"),
                text(item, "originalReference"),
                text(item, "merchantAccountCode"),
                text(item, "merchantReference"),
                amount == null ? "" : text(amount, "value"),
                amount == null ? "" : text(amount, "currency"),
                text(item, "eventCode"),
                text(item, "success"));
        String psp = JsonBody.scalarText(item, "pspReference", ID, "pspReference");
        return new SignedParts(
                new byte[][] {signed.getBytes(StandardCharsets.UTF_8)},
                null,
                false,
                MacAlgorithm.HMAC_SHA256,
                new byte[][] {mac},
                null,
                null,
                null,
                0,
                null,
                psp,
                false);
    }

    private static String text(Map<String, Object> m, String name) throws WebhookVerificationException {
        String t = JsonBody.scalarText(m, name, ID, name);
        return t == null ? "" : t;
    }

    @Override
    public Map<String, String> sign(
            byte[] value, boolean raw, WebhookRequest unsigned, String deliveryId, Instant timestamp) {
        throw new IllegalArgumentException(
                "adyen signs inside each NotificationRequestItem (additionalData.hmacSignature), not in headers;"
                        + " use adyenHmacHeader() for the HmacSignature header");
    }
}
