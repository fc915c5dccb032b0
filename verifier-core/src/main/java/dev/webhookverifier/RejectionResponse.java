package dev.webhookverifier;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * How an adapter answers a rejected webhook request: one mapping from {@link FailureReason} to an HTTP answer,
 * shared by the Servlet, Spring and Jakarta REST adapters so they can never drift apart.
 *
 * <ul>
 *   <li>any verification failure: 401 with an RFC 9457 problem body that names no reason (the caller learns
 *       nothing about which check failed);
 *   <li>{@link FailureReason#BODY_TOO_LARGE}: 413;
 *   <li>{@link FailureReason#REPLAYED}: 200 without a body for a duplicate of a delivery already processed (when
 *       acknowledging, so the provider stops retrying), else 409 with {@code Retry-After};
 *   <li>{@link FailureReason#STORE_UNAVAILABLE}: 503 with {@code Retry-After} (the provider retries later).
 * </ul>
 *
 * Every answer carries {@code Cache-Control: no-store}.
 *
 * <p><b>Thread safety:</b> immutable.
 */
public final class RejectionResponse {
    /** The {@code Cache-Control} value of every answer. */
    public static final String CACHE_CONTROL = "no-store";

    /** The media type of the problem body. */
    public static final String PROBLEM_JSON = "application/problem+json";

    private static final String RETRY_AFTER_SECONDS = "30";

    private final int status;
    private final String title;
    private final boolean retryAfter;

    private RejectionResponse(int status, String title, boolean retryAfter) {
        this.status = status;
        this.title = title;
        this.retryAfter = retryAfter;
    }

    /**
     * The answer to a failed verification.
     *
     * @param failure the failure
     * @param acknowledgeDuplicates whether a duplicate of a processed delivery is answered 200 (else 409)
     * @return the answer
     */
    public static RejectionResponse of(WebhookVerificationException failure, boolean acknowledgeDuplicates) {
        Objects.requireNonNull(failure, "failure");
        if (failure.reason() == FailureReason.REPLAYED && failure.alreadyProcessed() && acknowledgeDuplicates) {
            return new RejectionResponse(200, "OK", false);
        }
        return of(failure.reason());
    }

    /**
     * The answer for a reason (a duplicate is answered 409 here; see
     * {@link #of(WebhookVerificationException, boolean)} for acknowledged duplicates).
     *
     * @param reason the reason
     * @return the answer
     */
    public static RejectionResponse of(FailureReason reason) {
        return switch (Objects.requireNonNull(reason, "reason")) {
            case REPLAYED -> new RejectionResponse(409, "Conflict", true);
            case STORE_UNAVAILABLE -> new RejectionResponse(503, "Service Unavailable", true);
            case BODY_TOO_LARGE -> new RejectionResponse(413, "Content Too Large", false);
            default -> unauthorized();
        };
    }

    /**
     * The plain 401, for requests an adapter refuses before verification can run (a body consumed by an earlier
     * filter, an annotated handler reached without a verified request).
     *
     * @return the 401 answer
     */
    public static RejectionResponse unauthorized() {
        return new RejectionResponse(401, "Unauthorized", false);
    }

    /**
     * The HTTP status.
     *
     * @return 200, 401, 409, 413 or 503
     */
    public int status() {
        return status;
    }

    /**
     * Whether this acknowledges a duplicate (200, no body) rather than rejecting.
     *
     * @return {@code true} for an acknowledged duplicate
     */
    public boolean acknowledged() {
        return status == 200;
    }

    /**
     * The {@code Retry-After} header value, for answers the provider should retry (409, 503).
     *
     * @return seconds as text, if the answer asks for a retry
     */
    public Optional<String> retryAfter() {
        return retryAfter ? Optional.of(RETRY_AFTER_SECONDS) : Optional.empty();
    }

    /**
     * The RFC 9457 problem body, naming only the status (empty for an acknowledged duplicate).
     *
     * @return a new array holding the JSON, UTF-8
     */
    public byte[] problemJson() {
        if (acknowledged()) {
            return new byte[0];
        }
        return ("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The log line for a failure: the reason and the failed check, never a secret, signature or body.
     *
     * @param failure the failure
     * @return e.g. {@code rejected with 401: SIGNATURE_MISMATCH (stripe): none of 1 offered signature(s) matched}
     */
    public String logMessage(WebhookVerificationException failure) {
        return acknowledged()
                ? "duplicate of a processed delivery acknowledged"
                : "rejected with " + status + ": " + failure.getMessage();
    }

    /**
     * The level to log a failure at: WARNING when the store is unavailable (an operational problem), INFO otherwise
     * (forged requests are routine noise on a public endpoint).
     *
     * @return the level
     */
    public System.Logger.Level logLevel() {
        return status == 503 ? System.Logger.Level.WARNING : System.Logger.Level.INFO;
    }

    @Override
    public String toString() {
        return "RejectionResponse[" + status + " " + title + "]";
    }
}
