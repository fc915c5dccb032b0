package dev.webhookverifier;

/**
 * Chooses the secrets for one request, for receivers that hold a secret per tenant (one per customer
 * account, per connected app, ...).
 *
 * <p>The resolver sees the unverified request: anything it reads (a path segment, an account header) is
 * attacker-controlled, so use it only to <em>select</em> a ring, never to decide that a request is genuine.
 * Resolved secrets are checked against the provider's format on each request; a malformed one is reported
 * as {@link FailureReason#NO_SECRET} (fail closed).
 *
 * <p><b>Thread safety:</b> implementations are called concurrently and must be thread-safe.
 *
 * <p><b>Example:</b>
 *
 * <pre>{@code
 * SecretResolver byTenant = request -> tenants.secretRingFor(request.url().getPath());
 * }</pre>
 */
@FunctionalInterface
public interface SecretResolver {
    /**
     * Returns the secrets to try for this request.
     *
     * @param request the request being verified (not yet verified!)
     * @return the ring to use, or {@code null} if this request has no tenant, which rejects it with
     *     {@link FailureReason#NO_SECRET}
     * @throws WebhookVerificationException to reject the request with a reason of the resolver's choice
     */
    SecretRing resolve(WebhookRequest request) throws WebhookVerificationException;
}
