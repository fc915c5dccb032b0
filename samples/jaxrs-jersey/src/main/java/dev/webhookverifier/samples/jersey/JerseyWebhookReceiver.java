package dev.webhookverifier.samples.jersey;

import com.sun.net.httpserver.HttpServer;
import dev.webhookverifier.Provider;
import dev.webhookverifier.Providers;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookVerifier;
import dev.webhookverifier.WebhookVerifierRegistry;
import dev.webhookverifier.jaxrs.WebhookVerificationFeature;
import dev.webhookverifier.json.JsonHandshakes;
import dev.webhookverifier.replay.ReplayStore;
import dev.webhookverifier.replay.ReplayStores;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * A Jersey app on the JDK's HTTP server receiving Stripe, GitHub, Slack and Standard Webhooks deliveries at
 * {@code /webhooks/<provider-id>}. Each answers 204 once verified; forged, stale and replayed requests never reach
 * {@link WebhookResource}.
 *
 * <p>Secrets come from {@code STRIPE_WEBHOOK_SECRET}, {@code GITHUB_WEBHOOK_SECRET}, {@code SLACK_SIGNING_SECRET} and
 * {@code STANDARD_WEBHOOKS_SECRET}; unset ones fall back to the demo defaults printed at start. The port comes from
 * {@code PORT} (default 8080; 0 picks a free one).
 */
public final class JerseyWebhookReceiver implements AutoCloseable {
    /** Demo secrets, printed at start so a delivery can be signed with the CLI. Never use them in production. */
    public static final Map<String, String> DEMO_SECRETS = Map.of(
            "STRIPE_WEBHOOK_SECRET", "whsec_demo_stripe_secret_0123456789",
            "GITHUB_WEBHOOK_SECRET", "demo-github-secret-0123456789",
            "SLACK_SIGNING_SECRET", "demo0slack0signing0secret0123456",
            "STANDARD_WEBHOOKS_SECRET", "whsec_ZGVtby1zdGFuZGFyZC13ZWJob29rcy1zZWNyZXQ=");

    private final HttpServer server;

    private JerseyWebhookReceiver(HttpServer server) {
        this.server = server;
    }

    /**
     * Starts the receiver on all interfaces.
     *
     * @param port the port, 0 for any free one
     * @param env where secrets are looked up (usually {@code System.getenv()})
     * @return the running receiver
     */
    public static JerseyWebhookReceiver start(int port, Map<String, String> env) {
        ReplayStore replay = ReplayStores.inMemory(100_000);
        WebhookVerifierRegistry registry = WebhookVerifierRegistry.builder()
                .register("stripe", verifier(Providers.stripe(), secret(env, "STRIPE_WEBHOOK_SECRET"), replay))
                .register("github", verifier(Providers.github(), secret(env, "GITHUB_WEBHOOK_SECRET"), replay))
                .register(
                        "slack",
                        verifier(Providers.slack(), secret(env, "SLACK_SIGNING_SECRET"), replay).toBuilder()
                                // Answers the Events API's signed url_verification probe; the resource never sees it.
                                .handshakes(JsonHandshakes.slackUrlVerification())
                                .build())
                .register(
                        "standard-webhooks",
                        verifier(Providers.standardWebhooks(), secret(env, "STANDARD_WEBHOOKS_SECRET"), replay))
                .build();

        ResourceConfig config = new ResourceConfig()
                .register(WebhookResource.class)
                .register(WebhookVerificationFeature.of(registry))
                .property(ServerProperties.WADL_FEATURE_DISABLE, true);
        HttpServer server = JdkHttpServerFactory.createHttpServer(URI.create("http://0.0.0.0:" + port + "/"), config);
        return new JerseyWebhookReceiver(server);
    }

    private static WebhookVerifier verifier(Provider provider, String secret, ReplayStore replay) {
        WebhookVerifier.Builder b = WebhookVerifier.builder(provider)
                .secrets(WebhookSecret.of("primary", secret))
                .replayStore(replay);
        if (!provider.signsTimestamp()) {
            b.replayRetention(Duration.ofDays(3)); // covers GitHub's redelivery window
        }
        return b.build();
    }

    private static String secret(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isEmpty() ? DEMO_SECRETS.get(name) : value;
    }

    /**
     * The port the receiver listens on.
     *
     * @return the local port
     */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /**
     * Runs the receiver until the process is stopped.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        int port = Integer.parseInt(env.getOrDefault("PORT", "8080"));
        JerseyWebhookReceiver receiver = start(port, env);
        Runtime.getRuntime().addShutdownHook(new Thread(receiver::close));
        System.out.println("webhook receiver listening on http://localhost:" + receiver.port()
                + "/webhooks/{stripe,github,slack,standard-webhooks}");
        DEMO_SECRETS.keySet().stream().sorted().forEach(name -> {
            boolean fromEnv = env.get(name) != null && !env.get(name).isEmpty();
            System.out.println("  " + name + " = "
                    + (fromEnv ? "<from environment>" : DEMO_SECRETS.get(name) + "   (demo default)"));
        });
    }
}
