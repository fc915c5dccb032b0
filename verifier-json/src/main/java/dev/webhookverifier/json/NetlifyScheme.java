package dev.webhookverifier.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.webhookverifier.FailureReason;
import dev.webhookverifier.MacAlgorithm;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookVerificationException;
import dev.webhookverifier.internal.Codec;
import dev.webhookverifier.internal.Headers;
import dev.webhookverifier.internal.Macs;
import dev.webhookverifier.internal.Scheme;
import dev.webhookverifier.internal.SecretFormat;
import dev.webhookverifier.internal.SignedParts;
import dev.webhookverifier.internal.VerificationKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * Netlify: {@code X-Webhook-Signature} is a compact JWS, HS256 keyed with the JWS secret token, whose claims hold
 * {@code iss = "netlify"} and {@code sha256} = hex SHA-256 of the raw body. No timestamp.
 */
final class NetlifyScheme implements Scheme {
    static final String ID = "netlify";
    static final String HEADER = "X-Webhook-Signature";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String documentationUrl() {
        return "https://docs.netlify.com/site-deploys/deploy-notifications/#payload-signature";
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
        return SecretFormat.text().decode(value, raw, allowWeak, MacAlgorithm.HMAC_SHA256);
    }

    @Override
    public SignedParts parse(WebhookRequest request) throws WebhookVerificationException {
        String jws = Headers.required(request, ID, HEADER);
        String[] parts = jws.split("\\.", -1);
        if (parts.length != 3) {
            throw JsonBody.malformed(ID, HEADER + " is not a compact JWS (header.payload.signature)");
        }
        byte[] header = base64url(parts[0], "header");
        byte[] claims = base64url(parts[1], "payload");
        byte[] mac = base64url(parts[2], "signature");
        Map<String, Object> h = JsonBody.object(header, ID, "the JWS header");
        String alg = JsonBody.requiredString(h, "alg", ID, "the JWS header's alg");
        if (!"HS256".equals(alg)) {
            throw new WebhookVerificationException(FailureReason.UNSUPPORTED_SCHEME, ID, "the JWS is not HS256");
        }
        if (h.containsKey("crit")) {
            throw new WebhookVerificationException(
                    FailureReason.UNSUPPORTED_SCHEME, ID, "the JWS header has critical extensions");
        }
        if (mac.length != 32) {
            throw JsonBody.malformed(ID, "the JWS signature is not 32 bytes (HS256)");
        }
        Map<String, Object> c = JsonBody.object(claims, ID, "the JWS claims");
        String iss = JsonBody.requiredString(c, "iss", ID, "the iss claim");
        String sha256 = JsonBody.requiredString(c, "sha256", ID, "the sha256 claim");
        byte[] claimed = Codec.decodeHex(sha256, true);
        if (claimed == null || claimed.length != 32) {
            throw JsonBody.malformed(ID, "the sha256 claim is not 64 hexadecimal digits");
        }
        if (!"netlify".equals(iss)) {
            throw JsonBody.mismatch(ID, "the JWS was not issued by netlify");
        }
        if (!MessageDigest.isEqual(claimed, sha256(request.body()))) {
            throw JsonBody.mismatch(ID, "the body's SHA-256 differs from the JWS sha256 claim");
        }
        byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        return new SignedParts(
                new byte[][] {signingInput},
                null,
                false,
                MacAlgorithm.HMAC_SHA256,
                new byte[][] {mac},
                null,
                null,
                null,
                0,
                null,
                null,
                false);
    }

    private static byte[] base64url(String part, String what) throws WebhookVerificationException {
        byte[] b = part.indexOf('=') >= 0 ? null : Codec.decodeBase64(part, true);
        if (b == null) {
            throw JsonBody.malformed(ID, "the JWS " + what + " is not canonical unpadded base64url");
        }
        return b;
    }

    static byte[] sha256(byte[] bytes) {
        return Macs.sha256().digest(bytes);
    }

    @Override
    public Map<String, String> sign(
            byte[] value, boolean raw, WebhookRequest unsigned, String deliveryId, Instant timestamp) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream claims = new ByteArrayOutputStream();
        try (JsonGenerator g = new JsonFactory().createGenerator(claims)) {
            g.writeStartObject();
            g.writeStringField("iss", "netlify");
            g.writeStringField("sha256", HexFormat.of().formatHex(sha256(unsigned.body())));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String input = header + "." + b64.encodeToString(claims.toByteArray());
        byte[] key = SecretFormat.text().keyBytes(value, raw, true);
        try {
            byte[] mac = Macs.mac(
                    MacAlgorithm.HMAC_SHA256, key, input.getBytes(StandardCharsets.US_ASCII), new byte[0], new byte[0]);
            return Map.of(HEADER, input + "." + b64.encodeToString(mac));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }
}
