package dev.webhookverifier.spring;

/**
 * Thrown at startup when the webhook configuration cannot work: an unknown provider id, a malformed secret, a
 * {@link dev.webhookverifier.VerifiedWebhook @VerifiedWebhook} naming an endpoint that is not configured. The
 * application then does not start, and Spring Boot prints the description and the action to take.
 *
 * <p><b>Security:</b> messages name properties, ids and handler methods, never a secret value.
 */
public final class WebhookConfigurationException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** What to do about it, for Spring Boot's failure report. */
    private final String action;

    /**
     * Creates an exception.
     *
     * @param description what is wrong
     * @param action what to do about it
     */
    public WebhookConfigurationException(String description, String action) {
        super(description);
        this.action = action;
    }

    /**
     * What to do about the problem.
     *
     * @return a sentence for the failure report
     */
    public String action() {
        return action;
    }
}
