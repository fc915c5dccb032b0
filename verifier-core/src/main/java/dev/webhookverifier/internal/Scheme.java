package dev.webhookverifier.internal;

import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookVerificationException;
import java.time.Duration;

/**
 * A provider's signature scheme: how to read its headers and how to decode its secrets.
 *
 * <p>Sealed in spirit: implementations live in {@code dev.webhookverifier.internal.provider} and are reached
 * through {@code Providers}; this is not a public SPI yet.
 */
public interface Scheme {
    /** The lower-case, hyphenated provider id. */
    String id();

    /** The provider's documentation of its signature scheme. */
    String documentationUrl();

    /** The provider's documented tolerance, or {@code null} if the scheme signs no timestamp. */
    Duration defaultTolerance();

    /** Whether the scheme signs a delivery id (usable as a replay key). */
    boolean signsDeliveryId();

    /**
     * Decodes and checks a secret's value; throws {@link IllegalArgumentException} with a hint (never the value)
     * if it is obviously wrong.
     *
     * @param value the secret text as UTF-8 bytes (or raw key bytes when {@code raw}); not to be retained
     * @param raw whether {@code value} already is the raw key
     * @param allowWeak whether short keys are accepted
     */
    VerificationKey decodeKey(byte[] value, boolean raw, boolean allowWeak);

    /** Reads the signature headers strictly; only typed failures, never an unchecked exception. */
    SignedParts parse(WebhookRequest request) throws WebhookVerificationException;

    /**
     * The headers a provider would send for this request, signed with the given secret.
     *
     * @param value the secret text as UTF-8 bytes (or raw key bytes when {@code raw})
     * @param unsigned the request to sign (method, URL and body); its headers are ignored
     * @param deliveryId the delivery id to send, for schemes that have one
     * @param timestamp the signing time, for schemes that sign one
     * @throws IllegalArgumentException if the secret cannot sign (a public key, a malformed secret)
     */
    java.util.Map<String, String> sign(
            byte[] value, boolean raw, WebhookRequest unsigned, String deliveryId, java.time.Instant timestamp);

    /**
     * The URL the provider would call for this request: the request's own URL, except for schemes that add to it
     * (Twilio appends {@code bodySHA256} for a body that is not form-encoded). {@link #sign} signs this URL.
     *
     * @param unsigned the request to sign
     * @return the URL, or {@code null} if the request has none
     */
    default java.net.URI signedUrl(WebhookRequest unsigned) {
        return unsigned.url().orElse(null);
    }
}
