package dev.webhookverifier.test.spring;

import static dev.webhookverifier.test.spring.WebTestClientWebhooks.signedWebhook;

import dev.webhookverifier.test.SampleReceiver;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The WebTestClient helper signs requests that the project's servlet sample accepts over real HTTP. */
class WebTestClientWebhooksTest {
    static SampleReceiver sample;
    static WebTestClient client;

    @BeforeAll
    static void start() throws Exception {
        sample = SampleReceiver.start(Map.of());
        client = WebTestClient.bindToServer(new JdkClientHttpConnector())
                .baseUrl(sample.baseUrl())
                .responseTimeout(Duration.ofSeconds(10))
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        sample.close();
    }

    @Test
    void postWhenSignedThenSampleAnswers204() {
        signedWebhook("stripe", SampleReceiver.STRIPE_SECRET)
                .body("{\"type\":\"charge.succeeded\"}")
                .post(client, "/webhooks/stripe")
                .exchange()
                .expectStatus()
                .isNoContent();
        signedWebhook("slack", SampleReceiver.SLACK_SECRET)
                .body("token=x&team_id=T1&command=%2Fweather")
                .contentType("application/x-www-form-urlencoded")
                .post(client, sample.url("slack"))
                .exchange()
                .expectStatus()
                .isNoContent();
    }

    @Test
    void postWhenTamperedOrStaleThenSampleAnswers401() {
        signedWebhook("stripe", SampleReceiver.STRIPE_SECRET)
                .body("{\"amount\":100}")
                .tampered()
                .post(client, "/webhooks/stripe")
                .exchange()
                .expectStatus()
                .isUnauthorized();
        signedWebhook("stripe", SampleReceiver.STRIPE_SECRET)
                .body("{}")
                .signedAt(Instant.now().minusSeconds(600))
                .post(client, "/webhooks/stripe")
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void applyToWhenRequestStartedByCallerThenSignedToo() {
        signedWebhook("stripe", SampleReceiver.STRIPE_SECRET)
                .body("{\"type\":\"payout.paid\"}")
                .applyTo(client.post().uri("/webhooks/stripe"))
                .exchange()
                .expectStatus()
                .isNoContent();
    }
}
