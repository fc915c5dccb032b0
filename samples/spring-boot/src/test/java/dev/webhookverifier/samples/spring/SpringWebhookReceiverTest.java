package dev.webhookverifier.samples.spring;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookverifier.Provider;
import dev.webhookverifier.Providers;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/** The sample as a user runs it: deliveries signed with the printed demo secrets are accepted, forgeries are not. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
class SpringWebhookReceiverTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Value("${local.server.port}")
    int port;

    @Test
    void deliveryWhenSignedWithPrintedDemoSecretThen204ForEveryProvider() throws Exception {
        assertThat(post("stripe", Providers.stripe(), "STRIPE_WEBHOOK_SECRET", false))
                .isEqualTo(204);
        assertThat(post("github", Providers.github(), "GITHUB_WEBHOOK_SECRET", false))
                .isEqualTo(204);
        assertThat(post("slack", Providers.slack(), "SLACK_SIGNING_SECRET", false))
                .isEqualTo(204);
        assertThat(post("standard-webhooks", Providers.standardWebhooks(), "STANDARD_WEBHOOKS_SECRET", false))
                .isEqualTo(204);
    }

    @Test
    void deliveryWhenTamperedThen401ForEveryProvider() throws Exception {
        assertThat(post("stripe", Providers.stripe(), "STRIPE_WEBHOOK_SECRET", true))
                .isEqualTo(401);
        assertThat(post("github", Providers.github(), "GITHUB_WEBHOOK_SECRET", true))
                .isEqualTo(401);
        assertThat(post("slack", Providers.slack(), "SLACK_SIGNING_SECRET", true))
                .isEqualTo(401);
        assertThat(post("standard-webhooks", Providers.standardWebhooks(), "STANDARD_WEBHOOKS_SECRET", true))
                .isEqualTo(401);
    }

    @Test
    void slackUrlVerificationWhenSignedThenChallengeAnsweredWithoutRunningTheController() throws Exception {
        WebhookSigner signer = WebhookSigner.of(
                Providers.slack(),
                WebhookSecret.of("demo", SpringWebhookReceiver.DEMO_SECRETS.get("SLACK_SIGNING_SECRET")));
        String challenge = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P";
        WebhookRequest probe = signer.sign("{\"token\":\"Jhj5dZrVaK7ZwHHjRyZWjbDl\",\"challenge\":\"" + challenge
                + "\",\"type\":\"url_verification\"}");

        HttpResponse<String> answer = exchange(probe, probe.body());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(challenge);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));

        HttpResponse<String> forged =
                exchange(probe, "{\"type\":\"url_verification\",\"challenge\":\"forged\"}".getBytes(UTF_8));
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body()).doesNotContain("forged");
    }

    private HttpResponse<String> exchange(WebhookRequest signed, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/slack"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signed.headers().forEach((name, values) -> values.forEach(v -> request.header(name, v)));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private int post(String path, Provider provider, String secretName, boolean tamper) throws Exception {
        WebhookSigner signer = WebhookSigner.of(
                provider, WebhookSecret.of("demo", SpringWebhookReceiver.DEMO_SECRETS.get(secretName)));
        boolean form = path.equals("slack");
        String body = form
                ? "token=x&text=%2Aurgent%2A+now&id=" + UUID.randomUUID()
                : "{\"type\":\"demo.event\",\"id\":\"" + UUID.randomUUID() + "\"}";
        String contentType = form ? "application/x-www-form-urlencoded" : "application/json";
        WebhookRequest signed = signer.sign(
                WebhookRequest.builder().body(body, UTF_8).build(), "msg_" + UUID.randomUUID(), Instant.now());
        byte[] sent =
                tamper ? body.replace("demo", "evil").replace("urgent", "evil").getBytes(UTF_8) : signed.body();
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/webhooks/" + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(sent));
        signed.headers().forEach((name, values) -> values.forEach(v -> request.header(name, v)));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
