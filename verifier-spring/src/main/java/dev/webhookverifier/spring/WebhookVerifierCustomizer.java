package dev.webhookverifier.spring;

import dev.webhookverifier.WebhookVerifier;

/**
 * Adjusts the {@link WebhookVerifier.Builder} of each endpoint configured under {@code webhooks.endpoints.<name>}
 * before the verifier is built: a secret resolver for multi-tenant receivers, a custom replay scope, a
 * {@code replayStoreFailOpen()} opt-in, anything the properties do not cover.
 *
 * <p>Every customizer bean is applied to every endpoint, in {@link org.springframework.core.Ordered order}, after
 * the properties; switch on the endpoint name to target one. {@code build()} then checks the result, so a mistake
 * still fails the application's startup.
 *
 * <p><b>Example:</b>
 *
 * <pre>{@code
 * @Bean
 * WebhookVerifierCustomizer stripeTolerance() {
 *     return (name, builder) -> {
 *         if (name.equals("stripe")) {
 *             builder.tolerance(Duration.ofMinutes(3));
 *         }
 *     };
 * }
 * }</pre>
 */
@FunctionalInterface
public interface WebhookVerifierCustomizer {
    /**
     * Customizes one endpoint's verifier.
     *
     * @param endpointName the {@code <name>} of {@code webhooks.endpoints.<name>}
     * @param builder the builder, already configured from the properties
     */
    void customize(String endpointName, WebhookVerifier.Builder builder);
}
