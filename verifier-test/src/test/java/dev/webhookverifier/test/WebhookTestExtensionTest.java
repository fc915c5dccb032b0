package dev.webhookverifier.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookverifier.Providers;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookSigner;
import dev.webhookverifier.WebhookVerifier;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The extension's signers drive the project's servlet sample over real HTTP. */
@ExtendWith(WebhookTestExtension.class)
class WebhookTestExtensionTest {
    static SampleReceiver sample;

    TestClock clockInBeforeEach;
    WebhookSigners signersInBeforeEach;

    @BeforeAll
    static void startSample() throws Exception {
        sample = SampleReceiver.start(Map.of());
    }

    @AfterAll
    static void stopSample() throws Exception {
        sample.close();
    }

    /**
     * A body with a unique event id: the test clock stands still, so two identical bodies signed for a provider
     * without a signed delivery id (Stripe, Slack) would be identical requests, and the sample's replay protection
     * would answer the second as a duplicate.
     */
    static String event(String type) {
        return "{\"id\":\"evt_" + UUID.randomUUID() + "\",\"type\":\"" + type + "\"}";
    }

    @BeforeEach
    void capture(TestClock clock, WebhookSigners signers) {
        clockInBeforeEach = clock;
        signersInBeforeEach = signers;
    }

    @Test
    void parametersWhenInjectedIntoBeforeEachAndTestThenSameClockAndFactory(TestClock clock, WebhookSigners signers) {
        assertThat(clock).isSameAs(clockInBeforeEach).isSameAs(signers.clock());
        assertThat(signers).isSameAs(signersInBeforeEach);
        assertThat(clock.instant()).isBetween(Instant.now().minusSeconds(60), Instant.now());
        assertThat(signers.secret("stripe")).isEqualTo(signers.secret("stripe"));
    }

    @Test
    void signerWhenAnnotatedWithSampleSecretThenSampleAnswers204(
            @Signer(provider = "stripe", secret = SampleReceiver.STRIPE_SECRET) WebhookSigner stripe,
            @Signer(provider = "slack", secret = SampleReceiver.SLACK_SECRET) WebhookSigner slack)
            throws Exception {
        assertThat(SampleReceiver.STRIPE_SECRET).isEqualTo(sample.demoSecret("STRIPE_WEBHOOK_SECRET"));
        assertThat(SampleReceiver.SLACK_SECRET).isEqualTo(sample.demoSecret("SLACK_SIGNING_SECRET"));

        assertThat(sample.post("stripe", stripe.sign(event("charge.succeeded"))))
                .isEqualTo(204);
        assertThat(sample.post("slack", slack.sign(event("event_callback")))).isEqualTo(204);
    }

    @Test
    void signerWhenClockMovedPastToleranceThenSampleAnswers401(
            @Signer(provider = "stripe", secret = SampleReceiver.STRIPE_SECRET) WebhookSigner stripe, TestClock clock)
            throws Exception {
        clock.advance(Duration.ofMinutes(-10));
        assertThat(sample.post("stripe", stripe.sign(event("charge.succeeded"))))
                .isEqualTo(401);
        clock.advance(Duration.ofMinutes(10));
        assertThat(sample.post("stripe", stripe.sign(event("charge.succeeded"))))
                .isEqualTo(204);
    }

    @Test
    void signerWhenNoSecretGivenThenUsesTheTestsGeneratedSecret(
            @Signer(provider = "github") WebhookSigner github, WebhookSigners signers) throws Exception {
        String secret = signers.secret("github");
        WebhookRequest signed = github.sign("{\"zen\":\"Keep it logically awesome.\"}");

        assertThat(sample.post("github", signed))
                .as("the sample has another secret")
                .isEqualTo(401);
        try (SampleReceiver configured = SampleReceiver.start(Map.of("GITHUB_WEBHOOK_SECRET", secret))) {
            assertThat(configured.post("github", signed)).isEqualTo(204);
        }
        assertThat(WebhookVerifier.builder(Providers.github())
                        .secrets(WebhookSecret.of("test", secret))
                        .build()
                        .verify(signed)
                        .providerId())
                .isEqualTo("github");
    }

    @Test
    void signersWhenStandardWebhooksThenVerifiesOnTheSameTestClock(WebhookSigners signers, TestClock clock)
            throws Exception {
        WebhookSigner signer = signers.signer("standard-webhooks");
        WebhookRequest signed = signer.sign("{\"type\":\"invoice.paid\"}");
        WebhookVerifier verifier = WebhookVerifier.builder(Providers.standardWebhooks())
                .secrets(WebhookSecret.of("test", signers.secret("standard-webhooks")))
                .clock(clock)
                .build();
        assertThat(verifier.verify(signed).timestamp()).contains(clock.instant());
        clock.advance(Duration.ofMinutes(6));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> verifier.verify(signed))
                .isInstanceOf(dev.webhookverifier.WebhookVerificationException.class);
    }
}
