package dev.webhookverifier;

/**
 * Receives the secret a provider hands over in a secret-exchange handshake (Asana's {@code X-Hook-Secret}), see
 * {@link Handshakes#asanaHookSecret(HookSecretReceiver)}.
 *
 * <p><b>Security:</b> the exchange is unauthenticated: anyone can send a request with an {@code X-Hook-Secret}
 * header. Accept a secret only while you are creating a webhook for this endpoint (Asana performs the handshake
 * inside your {@code POST /webhooks} call), store it where your {@link SecretResolver} finds it, and refuse
 * otherwise; never replace a secret you already hold. Treat the value as a credential: do not log it.
 *
 * <p><b>Thread safety:</b> called concurrently from request threads.
 */
@FunctionalInterface
public interface HookSecretReceiver {
    /**
     * Takes a secret from a handshake.
     *
     * @param request the handshake request (for the endpoint's URL)
     * @param secret the secret the provider will sign deliveries with
     * @return {@code true} to accept (the secret is echoed and the provider activates the webhook); {@code false} to
     *     refuse (answered 401, the provider does not activate the webhook)
     */
    boolean receive(WebhookRequest request, String secret);
}
