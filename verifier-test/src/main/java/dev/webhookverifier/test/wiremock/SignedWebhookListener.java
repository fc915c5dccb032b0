package dev.webhookverifier.test.wiremock;

import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.test.SignedWebhook;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A WireMock {@link ServeEventListener} that, after WireMock has answered a stubbed request, POSTs a correctly
 * signed webhook to the application under test, as the real provider would: WireMock stands in for the provider's
 * API, and "after {@code POST /v1/charges}, deliver a signed {@code charge.succeeded} to my endpoint" is one stub.
 *
 * <p>Register the listener with WireMock, then attach a delivery to any stub with
 * {@code withServeEventListener(SignedWebhookListener.NAME, signedWebhook(...).parameters())}. The delivery is sent
 * asynchronously (after the stub's response is complete, optionally after a {@linkplain Delivery#delay delay}) with
 * {@link java.net.http.HttpClient}, signed by {@link dev.webhookverifier.WebhookSigner}; its outcome is recorded,
 * so the test can {@linkplain #awaitDeliveries(int, Duration) wait} for it and assert the status the application
 * answered.
 *
 * <p>Stub parameters: {@code provider} (preset id), {@code secret}, {@code url} (where to deliver; also the URL
 * signed by URL-signing providers), {@code body}, and optionally {@code contentType} (default
 * {@code application/json}), {@code headers} (a map of extra, unsigned headers), {@code delayMillis} and
 * {@code tampered} ({@code true} sends the body with one byte appended after signing, which a receiver must reject).
 *
 * <p><b>Thread safety:</b> thread-safe.
 *
 * <p><b>Security:</b> the secret travels in the stub's parameters, which WireMock's admin API shows: use test secrets
 * only ({@link dev.webhookverifier.test.TestSecrets}).
 *
 * <p><b>Example:</b>
 *
 * <pre>{@code
 * SignedWebhookListener webhooks = new SignedWebhookListener();
 * @RegisterExtension
 * static WireMockExtension stripeApi = WireMockExtension.newInstance()
 *         .options(wireMockConfig().dynamicPort().extensions(webhooks)).build();
 *
 * stripeApi.stubFor(post("/v1/charges")
 *         .willReturn(okJson("{\"id\":\"ch_1\"}"))
 *         .withServeEventListener(SignedWebhookListener.NAME,
 *                 SignedWebhookListener.signedWebhook("stripe", secret)
 *                         .to("http://127.0.0.1:" + appPort + "/webhooks/stripe")
 *                         .body("{\"type\":\"charge.succeeded\"}")
 *                         .parameters()));
 * app.charge(...);                                              // the app calls the "Stripe API"
 * assertThat(webhooks.awaitDeliveries(1, Duration.ofSeconds(5)).get(0).status()).isEqualTo(200);
 * }</pre>
 */
public final class SignedWebhookListener implements ServeEventListener {
    /** The name stubs refer to: {@value}. */
    public static final String NAME = "signed-webhook";

    private final Clock clock;
    private final HttpClient http;
    private final List<DeliveryResult> results = new ArrayList<>();
    private ScheduledExecutorService executor;

    /** A listener signing on the system clock. */
    public SignedWebhookListener() {
        this(Clock.systemUTC());
    }

    /**
     * A listener signing with timestamps from {@code clock} (e.g. a {@link dev.webhookverifier.test.TestClock}).
     *
     * @param clock the clock read at delivery time
     */
    public SignedWebhookListener(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Starts describing a signed delivery for a stub's parameters.
     *
     * @param providerId a preset id, e.g. {@code stripe}
     * @param secret the signing secret (or private key for {@code discord}/{@code sendgrid}, or a {@code whsk_} key
     *     for {@code standard-webhooks})
     * @return the description; finish with {@link Delivery#parameters()}
     */
    public static Delivery signedWebhook(String providerId, String secret) {
        return new Delivery(providerId, secret);
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public void afterComplete(ServeEvent serveEvent, Parameters parameters) {
        long delay = parameters.getInt("delayMillis", 0);
        executor().schedule(() -> deliver(parameters), delay, TimeUnit.MILLISECONDS);
    }

    private void deliver(Parameters parameters) {
        String providerId = parameters.getString("provider", "");
        String url = parameters.getString("url", "");
        DeliveryResult result;
        try {
            if (url.isEmpty()) {
                throw new IllegalArgumentException("the stub's " + NAME + " parameters have no 'url'");
            }
            SignedWebhook webhook = SignedWebhook.of(providerId, parameters.getString("secret", null))
                    .body(parameters.getString("body", ""))
                    .contentType(parameters.getString("contentType", "application/json"))
                    .url(url)
                    .clock(clock);
            if (parameters.containsKey("headers")) {
                for (Map.Entry<String, Object> h :
                        parameters.getMetadata("headers").entrySet()) {
                    webhook = webhook.header(h.getKey(), String.valueOf(h.getValue()));
                }
            }
            if (parameters.getBoolean("tampered", false)) {
                webhook = webhook.tampered();
            }
            WebhookRequest signed = webhook.sign();
            HttpRequest.Builder request = HttpRequest.newBuilder(signed.url().orElseThrow())
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(signed.body()));
            signed.headers().forEach((name, values) -> values.forEach(v -> request.header(name, v)));
            HttpResponse<String> response =
                    http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            result = new DeliveryResult(
                    providerId, signed.url().orElseThrow(), response.statusCode(), response.body(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = new DeliveryResult(providerId, url.isEmpty() ? null : URI.create(url), -1, "", e);
        } catch (Exception e) {
            result = new DeliveryResult(providerId, url.isEmpty() ? null : URI.create(url), -1, "", e);
        }
        synchronized (results) {
            results.add(result);
            results.notifyAll();
        }
    }

    /**
     * The deliveries completed so far (answered or failed), in completion order.
     *
     * @return a snapshot
     */
    public List<DeliveryResult> deliveries() {
        synchronized (results) {
            return List.copyOf(results);
        }
    }

    /**
     * Waits until at least {@code count} deliveries have completed.
     *
     * @param count how many deliveries to wait for
     * @param timeout the longest wait
     * @return a snapshot of the completed deliveries (at least {@code count})
     * @throws TimeoutException if fewer completed in time
     * @throws InterruptedException if interrupted while waiting
     */
    public List<DeliveryResult> awaitDeliveries(int count, Duration timeout)
            throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (results) {
            while (results.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException(
                            "expected " + count + " signed deliveries within " + timeout + ", got " + results.size());
                }
                TimeUnit.NANOSECONDS.timedWait(results, left);
            }
            return List.copyOf(results);
        }
    }

    /** Forgets the recorded deliveries. */
    public void reset() {
        synchronized (results) {
            results.clear();
        }
    }

    @Override
    public synchronized void start() {
        executor();
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdown();
            executor = null;
        }
    }

    private synchronized ScheduledExecutorService executor() {
        if (executor == null) {
            executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "signed-webhook-delivery");
                t.setDaemon(true);
                return t;
            });
        }
        return executor;
    }

    /**
     * The outcome of one delivery: the status and body the application answered, or the error that prevented the
     * delivery (status {@code -1}).
     *
     * @param providerId the provider preset id from the stub
     * @param url where it was sent, if known
     * @param status the HTTP status, or {@code -1} if no response
     * @param responseBody the response body text
     * @param error what went wrong before a response, or {@code null}
     */
    public record DeliveryResult(String providerId, URI url, int status, String responseBody, Throwable error) {}

    /**
     * A signed delivery for a stub's {@code withServeEventListener} parameters.
     *
     * <p><b>Thread safety:</b> not thread-safe; build it in one place.
     */
    public static final class Delivery {
        private final Map<String, Object> parameters = new LinkedHashMap<>();
        private final Map<String, Object> headers = new LinkedHashMap<>();

        private Delivery(String providerId, String secret) {
            // Fails at stub time, not delivery time, for an unknown provider or a secret that cannot sign.
            SignedWebhook.of(providerId, secret);
            parameters.put("provider", providerId);
            parameters.put("secret", secret);
        }

        /**
         * Where to deliver: the application's endpoint (and, for URL-signing providers, the URL signed).
         *
         * @param url the full URL
         * @return this
         */
        public Delivery to(String url) {
            parameters.put("url", URI.create(url).toString());
            return this;
        }

        /**
         * The body to sign and send.
         *
         * @param body the exact body text (UTF-8)
         * @return this
         */
        public Delivery body(String body) {
            parameters.put("body", body);
            return this;
        }

        /**
         * The {@code Content-Type} (default {@code application/json}).
         *
         * @param contentType the content type
         * @return this
         */
        public Delivery contentType(String contentType) {
            parameters.put("contentType", contentType);
            return this;
        }

        /**
         * One more (unsigned) header.
         *
         * @param name the name
         * @param value the value
         * @return this
         */
        public Delivery header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /**
         * Waits this long after the stub's response before delivering.
         *
         * @param delay the delay
         * @return this
         */
        public Delivery delay(Duration delay) {
            parameters.put("delayMillis", Math.toIntExact(delay.toMillis()));
            return this;
        }

        /**
         * Sends the body with one byte appended after signing, as an attacker would; the receiver must reject it.
         *
         * @return this
         */
        public Delivery tampered() {
            parameters.put("tampered", true);
            return this;
        }

        /**
         * The parameters for {@code MappingBuilder.withServeEventListener(SignedWebhookListener.NAME, ...)}.
         *
         * @return the parameters
         * @throws IllegalStateException if {@link #to(String)} was not called
         */
        public Parameters parameters() {
            if (!parameters.containsKey("url")) {
                throw new IllegalStateException("call to(url): where should the signed webhook be delivered?");
            }
            Map<String, Object> all = new LinkedHashMap<>(parameters);
            if (!headers.isEmpty()) {
                all.put("headers", new LinkedHashMap<>(headers));
            }
            return Parameters.from(all);
        }
    }
}
