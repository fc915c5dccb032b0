package dev.webhookverifier;

/**
 * Processes a verified delivery while the verifier holds its replay claim; see
 * {@link WebhookVerifier#verify(WebhookRequest, DeliveryHandler)}.
 *
 * @param <T> what the handler returns
 * @param <X> the checked exception the handler may throw
 */
@FunctionalInterface
public interface DeliveryHandler<T, X extends Exception> {
    /**
     * Handles the delivery. Returning normally marks it completed; throwing releases it so the provider's retry is
     * processed.
     *
     * @param delivery the verified delivery
     * @return any result, passed through to the caller
     * @throws X to fail the delivery (it will be processed again on retry)
     */
    T handle(VerifiedDelivery delivery) throws X;
}
