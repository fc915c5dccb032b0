package dev.webhookverifier.test.wiremock;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.webhookverifier.test.wiremock.SignedWebhookListener.signedWebhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.webhookverifier.test.SampleReceiver;
import dev.webhookverifier.test.TestSecrets;
import dev.webhookverifier.test.wiremock.SignedWebhookListener.DeliveryResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * WireMock stands in for the provider's API; after it answers {@code POST /v1/charges} it fires a signed delivery at
 * the project's servlet sample over real HTTP.
 */
class SignedWebhookListenerTest {
    static final SignedWebhookListener WEBHOOKS = new SignedWebhookListener();

    @RegisterExtension
    static final WireMockExtension PROVIDER_API = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").extensions(WEBHOOKS))
            .build();

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static SampleReceiver sample;

    @BeforeAll
    static void startSample() throws Exception {
        sample = SampleReceiver.start(Map.of());
    }

    @AfterAll
    static void stopSample() throws Exception {
        sample.close();
    }

    @BeforeEach
    void forgetDeliveries() {
        WEBHOOKS.reset();
    }

    @Test
    void stubWhenServedThenSignedChargeSucceededReachesSampleWith204() throws Exception {
        PROVIDER_API.stubFor(post("/v1/charges")
                .willReturn(okJson("{\"id\":\"ch_1\",\"object\":\"charge\"}"))
                .withServeEventListener(
                        SignedWebhookListener.NAME,
                        signedWebhook("stripe", SampleReceiver.STRIPE_SECRET)
                                .to(sample.url("stripe"))
                                .body(
                                        "{\"id\":\"evt_1\",\"type\":\"charge.succeeded\",\"data\":{\"object\":{\"id\":\"ch_1\"}}}")
                                .parameters()));

        assertThat(callProviderApi("/v1/charges")).isEqualTo(200);

        List<DeliveryResult> deliveries = WEBHOOKS.awaitDeliveries(1, Duration.ofSeconds(10));
        assertThat(deliveries).singleElement().satisfies(d -> {
            assertThat(d.error()).isNull();
            assertThat(d.providerId()).isEqualTo("stripe");
            assertThat(d.url()).isEqualTo(URI.create(sample.url("stripe")));
            assertThat(d.status()).isEqualTo(204);
        });
        PROVIDER_API.verify(1, postRequestedFor(urlEqualTo("/v1/charges")));
    }

    @Test
    void stubWhenTamperedThenSampleAnswers401() throws Exception {
        PROVIDER_API.stubFor(post("/v1/charges")
                .willReturn(okJson("{\"id\":\"ch_2\"}"))
                .withServeEventListener(
                        SignedWebhookListener.NAME,
                        signedWebhook("stripe", SampleReceiver.STRIPE_SECRET)
                                .to(sample.url("stripe"))
                                .body("{\"type\":\"charge.succeeded\"}")
                                .tampered()
                                .parameters()));

        callProviderApi("/v1/charges");

        assertThat(WEBHOOKS.awaitDeliveries(1, Duration.ofSeconds(10)))
                .singleElement()
                .extracting(DeliveryResult::status)
                .isEqualTo(401);
    }

    @Test
    void stubWhenSeveralProvidersAndDelayThenEachDeliveryVerifies() throws Exception {
        String secret = TestSecrets.secret("standard-webhooks");
        try (SampleReceiver configured = SampleReceiver.start(Map.of("STANDARD_WEBHOOKS_SECRET", secret))) {
            PROVIDER_API.stubFor(post("/api/v1/messages")
                    .withRequestBody(equalTo("{\"event\":\"user.created\"}"))
                    .willReturn(okJson("{\"id\":\"msg_1\"}"))
                    .withServeEventListener(
                            SignedWebhookListener.NAME,
                            signedWebhook("standard-webhooks", secret)
                                    .to(configured.url("standard-webhooks"))
                                    .body("{\"type\":\"user.created\"}")
                                    .header("User-Agent", "Svix-Webhooks/1.0")
                                    .delay(Duration.ofMillis(50))
                                    .parameters())
                    .withServeEventListener(
                            SignedWebhookListener.NAME,
                            signedWebhook("slack", SampleReceiver.SLACK_SECRET)
                                    .to(sample.url("slack"))
                                    .body("{\"type\":\"event_callback\"}")
                                    .parameters()));

            callProviderApi("/api/v1/messages", "{\"event\":\"user.created\"}");

            assertThat(WEBHOOKS.awaitDeliveries(2, Duration.ofSeconds(10)))
                    .extracting(DeliveryResult::providerId, DeliveryResult::status)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("standard-webhooks", 204),
                            org.assertj.core.groups.Tuple.tuple("slack", 204));
        }
    }

    @Test
    void stubWhenNotServedThenNothingIsDelivered() throws Exception {
        PROVIDER_API.stubFor(post("/v1/refunds")
                .willReturn(okJson("{}"))
                .withServeEventListener(
                        SignedWebhookListener.NAME,
                        signedWebhook("stripe", SampleReceiver.STRIPE_SECRET)
                                .to(sample.url("stripe"))
                                .body("{}")
                                .parameters()));

        assertThatThrownBy(() -> WEBHOOKS.awaitDeliveries(1, Duration.ofMillis(300)))
                .isInstanceOf(TimeoutException.class);
    }

    @Test
    void deliveryWhenMisconfiguredThenFailsAtStubTime() {
        assertThatThrownBy(() -> signedWebhook("stripe", "sk_test_123456789012345678901234"))
                .hasMessageContaining("API key");
        assertThatThrownBy(() -> signedWebhook("nope", "x")).hasMessageContaining("unknown provider");
        assertThatThrownBy(() ->
                        signedWebhook("stripe", SampleReceiver.STRIPE_SECRET).parameters())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("to(url)");
    }

    private static int callProviderApi(String path) throws Exception {
        return callProviderApi(path, "amount=2000&currency=usd");
    }

    private static int callProviderApi(String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(PROVIDER_API.baseUrl() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
