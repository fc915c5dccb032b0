package dev.webhookverifier.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.webhookverifier.Provider;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookVerificationException;
import dev.webhookverifier.WebhookVerifier;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs the presets whose signature lives inside the JSON body rather than in a header, which
 * {@link dev.webhookverifier.WebhookSigner} cannot do (its schemes return headers):
 *
 * <ul>
 *   <li>{@code mailgun}: sets the body's {@code signature} object to {@code timestamp} (unix seconds), {@code token}
 *       (the delivery id) and {@code signature} = hex HMAC-SHA256(key as UTF-8, timestamp + token);
 *   <li>{@code adyen}: sets {@code additionalData.hmacSignature} of the one NotificationRequestItem to base64
 *       HMAC-SHA256(hex-decoded key, pspReference:originalReference:merchantAccountCode:merchantReference:
 *       value:currency:eventCode:success).
 * </ul>
 *
 * <p>The body is re-serialized (the signed fields are JSON values, not raw bytes), and every signed body is checked
 * with the preset's own verifier before it is returned, so a drift from {@code verifier-json} fails loudly instead of
 * producing a delivery that does not verify.
 *
 * <p><b>Security:</b> holds the key; messages name fields and never contain the key, the body or the signature.
 */
final class BodySignature {
    private static final Set<String> IDS = Set.of("mailgun", "adyen");
    private static final ObjectMapper JSON = JsonMapper.builder()
            // keeps numbers as written (10.50 stays 10.50): Adyen signs the amount's JSON text
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final Provider provider;
    private final String secret;

    private BodySignature(Provider provider, String secret) {
        this.provider = provider;
        this.secret = secret;
    }

    /** Whether the preset signs inside the body, so that this class (not {@code WebhookSigner}) signs it. */
    static boolean signsInBody(Provider provider) {
        return IDS.contains(provider.id());
    }

    /**
     * A body signer for a preset that {@link #signsInBody(Provider) signs in the body}.
     *
     * @throws IllegalArgumentException if the key does not fit the preset (the preset's own message, without the key)
     */
    static BodySignature of(Provider provider, String secret) {
        if (!signsInBody(provider)) {
            throw new IllegalArgumentException(provider.id() + " signs in headers, not in the body");
        }
        // the preset's own format check (a Mailgun API key, Adyen's non-hex key); short test keys are allowed
        try {
            WebhookVerifier.builder(provider)
                    .secrets(WebhookSecret.of("signing", secret))
                    .allowWeakSecrets()
                    .build();
        } catch (IllegalArgumentException e) {
            // the builder names the secret's id, which means nothing to the caller: keep its hint
            String prefix = "secret 'signing' for provider '" + provider.id() + "': ";
            String message = e.getMessage() == null ? "" : e.getMessage();
            throw new IllegalArgumentException(
                    message.startsWith(prefix) ? message.substring(prefix.length()) : message, e);
        }
        return new BodySignature(provider, secret);
    }

    Provider provider() {
        return provider;
    }

    /**
     * The body with the signature filled in for this delivery id and signing time.
     *
     * @param body a JSON object (empty: {@code {}}); for adyen, with one NotificationRequestItem
     * @throws IllegalArgumentException if the body is not JSON of the shape the preset signs
     */
    byte[] sign(byte[] body, String deliveryId, Instant at) {
        ObjectNode root = object(body);
        if (provider.id().equals("mailgun")) {
            signMailgun(root, deliveryId, at);
        } else {
            signAdyen(root);
        }
        byte[] signed = write(root);
        selfCheck(signed, at);
        return signed;
    }

    private void signMailgun(ObjectNode root, String deliveryId, Instant at) {
        if (deliveryId == null || deliveryId.isEmpty() || deliveryId.length() > 256) {
            throw new IllegalArgumentException("mailgun's token (the delivery id) must be 1-256 characters");
        }
        String timestamp = Long.toString(at.getEpochSecond());
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        ObjectNode signature = JSON.createObjectNode();
        signature.put("timestamp", timestamp);
        signature.put("token", deliveryId);
        signature.put(
                "signature",
                HexFormat.of().formatHex(hmac(key, (timestamp + deliveryId).getBytes(StandardCharsets.UTF_8))));
        root.set("signature", signature);
    }

    private void signAdyen(ObjectNode root) {
        JsonNode items = root.get("notificationItems");
        JsonNode item = items != null && items.isArray() && items.size() == 1
                ? items.get(0).get("NotificationRequestItem")
                : null;
        if (!(item instanceof ObjectNode notification)) {
            throw new IllegalArgumentException("adyen signs inside the body's one NotificationRequestItem:"
                    + " {\"notificationItems\":[{\"NotificationRequestItem\":{\"pspReference\":..., \"amount\":"
                    + " {\"value\":..., \"currency\":...}, \"eventCode\":..., \"success\":...}}]}");
        }
        JsonNode amount = notification.get("amount");
        String signed = String.join(
                ":",
                text(notification, "pspReference"),
                text(notification, "originalReference"),
                text(notification, "merchantAccountCode"),
                text(notification, "merchantReference"),
                text(amount, "value"),
                text(amount, "currency"),
                text(notification, "eventCode"),
                text(notification, "success"));
        byte[] key = HexFormat.of().parseHex(secret.strip());
        String mac = Base64.getEncoder().encodeToString(hmac(key, signed.getBytes(StandardCharsets.UTF_8)));
        JsonNode additional = notification.get("additionalData");
        ObjectNode additionalData = additional instanceof ObjectNode o ? o : notification.putObject("additionalData");
        additionalData.put("hmacSignature", mac);
    }

    /** A signed field as the verifier reads it: absent or null is empty, a scalar its JSON text. */
    private static String text(JsonNode object, String field) {
        JsonNode value = object == null ? null : object.get(field);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isValueNode()) {
            throw new IllegalArgumentException(
                    "adyen signs " + field + " as text: it must be a string, number or" + " boolean");
        }
        return value.asText();
    }

    /** The body with its signature value replaced by text that is not a signature (for the demo's garbled case). */
    byte[] garbled(byte[] signedBody) {
        ObjectNode root = object(signedBody);
        if (provider.id().equals("mailgun")) {
            ((ObjectNode) root.get("signature")).put("signature", "garbled");
        } else {
            ((ObjectNode) root.get("notificationItems")
                            .get(0)
                            .get("NotificationRequestItem")
                            .get("additionalData"))
                    .put("hmacSignature", "garbled");
        }
        return write(root);
    }

    private void selfCheck(byte[] signed, Instant at) {
        try {
            WebhookVerifier.builder(provider)
                    .secrets(WebhookSecret.of("check", secret))
                    .allowWeakSecrets()
                    .clock(Clock.fixed(at, ZoneOffset.UTC))
                    .build()
                    .verify(WebhookRequest.builder().body(signed).build());
        } catch (WebhookVerificationException e) {
            throw new IllegalStateException("the body signed for " + provider.id()
                    + " does not verify with its own preset (" + e.reason() + "); please report this");
        }
    }

    private static ObjectNode object(byte[] body) {
        if (body.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode root = JSON.readTree(body);
            if (root instanceof ObjectNode o) {
                return o;
            }
        } catch (java.io.IOException e) {
            // reported below without the parser's message, which may quote the body
        }
        throw new IllegalArgumentException("the body must be a JSON object: the signature goes inside it");
    }

    private static byte[] write(ObjectNode root) {
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the signed body", e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "BodySignature[" + provider.id() + ", key=<redacted>]";
    }
}
