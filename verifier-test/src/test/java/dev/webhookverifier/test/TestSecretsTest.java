package dev.webhookverifier.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookverifier.Provider;
import dev.webhookverifier.Providers;
import dev.webhookverifier.VerifiedDelivery;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookSigner;
import dev.webhookverifier.WebhookVerifier;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TestSecretsTest {
    private static final Instant NOW = Instant.parse("2026-11-27T09:00:00Z");

    static java.util.stream.Stream<String> sharedSecretProviders() {
        return Providers.ids().stream().filter(id -> !id.equals("discord") && !id.equals("sendgrid"));
    }

    @ParameterizedTest
    @MethodSource("sharedSecretProviders")
    void secretWhenGeneratedThenSignsAndVerifiesForEveryPreset(String id) throws Exception {
        String secret = TestSecrets.secret(id);
        assertThat(secret).hasSizeGreaterThanOrEqualTo(24);
        assertThat(TestSecrets.secret(id)).isNotEqualTo(secret);
        roundTrip(Providers.byId(id), WebhookSecret.of("test", secret), WebhookSecret.of("test", secret));
    }

    @Test
    void secretWhenStandardWebhooksOrSvixThenWhsecBase64Of32Bytes() {
        for (String id : new String[] {"standard-webhooks", "svix"}) {
            String secret = TestSecrets.secret(id);
            assertThat(secret).startsWith("whsec_");
            assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
        }
    }

    @Test
    void secretWhenStripeThenWhsecText() {
        assertThat(TestSecrets.secret("stripe")).matches("whsec_[A-Za-z0-9]{32}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"discord", "sendgrid", "standard-webhooks"})
    void keyPairWhenGeneratedThenPrivateHalfSignsAndPublicHalfVerifies(String id) throws Exception {
        TestSecrets.TestKeyPair pair = TestSecrets.keyPair(id);
        assertThat(pair.toString()).doesNotContain(pair.signingKey());
        roundTrip(Providers.byId(id), pair.signingSecret(), pair.verificationSecret());
        if (id.equals("discord")) {
            assertThat(pair.signingKey()).matches("[0-9a-f]{64}");
            assertThat(pair.verificationKey()).matches("[0-9a-f]{64}");
        }
    }

    @Test
    void keyPairWhenStandardWebhooksThenWhskSignsV1aAndWhpkVerifiesWhileSecretStaysWhsec() throws Exception {
        TestSecrets.TestKeyPair pair = TestSecrets.keyPair("standard-webhooks");
        WebhookRequest signed =
                TestSecrets.signer("standard-webhooks", pair.signingKey()).sign("{\"id\":\"evt_1\"}");

        assertThat(pair.signingKey()).startsWith("whsk_");
        assertThat(pair.verificationKey()).startsWith("whpk_");
        assertThat(signed.firstHeader("webhook-signature").orElseThrow()).startsWith("v1a,");
        assertThat(WebhookVerifier.builder(Providers.standardWebhooks())
                        .secrets(pair.verificationSecret())
                        .build()
                        .verify(signed)
                        .providerId())
                .isEqualTo("standard-webhooks");
        // the shared-secret path is unchanged: secret() still gives a whsec_ secret that signs v1
        assertThat(TestSecrets.signer("standard-webhooks", TestSecrets.secret("standard-webhooks"))
                        .sign("{}")
                        .firstHeader("webhook-signature")
                        .orElseThrow())
                .startsWith("v1,");
    }

    @Test
    void secretWhenProviderSignsWithPrivateKeyThenPointsToKeyPair() {
        assertThatThrownBy(() -> TestSecrets.secret("discord")).hasMessageContaining("keyPair");
        assertThatThrownBy(() -> TestSecrets.keyPair("stripe")).hasMessageContaining("TestSecrets.secret");
        assertThatThrownBy(() -> TestSecrets.keyPair("svix")).hasMessageContaining("TestSecrets.secret");
        assertThatThrownBy(() -> TestSecrets.secret("nope")).hasMessageContaining("unknown provider");
    }

    private static void roundTrip(Provider provider, WebhookSecret signing, WebhookSecret verifying) throws Exception {
        TestClock clock = TestClock.at(NOW);
        WebhookRequest signed = WebhookSigner.of(provider, signing, clock)
                .sign(
                        WebhookRequest.builder()
                                .url("https://receiver.example/webhooks?x=1")
                                .body("{\"id\":\"evt_1\"}".getBytes())
                                .build(),
                        "msg_1",
                        NOW);
        VerifiedDelivery delivery = WebhookVerifier.builder(provider)
                .secrets(verifying)
                .clock(clock)
                .build()
                .verify(signed);
        assertThat(delivery.providerId()).isEqualTo(provider.id());
    }
}
