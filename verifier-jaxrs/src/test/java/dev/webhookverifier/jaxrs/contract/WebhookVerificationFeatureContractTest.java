package dev.webhookverifier.jaxrs.contract;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.webhookverifier.FailureReason;
import dev.webhookverifier.Handshakes;
import dev.webhookverifier.Provider;
import dev.webhookverifier.Providers;
import dev.webhookverifier.SecretRing;
import dev.webhookverifier.VerificationListener;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookSigner;
import dev.webhookverifier.WebhookVerificationException;
import dev.webhookverifier.WebhookVerifier;
import dev.webhookverifier.WebhookVerifierRegistry;
import dev.webhookverifier.jaxrs.WebhookDeliveries;
import dev.webhookverifier.jaxrs.WebhookVerificationFeature;
import dev.webhookverifier.replay.Claim;
import dev.webhookverifier.replay.ReplayStore;
import dev.webhookverifier.replay.ReplayStoreException;
import dev.webhookverifier.replay.ReplayStores;
import jakarta.ws.rs.core.Application;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link WebhookVerificationFeature} over real HTTP. Each Jakarta REST runtime's test module extends it and says
 * how to deploy an {@link Application} (two runtimes cannot share a classpath, so each lives in its own module).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class WebhookVerificationFeatureContractTest {
    private static final String STRIPE_SECRET =
            "whsec_" + UUID.randomUUID().toString().replace("-", "");
    private static final String SLACK_SECRET = UUID.randomUUID().toString().replace("-", "");
    private static final String SW_SECRET = "whsec_"
            + Base64.getEncoder().encodeToString(UUID.randomUUID().toString().getBytes(UTF_8));
    private static final String URL_SECRET = "url-secret-" + UUID.randomUUID();
    private static final String DROPBOX_SECRET = "dropbox-app-secret-" + UUID.randomUUID();
    private static final String META_SECRET = UUID.randomUUID().toString().replace("-", "");
    private static final String META_VERIFY_TOKEN = "verify-token-" + UUID.randomUUID();
    private static final int MAX_BODY = 64 * 1024;
    private static final Provider URL_SIGNED = Providers.custom("url-signed")
            .signatureHeader("X-Test-Signature", "")
            .signedContent("{method}.{url}.{body}")
            .build();

    /** A deployed application. */
    protected interface RunningServer extends AutoCloseable {
        /**
         * The local port.
         *
         * @return the port on 127.0.0.1
         */
        int port();

        @Override
        void close();
    }

    /**
     * Deploys the application on the runtime under test, on 127.0.0.1 and a free port, at the root context, with
     * enough worker threads for two concurrent requests.
     *
     * @param application the resources and providers, as singletons
     * @return the running server
     * @throws Exception if deployment fails (as it must for an unknown endpoint name)
     */
    protected abstract RunningServer start(Application application) throws Exception;

    /**
     * Whether the container can suspend requests ({@code @Suspended AsyncResponse}); Jersey's JDK HTTP server
     * container cannot.
     *
     * @return {@code true} unless overridden
     */
    protected boolean supportsAsync() {
        return true;
    }

    protected final Probe probe = new Probe();
    protected final ConcurrentLinkedQueue<FailureReason> reasons = new ConcurrentLinkedQueue<>();
    protected final ConcurrentLinkedQueue<String> logs = new ConcurrentLinkedQueue<>();
    protected final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    protected final WebhookSigner stripe = WebhookSigner.of(Providers.stripe(), WebhookSecret.of("t", STRIPE_SECRET));
    protected final WebhookSigner slack = WebhookSigner.of(Providers.slack(), WebhookSecret.of("t", SLACK_SECRET));
    protected final WebhookSigner standard =
            WebhookSigner.of(Providers.standardWebhooks(), WebhookSecret.of("t", SW_SECRET));

    protected final WebhookSigner dropbox =
            WebhookSigner.of(Providers.dropbox(), WebhookSecret.of("t", DROPBOX_SECRET));

    /** Whether the Asana endpoint's receiver accepts a secret offered in a handshake, and the one it stored. */
    protected final AtomicBoolean asanaAccepts = new AtomicBoolean();

    protected final AtomicReference<String> asanaSecret = new AtomicReference<>();

    protected RunningServer server;

    /** Held strongly: the logging framework keeps loggers weakly, and a collected one would lose the handler. */
    private final Logger featureLogger = Logger.getLogger(WebhookVerificationFeature.class.getName());

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

    @BeforeAll
    void startServer() throws Exception {
        featureLogger.addHandler(logCapture);
        server = start(application(WebhookVerificationFeature.of(registry()), false));
    }

    @AfterAll
    void stopServer() throws Exception {
        featureLogger.removeHandler(logCapture);
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void reset() {
        probe.reset();
        reasons.clear();
        logs.clear();
        asanaAccepts.set(false);
        asanaSecret.set(null);
    }

    // --- genuine deliveries: the resource reads the exact bytes, however it binds them ---

    @Test
    void genuineDeliveryWhenReadAsBytesThenResourceGetsExactBytesAndDelivery() throws Exception {
        String body = "{\"id\":\"evt_" + UUID.randomUUID() + "\",\"amount\":  1000, \"note\":\"caf\u00e9\"}\n";
        HttpResponse<String> response = send("/webhooks/bytes", stripe.sign(body));

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(probe.runs).hasValue(1);
        assertThat(probe.lastBody).isEqualTo(body.getBytes(UTF_8));
        assertThat(probe.lastDelivery.providerId()).isEqualTo("stripe");
        assertThat(probe.lastDelivery.secretId()).isEqualTo("current");
        assertThat(probe.lastDelivery.body()).isEqualTo(body.getBytes(UTF_8));
        assertThat(probe.lastPrincipal).isEqualTo("stripe");
        assertThat(probe.lastScheme).isEqualTo(WebhookDeliveries.AUTHENTICATION_SCHEME);
        assertThat(response.headers().firstValue(DeliveryHeaderFilter.HEADER)).hasValue("stripe");
    }

    @Test
    void genuineDeliveryWhenReadAsStringThenTextIsExact() throws Exception {
        String body = "{ \"id\" : \"evt_" + UUID.randomUUID() + "\", \"emoji\":\"\u2713\" }";
        HttpResponse<String> response = send("/webhooks/string", stripe.sign(body));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(body);
    }

    @Test
    void genuineDeliveryWhenBoundToJsonObjectThenFieldsRead() throws Exception {
        String body = "{\"id\":\"evt_" + UUID.randomUUID().toString().substring(0, 8)
                + "\",\"amount\":1000,\"note\":\"caf\u00e9\"}";
        WebhookRequest signed = stripe.sign(
                WebhookRequest.builder()
                        .header("Content-Type", "application/json")
                        .body(body, UTF_8)
                        .build(),
                "evt",
                Instant.now());
        HttpResponse<String> response = send("/webhooks/json", signed);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).endsWith("|1000|caf\u00e9").startsWith("evt_");
    }

    @Test
    void formBodyWhenVerifiedThenFormParamsReadExactlyAsSent() throws Exception {
        String form = "token=abc&text=%2Aimportant%2A+now+%26+then&user_name=ren%C3%A9&empty=";
        WebhookRequest signed = slack.sign(
                WebhookRequest.builder()
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .body(form, UTF_8)
                        .build(),
                null,
                Instant.now());
        HttpResponse<String> response = send("/webhooks/form", signed);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("*important* now & then|ren\u00e9|");
        assertThat(probe.lastDelivery.providerId()).isEqualTo("slack");
    }

    @Test
    void classLevelMetaAnnotationWhenSignedThenVerifiedWithThatEndpoint() throws Exception {
        HttpResponse<String> response = send("/standard", standard.sign("{\"type\":\"ping\"}"));

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(probe.lastDelivery.providerId()).isEqualTo("standard-webhooks");
        assertThat(probe.lastDelivery.deliveryId()).isPresent();
        assertThat(probe.lastPrincipal).isEqualTo("standard");
    }

    @Test
    void urlSigningProviderWhenSignedOverRequestUriThenVerified() throws Exception {
        WebhookRequest signed = signUrl(uri("/webhooks/url?tenant=a%20b&x=1"), "{}");
        assertThat(send("/webhooks/url?tenant=a%20b&x=1", signed).statusCode()).isEqualTo(204);

        WebhookRequest otherQuery = signUrl(uri("/webhooks/url?tenant=a"), "{}");
        assertThat(send("/webhooks/url?tenant=b", otherQuery).statusCode()).isEqualTo(401);
    }

    @Test
    void unannotatedMethodWhenCalledThenNotVerifiedNorBuffered() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri("/webhooks/other"))
                        .POST(HttpRequest.BodyPublishers.ofString("plain"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("5|anonymous");
        assertThat(reasons).isEmpty();
    }

    // --- rejections: the resource never runs ---

    @Test
    void tamperedBodyWhenOneByteChangedThen401AndResourceNeverRuns() throws Exception {
        WebhookRequest signed = stripe.sign("{\"amount\":1000}");
        HttpResponse<String> response = send("/webhooks/bytes", withBody(signed, "{\"amount\":9000}"));

        assertRejected(response, 401);
        assertThat(reasons).containsExactly(FailureReason.SIGNATURE_MISMATCH);
    }

    @Test
    void staleDeliveryWhenSignedTenMinutesAgoThen401() throws Exception {
        WebhookRequest signed = stripe.sign(
                WebhookRequest.builder().body("{\"a\":2}", UTF_8).build(),
                "evt",
                Instant.now().minusSeconds(600));

        assertRejected(send("/webhooks/string", signed), 401);
        assertThat(reasons).containsExactly(FailureReason.TIMESTAMP_TOO_OLD);
    }

    @Test
    void rejectionWhenDebugLoggingOnThenDiagnosisLoggedWithoutSecretOrBody() throws Exception {
        java.util.logging.Level before = featureLogger.getLevel();
        featureLogger.setLevel(java.util.logging.Level.FINE);
        try {
            String body = "{\"amount\":1000,\"marker\":\"body-marker-7f3a\"}";
            WebhookRequest signed = stripe.sign(body);
            WebhookRequest prettyPrinted = WebhookRequest.builder()
                    .header(
                            "Stripe-Signature",
                            signed.firstHeader("Stripe-Signature").orElseThrow())
                    .body(body.replace(",", ",\n  "), UTF_8)
                    .build();
            assertRejected(send("/webhooks/bytes", prettyPrinted), 401);

            assertThat(logs).anySatisfy(m -> assertThat(m).contains("diagnosis"));
            String signature = signed.firstHeader("Stripe-Signature").orElseThrow();
            assertThat(String.join("\n", logs))
                    .doesNotContain(STRIPE_SECRET)
                    .doesNotContain(signature.substring(signature.indexOf("v1=") + 3))
                    .doesNotContain("body-marker-7f3a");
        } finally {
            featureLogger.setLevel(before);
        }
    }

    @Test
    void rejectionWhenAnsweredThenProblemJsonNamesNoReasonAndLogNamesNoSecret() throws Exception {
        WebhookSigner other = WebhookSigner.of(Providers.stripe(), WebhookSecret.of("x", "whsec_someone_elses_secret"));
        WebhookRequest forged = other.sign("{\"a\":1}");
        HttpResponse<String> response = send("/webhooks/bytes", forged);

        assertRejected(response, 401);
        assertThat(response.body()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401}");
        assertThat(logs)
                .anySatisfy(m -> assertThat(m)
                        .contains("SIGNATURE_MISMATCH")
                        .contains("401")
                        .doesNotContain(forged.firstHeader("Stripe-Signature").orElseThrow())
                        .doesNotContain("{\"a\":1}"));
        assertThat(send(
                                "/webhooks/bytes",
                                WebhookRequest.builder().body("{}", UTF_8).build())
                        .body())
                .doesNotContain("MISSING")
                .doesNotContain("Stripe");
    }

    @Test
    void replayWhenSameDeliveryAfterSuccessThenAcknowledgedWithoutRunningResource() throws Exception {
        WebhookRequest signed = stripe.sign("{\"id\":\"evt_" + UUID.randomUUID() + "\"}");
        assertThat(send("/webhooks/bytes", signed).statusCode()).isEqualTo(204);
        HttpResponse<String> duplicate = send("/webhooks/bytes", signed);

        assertThat(duplicate.statusCode()).isEqualTo(200);
        assertThat(duplicate.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(probe.runs).hasValue(1);
        assertThat(reasons).containsExactly(FailureReason.REPLAYED);
    }

    @Test
    void bodyOverLimitWhenContentLengthDeclaresItThen413WithoutRunningResource() throws Exception {
        WebhookRequest oversized = stripe.sign("x".repeat(MAX_BODY + 1));
        if (!deliversEarlyRefusal()) {
            // This container drops the connection after an answer given before the body was read, so the client
            // may see a reset instead of the 413; the refusal itself (logged, resource not run) must still hold.
            try {
                assertThat(send("/webhooks/bytes", oversized).statusCode()).isEqualTo(413);
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(java.io.IOException.class);
            }
            assertThat(probe.runs).hasValue(0);
            assertThat(logs).anySatisfy(m -> assertThat(m).contains("BODY_TOO_LARGE"));
            return;
        }
        HttpResponse<String> response = send("/webhooks/bytes", oversized);

        assertRejected(response, 413);
        assertThat(response.body()).contains("\"status\":413");
        assertThat(logs).anySatisfy(m -> assertThat(m).contains("BODY_TOO_LARGE"));
    }

    /**
     * Whether the container delivers an answer given before the request body was read. Jersey's JDK HTTP server
     * closes such connections, racing the client's upload.
     */
    protected boolean deliversEarlyRefusal() {
        return true;
    }

    @Test
    void bodyOverLimitWhenChunkedThen413WithoutRunningResource() throws Exception {
        byte[] big = "y".repeat(MAX_BODY * 2).getBytes(UTF_8);
        WebhookRequest signed = stripe.sign(big);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri("/webhooks/bytes"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));
        signed.headers().forEach((k, v) -> v.forEach(value -> b.header(k, value)));
        HttpResponse<String> response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());

        assertRejected(response, 413);
    }

    @Test
    void storeUnavailableWhenClaimFailsThen503WithRetryAfter() throws Exception {
        HttpResponse<String> response = send("/webhooks/unavailable", stripe.sign("{\"id\":\"evt_503\"}"));

        assertRejected(response, 503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(reasons).containsExactly(FailureReason.STORE_UNAVAILABLE);
    }

    // --- the replay claim is held while the resource runs ---

    @Test
    void retryWhenResourceThrewMappedExceptionThenProcessedAgain() throws Exception {
        WebhookRequest signed = stripe.sign("{\"id\":\"evt_" + UUID.randomUUID() + "\"}");
        probe.mode = Probe.Mode.THROW_MAPPED;
        HttpResponse<String> failed = send("/webhooks/bytes", signed);
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.body()).isEqualTo("mapped");
        probe.mode = Probe.Mode.OK;
        assertThat(send("/webhooks/bytes", signed).statusCode()).isEqualTo(204);
        assertThat(send("/webhooks/bytes", signed).statusCode()).isEqualTo(200);

        assertThat(probe.runs).hasValue(2);
    }

    /**
     * An exception no mapper handles reaches the runtime's default mapper (500). The claim is released when that
     * response passes the response filters; Jersey first lets the container write the 500 and filters afterwards,
     * so a retry is polled for as a provider would retry, instead of sent at once.
     */
    @Test
    void retryWhenResourceThrewUnmappedExceptionThenProcessedAgain() throws Exception {
        WebhookRequest signed = stripe.sign("{\"id\":\"evt_" + UUID.randomUUID() + "\"}");
        probe.mode = Probe.Mode.THROW;
        assertThat(send("/webhooks/bytes", signed).statusCode()).isEqualTo(500);
        probe.mode = Probe.Mode.OK;
        int status = 409;
        for (int attempt = 0; status == 409 && attempt < 50; attempt++) {
            Thread.sleep(100);
            status = send("/webhooks/bytes", signed).statusCode();
        }
        assertThat(status).isEqualTo(204);
        assertThat(send("/webhooks/bytes", signed).statusCode()).isEqualTo(200);

        assertThat(probe.runs).hasValue(2);
    }

    @Test
    void retryWhenResourceAnsweredNon2xxThenProcessedAgain() throws Exception {
        WebhookRequest signed = stripe.sign("{\"id\":\"evt_" + UUID.randomUUID() + "\"}");
        probe.mode = Probe.Mode.STATUS_500;
        assertThat(send("/webhooks/bytes", signed).statusCode()).isEqualTo(500);
        probe.mode = Probe.Mode.OK;
        assertThat(send("/webhooks/bytes", signed).statusCode()).isEqualTo(204);

        assertThat(probe.runs).hasValue(2);
    }

    @Test
    void duplicateWhenFirstStillRunningThen409WithRetryAfter() throws Exception {
        WebhookRequest signed = stripe.sign("{\"id\":\"evt_" + UUID.randomUUID() + "\"}");
        probe.mode = Probe.Mode.BLOCK;
        probe.release = new CountDownLatch(1);
        probe.entered = new CountDownLatch(1);
        CompletableFuture<HttpResponse<String>> first = sendAsync("/webhooks/bytes", signed);
        try {
            assertThat(probe.entered.await(10, TimeUnit.SECONDS)).isTrue();
            HttpResponse<String> duplicate = send("/webhooks/bytes", signed);

            assertThat(duplicate.statusCode()).isEqualTo(409);
            assertThat(duplicate.headers().firstValue("Retry-After")).isPresent();
            assertThat(duplicate.headers().firstValue("Cache-Control")).hasValue("no-store");
        } finally {
            probe.release.countDown();
        }
        assertThat(first.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
        assertThat(probe.runs).hasValue(1);
    }

    @Test
    void asyncResourceWhenResumedWith2xxThenDuplicateAcknowledged() throws Exception {
        assumeTrue(supportsAsync(), "the container cannot suspend requests");
        WebhookRequest signed = standard.sign("{\"async\":\"" + UUID.randomUUID() + "\"}");
        assertThat(send("/standard/async", signed).statusCode()).isEqualTo(202);
        assertThat(send("/standard/async", signed).statusCode()).isEqualTo(200);
        assertThat(probe.runs).hasValue(1);
    }

    @Test
    void asyncResourceWhenResumedWith500ThenRetryProcessed() throws Exception {
        assumeTrue(supportsAsync(), "the container cannot suspend requests");
        WebhookRequest signed = standard.sign("{\"async\":\"" + UUID.randomUUID() + "\"}");
        probe.mode = Probe.Mode.STATUS_500;
        assertThat(send("/standard/async", signed).statusCode()).isEqualTo(500);
        probe.mode = Probe.Mode.OK;
        assertThat(send("/standard/async", signed).statusCode()).isEqualTo(202);
        assertThat(probe.runs).hasValue(2);
    }

    // --- handshakes: answered by the filter, the resource never runs ---

    @Test
    void dropboxGetChallengeWhenHandshakeConfiguredThenEchoedAsNosniffPlainTextWithoutRunningResource()
            throws Exception {
        String challenge = "Rh8zX2ruTq-1a_b.c~d" + UUID.randomUUID();
        HttpResponse<String> response = get("/handshakes/dropbox?challenge=" + challenge);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(challenge);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v.toLowerCase(java.util.Locale.ROOT))
                        .startsWith("text/plain")
                        .contains("charset=utf-8"));
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(probe.runs).hasValue(0);
        assertThat(reasons).isEmpty();
        assertThat(logs)
                .anySatisfy(m -> assertThat(m)
                        .contains("webhook dropbox ")
                        .contains("handshake dropbox-challenge answered 200"));
        assertThat(String.join("\n", logs)).doesNotContain(challenge);
    }

    @Test
    void dropboxGetChallengeWhenItCarriesMarkupThen401NotEchoed() throws Exception {
        HttpResponse<String> response = get("/handshakes/dropbox?challenge=%3Cscript%3Ealert(1)%3C/script%3E");

        assertRejected(response, 401);
        assertThat(response.body()).doesNotContain("script");
        assertThat(reasons).containsExactly(FailureReason.MALFORMED_HEADER);
    }

    @Test
    void metaGetChallengeWhenVerifyTokenMatchesThenChallengeEchoedWithoutRunningResource() throws Exception {
        HttpResponse<String> response = get("/handshakes/meta?hub.mode=subscribe&hub.challenge=1158201444"
                + "&hub.verify_token=" + META_VERIFY_TOKEN);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("1158201444");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(probe.runs).hasValue(0);
        assertThat(logs).anySatisfy(m -> assertThat(m).contains("webhook meta ").contains("meta-verify-token"));
        assertThat(String.join("\n", logs)).doesNotContain(META_VERIFY_TOKEN).doesNotContain("1158201444");
    }

    @Test
    void metaGetChallengeWhenVerifyTokenWrongThen401AndLogsNameNoToken() throws Exception {
        java.util.logging.Level before = featureLogger.getLevel();
        featureLogger.setLevel(java.util.logging.Level.FINE);
        try {
            String wrongToken = "wrong-" + UUID.randomUUID();
            HttpResponse<String> response =
                    get("/handshakes/meta?hub.mode=subscribe&hub.challenge=424242&hub.verify_token=" + wrongToken);

            assertRejected(response, 401);
            assertThat(response.body()).doesNotContain("424242");
            assertThat(reasons).containsExactly(FailureReason.SIGNATURE_MISMATCH);
            assertThat(logs)
                    .anySatisfy(
                            m -> assertThat(m).contains("SIGNATURE_MISMATCH").contains("401"));
            assertThat(String.join("\n", logs))
                    .doesNotContain(wrongToken)
                    .doesNotContain(META_VERIFY_TOKEN)
                    .doesNotContain(META_SECRET);
        } finally {
            featureLogger.setLevel(before);
        }
    }

    @Test
    void asanaHookSecretWhenReceiverAcceptsThenEchoedInHeaderAndLaterDeliveriesVerifyWithIt() throws Exception {
        asanaAccepts.set(true);
        String secret = HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(UTF_8));
        HttpResponse<String> response = send(
                "/handshakes/asana",
                WebhookRequest.builder().header("X-Hook-Secret", secret).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Hook-Secret")).hasValue(secret);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.body()).isEmpty();
        assertThat(probe.runs).hasValue(0);
        assertThat(asanaSecret).hasValue(secret);
        assertThat(logs)
                .anySatisfy(m -> assertThat(m).contains("webhook asana ").contains("asana-hook-secret"));
        assertThat(String.join("\n", logs)).doesNotContain(secret);

        WebhookSigner asana = WebhookSigner.of(Providers.asana(), WebhookSecret.of("hook", secret));
        assertThat(send("/handshakes/asana", asana.sign("{\"events\":[]}")).statusCode())
                .isEqualTo(204);
        assertThat(probe.runs).hasValue(1);
        assertThat(probe.lastDelivery.providerId()).isEqualTo("asana");
    }

    @Test
    void asanaHookSecretWhenReceiverRefusesThen401WithoutEchoOrResource() throws Exception {
        String secret = HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(UTF_8));
        HttpResponse<String> response = send(
                "/handshakes/asana",
                WebhookRequest.builder().header("X-Hook-Secret", secret).build());

        assertRejected(response, 401);
        assertThat(response.headers().firstValue("X-Hook-Secret")).isEmpty();
        assertThat(asanaSecret.get()).isNull();
        assertThat(reasons).containsExactly(FailureReason.NO_SECRET);
        assertThat(String.join("\n", logs)).doesNotContain(secret);
    }

    @Test
    void getChallengeWhenEndpointHasNoHandshakesThen401NotEchoed() throws Exception {
        String challenge = "challenge" + UUID.randomUUID().toString().replace("-", "");
        HttpResponse<String> response = get("/handshakes/plain?challenge=" + challenge);

        assertRejected(response, 401);
        assertThat(response.body()).doesNotContain(challenge);
        assertThat(response.headers().firstValue("X-Content-Type-Options")).isEmpty();
        assertThat(reasons).containsExactly(FailureReason.MISSING_HEADER);
    }

    @Test
    void signedPostWhenEndpointHasHandshakesThenVerifiedAndResourceRuns() throws Exception {
        String body = "{\"list_folder\":{\"accounts\":[\"dbid:" + UUID.randomUUID() + "\"]}}";
        HttpResponse<String> response = send("/handshakes/dropbox", dropbox.sign(body));

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(probe.runs).hasValue(1);
        assertThat(probe.lastBody).isEqualTo(body.getBytes(UTF_8));
        assertThat(probe.lastDelivery.providerId()).isEqualTo("dropbox");
        assertThat(logs).noneSatisfy(m -> assertThat(m).contains("handshake"));
    }

    @Test
    void unsignedPostWhenItCarriesAChallengeQueryThen401NotEchoed() throws Exception {
        HttpResponse<String> response = send(
                "/handshakes/dropbox?challenge=abcdef123456",
                WebhookRequest.builder().body("{}", UTF_8).build());

        assertRejected(response, 401);
        assertThat(response.body()).doesNotContain("abcdef123456");
        assertThat(reasons).containsExactly(FailureReason.MISSING_HEADER);
    }

    // --- deployment and options ---

    @Test
    void unknownEndpointNameWhenDeployedThenDeploymentFails() {
        Application misconfigured = new Application() {
            @Override
            @SuppressWarnings("deprecation") // getSingletons() is the one way both runtimes take instances
            public Set<Object> getSingletons() {
                return Set.of(new UnknownEndpointResource(), WebhookVerificationFeature.of(registry()));
            }
        };

        assertThatThrownBy(() -> {
                    try (RunningServer s = start(misconfigured)) {
                        s.port();
                    }
                })
                .satisfies(e ->
                        assertThat(messages(e)).contains("no-such-endpoint").contains("registered"));
    }

    @Test
    void publicBaseUrlWhenBehindProxyThenUrlSignedForPublicUrlVerifiedAndDuplicatesNotAcknowledged() throws Exception {
        WebhookVerificationFeature proxied = WebhookVerificationFeature.builder(registry())
                .publicBaseUrl(URI.create("https://hooks.example.com/"))
                .acknowledgeDuplicates(false)
                .build();
        try (RunningServer behindProxy = start(application(proxied, true))) {
            WebhookRequest signed = signUrl("https://hooks.example.com/webhooks/url?tenant=a", "{\"p\":1}");
            assertThat(send(behindProxy, "/webhooks/url?tenant=a", signed).statusCode())
                    .isEqualTo(204);

            WebhookRequest signedLocally =
                    signUrl("http://127.0.0.1:" + behindProxy.port() + "/webhooks/url?tenant=a", "{\"p\":1}");
            assertThat(send(behindProxy, "/webhooks/url?tenant=a", signedLocally)
                            .statusCode())
                    .isEqualTo(401);

            WebhookRequest once = stripe.sign("{\"id\":\"evt_" + UUID.randomUUID() + "\"}");
            assertThat(send(behindProxy, "/webhooks/bytes", once).statusCode()).isEqualTo(204);
            assertThat(send(behindProxy, "/webhooks/bytes", once).statusCode()).isEqualTo(409);
        }
    }

    // --- helpers ---

    private Application application(WebhookVerificationFeature feature, boolean webhooksOnly) {
        Set<Object> singletons = webhooksOnly
                ? Set.of(new WebhookResource(probe), new StandardResource(probe), feature)
                : Set.of(
                        new WebhookResource(probe),
                        new StandardResource(probe),
                        new HandshakeResource(probe),
                        new DeliveryHeaderFilter(),
                        new ProcessingFailureMapper(),
                        feature);
        return new Application() {
            @Override
            @SuppressWarnings("deprecation") // getSingletons() is the one way both runtimes take instances
            public Set<Object> getSingletons() {
                return singletons;
            }
        };
    }

    private WebhookVerifierRegistry registry() {
        VerificationListener listener = new VerificationListener() {
            @Override
            public void onRejected(WebhookVerificationException failure) {
                reasons.add(failure.reason());
            }
        };
        return WebhookVerifierRegistry.builder()
                .register(
                        "stripe",
                        WebhookVerifier.builder(Providers.stripe())
                                .secrets(WebhookSecret.of("current", STRIPE_SECRET))
                                .replayStore(ReplayStores.inMemory(10_000))
                                .maxBodyBytes(MAX_BODY)
                                .listener(listener)
                                .build())
                .register(
                        "slack",
                        WebhookVerifier.builder(Providers.slack())
                                .secrets(WebhookSecret.of("current", SLACK_SECRET))
                                .replayStore(ReplayStores.inMemory(10_000))
                                .listener(listener)
                                .build())
                .register(
                        "standard",
                        WebhookVerifier.builder(Providers.standardWebhooks())
                                .secrets(WebhookSecret.of("current", SW_SECRET))
                                .replayStore(ReplayStores.inMemory(10_000))
                                .listener(listener)
                                .build())
                .register(
                        "url-signed",
                        WebhookVerifier.builder(URL_SIGNED)
                                .secrets(WebhookSecret.of("current", URL_SECRET))
                                .listener(listener)
                                .build())
                .register(
                        "dropbox",
                        WebhookVerifier.builder(Providers.dropbox())
                                .secrets(WebhookSecret.of("current", DROPBOX_SECRET))
                                .handshakes(Handshakes.dropboxChallenge())
                                .listener(listener)
                                .build())
                .register(
                        "dropbox-plain",
                        WebhookVerifier.builder(Providers.dropbox())
                                .secrets(WebhookSecret.of("current", DROPBOX_SECRET))
                                .listener(listener)
                                .build())
                .register(
                        "meta",
                        WebhookVerifier.builder(Providers.meta())
                                .secrets(WebhookSecret.of("current", META_SECRET))
                                .handshakes(Handshakes.metaVerifyToken(WebhookSecret.of("verify", META_VERIFY_TOKEN)))
                                .listener(listener)
                                .build())
                .register(
                        "asana",
                        WebhookVerifier.builder(Providers.asana())
                                .secretResolver(request -> {
                                    String stored = asanaSecret.get();
                                    return stored == null ? null : SecretRing.of(WebhookSecret.of("hook", stored));
                                })
                                .handshakes(Handshakes.asanaHookSecret((request, secret) ->
                                        asanaAccepts.get() && asanaSecret.compareAndSet(null, secret)))
                                .listener(listener)
                                .build())
                .register(
                        "broken-store",
                        WebhookVerifier.builder(Providers.stripe())
                                .secrets(WebhookSecret.of("current", STRIPE_SECRET))
                                .replayStore(new UnreachableStore())
                                .listener(listener)
                                .build())
                .build();
    }

    /** A store whose backend is down. */
    private static final class UnreachableStore implements ReplayStore {
        @Override
        public Claim claim(String key, Duration lease) throws ReplayStoreException {
            throw new ReplayStoreException("connection refused");
        }

        @Override
        public void complete(Claim claim, Duration retention) throws ReplayStoreException {
            throw new ReplayStoreException("connection refused");
        }

        @Override
        public void release(Claim claim) throws ReplayStoreException {
            throw new ReplayStoreException("connection refused");
        }
    }

    private void assertRejected(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(probe.runs).hasValue(0);
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            all.append(t).append('\n');
            for (Throwable s : t.getSuppressed()) {
                all.append(s).append('\n');
            }
        }
        return all.toString();
    }

    /**
     * Signs for the URL-signing test provider by hand: {@code WebhookSigner.of} cannot yet be built for a scheme
     * that signs the URL (its self-check signs a request without one).
     */
    private static WebhookRequest signUrl(Object url, String body) throws Exception {
        URI target = url instanceof URI u ? u : URI.create(url.toString());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(URL_SECRET.getBytes(UTF_8), "HmacSHA256"));
        byte[] signature = mac.doFinal(("POST." + target.toASCIIString() + "." + body).getBytes(UTF_8));
        return WebhookRequest.builder()
                .url(target)
                .header("X-Test-Signature", HexFormat.of().formatHex(signature))
                .body(body, UTF_8)
                .build();
    }

    private static WebhookRequest withBody(WebhookRequest signed, String body) {
        WebhookRequest.Builder b = WebhookRequest.builder().body(body, UTF_8);
        signed.headers().forEach((k, v) -> v.forEach(value -> b.header(k, value)));
        return b.build();
    }

    protected URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    /** A plain {@code GET}, as a provider's challenge arrives. */
    protected HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.sendAsync(
                        HttpRequest.newBuilder(uri(pathAndQuery)).GET().build(), HttpResponse.BodyHandlers.ofString())
                .get(30, TimeUnit.SECONDS);
    }

    protected HttpResponse<String> send(String path, WebhookRequest request) throws Exception {
        return sendAsync(path, request).get(30, TimeUnit.SECONDS);
    }

    private HttpResponse<String> send(RunningServer target, String path, WebhookRequest request) throws Exception {
        return http.sendAsync(
                        post(URI.create("http://127.0.0.1:" + target.port() + path), request),
                        HttpResponse.BodyHandlers.ofString())
                .get(30, TimeUnit.SECONDS);
    }

    protected CompletableFuture<HttpResponse<String>> sendAsync(String path, WebhookRequest request) {
        return http.sendAsync(post(uri(path), request), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest post(URI uri, WebhookRequest request) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach((name, values) -> values.forEach(v -> b.header(name, v)));
        return b.build();
    }
}
