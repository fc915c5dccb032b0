package dev.webhookverifier;

import java.util.Objects;

/**
 * Thrown when a webhook request fails verification; carries a typed {@link FailureReason}.
 *
 * <p><b>Security:</b> the message describes which check failed in general terms (for example "none of 2
 * offered v1 signatures matched 1 active secret"). It never contains a secret, an expected or offered
 * signature, or any part of the body, so it is safe to log. It is not meant for the HTTP response:
 * adapters answer every verification failure alike.
 *
 * <p>The exception carries no stack trace: it is an expected outcome on a path an attacker can drive, and
 * filling stack traces would make a flood of forged requests needlessly expensive.
 */
public final class WebhookVerificationException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why verification failed. */
    private final FailureReason reason;

    /** The provider whose scheme was checked. */
    private final String providerId;

    /** For {@link FailureReason#REPLAYED}: whether the first delivery completed. */
    private final boolean alreadyProcessed;

    /**
     * Creates an exception.
     *
     * @param reason why verification failed
     * @param providerId the id of the provider whose scheme was checked, for logs and metrics
     * @param message a description free of secrets, signatures and body content
     */
    public WebhookVerificationException(FailureReason reason, String providerId, String message) {
        this(reason, providerId, message, false);
    }

    WebhookVerificationException(FailureReason reason, String providerId, String message, boolean alreadyProcessed) {
        super(message, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.providerId = Objects.requireNonNull(providerId, "providerId");
        this.alreadyProcessed = alreadyProcessed;
    }

    /**
     * The typed reason.
     *
     * @return why verification failed
     */
    public FailureReason reason() {
        return reason;
    }

    /**
     * For {@link FailureReason#REPLAYED}: whether the first delivery was already handled successfully. Such a
     * duplicate is safe to acknowledge with 2xx (the provider stops retrying) without running the handler again;
     * otherwise the first delivery is still being processed and the duplicate should be answered 409 so the
     * provider retries later.
     *
     * @return {@code true} if this is a duplicate of a completed delivery
     */
    public boolean alreadyProcessed() {
        return alreadyProcessed;
    }

    /**
     * The provider whose scheme rejected the request.
     *
     * @return a provider id such as {@code stripe}
     */
    public String providerId() {
        return providerId;
    }

    /**
     * What failed, without the reason and provider prefix of {@link #getMessage()}.
     *
     * @return the description; free of secrets, signatures and body content
     */
    public String detail() {
        return super.getMessage();
    }

    @Override
    public String getMessage() {
        return reason + " (" + providerId + "): " + super.getMessage();
    }
}
