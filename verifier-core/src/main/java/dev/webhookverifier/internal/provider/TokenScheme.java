package dev.webhookverifier.internal.provider;

import dev.webhookverifier.MacAlgorithm;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookVerificationException;
import dev.webhookverifier.internal.Headers;
import dev.webhookverifier.internal.Scheme;
import dev.webhookverifier.internal.SecretFormat;
import dev.webhookverifier.internal.SignedParts;
import dev.webhookverifier.internal.VerificationKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A static secret token sent verbatim in a header (GitLab's {@code X-Gitlab-Token}), compared with the configured
 * token in constant time. Nothing is signed: the token proves who sent the request (over TLS), not what it says,
 * and carries no timestamp.
 *
 * <p>Replay protection: the token is the same for every delivery, so it cannot be the replay key (every delivery
 * would look like a duplicate of the first). The key is the SHA-256 of the body instead. That is sound here
 * because the token already authenticates the sender, and anyone who has captured the token can send any body
 * anyway; the store then serves its other purpose, deduplicating the provider's retries, which repeat the body
 * byte for byte. Two deliveries with byte-identical bodies count as one.
 */
public final class TokenScheme implements Scheme {
    private final String id;
    private final String documentationUrl;
    private final String header;
    private final String unsignedIdHeader;
    private final SecretFormat secretFormat;

    public TokenScheme(
            String id, String documentationUrl, String header, String unsignedIdHeader, SecretFormat secretFormat) {
        this.id = Objects.requireNonNull(id, "id");
        this.documentationUrl = Objects.requireNonNull(documentationUrl, "documentationUrl");
        this.header = Objects.requireNonNull(header, "header");
        this.unsignedIdHeader = unsignedIdHeader;
        this.secretFormat = Objects.requireNonNull(secretFormat, "secretFormat");
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String documentationUrl() {
        return documentationUrl;
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
        byte[] token = secretFormat.keyBytes(value, raw, allowWeak);
        checkAscii(token);
        return VerificationKey.token(token);
    }

    private static void checkAscii(byte[] token) {
        for (byte b : token) {
            if (b < 0x20 || b > 0x7e) {
                Arrays.fill(token, (byte) 0);
                throw new IllegalArgumentException("the token travels in a header, so only visible ASCII can match;"
                        + " this one has a control or non-ASCII character");
            }
        }
    }

    @Override
    public SignedParts parse(WebhookRequest request) throws WebhookVerificationException {
        String token = Headers.required(request, id, header);
        return new SignedParts(
                new byte[][] {new byte[0]},
                null,
                true,
                MacAlgorithm.HMAC_SHA256,
                null,
                null,
                null,
                new byte[][] {token.getBytes(StandardCharsets.ISO_8859_1)},
                0,
                null,
                unsignedIdHeader == null ? null : Headers.optional(request, id, unsignedIdHeader),
                false);
    }

    @Override
    public Map<String, String> sign(
            byte[] value, boolean raw, WebhookRequest unsigned, String deliveryId, Instant timestamp) {
        byte[] token = secretFormat.keyBytes(value, raw, true);
        checkAscii(token);
        try {
            Map<String, String> headers = new LinkedHashMap<>();
            if (unsignedIdHeader != null && deliveryId != null) {
                headers.put(unsignedIdHeader, deliveryId);
            }
            headers.put(header, new String(token, StandardCharsets.US_ASCII));
            return headers;
        } finally {
            Arrays.fill(token, (byte) 0);
        }
    }
}
