package dev.webhookverifier.samples.jersey;

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
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sample as a user runs it: deliveries signed with the printed demo secrets are accepted, forgeries are not, and
 * a duplicate is acknowledged without running the resource again.
 */
class JerseyWebhookReceiverTest {
    static JerseyWebhookReceiver receiver;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        receiver = JerseyWebhookReceiver.start(0, Map.of());
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

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
    void deliveryWhenSentTwiceThenSecondAcknowledgedWith200() throws Exception {
        WebhookSigner signer = WebhookSigner.of(
                Providers.standardWebhooks(),
                WebhookSecret.of("demo", JerseyWebhookReceiver.DEMO_SECRETS.get("STANDARD_WEBHOOKS_SECRET")));
        WebhookRequest signed = signer.sign("{\"event\":\"" + UUID.randomUUID() + "\"}");

        assertThat(send("standard-webhooks", signed, signed.body())).isEqualTo(204);
        assertThat(send("standard-webhooks", signed, signed.body())).isEqualTo(200);
    }

    @Test
    void slackUrlVerificationWhenSignedThenChallengeAnsweredWithoutRunningTheResource() throws Exception {
        WebhookSigner signer = WebhookSigner.of(
                Providers.slack(),
                WebhookSecret.of("demo", JerseyWebhookReceiver.DEMO_SECRETS.get("SLACK_SIGNING_SECRET")));
        String challenge = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P";
        WebhookRequest probe = signer.sign("{\"token\":\"Jhj5dZrVaK7ZwHHjRyZWjbDl\",\"challenge\":\"" + challenge
                + "\",\"type\":\"url_verification\"}");

        HttpResponse<String> answer = exchange("slack", probe, probe.body());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(challenge);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));

        byte[] forged = "{\"type\":\"url_verification\",\"challenge\":\"forged\"}".getBytes();
        HttpResponse<String> refused = exchange("slack", probe, forged);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).doesNotContain("forged");
    }

    private static HttpResponse<String> exchange(String path, WebhookRequest signed, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + receiver.port() + "/webhooks/" + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signed.headers().forEach((name, values) -> values.forEach(v -> request.header(name, v)));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int post(String path, Provider provider, String secretName, boolean tamper) throws Exception {
        WebhookSigner signer = WebhookSigner.of(
                provider, WebhookSecret.of("demo", JerseyWebhookReceiver.DEMO_SECRETS.get(secretName)));
        WebhookRequest signed = signer.sign("{\"event\":\"" + UUID.randomUUID() + "\"}");
        byte[] body = tamper ? "{\"event\":\"forged\"}".getBytes() : signed.body();
        return send(path, signed, body);
    }

    private static int send(String path, WebhookRequest signed, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + receiver.port() + "/webhooks/" + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signed.headers().forEach((name, values) -> values.forEach(v -> request.header(name, v)));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
