package dev.webhookverifier.spring.reactive;

import static dev.webhookverifier.spring.WebhookHttp.assertProblem;
import static dev.webhookverifier.spring.WebhookHttp.withBody;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookverifier.FailureReason;
import dev.webhookverifier.VerifiedDelivery;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.spring.Recorder;
import dev.webhookverifier.spring.TestSecrets;
import dev.webhookverifier.spring.WebhookHttp;
import dev.webhookverifier.spring.WebhookVerificationWebFilter;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;

/** Spring WebFlux on Netty over real HTTP: the same annotation, properties and answers as Spring MVC. */
@ReactiveAppTest
class ReactiveWebhookTest {
    private static final String JSON = "application/json";
    private static final String FORM = "application/x-www-form-urlencoded";

    @Value("${local.server.port}")
    int port;

    @Autowired
    Recorder recorder;

    @Autowired
    ReactiveTestApplication.Gate gate;

    @Autowired
    ReactiveTestApplication.FlakyReplayStore store;

    @Autowired
    ApplicationContext context;

    WebhookHttp http;

    @BeforeEach
    void setUp() {
        http = new WebhookHttp(port);
        recorder.reset();
        store.down = false;
    }

    @AfterEach
    void openGate() {
        gate.release.countDown();
    }

    private static String event() {
        return "{\"id\":\"evt_" + UUID.randomUUID() + "\",\"amount\":  1000, \"note\":\"caf\u00e9\"}\n";
    }

    @Test
    void serverWhenStartedThenReactiveOnNetty() throws Exception {
        assertThat(context.getClass().getName()).contains("Reactive");
        Object server = context.getClass().getMethod("getWebServer").invoke(context);
        assertThat(server.getClass().getSimpleName()).isEqualTo("NettyWebServer");
        assertThat(context.getBean("webhookVerificationWebFilter").getClass().getSimpleName())
                .isEqualTo("WebhookVerificationWebFilter");
        assertThat(context.containsBean("webhookVerificationFilter")).isFalse();
    }

    @Test
    void stripeJsonWhenSignedThenHandlerReadsExactBytesAndDelivery() throws Exception {
        String body = event();
        HttpResponse<String> response = http.post("/webhooks/stripe", TestSecrets.STRIPE_SIGNER.sign(body), JSON);

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(recorder.last("stripe").get(0)).isEqualTo(body);
        VerifiedDelivery delivery = (VerifiedDelivery) recorder.last("stripe").get(1);
        assertThat(delivery.providerId()).isEqualTo("stripe");
        assertThat(delivery.secretId()).isEqualTo("current");
    }

    @Test
    void stripeWhenBodyTamperedThen401AndHandlerNeverRuns() throws Exception {
        WebhookRequest signed = TestSecrets.STRIPE_SIGNER.sign("{\"amount\":1000}");
        assertProblem(http.post("/webhooks/stripe", withBody(signed, "{\"amount\":9000}"), JSON), 401);
        assertThat(recorder.calls("stripe")).isZero();
        assertThat(recorder.rejections).containsExactly(FailureReason.SIGNATURE_MISMATCH);
    }

    @Test
    void rejectionWhenDebugLoggingOnThenDiagnosisLoggedWithoutSecretSignatureOrBody() throws Exception {
        Logger logger = Logger.getLogger(WebhookVerificationWebFilter.class.getName());
        Level before = logger.getLevel();
        ConcurrentLinkedQueue<String> logs = new ConcurrentLinkedQueue<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logs.add(record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        logger.addHandler(capture);
        logger.setLevel(Level.FINE);
        try {
            String body = "{\"amount\":1000,\"marker\":\"body-marker-7f3a\"}";
            WebhookRequest signed = TestSecrets.STRIPE_SIGNER.sign(body);
            assertProblem(http.post("/webhooks/stripe", withBody(signed, body.replace(",", ",\n  ")), JSON), 401);

            assertThat(logs)
                    .anySatisfy(m -> assertThat(m)
                            .contains("/webhooks/stripe")
                            .contains("diagnosis")
                            .contains("JSON"));
            String signature = signed.firstHeader("Stripe-Signature").orElseThrow();
            assertThat(String.join("\n", logs))
                    .doesNotContain(TestSecrets.STRIPE)
                    .doesNotContain(signature.substring(signature.indexOf("v1=") + 3))
                    .doesNotContain("body-marker-7f3a");
        } finally {
            logger.setLevel(before);
            logger.removeHandler(capture);
        }
    }

    @Test
    void stripeWhenStaleThen401AndHandlerNeverRuns() throws Exception {
        WebhookRequest stale = TestSecrets.STRIPE_SIGNER.sign(
                WebhookRequest.builder().body(event(), UTF_8).build(),
                "evt",
                Instant.now().minus(10, ChronoUnit.MINUTES));
        assertProblem(http.post("/webhooks/stripe", stale, JSON), 401);
        assertThat(recorder.calls("stripe")).isZero();
        assertThat(recorder.rejections).containsExactly(FailureReason.TIMESTAMP_TOO_OLD);
    }

    @Test
    void stripeWhenReplayedThenAcknowledgedWithoutRunningHandlerAgain() throws Exception {
        WebhookRequest signed = TestSecrets.STRIPE_SIGNER.sign(event());
        assertThat(http.post("/webhooks/stripe", signed, JSON).statusCode()).isEqualTo(204);

        HttpResponse<String> duplicate = http.post("/webhooks/stripe", signed, JSON);
        assertThat(duplicate.statusCode()).isEqualTo(200);
        assertThat(duplicate.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(recorder.calls("stripe")).isEqualTo(1);
    }

    @Test
    void stripeWhenDuplicateArrivesWhileFirstIsRunningThen409() throws Exception {
        gate.entered = new CountDownLatch(1);
        gate.release = new CountDownLatch(1);
        WebhookRequest signed = TestSecrets.STRIPE_SIGNER.sign("{\"slow\":true,\"n\":\"" + UUID.randomUUID() + "\"}");
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> {
            try {
                return http.post("/webhooks/stripe", signed, JSON);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();

        HttpResponse<String> duplicate = http.post("/webhooks/stripe", signed, JSON);
        assertProblem(duplicate, 409);
        assertThat(duplicate.headers().firstValue("Retry-After")).isPresent();

        gate.release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
        assertThat(recorder.calls("stripe")).isEqualTo(1);
    }

    @Test
    void stripeWhenHandlerAnswers500ThenProviderRetryIsProcessed() throws Exception {
        WebhookRequest signed = TestSecrets.STRIPE_SIGNER.sign("{\"fail\":true,\"n\":\"" + UUID.randomUUID() + "\"}");
        assertThat(http.post("/webhooks/stripe", signed, JSON).statusCode()).isEqualTo(500);
        assertThat(http.post("/webhooks/stripe", signed, JSON).statusCode()).isEqualTo(500);
        assertThat(recorder.calls("stripe")).isEqualTo(2);
    }

    @Test
    void stripeWhenReplayStoreDownThen503AndHandlerNeverRuns() throws Exception {
        store.down = true;
        HttpResponse<String> response = http.post("/webhooks/stripe", TestSecrets.STRIPE_SIGNER.sign(event()), JSON);

        assertProblem(response, 503);
        assertThat(recorder.calls("stripe")).isZero();
        assertThat(recorder.rejections).containsExactly(FailureReason.STORE_UNAVAILABLE);
    }

    @Test
    void stripeWhenContentLengthOverLimitThen413() throws Exception {
        String big = "{\"pad\":\"" + "x".repeat(70 * 1024) + "\"}";
        assertProblem(http.post("/webhooks/stripe", TestSecrets.STRIPE_SIGNER.sign(big), JSON), 413);
        assertThat(recorder.calls("stripe")).isZero();
    }

    @Test
    void stripeWhenChunkedBodyGrowsOverLimitThen413() throws Exception {
        byte[] big = ("{\"pad\":\"" + "x".repeat(70 * 1024) + "\"}").getBytes(UTF_8);
        WebhookRequest signed = TestSecrets.STRIPE_SIGNER.sign(big);
        HttpRequest.Builder request = http.request("/webhooks/stripe")
                .header("Content-Type", JSON)
                .header(
                        "Stripe-Signature",
                        signed.firstHeader("Stripe-Signature").orElseThrow())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));

        assertProblem(http.send(request), 413);
        assertThat(recorder.calls("stripe")).isZero();
    }

    @Test
    void githubWhenSignedThenMetaAnnotatedHandlerGetsDtoAndDuplicateIsAcknowledged() throws Exception {
        String body = "{\"action\":\"opened\",\"number\":" + System.nanoTime() + "}";
        WebhookRequest signed = TestSecrets.GITHUB_SIGNER.sign(body);

        assertThat(http.post("/webhooks/github", signed, JSON).statusCode()).isEqualTo(204);
        assertThat(((ReactiveTestApplication.GitHubEvent)
                                recorder.last("github").get(0))
                        .action())
                .isEqualTo("opened");
        assertThat(http.post("/webhooks/github", signed, JSON).statusCode()).isEqualTo(200);
        assertThat(recorder.calls("github")).isEqualTo(1);
    }

    @Test
    void slackFormWhenBodyHasEscapedStarAndPlusThenFormDataDecodedAndRawBytesVerified() throws Exception {
        String body = "token=tok&command=%2Fsearch&text=find+%2Aimportant%2A+stuff+%26+more&nonce=" + UUID.randomUUID();
        HttpResponse<String> response = http.post("/webhooks/slack", TestSecrets.SLACK_SIGNER.sign(body), FORM);

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(recorder.last("slack")).containsExactly("/search", "find *important* stuff & more", body);
    }

    @Test
    void slackFormWhenReencodedThen401() throws Exception {
        WebhookRequest signed = TestSecrets.SLACK_SIGNER.sign("command=%2Fsearch&text=find+%2Aimportant%2A");
        assertProblem(
                http.post("/webhooks/slack", withBody(signed, "command=%2Fsearch&text=find+*important*"), FORM), 401);
        assertThat(recorder.calls("slack")).isZero();
    }

    @Test
    void standardWebhooksWhenSignedThenClassLevelAnnotationVerifies() throws Exception {
        byte[] body = ("{\"type\":\"invoice.paid\",\"n\":\"" + UUID.randomUUID() + "\"}").getBytes(UTF_8);
        WebhookRequest signed = TestSecrets.STANDARD_SIGNER.sign(body);

        assertThat(http.post("/webhooks/standard", signed, JSON).statusCode()).isEqualTo(204);
        assertThat((byte[]) recorder.last("standard").get(0)).isEqualTo(body);
        assertThat(http.post("/webhooks/standard", signed, JSON).statusCode()).isEqualTo(200);
        assertThat(recorder.calls("standard")).isEqualTo(1);
    }

    @Test
    void otherRouteWhenPostedThenNeitherBufferedNorVerified() throws Exception {
        HttpResponse<String> response = http.send(http.request("/other")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("plain body")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("plain body");
        assertThat(recorder.last("other")).containsExactly(false, false);
        assertThat(recorder.verified).isEmpty();
    }

    @Test
    void webhookRouteWhenMethodNotMappedThen405WithoutVerification() throws Exception {
        assertThat(http.send(http.request("/webhooks/stripe").GET()).statusCode())
                .isEqualTo(405);
        assertThat(recorder.rejections).isEmpty();
    }
}
