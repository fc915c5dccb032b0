package dev.webhookverifier.spring.mvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookverifier.spring.TestSecrets;
import dev.webhookverifier.spring.WebhookConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** What a developer sees when the real application cannot start: Spring Boot's failure report, with the fix. */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureReportTest {
    private static final String[] BASE = {
        "server.port=0",
        "server.address=127.0.0.1",
        "spring.main.banner-mode=off",
        "webhooks.endpoints.slack.provider=slack",
        "webhooks.endpoints.slack.secrets[0].secret=" + TestSecrets.SLACK,
        "webhooks.endpoints.standard.provider=standard-webhooks",
        "webhooks.endpoints.standard.secrets[0].secret=" + TestSecrets.STANDARD,
        // the handshake endpoints of MvcTestApplication
        "webhooks.endpoints.dropbox.provider=dropbox",
        "webhooks.endpoints.dropbox.secrets[0].secret=" + TestSecrets.DROPBOX,
        "webhooks.endpoints.dropbox.replay.retention=3d",
        "webhooks.endpoints.dropbox.handshakes=dropbox-challenge",
        "webhooks.endpoints.dropbox-plain.provider=dropbox",
        "webhooks.endpoints.dropbox-plain.secrets[0].secret=" + TestSecrets.DROPBOX,
        "webhooks.endpoints.dropbox-plain.replay.retention=3d",
        "webhooks.endpoints.meta.provider=meta",
        "webhooks.endpoints.meta.secrets[0].secret=" + TestSecrets.META,
        "webhooks.endpoints.meta.replay.retention=3d",
        "webhooks.endpoints.asana.provider=asana",
        "webhooks.endpoints.asana.replay.retention=3d"
    };

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    @Test
    void applicationWhenAnnotationNamesUnconfiguredEndpointThenReportNamesHandlerAndFix(CapturedOutput output) {
        // github is not configured, but MvcTestApplication's GitHubController carries @GitHubWebhook
        assertThatThrownBy(() -> new SpringApplicationBuilder(MvcTestApplication.class)
                        .properties(BASE)
                        .properties(
                                "webhooks.endpoints.stripe.provider=stripe",
                                "webhooks.endpoints.stripe.secrets[0].secret=" + TestSecrets.STRIPE)
                        .run())
                .extracting(StartupFailureReportTest::rootCause)
                .isInstanceOf(WebhookConfigurationException.class);

        assertThat(output.getAll())
                .contains("APPLICATION FAILED TO START")
                .contains("@VerifiedWebhook(\"github\") on " + MvcTestApplication.class.getName())
                .contains("Action:")
                .contains("webhooks.endpoints.github.provider");
    }

    @Test
    void applicationWhenHandshakeOnWrongProviderThenReportNamesPropertyAndFix(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(MvcTestApplication.class)
                        .properties(BASE)
                        .properties(
                                "webhooks.endpoints.stripe.provider=stripe",
                                "webhooks.endpoints.stripe.secrets[0].secret=" + TestSecrets.STRIPE,
                                "webhooks.endpoints.stripe.handshakes=dropbox-challenge",
                                "webhooks.endpoints.github.provider=github",
                                "webhooks.endpoints.github.secrets[0].secret=" + TestSecrets.GITHUB,
                                "webhooks.endpoints.github.replay.retention=3d")
                        .run())
                .extracting(StartupFailureReportTest::rootCause)
                .isInstanceOf(WebhookConfigurationException.class);

        assertThat(output.getAll())
                .contains("APPLICATION FAILED TO START")
                .contains("webhooks.endpoints.stripe.handshakes[0]: handshake 'dropbox-challenge' does not apply to"
                        + " provider 'stripe'")
                .contains("Action:");
    }

    @Test
    void applicationWhenSecretMalformedThenReportNamesPropertyWithoutTheSecret(CapturedOutput output) {
        String wrong = "sk_live_0123456789abcdefghijklmnop";
        assertThatThrownBy(() -> new SpringApplicationBuilder(MvcTestApplication.class)
                        .properties(BASE)
                        .properties(
                                "webhooks.endpoints.stripe.provider=stripe",
                                "webhooks.endpoints.stripe.secrets[0].secret=" + wrong)
                        .run())
                .extracting(StartupFailureReportTest::rootCause)
                .isInstanceOf(WebhookConfigurationException.class);

        assertThat(output.getAll())
                .contains("APPLICATION FAILED TO START")
                .contains("webhooks.endpoints.stripe (provider 'stripe'): secret '0'")
                .contains("Action:")
                .doesNotContain(wrong)
                .doesNotContain("0123456789abcdefghijklmnop");
    }
}
