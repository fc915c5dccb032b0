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
 * <p>This is also where handshakes that take options are added: Asana's
 * {@link dev.webhookverifier.Handshakes#asanaHookSecret(dev.webhookverifier.HookSecretReceiver) X-Hook-Secret}
 * exchange (with a {@code secretResolver}, the endpoint then needs no {@code secrets} property), AWS SNS subscription
 * confirmation ({@code dev.webhookverifier.json.JsonHandshakes}). {@code Builder.handshakes(...)} replaces the list:
 * startup fails if it drops one named in {@code webhooks.endpoints.<name>.handshakes}, so configure an endpoint's
 * handshakes in one place.
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
 *
 * @Bean
 * WebhookVerifierCustomizer asanaHandshake(AsanaHookSecrets store) { // your store of received secrets
 *     return (name, builder) -> {
 *         if (name.equals("asana")) {
 *             builder.secretResolver(store::ring)
 *                     .handshakes(Handshakes.asanaHookSecret(store::acceptWhileCreating));
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
