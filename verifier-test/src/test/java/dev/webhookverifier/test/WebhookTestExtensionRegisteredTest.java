package dev.webhookverifier.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookSigner;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The same extension registered as a field instead of with {@code @ExtendWith}. */
class WebhookTestExtensionRegisteredTest {
    @RegisterExtension
    static final WebhookTestExtension WEBHOOKS = new WebhookTestExtension();

    @Test
    void signerWhenRegisteredAsFieldThenSampleAnswers204(
            @Signer(provider = "standard-webhooks") WebhookSigner signer, WebhookSigners signers) throws Exception {
        WebhookRequest signed = signer.sign("{\"type\":\"user.created\"}");
        try (SampleReceiver sample =
                SampleReceiver.start(Map.of("STANDARD_WEBHOOKS_SECRET", signers.secret("standard-webhooks")))) {
            assertThat(sample.post("standard-webhooks", signed)).isEqualTo(204);
        }
    }
}
