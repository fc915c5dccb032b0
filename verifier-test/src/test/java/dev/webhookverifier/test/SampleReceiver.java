package dev.webhookverifier.test;

import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.samples.jetty.JettyWebhookReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** The project's servlet sample on a free port, and a plain HTTP client to post signed requests at it. */
public final class SampleReceiver implements AutoCloseable {
    /** The sample's printed demo secrets (copied so annotations can use them as constants; checked in a test). */
    public static final String STRIPE_SECRET = "whsec_demo_stripe_secret_0123456789";

    public static final String SLACK_SECRET = "demo0slack0signing0secret0123456";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final JettyWebhookReceiver receiver;

    private SampleReceiver(JettyWebhookReceiver receiver) {
        this.receiver = receiver;
    }

    /** The sample with its demo secrets, or the ones in {@code env} (e.g. {@code STRIPE_WEBHOOK_SECRET}). */
    public static SampleReceiver start(Map<String, String> env) throws Exception {
        return new SampleReceiver(JettyWebhookReceiver.start(0, env));
    }

    public String demoSecret(String name) {
        return JettyWebhookReceiver.DEMO_SECRETS.get(name);
    }

    /** {@code http://127.0.0.1:<port>/webhooks/<providerId>}. */
    public String url(String providerId) {
        return "http://127.0.0.1:" + receiver.port() + "/webhooks/" + providerId;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + receiver.port();
    }

    /** POSTs a signed request to the sample's endpoint for the provider and returns the status. */
    public int post(String providerId, WebhookRequest signed) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(providerId)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(signed.body()));
        signed.headers().forEach((name, values) -> values.forEach(v -> request.header(name, v)));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Override
    public void close() {
        try {
            receiver.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the sample", e);
        }
    }
}
