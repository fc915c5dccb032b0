package dev.webhookverifier.test.spring;

import dev.webhookverifier.test.SignedWebhook;

/**
 * Signs {@code WebTestClient} requests as a webhook provider would.
 *
 * <p>Requires {@code spring-test} and {@code spring-webflux} on the test class path (this artifact declares them
 * optional). For MockMvc see {@link SignedWebhooks}.
 *
 * <p><b>Example:</b>
 *
 * <pre>{@code
 * import static dev.webhookverifier.test.spring.WebTestClientWebhooks.signedWebhook;
 *
 * signedWebhook("stripe", secret).body(json)
 *         .post(webTestClient, "/webhooks/stripe")
 *         .exchange()
 *         .expectStatus().isOk();
 * }</pre>
 */
public final class WebTestClientWebhooks {
    private WebTestClientWebhooks() {}

    /**
     * A signed request description for a provider preset.
     *
     * @param providerId a preset id, e.g. {@code stripe}
     * @param secret the signing secret as the provider shows it (or private key for {@code discord}/{@code sendgrid},
     *     or a {@code whsk_} key for {@code standard-webhooks})
     * @return the description; set the body with {@link SignedWebhookSpec#body(String)}
     */
    public static SignedWebhookSpec signedWebhook(String providerId, String secret) {
        return new SignedWebhookSpec(SignedWebhook.of(providerId, secret));
    }

    /**
     * A signed request description for a fully described delivery (any provider, including custom ones).
     *
     * @param webhook the delivery
     * @return the description
     */
    public static SignedWebhookSpec signedWebhook(SignedWebhook webhook) {
        return new SignedWebhookSpec(webhook);
    }
}
