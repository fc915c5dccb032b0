package dev.webhookverifier.spring.mvc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookverifier.WebhookVerifierRegistry;
import dev.webhookverifier.spring.TestSecrets;
import dev.webhookverifier.spring.WebhookHttp;
import dev.webhookverifier.spring.WebhooksProperties;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/** Secrets stay out of the actuator's env and configprops output, even with show-values=always. */
@MvcAppTest
class ActuatorMaskingTest {
    private static final List<String> SECRETS = List.of(
            TestSecrets.STRIPE,
            TestSecrets.STRIPE_OLD,
            TestSecrets.STRIPE_EXPIRED,
            TestSecrets.GITHUB,
            TestSecrets.SLACK,
            TestSecrets.STANDARD,
            TestSecrets.DROPBOX,
            TestSecrets.META,
            TestSecrets.META_VERIFY_TOKEN,
            "7d1e2f3a4b5c",
            // the distinctive parts, in case a value were escaped or cut
            "5f0c1d2e3b4a5968",
            "0123456789abcdef",
            "d1e4cb472b42d9f2",
            "BwgJCgsMDQ4PEBES");

    @Value("${local.server.port}")
    int port;

    @Autowired
    WebhooksProperties properties;

    @Autowired
    WebhookVerifierRegistry registry;

    @Test
    void envEndpointWhenValuesShownThenSecretsMasked() throws Exception {
        HttpResponse<String> env = new WebhookHttp(port).get("/actuator/env");

        assertThat(env.statusCode()).isEqualTo(200);
        assertThat(env.body()).contains("webhooks.endpoints.stripe.secrets[0].secret");
        assertThat(env.body()).contains("webhooks.endpoints.meta.meta-verify-token");
        assertThat(env.body()).contains("webhooks.endpoints.stripe.provider"); // values are shown...
        assertThat(env.body()).contains("unrelated.holder");
        for (String secret : SECRETS) {
            assertThat(env.body()).doesNotContain(secret); // ...but not the secrets
        }
    }

    @Test
    void configpropsEndpointWhenValuesShownThenSecretsMasked() throws Exception {
        HttpResponse<String> configprops = new WebhookHttp(port).get("/actuator/configprops");

        assertThat(configprops.statusCode()).isEqualTo(200);
        assertThat(configprops.body())
                .contains("webhooks")
                .contains("\"provider\":\"stripe\"")
                .contains("metaVerifyToken")
                .contains("dropbox-challenge");
        for (String secret : SECRETS) {
            assertThat(configprops.body()).doesNotContain(secret);
        }
    }

    @Test
    void toStringWhenConfiguredThenNoSecret() {
        for (String text : List.of(properties.toString(), registry.toString())) {
            assertThat(text).contains("current");
            for (String secret : SECRETS) {
                assertThat(text).doesNotContain(secret);
            }
        }
    }
}
