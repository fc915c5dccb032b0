package dev.webhookverifier.cli;

import dev.webhookverifier.Provider;
import dev.webhookverifier.Providers;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookSigner;
import dev.webhookverifier.samples.jetty.JettyWebhookReceiver;
import dev.webhookverifier.servlet.WebhookVerificationFilter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code demo --http}: starts the {@code samples/servlet-jetty} receiver in this JVM with its demo secrets and
 * fires genuine and forged deliveries at each of its endpoints over real HTTP.
 *
 * <p>Besides the status the server answered, each row shows whether the sample's servlet ran (it prints a
 * {@code verified ...} line, counted here instead of shown) and the reason the filter logged (read from its
 * {@code java.util.logging} logger, kept off the console while the demo runs).
 */
final class HttpDemo {
    static final String NOT_APPLICABLE = "n/a";
    private static final Duration SKEW = Duration.ofMinutes(10);
    private static final Pattern LOGGED_REASON = Pattern.compile("rejected with \\d+: ([A-Z_]+)");

    /** One endpoint of the sample: path under {@code /webhooks/}, provider, and the env var naming its secret. */
    record Endpoint(String path, Provider provider, String secretVariable) {}

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("stripe", Providers.stripe(), "STRIPE_WEBHOOK_SECRET"),
            new Endpoint("github", Providers.github(), "GITHUB_WEBHOOK_SECRET"),
            new Endpoint("slack", Providers.slack(), "SLACK_SIGNING_SECRET"),
            new Endpoint("standard-webhooks", Providers.standardWebhooks(), "STANDARD_WEBHOOKS_SECRET"));

    /**
     * One line of the table.
     *
     * @param endpoint the path, e.g. {@code /webhooks/stripe}
     * @param name the case
     * @param status the status answered, an error, or {@link #NOT_APPLICABLE} (the case does not apply)
     * @param expected the expected status
     * @param asExpected whether the status matches
     * @param servletRan {@code yes}, {@code no} or {@code -}
     * @param logged the reason the filter logged, or {@code -}
     */
    record Row(
            String endpoint,
            String name,
            String status,
            String expected,
            boolean asExpected,
            String servletRan,
            String logged) {}

    private final SecureRandom random = new SecureRandom();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final AtomicInteger servletRuns = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> filterLog = new ConcurrentLinkedQueue<>();
    private final List<Row> rows = new ArrayList<>();
    private String base;

    /**
     * Starts the receiver on {@code port}, runs every case against every endpoint and stops the receiver.
     *
     * @param port the port, 0 for a free one
     * @param started called with the receiver's base URL once it listens
     * @return the rows in order
     * @throws Exception if the receiver cannot start
     */
    List<Row> run(int port, java.util.function.Consumer<String> started) throws Exception {
        quietJettyStartupLog();
        Logger julLogger = Logger.getLogger(WebhookVerificationFilter.class.getName());
        Level level = julLogger.getLevel();
        boolean useParent = julLogger.getUseParentHandlers();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                filterLog.add(String.valueOf(record.getMessage()));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        PrintStream stdout = System.out;
        try (JettyWebhookReceiver receiver = JettyWebhookReceiver.start(port, Map.of())) {
            julLogger.setLevel(Level.INFO);
            julLogger.setUseParentHandlers(false);
            julLogger.addHandler(capture);
            System.setOut(new PrintStream(new ServletOutput(stdout), true, StandardCharsets.UTF_8));
            base = "http://127.0.0.1:" + receiver.port() + "/webhooks/";
            started.accept(base);
            for (Endpoint endpoint : ENDPOINTS) {
                runEndpoint(endpoint);
            }
        } finally {
            System.setOut(stdout);
            julLogger.removeHandler(capture);
            julLogger.setUseParentHandlers(useParent);
            julLogger.setLevel(level);
        }
        return rows;
    }

    private void runEndpoint(Endpoint e) {
        WebhookSigner signer = WebhookSigner.of(
                e.provider(), WebhookSecret.of("demo", JettyWebhookReceiver.DEMO_SECRETS.get(e.secretVariable())));
        WebhookSigner wrong = WebhookSigner.of(e.provider(), wrongSecret(e.provider()));
        Instant now = Instant.ofEpochSecond(Instant.now().getEpochSecond());

        fire(e, "genuine", 204, signed(signer, e, now));
        Signed tampered = signed(signer, e, now);
        fire(
                e,
                "tampered body",
                401,
                tampered.withBody(SendCommand.Tampering.of(tampered.body).body()));
        fire(e, "wrong secret", 401, signed(wrong, e, now));
        if (e.provider().signsTimestamp()) {
            fire(e, "stale (10 min old)", 401, signed(signer, e, now.minus(SKEW)));
            fire(e, "future-dated (10 min ahead)", 401, signed(signer, e, now.plus(SKEW)));
        } else {
            String why = "(" + e.provider().id() + " signs no timestamp)";
            rows.add(new Row("/webhooks/" + e.path(), "stale (10 min old)", NOT_APPLICABLE, "-", true, "-", why));
            rows.add(new Row(
                    "/webhooks/" + e.path(), "future-dated (10 min ahead)", NOT_APPLICABLE, "-", true, "-", why));
        }
        fire(e, "garbled signature header", 401, signed(signer, e, now).garbled());
        Signed replayed = signed(signer, e, now);
        fire(e, "replayed: first delivery", 204, replayed);
        fire(e, "replayed: duplicate", 200, replayed);
    }

    /** A signed delivery: body and headers (unsigned ones first). */
    private record Signed(byte[] body, Map<String, String> headers) {
        Signed withBody(byte[] other) {
            return new Signed(other, headers);
        }

        /** The signature header (the one named like a signature) replaced by {@code garbled}. */
        Signed garbled() {
            Map<String, String> copy = new LinkedHashMap<>(headers);
            String target = null;
            for (String name : headers.keySet()) {
                String lower = name.toLowerCase(Locale.ROOT);
                if (lower.contains("signature") || lower.contains("hmac")) {
                    target = name;
                }
            }
            copy.put(target, "garbled");
            return new Signed(body, copy);
        }
    }

    private Signed signed(WebhookSigner signer, Endpoint e, Instant at) {
        // a fresh event id per delivery, so only the replay case repeats one (GitHub's replay key is the signature)
        String eventId = "evt_" + HexFormat.of().formatHex(randomBytes(8));
        byte[] body = ("{\"id\":\"" + eventId + "\",\"type\":\"invoice.paid\",\"amount\":100}")
                .getBytes(StandardCharsets.UTF_8);
        WebhookRequest unsigned =
                WebhookRequest.builder().url(base + e.path()).body(body.clone()).build();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.putAll(signer.headers(unsigned, SigningOptions.newDeliveryId(), at));
        return new Signed(body, headers);
    }

    private void fire(Endpoint e, String name, int expected, Signed delivery) {
        String endpoint = "/webhooks/" + e.path();
        servletRuns.set(0);
        filterLog.clear();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + e.path()))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
        delivery.headers().forEach(b::header);
        String status;
        boolean asExpected;
        try {
            int code =
                    http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            status = Integer.toString(code);
            asExpected = code == expected;
        } catch (IOException ex) {
            status = "error: " + ex.getClass().getSimpleName();
            asExpected = false;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            status = "interrupted";
            asExpected = false;
        }
        rows.add(new Row(
                endpoint,
                name,
                status,
                Integer.toString(expected),
                asExpected,
                servletRuns.get() > 0 ? "yes" : "no",
                loggedReason()));
    }

    private String loggedReason() {
        for (String message : filterLog) {
            Matcher m = LOGGED_REASON.matcher(message);
            if (m.find()) {
                return m.group(1);
            }
            if (message.contains("duplicate of a processed delivery acknowledged")) {
                return "REPLAYED (acknowledged)";
            }
        }
        return "-";
    }

    /** A secret in the provider's format that is not the receiver's. */
    private WebhookSecret wrongSecret(Provider provider) {
        byte[] bytes = randomBytes(24);
        List<String> candidates = List.of(
                "whsec_" + Base64.getEncoder().encodeToString(bytes),
                "wrong-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        IllegalArgumentException refused = null;
        for (String candidate : candidates) {
            WebhookSecret secret = WebhookSecret.of("wrong", candidate);
            try {
                WebhookSigner.of(provider, secret);
                return secret;
            } catch (IllegalArgumentException ex) {
                refused = ex;
            }
        }
        throw refused;
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** Jetty logs its start at INFO through slf4j-simple; the demo's table is the output that matters. */
    private static void quietJettyStartupLog() {
        if (System.getProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        }
    }

    /**
     * Standard output while the demo runs: the sample servlet's {@code verified ...} lines are counted (they mean
     * the servlet ran), everything else passes through.
     */
    private final class ServletOutput extends OutputStream {
        private final PrintStream target;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        ServletOutput(PrintStream target) {
            this.target = target;
        }

        @Override
        public synchronized void write(int b) {
            line.write(b);
            if (b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8);
                line.reset();
                if (text.startsWith("verified ")) {
                    servletRuns.incrementAndGet();
                } else {
                    target.print(text);
                    target.flush();
                }
            }
        }

        @Override
        public synchronized void flush() {
            // partial lines wait for their newline
        }
    }
}
