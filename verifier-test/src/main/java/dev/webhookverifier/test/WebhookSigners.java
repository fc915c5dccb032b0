package dev.webhookverifier.test;

import dev.webhookverifier.Provider;
import dev.webhookverifier.Providers;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookSigner;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes {@link WebhookSigner}s that all sign with one {@link TestClock}, and remembers one generated secret per
 * provider so the test can configure the application under test with the same value.
 *
 * <p>{@link WebhookTestExtension} injects one per test; outside JUnit create one with {@link #on(TestClock)}.
 *
 * <p><b>Thread safety:</b> thread-safe.
 *
 * <p><b>Example:</b>
 *
 * <pre>{@code
 * @ExtendWith(WebhookTestExtension.class)
 * class StripeEndpointTest {
 *     @Test
 *     void acceptsSignedDelivery(WebhookSigners signers, TestClock clock) {
 *         app.configureStripeSecret(signers.secret("stripe"));      // generated once per test
 *         WebhookRequest request = signers.signer("stripe").sign(json); // signed with that secret at clock's time
 *     }
 * }
 * }</pre>
 */
public final class WebhookSigners {
    private final TestClock clock;
    private final Map<String, String> generated = new ConcurrentHashMap<>();

    private WebhookSigners(TestClock clock) {
        this.clock = clock;
    }

    /**
     * A factory whose signers use {@code clock}.
     *
     * @param clock the clock for signed timestamps
     * @return the factory
     */
    public static WebhookSigners on(TestClock clock) {
        return new WebhookSigners(Objects.requireNonNull(clock, "clock"));
    }

    /**
     * The clock every signer from this factory uses.
     *
     * @return the clock
     */
    public TestClock clock() {
        return clock;
    }

    /**
     * The generated secret for a provider: created by {@link TestSecrets#secret(String)} on first use, then the same
     * for the life of this factory (one test).
     *
     * @param providerId a preset id, e.g. {@code stripe}
     * @return the secret text
     */
    public String secret(String providerId) {
        Provider provider = Providers.byId(providerId);
        return generated.computeIfAbsent(provider.id(), TestSecrets::secret);
    }

    /**
     * A signer with this factory's generated secret for the provider (see {@link #secret(String)}).
     *
     * @param providerId a preset id
     * @return the signer
     */
    public WebhookSigner signer(String providerId) {
        return signer(providerId, secret(providerId));
    }

    /**
     * A signer with a given secret (or private key, for {@code discord}, {@code sendgrid} and {@code standard-webhooks}
     * {@code v1a}).
     *
     * @param providerId a preset id
     * @param secret the secret text, as the provider shows it
     * @return the signer
     */
    public WebhookSigner signer(String providerId, String secret) {
        return WebhookSigner.of(Providers.byId(providerId), WebhookSecret.of("test", secret), clock);
    }

    /**
     * A signer for any provider, including a custom one.
     *
     * @param provider the provider
     * @param secret the secret
     * @return the signer
     */
    public WebhookSigner signer(Provider provider, WebhookSecret secret) {
        return WebhookSigner.of(provider, secret, clock);
    }

    @Override
    public String toString() {
        return "WebhookSigners[" + clock + ", generated=" + generated.keySet() + "]";
    }
}
