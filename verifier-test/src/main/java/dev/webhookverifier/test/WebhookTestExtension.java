package dev.webhookverifier.test;

import dev.webhookverifier.WebhookSigner;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit Jupiter extension (5.x or 6) that injects a per-test {@link TestClock}, {@link WebhookSigners} and
 * {@link Signer @Signer}-annotated {@link WebhookSigner} parameters into test methods, lifecycle methods and
 * constructors.
 *
 * <p>Within one test, every injected object shares one clock and one set of generated secrets, whether it is
 * asked for by {@code @BeforeEach} or by the test method. The clock starts at the current system time, truncated to
 * seconds, so a receiver on the real clock accepts the signatures; move it with {@link TestClock#advance}.
 * Parameters of {@code @BeforeAll} methods and of the constructor (with {@code PER_CLASS} lifecycle) get a
 * class-wide clock and factory.
 *
 * <p>The clock stands still: for providers that sign no delivery id (Stripe, Slack, GitHub, ...), two deliveries of
 * the same body signed in one test are byte-for-byte the same request, which a receiver with replay protection
 * rightly treats as a duplicate. Give each delivery its own event id, or advance the clock between them.
 *
 * <p><b>Thread safety:</b> stateless; state lives in JUnit's per-test store.
 *
 * <p><b>Example:</b>
 *
 * <pre>{@code
 * @ExtendWith(WebhookTestExtension.class)
 * class ReceiverTest {
 *     @Test
 *     void acceptsSignedDelivery(@Signer(provider = "github", secret = "it-is-a-secret-0123") WebhookSigner github) {
 *         WebhookRequest request = github.sign("{\"zen\":\"hi\"}");
 *         ...
 *     }
 *
 *     @Test
 *     void rejectsStaleDelivery(WebhookSigners signers, TestClock clock) {
 *         clock.advance(Duration.ofMinutes(-10));
 *         WebhookRequest stale = signers.signer("stripe").sign(json);
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>Also usable as a field: {@code @RegisterExtension static WebhookTestExtension webhooks = new
 * WebhookTestExtension();}.
 */
public final class WebhookTestExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(WebhookTestExtension.class);
    private static final String SIGNERS = "signers";

    /** An extension; stateless, so one instance may serve many test classes. */
    public WebhookTestExtension() {}

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestClock.class
                || type == WebhookSigners.class
                || (type == WebhookSigner.class && parameter.isAnnotated(Signer.class));
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        WebhookSigners signers = signers(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == TestClock.class) {
            return signers.clock();
        }
        if (type == WebhookSigners.class) {
            return signers;
        }
        Optional<Signer> annotation = parameter.findAnnotation(Signer.class);
        if (annotation.isEmpty()) {
            throw new ParameterResolutionException("a WebhookSigner parameter needs @Signer(provider = ...)");
        }
        Signer signer = annotation.get();
        try {
            return signer.secret().isEmpty()
                    ? signers.signer(signer.provider())
                    : signers.signer(signer.provider(), signer.secret());
        } catch (IllegalArgumentException e) {
            throw new ParameterResolutionException(
                    "cannot create a signer for @Signer(provider = \"" + signer.provider() + "\"): " + e.getMessage(),
                    e);
        }
    }

    /** The test's factory, created on first use; JUnit resolves parameters of one context on one thread. */
    private static WebhookSigners signers(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        WebhookSigners signers = store.get(SIGNERS, WebhookSigners.class);
        if (signers == null) {
            signers = WebhookSigners.on(TestClock.now());
            store.put(SIGNERS, signers);
        }
        return signers;
    }

    /**
     * The current test's clock, for other extensions or helpers that have only the {@link ExtensionContext}.
     *
     * @param context the extension context of a test (or class)
     * @return the clock, created if the test had none yet
     */
    public static TestClock clock(ExtensionContext context) {
        return signers(context).clock();
    }
}
