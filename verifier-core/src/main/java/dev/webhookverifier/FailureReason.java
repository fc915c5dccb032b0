package dev.webhookverifier;

/**
 * Why a webhook request was rejected.
 *
 * <p>These names are a contract: adapters, metrics, the CLI's JSON output and users' dashboards rely on
 * them. New reasons may be added; existing ones are never renamed or removed.
 *
 * <p><b>Security:</b> adapters never send the reason to the caller (every verification failure is answered
 * with the same 401), so an attacker learns nothing about which check failed. The reason goes to logs and
 * to the {@link VerificationListener}.
 */
public enum FailureReason {
    /** A header the provider always sends (signature, timestamp, delivery id) is absent. */
    MISSING_HEADER,
    /** A header is present but not in the provider's syntax, too long, repeated, or carries too many signatures. */
    MALFORMED_HEADER,
    /** The request carries signatures, but none in a version or algorithm this verifier is configured to check. */
    UNSUPPORTED_SCHEME,
    /** No offered signature matches any active secret: forged, tampered, re-serialized body or wrong secret. */
    SIGNATURE_MISMATCH,
    /** The signed timestamp is older than the tolerance allows (a stale or captured request). */
    TIMESTAMP_TOO_OLD,
    /** The signed timestamp lies further in the future than the tolerance allows (clock skew or a forgery). */
    TIMESTAMP_IN_FUTURE,
    /** The delivery was already accepted (or is being processed) within the replay window. */
    REPLAYED,
    /** The body exceeds the configured maximum size. */
    BODY_TOO_LARGE,
    /** The body was consumed by earlier code (for example a filter that parsed form parameters) before verification. */
    BODY_ALREADY_CONSUMED,
    /** No secret is active for this request (all expired, or the resolver found none). */
    NO_SECRET,
    /** The replay store could not be reached; the request should be retried later (answered 503). */
    STORE_UNAVAILABLE;

    /**
     * Whether the provider should retry the same delivery later (and the adapter answers with a retryable
     * status rather than 401).
     *
     * @return {@code true} only for {@link #STORE_UNAVAILABLE}
     */
    public boolean retryable() {
        return this == STORE_UNAVAILABLE;
    }
}
