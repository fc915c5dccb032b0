package dev.webhookverifier;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.time.Instant;
import java.util.Optional;

/**
 * A webhook delivery whose signature, timestamp and (if configured) uniqueness were verified.
 *
 * <p>Only {@link WebhookVerifier} creates instances, so holding one is proof that the checks passed. A duplicate
 * is never returned as a delivery: the verifier throws {@link FailureReason#REPLAYED} instead, so there is no
 * "is it a duplicate?" flag to forget.
 *
 * <p><b>Thread safety:</b> immutable.
 *
 * <p><b>Security:</b> {@link #toString()} never includes the body.
 */
public final class VerifiedDelivery {
    private final String providerId;
    private final String deliveryId;
    private final Instant timestamp;
    private final byte[] body;
    private final String secretId;

    VerifiedDelivery(String providerId, String deliveryId, Instant timestamp, byte[] body, String secretId) {
        this.providerId = providerId;
        this.deliveryId = deliveryId;
        this.timestamp = timestamp;
        this.body = body;
        this.secretId = secretId;
    }

    /**
     * The provider whose scheme verified this delivery.
     *
     * @return a provider id such as {@code stripe}
     */
    public String providerId() {
        return providerId;
    }

    /**
     * The provider's id for this delivery, if it sends one (Standard Webhooks {@code webhook-id}, GitHub
     * {@code X-GitHub-Delivery}, ...).
     *
     * <p><b>Security:</b> some providers do not sign their delivery id (GitHub); see
     * {@link Provider#signsDeliveryId()}. An unsigned id may have been changed in transit: use it for logs,
     * not for deduplication (the verifier's replay protection uses signed material only).
     *
     * @return the delivery id
     */
    public Optional<String> deliveryId() {
        return Optional.ofNullable(deliveryId);
    }

    /**
     * The signed timestamp, for providers that sign one.
     *
     * @return the instant the provider signed the delivery
     */
    public Optional<Instant> timestamp() {
        return Optional.ofNullable(timestamp);
    }

    /**
     * The id of the secret (or public key) that matched, e.g. to see when an old secret stops being used.
     *
     * @return the {@link WebhookSecret#id()} that verified the signature
     */
    public String secretId() {
        return secretId;
    }

    /**
     * The body length in bytes.
     *
     * @return the number of verified body bytes
     */
    public int bodyLength() {
        return body.length;
    }

    /**
     * A copy of the verified body bytes.
     *
     * @return a new array
     */
    public byte[] body() {
        return body.clone();
    }

    /**
     * The verified body as a stream, without copying it.
     *
     * @return a new stream over the body
     */
    public InputStream bodyStream() {
        return new ByteArrayInputStream(body);
    }

    /**
     * The verified body decoded as text.
     *
     * @param charset the charset the provider used (usually UTF-8)
     * @return the text
     */
    public String bodyAsString(Charset charset) {
        return new String(body, charset);
    }

    @Override
    public String toString() {
        return "VerifiedDelivery[provider=" + providerId
                + (deliveryId == null ? "" : ", deliveryId=" + deliveryId)
                + (timestamp == null ? "" : ", timestamp=" + timestamp)
                + ", secretId=" + secretId
                + ", body=" + body.length + " bytes]";
    }
}
