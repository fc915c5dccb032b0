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
 * <p>A batch ({@code notificationItems} with several items) verifies only if <em>every</em> item's own signature
 * matches: one bad item rejects the whole request. Failing closed is deliberate: the request is acknowledged or
 * rejected as a whole (Adyen retries the whole batch), so accepting it would hand the application an unverified
 * item next to verified ones, and the application cannot tell which is which. At most {@link #MAX_ITEMS} items;
 * an empty array is refused. The replay key is derived from the verified item MACs only (see
 * {@code SignedParts#everyMacRequired}).
 */
final class AdyenItemScheme implements Scheme {
    static final String ID = "adyen";
    /** Most items accepted in one request; Adyen sends one, or a few when it batches. */
    static final int MAX_ITEMS = 100;

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
        if (list.isEmpty()) {
            throw JsonBody.malformed(ID, "notificationItems is empty (nothing signed to verify)");
        }
        if (list.size() > MAX_ITEMS) {
            throw JsonBody.malformed(
                    ID, "notificationItems holds " + list.size() + " items; at most " + MAX_ITEMS + " are accepted");
        }
        byte[][] signed = new byte[list.size()][];
        byte[][] macs = new byte[list.size()][];
        String firstPsp = null;
        for (int i = 0; i < list.size(); i++) {
            String path = "notificationItems[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?>)) {
                throw JsonBody.malformed(ID, path + " is not a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> wrapper = (Map<String, Object>) list.get(i);
            Map<String, Object> item =
                    JsonBody.requiredObject(wrapper, "NotificationRequestItem", ID, path + ".NotificationRequestItem");
            Map<String, Object> additional =
                    JsonBody.optionalObject(item, "additionalData", ID, path + ".additionalData");
            String signature = additional == null
                    ? null
                    : JsonBody.optionalString(additional, "hmacSignature", ID, path + ".additionalData.hmacSignature");
            if (signature == null) {
                throw JsonBody.missing(ID, path + " has no additionalData.hmacSignature");
            }
            byte[] mac = Codec.decodeBase64(signature, false);
            if (mac == null || mac.length != 32) {
                throw JsonBody.malformed(
                        ID, path + ".additionalData.hmacSignature is not canonical base64 of 32 bytes");
            }
            Map<String, Object> amount = JsonBody.optionalObject(item, "amount", ID, path + ".amount");
            String content = String.join(
                    ":",
                    text(item, "pspReference", path),
                    text(item, "originalReference", path),
                    text(item, "merchantAccountCode", path),
                    text(item, "merchantReference", path),
                    amount == null ? "" : text(amount, "value", path + ".amount"),
                    amount == null ? "" : text(amount, "currency", path + ".amount"),
                    text(item, "eventCode", path),
                    text(item, "success", path));
            signed[i] = content.getBytes(StandardCharsets.UTF_8);
            macs[i] = mac;
            if (i == 0) {
                firstPsp = JsonBody.scalarText(item, "pspReference", ID, path + ".pspReference");
            }
        }
        // A batch has no single id; one item's pspReference is reported as the (unsigned) delivery id.
        return SignedParts.everyMac(MacAlgorithm.HMAC_SHA256, signed, macs, list.size() == 1 ? firstPsp : null);
    }

    private static String text(Map<String, Object> m, String name, String path) throws WebhookVerificationException {
        String t = JsonBody.scalarText(m, name, ID, path + "." + name);
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
