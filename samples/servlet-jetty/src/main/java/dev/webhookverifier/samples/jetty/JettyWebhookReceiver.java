package dev.webhookverifier.samples.jetty;

import dev.webhookverifier.Provider;
import dev.webhookverifier.Providers;
import dev.webhookverifier.VerifiedDelivery;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookVerifier;
import dev.webhookverifier.replay.ReplayStore;
import dev.webhookverifier.replay.ReplayStores;
import dev.webhookverifier.servlet.WebhookVerificationFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A plain Jetty app receiving Stripe, GitHub, Slack and Standard Webhooks deliveries at
 * {@code /webhooks/<provider-id>}. Each answers 204 once verified; forged, stale and replayed requests never reach
 * {@link DeliveryServlet}.
 *
 * <p>Secrets come from {@code STRIPE_WEBHOOK_SECRET}, {@code GITHUB_WEBHOOK_SECRET}, {@code SLACK_SIGNING_SECRET} and
 * {@code STANDARD_WEBHOOKS_SECRET}; unset ones fall back to the demo defaults printed at start. The port comes from
 * {@code PORT} (default 8080; 0 picks a free one).
 */
public final class JettyWebhookReceiver implements AutoCloseable {
    /** Demo secrets, printed at start so a delivery can be signed with the CLI. Never use them in production. */
    public static final Map<String, String> DEMO_SECRETS = Map.of(
            "STRIPE_WEBHOOK_SECRET", "whsec_demo_stripe_secret_0123456789",
            "GITHUB_WEBHOOK_SECRET", "demo-github-secret-0123456789",
            "SLACK_SIGNING_SECRET", "demo0slack0signing0secret0123456",
            "STANDARD_WEBHOOKS_SECRET", "whsec_ZGVtby1zdGFuZGFyZC13ZWJob29rcy1zZWNyZXQ=");

    private final Server server;
    private final ServerConnector connector;

    private JettyWebhookReceiver(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * Starts the receiver.
     *
     * @param port the port, 0 for any free one
     * @param env where secrets are looked up (usually {@code System.getenv()})
     * @return the running receiver
     * @throws Exception if Jetty cannot start
     */
    public static JettyWebhookReceiver start(int port, Map<String, String> env) throws Exception {
        ReplayStore replay = ReplayStores.inMemory(100_000);
        Map<String, WebhookVerifier> endpoints = new LinkedHashMap<>();
        endpoints.put("/webhooks/stripe", verifier(Providers.stripe(), secret(env, "STRIPE_WEBHOOK_SECRET"), replay));
        endpoints.put("/webhooks/github", verifier(Providers.github(), secret(env, "GITHUB_WEBHOOK_SECRET"), replay));
        endpoints.put("/webhooks/slack", verifier(Providers.slack(), secret(env, "SLACK_SIGNING_SECRET"), replay));
        endpoints.put(
                "/webhooks/standard-webhooks",
                verifier(Providers.standardWebhooks(), secret(env, "STANDARD_WEBHOOKS_SECRET"), replay));

        WebhookVerificationFilter.Builder filter = WebhookVerificationFilter.builder();
        endpoints.forEach(filter::endpoint);

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addFilter(new FilterHolder(filter.build()), "/webhooks/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new DeliveryServlet()), "/webhooks/*");
        server.setHandler(context);
        server.start();
        return new JettyWebhookReceiver(server, connector);
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
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /**
     * Runs the receiver until the process is stopped.
     *
     * @param args ignored
     * @throws Exception if Jetty cannot start
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        int port = Integer.parseInt(env.getOrDefault("PORT", "8080"));
        JettyWebhookReceiver receiver = start(port, env);
        System.out.println("webhook receiver listening on http://localhost:" + receiver.port()
                + "/webhooks/{stripe,github,slack,standard-webhooks}");
        DEMO_SECRETS.keySet().stream().sorted().forEach(name -> {
            boolean fromEnv = env.get(name) != null && !env.get(name).isEmpty();
            System.out.println("  " + name + " = "
                    + (fromEnv ? "<from environment>" : DEMO_SECRETS.get(name) + "   (demo default)"));
        });
        receiver.server.join();
    }

    /** The application's handler: reached only by verified, first-time deliveries. */
    static final class DeliveryServlet extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) {
            VerifiedDelivery delivery =
                    WebhookVerificationFilter.delivery(request).orElseThrow();
            System.out.println("verified " + delivery);
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        }
    }
}
