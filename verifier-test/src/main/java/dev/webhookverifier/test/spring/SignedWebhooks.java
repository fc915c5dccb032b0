package dev.webhookverifier.test.spring;

import dev.webhookverifier.test.SignedWebhook;

/**
 * Signs MockMvc requests as a webhook provider would: {@code mockMvc.perform(post("/webhooks/stripe")
 * .with(signedWebhook("stripe", secret).body(json)))}.
 *
 * <p>Requires {@code spring-test} and the Servlet API on the test class path (this artifact declares them
 * optional). For {@code WebTestClient} see {@link WebTestClientWebhooks}.
 *
 * <p><b>Example:</b>
 *
 * <pre>{@code
 * import static dev.webhookverifier.test.spring.SignedWebhooks.signedWebhook;
 *
 * mockMvc.perform(post("/webhooks/stripe").with(signedWebhook("stripe", secret).body(json)))
 *         .andExpect(status().isOk());
 * }</pre>
 */
public final class SignedWebhooks {
    private SignedWebhooks() {}

    /**
     * A request post-processor that signs the request for a provider preset.
     *
     * @param providerId a preset id, e.g. {@code stripe}
     * @param secret the signing secret as the provider shows it (or private key for {@code discord}/{@code sendgrid},
     *     or a {@code whsk_} key for {@code standard-webhooks})
     * @return the post-processor; set the body with {@link SignedWebhookRequestPostProcessor#body(String)}
     */
    public static SignedWebhookRequestPostProcessor signedWebhook(String providerId, String secret) {
        return new SignedWebhookRequestPostProcessor(SignedWebhook.of(providerId, secret));
    }

    /**
     * A request post-processor for a fully described delivery (any provider, including custom ones).
     *
     * @param webhook the delivery
     * @return the post-processor
     */
    public static SignedWebhookRequestPostProcessor signedWebhook(SignedWebhook webhook) {
        return new SignedWebhookRequestPostProcessor(webhook);
    }
}
