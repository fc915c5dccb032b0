package dev.webhookverifier.spring.mvc;

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
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/** Spring MVC on Tomcat over real HTTP: @VerifiedWebhook handlers for Stripe, GitHub, Slack and Standard Webhooks. */
@MvcAppTest
class MvcWebhookTest {
    private static final String JSON = "application/json";
    private static final String FORM = "application/x-www-form-urlencoded";

    @Value("${local.server.port}")
    int port;

    @Autowired
    Recorder recorder;

    WebhookHttp http;

    @BeforeEach
    void setUp() {
        http = new WebhookHttp(port);
        recorder.reset();
    }

    private static String event() {
        return "{\"id\":\"evt_" + UUID.randomUUID() + "\",\"amount\":  1000, \"note\":\"caf\u00e9\"}\n";
    }

    @Test
    void stripeJsonWhenSignedThenHandlerReadsExactBytesAndDelivery() throws Exception {
        String body = event();
        HttpResponse<String> response = http.post("/webhooks/stripe", TestSecrets.STRIPE_SIGNER.sign(body), JSON);

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(recorder.calls("stripe")).isEqualTo(1);
        assertThat(recorder.last("stripe").get(0)).isEqualTo(body);
        VerifiedDelivery delivery = (VerifiedDelivery) recorder.last("stripe").get(1);
        assertThat(delivery.providerId()).isEqualTo("stripe");
        assertThat(delivery.secretId()).isEqualTo("current");
        assertThat(delivery.body()).isEqualTo(body.getBytes(UTF_8));
    }

    @Test
    void stripeWhenBodyTamperedThen401AndHandlerNeverRuns() throws Exception {
        WebhookRequest signed = TestSecrets.STRIPE_SIGNER.sign("{\"amount\":1000}");
        HttpResponse<String> response = http.post("/webhooks/stripe", withBody(signed, "{\"amount\":9000}"), JSON);

        assertProblem(response, 401);
        assertThat(recorder.calls("stripe")).isZero();
        assertThat(recorder.rejections).containsExactly(FailureReason.SIGNATURE_MISMATCH);
    }

    @Test
    void stripeWhenUnsignedThen401() throws Exception {
        WebhookRequest unsigned = WebhookRequest.builder().body(event(), UTF_8).build();
        assertProblem(http.post("/webhooks/stripe", unsigned, JSON), 401);
        assertThat(recorder.calls("stripe")).isZero();
        assertThat(recorder.rejections).containsExactly(FailureReason.MISSING_HEADER);
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
        assertThat(recorder.rejections).containsExactly(FailureReason.REPLAYED);
    }

    @Test
    void stripeWhenHandlerAnswers500ThenProviderRetryIsProcessed() throws Exception {
        WebhookRequest signed = TestSecrets.STRIPE_SIGNER.sign("{\"fail\":true}");

        assertThat(http.post("/webhooks/stripe", signed, JSON).statusCode()).isEqualTo(500);
        assertThat(http.post("/webhooks/stripe", signed, JSON).statusCode()).isEqualTo(500);
        assertThat(recorder.calls("stripe")).isEqualTo(2);
    }

    @Test
    void stripeWhenSignedWithRotatedSecretThenAcceptedUntilItsDeadline() throws Exception {
        assertThat(http.post("/webhooks/stripe", TestSecrets.STRIPE_OLD_SIGNER.sign(event()), JSON)
                        .statusCode())
                .isEqualTo(204);
        assertThat(((VerifiedDelivery) recorder.last("stripe").get(1)).secretId())
                .isEqualTo("old");

        assertProblem(http.post("/webhooks/stripe", TestSecrets.STRIPE_EXPIRED_SIGNER.sign(event()), JSON), 401);
        assertThat(recorder.calls("stripe")).isEqualTo(1);
    }

    @Test
    void stripeWhenBodyOverMaxBodySizeThen413() throws Exception {
        String big = "{\"pad\":\"" + "x".repeat(70 * 1024) + "\"}";
        assertProblem(http.post("/webhooks/stripe", TestSecrets.STRIPE_SIGNER.sign(big), JSON), 413);
        assertThat(recorder.calls("stripe")).isZero();
    }

    @Test
    void githubWhenSignedThenMetaAnnotatedHandlerGetsDtoAndDuplicateIsAcknowledged() throws Exception {
        String body = "{\"action\":\"opened\",\"number\":" + System.nanoTime() + ",\"extra\":{\"x\":[1,2]}}";
        WebhookRequest signed = TestSecrets.GITHUB_SIGNER.sign(body);

        assertThat(http.post("/webhooks/github", signed, JSON).statusCode()).isEqualTo(204);
        MvcTestApplication.GitHubEvent event =
                (MvcTestApplication.GitHubEvent) recorder.last("github").get(0);
        assertThat(event.action()).isEqualTo("opened");
        assertThat(((VerifiedDelivery) recorder.last("github").get(1)).providerId())
                .isEqualTo("github");

        assertThat(http.post("/webhooks/github", signed, JSON).statusCode()).isEqualTo(200);
        assertThat(recorder.calls("github")).isEqualTo(1);
    }

    @Test
    void githubWhenSignedWithAnotherSecretThen401() throws Exception {
        WebhookRequest forged = TestSecrets.STRIPE_SIGNER.sign("{\"action\":\"opened\"}");
        assertProblem(http.post("/webhooks/github", forged, JSON), 401);
        assertThat(recorder.calls("github")).isZero();
    }

    @Test
    void slackFormWhenBodyHasEscapedStarAndPlusThenParamsAreDecodedAndRawBytesVerified() throws Exception {
        String body = "token=tok&team_id=T1&command=%2Fsearch&text=find+%2Aimportant%2A+stuff+%26+more"
                + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2F1&nonce=" + UUID.randomUUID();
        HttpResponse<String> response = http.post("/webhooks/slack", TestSecrets.SLACK_SIGNER.sign(body), FORM);

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(recorder.last("slack")).containsExactly("/search", "find *important* stuff & more", body, body);
    }

    @Test
    void slackFormWhenReencodedThen401() throws Exception {
        // What a framework that rebuilds the form body would verify: %2A became '*'.
        String body = "command=%2Fsearch&text=find+%2Aimportant%2A";
        WebhookRequest signed = TestSecrets.SLACK_SIGNER.sign(body);
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
        VerifiedDelivery delivery = (VerifiedDelivery) recorder.last("standard").get(1);
        assertThat(delivery.deliveryId()).isEqualTo(signed.firstHeader("webhook-id"));

        assertThat(http.post("/webhooks/standard", signed, JSON).statusCode()).isEqualTo(200);
        assertThat(recorder.calls("standard")).isEqualTo(1);
    }

    @Test
    void standardWebhooksWhenAsyncHandlerCompletesThenDuplicateIsAcknowledged() throws Exception {
        WebhookRequest signed = TestSecrets.STANDARD_SIGNER.sign("{\"n\":\"" + UUID.randomUUID() + "\"}");

        assertThat(http.post("/webhooks/standard/async", signed, JSON).statusCode())
                .isEqualTo(204);
        assertThat(http.post("/webhooks/standard/async", signed, JSON).statusCode())
                .isEqualTo(200);
        assertThat(recorder.calls("standard-async")).isEqualTo(1);
    }

    @Test
    void standardWebhooksWhenFutureDatedBeyondToleranceThen401() throws Exception {
        WebhookRequest future = TestSecrets.STANDARD_SIGNER.sign(
                WebhookRequest.builder().body("{}", UTF_8).build(),
                "msg_future",
                Instant.now().plus(5, ChronoUnit.MINUTES));
        assertProblem(http.post("/webhooks/standard", future, JSON), 401);
        assertThat(recorder.rejections).containsExactly(FailureReason.TIMESTAMP_IN_FUTURE);
    }

    @Test
    void otherRouteWhenPostedThenNeitherBufferedNorVerified() throws Exception {
        HttpResponse<String> response = http.send(http.request("/other")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("plain body")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("plain body");
        assertThat(recorder.last("other")).containsExactly(false, false);
        assertThat(recorder.rejections).isEmpty();
        assertThat(recorder.verified).isEmpty();
    }

    @Test
    void webhookHandlerWhenReachedByForwardWithoutVerificationThenInterceptorRejects() throws Exception {
        HttpResponse<String> response = http.post("/forward-to-stripe", TestSecrets.STRIPE_SIGNER.sign(event()), JSON);

        assertProblem(response, 401);
        assertThat(recorder.calls("stripe")).isZero();
    }

    @Test
    void webhookRouteWhenMethodNotMappedThen405WithoutVerification() throws Exception {
        HttpResponse<String> response =
                http.send(http.request("/webhooks/stripe").GET());
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(recorder.rejections).isEmpty();
    }
}
