package dev.webhookverifier;

/**
 * Observes verification outcomes, for metrics and audit logs.
 *
 * <p>Called on the verifying thread after the decision is made; a listener cannot change the decision.
 * Exceptions thrown by a listener are caught and logged (through {@link System.Logger}) so that a broken
 * metrics backend never rejects a genuine delivery or accepts a forged one.
 *
 * <p><b>Thread safety:</b> called concurrently from many request threads; implementations must be
 * thread-safe and fast.
 *
 * <p><b>Security:</b> the objects passed here never expose secrets; do not log
 * {@link VerifiedDelivery#body()} unless your logs may hold webhook payloads.
 */
public interface VerificationListener {
    /** A listener that does nothing. */
    VerificationListener NONE = new VerificationListener() {};

    /**
     * A request was verified.
     *
     * @param delivery the verified delivery
     */
    default void onVerified(VerifiedDelivery delivery) {}

    /**
     * A request was rejected.
     *
     * @param failure the failure, with its {@link WebhookVerificationException#reason() reason}
     */
    default void onRejected(WebhookVerificationException failure) {}
}
