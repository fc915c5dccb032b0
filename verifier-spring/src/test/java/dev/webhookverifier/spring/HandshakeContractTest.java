package dev.webhookverifier.spring;

import static dev.webhookverifier.spring.WebhookHttp.assertProblem;
import static dev.webhookverifier.spring.WebhookHttp.withBody;
import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookverifier.FailureReason;
import dev.webhookverifier.Providers;
import dev.webhookverifier.VerifiedDelivery;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookSigner;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * Handshakes configured by properties (Dropbox, Meta) and by a customizer (Asana) over real HTTP, run once on the
 * Spring MVC application ({@link MvcHandshakeTest}) and once on the WebFlux one ({@link ReactiveHandshakeTest}).
 */
abstract class HandshakeContractTest {
    private static final String JSON = "application/json";

    @Value("${local.server.port}")
    int port;

    @Autowired
    Recorder recorder;

    @Autowired
    AsanaHookSecrets asana;

    WebhookHttp http;

    @BeforeEach
    void setUp() {
        http = new WebhookHttp(port);
        recorder.reset();
        asana.reset();
    }

    @Test
    void dropboxChallengeWhenHandshakeConfiguredThenEchoedAndPostOnlyHandlerNeverRuns() throws Exception {
        String challenge = "Rh8zX2ruTq-" + UUID.randomUUID();
        HttpResponse<String> response = http.get("/webhooks/dropbox?challenge=" + challenge);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(challenge);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(
                        ct -> assertThat(ct.replace(" ", "")).isEqualToIgnoringCase("text/plain;charset=utf-8"));
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(recorder.calls("dropbox")).isZero();
        assertThat(recorder.rejections).isEmpty();
        assertThat(recorder.verified).isEmpty();
    }

    @Test
    void dropboxChallengeWhenItCarriesMarkupThen401NotEchoed() throws Exception {
        HttpResponse<String> response = http.get("/webhooks/dropbox?challenge=%3Cscript%3E");

        assertProblem(response, 401);
        assertThat(response.body()).doesNotContain("script");
        assertThat(recorder.calls("dropbox")).isZero();
        assertThat(recorder.rejections).containsExactly(FailureReason.MALFORMED_HEADER);
    }

    @Test
    void dropboxDeliveryWhenHandshakeConfiguredThenStillVerifiedAndHandlerRuns() throws Exception {
        String body = "{\"list_folder\":{\"accounts\":[\"dbid:" + UUID.randomUUID() + "\"]}}";
        HttpResponse<String> response = http.post("/webhooks/dropbox", TestSecrets.DROPBOX_SIGNER.sign(body), JSON);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("handled");
        assertThat(recorder.calls("dropbox")).isEqualTo(1);
        assertThat(recorder.last("dropbox").get(0)).isEqualTo(body);
        assertThat(((VerifiedDelivery) recorder.last("dropbox").get(1)).providerId())
                .isEqualTo("dropbox");

        WebhookRequest tampered = withBody(TestSecrets.DROPBOX_SIGNER.sign(body), body.replace("dbid", "dbix"));
        assertProblem(http.post("/webhooks/dropbox", tampered, JSON), 401);
        assertThat(recorder.calls("dropbox")).isEqualTo(1);
    }

    @Test
    void challengeWhenEndpointHasNoHandshakeThen401NotEchoedAndHandlerNeverRuns() throws Exception {
        HttpResponse<String> response = http.get("/webhooks/dropbox-plain?challenge=abc123xyz");

        assertProblem(response, 401);
        assertThat(response.body()).doesNotContain("abc123xyz");
        assertThat(recorder.calls("dropbox-plain")).isZero();
        assertThat(recorder.rejections).containsExactly(FailureReason.MISSING_HEADER);
    }

    @Test
    void metaChallengeWhenVerifyTokenMatchesThenEchoedAndNoHandlerRuns() throws Exception {
        HttpResponse<String> response = http.get("/webhooks/meta?hub.mode=subscribe&hub.challenge=1158201444"
                + "&hub.verify_token=" + TestSecrets.META_VERIFY_TOKEN);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("1158201444");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(recorder.calls("meta-get")).isZero();
        assertThat(recorder.calls("meta")).isZero();
    }

    @Test
    void metaChallengeWhenVerifyTokenWrongThen401AndNoHandlerRuns() throws Exception {
        HttpResponse<String> response =
                http.get("/webhooks/meta?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=guessed-token");

        assertProblem(response, 401);
        assertThat(response.body()).doesNotContain("1158201444");
        assertThat(recorder.calls("meta-get")).isZero();
        assertThat(recorder.rejections).containsExactly(FailureReason.SIGNATURE_MISMATCH);
    }

    @Test
    void metaDeliveryWhenSignedThenVerifiedAndHandlerRuns() throws Exception {
        String body = "{\"object\":\"page\",\"entry\":[{\"id\":\"" + UUID.randomUUID() + "\"}]}";
        HttpResponse<String> response = http.post("/webhooks/meta", TestSecrets.META_SIGNER.sign(body), JSON);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(recorder.calls("meta")).isEqualTo(1);
        assertThat(recorder.last("meta").get(0)).isEqualTo(body);
    }

    @Test
    void asanaHookSecretWhenReceiverAcceptsThenEchoedAndLaterDeliveriesVerifiedWithIt() throws Exception {
        String secret = UUID.randomUUID().toString().replace("-", "");
        HttpResponse<String> response = http.post(
                "/webhooks/asana",
                WebhookRequest.builder().header("X-Hook-Secret", secret).build(),
                JSON);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Hook-Secret")).hasValue(secret);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.body()).isEmpty();
        assertThat(asana.offered).containsExactly(secret);
        assertThat(recorder.calls("asana")).isZero();

        String body = "{\"events\":[{\"action\":\"changed\",\"n\":\"" + UUID.randomUUID() + "\"}]}";
        WebhookSigner signer = WebhookSigner.of(Providers.asana(), WebhookSecret.of("hook", secret));
        assertThat(http.post("/webhooks/asana", signer.sign(body), JSON).statusCode())
                .isEqualTo(200);
        assertThat(recorder.calls("asana")).isEqualTo(1);
        assertThat(recorder.last("asana").get(0)).isEqualTo(body);
    }

    @Test
    void asanaHookSecretWhenReceiverRefusesThen401NotEchoedAndHandlerNeverRuns() throws Exception {
        asana.accepting = false;
        String secret = UUID.randomUUID().toString().replace("-", "");
        HttpResponse<String> response = http.post(
                "/webhooks/asana",
                WebhookRequest.builder().header("X-Hook-Secret", secret).build(),
                JSON);

        assertProblem(response, 401);
        assertThat(response.headers().firstValue("X-Hook-Secret")).isEmpty();
        assertThat(response.body()).doesNotContain(secret);
        assertThat(recorder.calls("asana")).isZero();
        assertThat(recorder.rejections).containsExactly(FailureReason.NO_SECRET);
    }

    @Test
    void webhookRouteWithoutHandshakesWhenMethodNotMappedThenStill405() throws Exception {
        HttpResponse<String> response = http.get("/webhooks/stripe?challenge=abc");

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.body()).doesNotContain("abc");
        assertThat(recorder.rejections).isEmpty();
    }
}
