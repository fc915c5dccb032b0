package dev.webhookverifier.servlet;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookverifier.FailureReason;
import dev.webhookverifier.Handshakes;
import dev.webhookverifier.Providers;
import dev.webhookverifier.VerificationListener;
import dev.webhookverifier.VerifiedDelivery;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookSigner;
import dev.webhookverifier.WebhookVerificationException;
import dev.webhookverifier.WebhookVerifier;
import dev.webhookverifier.replay.ReplayStores;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The filter's behaviour over real HTTP, run once per container (Tomcat, Jetty) by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WebhookVerificationFilterContractTest {
    private static final String STRIPE_SECRET =
            "whsec_" + UUID.randomUUID().toString().replace("-", "");
    private static final String SLACK_SECRET = UUID.randomUUID().toString().replace("-", "");
    private static final String SW_SECRET = "whsec_"
            + Base64.getEncoder().encodeToString(UUID.randomUUID().toString().getBytes(UTF_8));
    private static final int MAX_BODY = 64 * 1024;
    private static final String DROPBOX_SECRET = "dropbox-app-secret-" + UUID.randomUUID();
    private static final String META_SECRET = UUID.randomUUID().toString().replace("-", "");
    private static final String META_VERIFY_TOKEN = "verify-token-" + UUID.randomUUID();
    private static final String ASANA_SECRET = "asana-hook-secret-" + UUID.randomUUID();

    enum Mode {
        OK,
        THROW,
        STATUS_500,
        BLOCK
    }

    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final ConcurrentLinkedQueue<FailureReason> reasons = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> logs = new ConcurrentLinkedQueue<>();
    final AtomicInteger handlerRuns = new AtomicInteger();
    final AtomicInteger otherRuns = new AtomicInteger();
    final ConcurrentLinkedQueue<String> asanaSecrets = new ConcurrentLinkedQueue<>();
    volatile boolean asanaAccepts = true;
    volatile Mode mode = Mode.OK;
    volatile CountDownLatch blockUntil = new CountDownLatch(0);
    volatile CountDownLatch entered = new CountDownLatch(1);
    volatile byte[] lastBody;
    volatile VerifiedDelivery lastDelivery;

    WebhookSigner stripe = WebhookSigner.of(Providers.stripe(), WebhookSecret.of("test", STRIPE_SECRET));
    WebhookSigner slack = WebhookSigner.of(Providers.slack(), WebhookSecret.of("test", SLACK_SECRET));
    WebhookSigner standard = WebhookSigner.of(Providers.standardWebhooks(), WebhookSecret.of("test", SW_SECRET));
    WebhookSigner dropbox = WebhookSigner.of(Providers.dropbox(), WebhookSecret.of("test", DROPBOX_SECRET));
    WebhookSigner meta = WebhookSigner.of(Providers.meta(), WebhookSecret.of("test", META_SECRET));

    TestServer server;
    private final Handler logCapture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logs.add(record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    abstract TestServer.Factory container();

    @BeforeAll
    void startServer() throws Exception {
        Logger.getLogger(WebhookVerificationFilter.class.getName()).addHandler(logCapture);
        VerificationListener listener = new VerificationListener() {
            @Override
            public void onRejected(WebhookVerificationException failure) {
                reasons.add(failure.reason());
            }
        };
        WebhookVerificationFilter filter = WebhookVerificationFilter.builder()
                .endpoint(
                        "/webhooks/stripe",
                        WebhookVerifier.builder(Providers.stripe())
                                .secrets(WebhookSecret.of("current", STRIPE_SECRET))
                                .replayStore(ReplayStores.inMemory(10_000))
                                .maxBodyBytes(MAX_BODY)
                                .listener(listener)
                                .build())
                .endpoint(
                        "/webhooks/slack",
                        WebhookVerifier.builder(Providers.slack())
                                .secrets(WebhookSecret.of("current", SLACK_SECRET))
                                .replayStore(ReplayStores.inMemory(10_000))
                                .listener(listener)
                                .build())
                .endpoint(
                        "/webhooks/async",
                        WebhookVerifier.builder(Providers.standardWebhooks())
                                .secrets(WebhookSecret.of("current", SW_SECRET))
                                .replayStore(ReplayStores.inMemory(10_000))
                                .listener(listener)
                                .build())
                .endpoint(
                        "/webhooks/dropbox",
                        WebhookVerifier.builder(Providers.dropbox())
                                .secrets(WebhookSecret.of("app", DROPBOX_SECRET))
                                .handshakes(Handshakes.dropboxChallenge())
                                .listener(listener)
                                .build())
                .endpoint(
                        "/webhooks/dropbox-without-handshake",
                        WebhookVerifier.builder(Providers.dropbox())
                                .secrets(WebhookSecret.of("app", DROPBOX_SECRET))
                                .listener(listener)
                                .build())
                .endpoint(
                        "/webhooks/meta",
                        WebhookVerifier.builder(Providers.meta())
                                .secrets(WebhookSecret.of("app", META_SECRET))
                                .handshakes(Handshakes.metaVerifyToken(WebhookSecret.of("verify", META_VERIFY_TOKEN)))
                                .listener(listener)
                                .build())
                .endpoint(
                        "/webhooks/asana",
                        WebhookVerifier.builder(Providers.asana())
                                .secrets(WebhookSecret.of("hook", ASANA_SECRET))
                                .handshakes(Handshakes.asanaHookSecret((request, secret) -> {
                                    asanaSecrets.add(secret);
                                    return asanaAccepts;
                                }))
                                .listener(listener)
                                .build())
                .build();
        Filter consumeFirst = new Filter() {
            @Override
            public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
                    throws IOException, ServletException {
                if (((HttpServletRequest) req).getHeader("X-Test-Consume-Body") != null) {
                    req.getParameter("anything"); // what a misordered encoding or logging filter does
                }
                chain.doFilter(req, res);
            }
        };
        server = container()
                .start(
                        List.of(consumeFirst, filter),
                        Map.of(
                                "/webhooks/stripe", new RecordingServlet(),
                                "/webhooks/slack", new FormServlet(),
                                "/webhooks/async", new AsyncServlet(),
                                "/webhooks/dropbox", new AnyMethodServlet(),
                                "/webhooks/dropbox-without-handshake", new AnyMethodServlet(),
                                "/webhooks/meta", new AnyMethodServlet(),
                                "/webhooks/asana", new AnyMethodServlet(),
                                "/other", new OtherServlet()));
    }

    @AfterAll
    void stopServer() throws Exception {
        Logger.getLogger(WebhookVerificationFilter.class.getName()).removeHandler(logCapture);
        server.close();
    }

    @BeforeEach
    void reset() {
        reasons.clear();
        logs.clear();
        handlerRuns.set(0);
        otherRuns.set(0);
        asanaSecrets.clear();
        asanaAccepts = true;
        mode = Mode.OK;
        lastBody = null;
        lastDelivery = null;
    }

    @Test
    void genuineDeliveryWhenSignedThenServletReadsExactBytes() throws Exception {
        String body = "{\"id\":\"evt_" + UUID.randomUUID() + "\",\"amount\":  1000, \"note\":\"caf\u00e9\"}\n";
        HttpResponse<String> response = send("/webhooks/stripe", stripe.sign(body));

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(handlerRuns).hasValue(1);
        assertThat(lastBody).isEqualTo(body.getBytes(UTF_8));
        assertThat(lastDelivery.providerId()).isEqualTo("stripe");
        assertThat(lastDelivery.secretId()).isEqualTo("current");
    }

    @Test
    void tamperedBodyWhenOneByteChangedThen401AndServletNeverRuns() throws Exception {
        WebhookRequest signed = stripe.sign("{\"amount\":1000}");
        HttpResponse<String> response = send("/webhooks/stripe", withBody(signed, "{\"amount\":9000}"));

        assertRejected(response, 401);
        assertThat(reasons).containsExactly(FailureReason.SIGNATURE_MISMATCH);
    }

    @Test
    void rejectionWhenDebugLoggingOnThenDiagnosisLoggedWithoutSecretOrBody() throws Exception {
        Logger logger = Logger.getLogger(WebhookVerificationFilter.class.getName());
        java.util.logging.Level before = logger.getLevel();
        logger.setLevel(java.util.logging.Level.FINE);
        try {
            String body = "{\"amount\":1000,\"marker\":\"body-marker-7f3a\"}";
            WebhookRequest signed = stripe.sign(body);
            String pretty = body.replace(",", ",\n  ");
            assertRejected(send("/webhooks/stripe", withBody(signed, pretty)), 401);

            assertThat(logs).anySatisfy(m -> assertThat(m).contains("diagnosis"));
            String signature = signed.firstHeader("Stripe-Signature").orElseThrow();
            assertThat(String.join("\n", logs))
                    .doesNotContain(STRIPE_SECRET)
                    .doesNotContain(signature.substring(signature.indexOf("v1=") + 3))
                    .doesNotContain("body-marker-7f3a");
        } finally {
            logger.setLevel(before);
        }
    }

    @Test
    void wrongSecretWhenSignedWithAnotherSecretThen401() throws Exception {
        WebhookSigner other = WebhookSigner.of(Providers.stripe(), WebhookSecret.of("x", "whsec_someone_elses_secret"));
        assertRejected(send("/webhooks/stripe", other.sign("{\"a\":1}")), 401);
        assertThat(reasons).containsExactly(FailureReason.SIGNATURE_MISMATCH);
    }

    @Test
    void staleDeliveryWhenSignedTenMinutesAgoThen401() throws Exception {
        WebhookRequest signed =
                stripe.sign(body("{\"a\":2}"), "evt", Instant.now().minusSeconds(600));
        assertRejected(send("/webhooks/stripe", signed), 401);
        assertThat(reasons).containsExactly(FailureReason.TIMESTAMP_TOO_OLD);
    }

    @Test
    void garbageHeaderWhenSignatureUnparseableThen401Not500() throws Exception {
        WebhookRequest garbage = WebhookRequest.builder()
                .header("Stripe-Signature", "t=abc,v1=\u00ff\u00fe,,==")
                .body("{}", UTF_8)
                .build();
        assertRejected(send("/webhooks/stripe", garbage), 401);
        assertThat(reasons).containsExactly(FailureReason.MALFORMED_HEADER);
    }

    @Test
    void replayWhenSameDeliveryAfterSuccessThenAcknowledgedWithoutRunningServlet() throws Exception {
        WebhookRequest signed = stripe.sign("{\"id\":\"evt_" + UUID.randomUUID() + "\"}");
        assertThat(send("/webhooks/stripe", signed).statusCode()).isEqualTo(204);
        HttpResponse<String> duplicate = send("/webhooks/stripe", signed);

        assertThat(duplicate.statusCode()).isEqualTo(200);
        assertThat(duplicate.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(handlerRuns).hasValue(1);
        assertThat(reasons).containsExactly(FailureReason.REPLAYED);
    }

    @Test
    void retryWhenServletThrewThenProcessedAgain() throws Exception {
        WebhookRequest signed = stripe.sign("{\"id\":\"evt_" + UUID.randomUUID() + "\"}");
        mode = Mode.THROW;
        assertThat(send("/webhooks/stripe", signed).statusCode()).isEqualTo(500);
        mode = Mode.OK;
        assertThat(send("/webhooks/stripe", signed).statusCode()).isEqualTo(204);
        assertThat(send("/webhooks/stripe", signed).statusCode()).isEqualTo(200);

        assertThat(handlerRuns).hasValue(2);
    }

    @Test
    void retryWhenServletAnsweredNon2xxThenProcessedAgain() throws Exception {
        WebhookRequest signed = stripe.sign("{\"id\":\"evt_" + UUID.randomUUID() + "\"}");
        mode = Mode.STATUS_500;
        assertThat(send("/webhooks/stripe", signed).statusCode()).isEqualTo(500);
        mode = Mode.OK;
        assertThat(send("/webhooks/stripe", signed).statusCode()).isEqualTo(204);

        assertThat(handlerRuns).hasValue(2);
    }

    @Test
    void duplicateWhenFirstStillRunningThen409() throws Exception {
        WebhookRequest signed = stripe.sign("{\"id\":\"evt_" + UUID.randomUUID() + "\"}");
        mode = Mode.BLOCK;
        blockUntil = new CountDownLatch(1);
        entered = new CountDownLatch(1);
        CompletableFuture<HttpResponse<String>> first = sendAsync("/webhooks/stripe", signed);
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        HttpResponse<String> duplicate = send("/webhooks/stripe", signed);
        blockUntil.countDown();

        assertThat(duplicate.statusCode()).isEqualTo(409);
        assertThat(duplicate.headers().firstValue("Retry-After")).isPresent();
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
        assertThat(handlerRuns).hasValue(1);
    }

    @Test
    void formBodyWhenVerifiedThenParametersReadExactlyAsSent() throws Exception {
        String form = "token=abc&text=%2Aimportant%2A+now+%26+then&user_name=ren%C3%A9&empty=";
        WebhookRequest signed = slack.sign(
                WebhookRequest.builder()
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .body(form, UTF_8)
                        .build(),
                null,
                Instant.now());
        HttpResponse<String> response = send("/webhooks/slack", signed);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("*important* now & then|ren\u00e9|" + form.length());
    }

    @Test
    void bodyOverLimitWhenContentLengthDeclaresItThen413WithoutRunningServlet() throws Exception {
        WebhookRequest signed = stripe.sign("x".repeat(MAX_BODY + 1));
        HttpResponse<String> response = send("/webhooks/stripe", signed);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(handlerRuns).hasValue(0);
    }

    @Test
    void bodyOverLimitWhenChunkedThen413WithoutRunningServlet() throws Exception {
        byte[] big = "y".repeat(MAX_BODY * 2).getBytes(UTF_8);
        WebhookRequest signed = stripe.sign(big);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri("/webhooks/stripe"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));
        signed.headers().forEach((k, v) -> v.forEach(value -> b.header(k, value)));
        HttpResponse<String> response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(handlerRuns).hasValue(0);
    }

    @Test
    void misorderedFilterWhenBodyParsedEarlierThenRejectedWithBodyAlreadyConsumedHint() throws Exception {
        String form = "text=hello&user_name=x";
        WebhookRequest signed = slack.sign(
                WebhookRequest.builder()
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("X-Test-Consume-Body", "yes")
                        .body(form, UTF_8)
                        .build(),
                null,
                Instant.now());
        HttpResponse<String> response = send("/webhooks/slack", signed);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(logs)
                .anySatisfy(m -> assertThat(m).contains("BODY_ALREADY_CONSUMED").contains("filter"));
        assertThat(reasons).doesNotContain(FailureReason.SIGNATURE_MISMATCH);
    }

    @Test
    void asyncServletWhenCompletedWith2xxThenClaimCompletedAndDuplicateAcknowledged() throws Exception {
        WebhookRequest signed = standard.sign("{\"async\":\"" + UUID.randomUUID() + "\"}");
        assertThat(send("/webhooks/async", signed).statusCode()).isEqualTo(202);
        assertThat(send("/webhooks/async", signed).statusCode()).isEqualTo(200);
        assertThat(handlerRuns).hasValue(1);
    }

    @Test
    void asyncServletWhenCompletedWith500ThenRetryProcessed() throws Exception {
        WebhookRequest signed = standard.sign("{\"async\":\"" + UUID.randomUUID() + "\"}");
        mode = Mode.STATUS_500;
        assertThat(send("/webhooks/async", signed).statusCode()).isEqualTo(500);
        mode = Mode.OK;
        assertThat(send("/webhooks/async", signed).statusCode()).isEqualTo(202);
        assertThat(handlerRuns).hasValue(2);
    }

    @Test
    void otherPathWhenNotAWebhookEndpointThenPassesThroughUnverified() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri("/other"))
                        .POST(HttpRequest.BodyPublishers.ofString("plain"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("5");
        assertThat(otherRuns).hasValue(1);
    }

    @Test
    void rejectionWhenAnsweredThenProblemJsonNamesNoReason() throws Exception {
        HttpResponse<String> response = send(
                "/webhooks/stripe", WebhookRequest.builder().body("{}", UTF_8).build());

        assertRejected(response, 401);
        assertThat(response.body())
                .contains("\"status\":401")
                .doesNotContain("MISSING")
                .doesNotContain("Stripe");
        assertThat(reasons).containsExactly(FailureReason.MISSING_HEADER);
    }

    @Test
    void dropboxChallengeWhenHandshakeConfiguredThenEchoedAsNosniffPlainTextWithoutRunningServlet() throws Exception {
        String challenge = "Rh8zX2ruTq-" + UUID.randomUUID();
        HttpResponse<String> response = get("/webhooks/dropbox?challenge=" + challenge);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(challenge);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(
                        v -> assertThat(v.replace(" ", "")).isEqualToIgnoringCase("text/plain;charset=utf-8"));
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(handlerRuns).hasValue(0);
        assertThat(reasons).isEmpty();
        assertThat(logs)
                .anySatisfy(m -> assertThat(m).contains("/webhooks/dropbox").contains("handshake dropbox-challenge"));
        assertThat(String.join("\n", logs)).doesNotContain(challenge);
    }

    @Test
    void dropboxChallengeWhenMarkupThen401NotEchoed() throws Exception {
        HttpResponse<String> response = get("/webhooks/dropbox?challenge=%3Cscript%3Ealert(1)%3C/script%3E");

        assertRejected(response, 401);
        assertThat(response.body()).doesNotContain("script");
        assertThat(reasons).containsExactly(FailureReason.MALFORMED_HEADER);
    }

    @Test
    void challengeWhenEndpointHasNoHandshakeThen401NotEchoed() throws Exception {
        HttpResponse<String> response = get("/webhooks/dropbox-without-handshake?challenge=abc123");

        assertRejected(response, 401);
        assertThat(response.body()).doesNotContain("abc123");
        assertThat(reasons).containsExactly(FailureReason.MISSING_HEADER);
    }

    @Test
    void dropboxDeliveryWhenHandshakeConfiguredThenStillVerifiedAndServletRuns() throws Exception {
        String body = "{\"list_folder\":{\"accounts\":[\"dbid:" + UUID.randomUUID() + "\"]}}";
        HttpResponse<String> response = send("/webhooks/dropbox?challenge=ignored", dropbox.sign(body));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("POST dropbox " + body.length());
        assertThat(handlerRuns).hasValue(1);

        HttpResponse<String> tampered = send("/webhooks/dropbox", withBody(dropbox.sign(body), body + " "));
        assertThat(tampered.statusCode()).isEqualTo(401);
        assertThat(handlerRuns).hasValue(1);
        assertThat(reasons).containsExactly(FailureReason.SIGNATURE_MISMATCH);
    }

    @Test
    void metaChallengeWhenVerifyTokenMatchesThenEchoedWithoutRunningServlet() throws Exception {
        HttpResponse<String> response =
                get("/webhooks/meta?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=" + META_VERIFY_TOKEN);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("1158201444");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(handlerRuns).hasValue(0);
        assertThat(String.join("\n", logs)).doesNotContain(META_VERIFY_TOKEN).doesNotContain("1158201444");
    }

    @Test
    void metaChallengeWhenVerifyTokenWrongThen401AndNeitherTokenNorChallengeLogged() throws Exception {
        Logger logger = Logger.getLogger(WebhookVerificationFilter.class.getName());
        java.util.logging.Level before = logger.getLevel();
        logger.setLevel(java.util.logging.Level.FINE);
        try {
            HttpResponse<String> response =
                    get("/webhooks/meta?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=guessed-token");

            assertRejected(response, 401);
            assertThat(response.body()).doesNotContain("1158201444");
            assertThat(reasons).containsExactly(FailureReason.SIGNATURE_MISMATCH);
            assertThat(logs)
                    .anySatisfy(m -> assertThat(m).contains("/webhooks/meta").contains("verify token"));
            assertThat(String.join("\n", logs))
                    .doesNotContain("guessed-token")
                    .doesNotContain(META_VERIFY_TOKEN)
                    .doesNotContain("1158201444");
        } finally {
            logger.setLevel(before);
        }
    }

    @Test
    void metaDeliveryWhenHandshakeConfiguredThenStillVerifiedAndServletRuns() throws Exception {
        String body = "{\"object\":\"page\",\"entry\":[{\"id\":\"" + UUID.randomUUID() + "\"}]}";
        HttpResponse<String> response = send("/webhooks/meta", meta.sign(body));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("POST meta " + body.length());
        assertThat(handlerRuns).hasValue(1);
    }

    @Test
    void asanaHookSecretWhenReceiverAcceptsThenEchoedInHeaderWithoutRunningServlet() throws Exception {
        String secret = UUID.randomUUID().toString().replace("-", "");
        HttpResponse<String> response = send(
                "/webhooks/asana",
                WebhookRequest.builder().header("X-Hook-Secret", secret).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Hook-Secret")).hasValue(secret);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.body()).isEmpty();
        assertThat(asanaSecrets).containsExactly(secret);
        assertThat(handlerRuns).hasValue(0);
        assertThat(logs).anySatisfy(m -> assertThat(m).contains("handshake asana-hook-secret"));
        assertThat(String.join("\n", logs)).doesNotContain(secret);
    }

    @Test
    void asanaHookSecretWhenReceiverRefusesThen401AndNotEchoed() throws Exception {
        asanaAccepts = false;
        String secret = UUID.randomUUID().toString().replace("-", "");
        HttpResponse<String> response = send(
                "/webhooks/asana",
                WebhookRequest.builder().header("X-Hook-Secret", secret).build());

        assertRejected(response, 401);
        assertThat(response.headers().firstValue("X-Hook-Secret")).isEmpty();
        assertThat(reasons).containsExactly(FailureReason.NO_SECRET);
        assertThat(String.join("\n", logs)).doesNotContain(secret);
    }

    private void assertRejected(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(handlerRuns).hasValue(0);
    }

    private static WebhookRequest body(String text) {
        return WebhookRequest.builder().body(text, UTF_8).build();
    }

    private static WebhookRequest withBody(WebhookRequest signed, String body) {
        WebhookRequest.Builder b = WebhookRequest.builder().body(body, UTF_8);
        signed.headers().forEach((k, v) -> v.forEach(value -> b.header(k, value)));
        return b.build();
    }

    HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(pathAndQuery)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    HttpResponse<String> send(String path, WebhookRequest request) throws Exception {
        return sendAsync(path, request).get(30, TimeUnit.SECONDS);
    }

    CompletableFuture<HttpResponse<String>> sendAsync(String path, WebhookRequest request) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach((k, v) -> v.forEach(value -> b.header(k, value)));
        return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Counts runs, records what it read, and behaves as {@link #mode} says. */
    final class RecordingServlet extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
            handlerRuns.incrementAndGet();
            lastBody = req.getInputStream().readAllBytes();
            lastDelivery = WebhookVerificationFilter.delivery(req).orElseThrow();
            switch (mode) {
                case THROW -> throw new ServletException("handler failed");
                case STATUS_500 -> resp.setStatus(500);
                case BLOCK -> {
                    entered.countDown();
                    try {
                        blockUntil.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    resp.setStatus(204);
                }
                case OK -> resp.setStatus(204);
            }
        }
    }

    final class FormServlet extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            handlerRuns.incrementAndGet();
            String text = req.getParameter("text");
            String user = req.getParameter("user_name");
            int raw = req.getInputStream().readAllBytes().length;
            resp.setContentType("text/plain;charset=UTF-8");
            resp.getWriter().write(text + "|" + user + "|" + raw);
        }
    }

    final class AsyncServlet extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) {
            handlerRuns.incrementAndGet();
            Mode m = mode;
            AsyncContext async = req.startAsync();
            CompletableFuture.runAsync(() -> {
                ((HttpServletResponse) async.getResponse()).setStatus(m == Mode.STATUS_500 ? 500 : 202);
                async.complete();
            });
        }
    }

    /** A webhook servlet for any method: a handshake must never reach it. */
    final class AnyMethodServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            handlerRuns.incrementAndGet();
            VerifiedDelivery delivery = WebhookVerificationFilter.delivery(req).orElseThrow();
            int length = req.getInputStream().readAllBytes().length;
            resp.setContentType("text/plain;charset=UTF-8");
            resp.getWriter().write(req.getMethod() + " " + delivery.providerId() + " " + length);
        }
    }

    final class OtherServlet extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            otherRuns.incrementAndGet();
            assertThat(WebhookVerificationFilter.delivery(req)).isEmpty();
            resp.getWriter().write(Integer.toString(req.getInputStream().readAllBytes().length));
        }
    }
}
