package dev.webhookverifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookKeyPairTest {
    private static final Instant NOW = Instant.parse("2026-11-27T09:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @ParameterizedTest
    @ValueSource(strings = {"discord", "sendgrid", "standard-webhooks"})
    void generateWhenPublicKeyProviderThenPrivateHalfSignsAndPublicHalfVerifies(String id) throws Exception {
        Provider provider = Providers.byId(id);
        WebhookKeyPair pair = WebhookKeyPair.generate(provider);

        WebhookRequest signed = WebhookSigner.of(provider, pair.signingSecret("test"), CLOCK)
                .sign(WebhookRequest.builder().body("{\"id\":1}".getBytes()).build(), "msg_1", NOW);
        VerifiedDelivery delivery = WebhookVerifier.builder(provider)
                .secrets(pair.verificationSecret("pub"))
                .clock(CLOCK)
                .build()
                .verify(signed);

        assertThat(pair.providerId()).isEqualTo(id);
        assertThat(delivery.secretId()).isEqualTo("pub");
    }

    @ParameterizedTest
    @ValueSource(strings = {"discord", "sendgrid", "standard-webhooks"})
    void generateWhenCalledTwiceThenTheOtherPairsPublicKeyRejects(String id) {
        Provider provider = Providers.byId(id);
        WebhookKeyPair pair = WebhookKeyPair.generate(provider);
        WebhookKeyPair other = WebhookKeyPair.generate(provider);
        WebhookRequest signed = WebhookSigner.of(provider, pair.signingSecret("test"), CLOCK)
                .sign(WebhookRequest.builder().body("{}".getBytes()).build(), "msg_1", NOW);

        WebhookVerificationException e = catchThrowableOfType(
                WebhookVerificationException.class,
                () -> WebhookVerifier.builder(provider)
                        .secrets(other.verificationSecret("other"))
                        .clock(CLOCK)
                        .build()
                        .verify(signed));

        assertThat(other.publicKey()).isNotEqualTo(pair.publicKey());
        assertThat(e.reason()).isEqualTo(FailureReason.SIGNATURE_MISMATCH);
    }

    @Test
    void generateWhenDiscordThenHexSeedAndRawHexPublicKey() throws Exception {
        WebhookKeyPair pair = WebhookKeyPair.generate(Providers.discord());

        assertThat(pair.publicKey()).matches("[0-9a-f]{64}");
        assertThat(pair.exportPrivateKey()).matches("[0-9a-f]{64}").isNotEqualTo(pair.publicKey());
    }

    @Test
    void generateWhenSendgridThenBase64DerP256Keys() throws Exception {
        WebhookKeyPair pair = WebhookKeyPair.generate(Providers.sendgrid());

        KeyFactory ec = KeyFactory.getInstance("EC");
        assertThat(ec.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pair.publicKey()))))
                .isNotNull();
        assertThat(ec.generatePrivate(
                        new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pair.exportPrivateKey()))))
                .isNotNull();
    }

    @Test
    void generateWhenStandardWebhooksThenWhskSeedAndPublicKeyAndWhpkPublicKey() throws Exception {
        WebhookKeyPair pair = WebhookKeyPair.generate(Providers.standardWebhooks());

        assertThat(pair.publicKey()).startsWith("whpk_");
        assertThat(pair.exportPrivateKey()).startsWith("whsk_");
        byte[] publicKey = Base64.getDecoder().decode(pair.publicKey().substring(5));
        byte[] privateKey = Base64.getDecoder().decode(pair.exportPrivateKey().substring(5));
        assertThat(publicKey).hasSize(32);
        // svix's format: seed || public key
        assertThat(privateKey).hasSize(64);
        assertThat(Arrays.copyOfRange(privateKey, 32, 64)).isEqualTo(publicKey);
        WebhookRequest signed = WebhookSigner.of(Providers.standardWebhooks(), pair.signingSecret("sk"), CLOCK)
                .sign(WebhookRequest.builder().body("{}".getBytes()).build(), "msg_1", NOW);
        assertThat(signed.firstHeader("webhook-signature").orElseThrow()).startsWith("v1a,");
    }

    @Test
    void toStringShowsThePublicKeyOnly() {
        for (Provider provider : List.of(Providers.discord(), Providers.sendgrid(), Providers.standardWebhooks())) {
            WebhookKeyPair pair = WebhookKeyPair.generate(provider);

            assertThat(pair.toString())
                    .contains(pair.publicKey())
                    .contains("<redacted>")
                    .doesNotContain(pair.exportPrivateKey());
            assertThat(pair.signingSecret("s").toString()).doesNotContain(pair.exportPrivateKey());
        }
    }

    @Test
    void supportsOnlyProvidersThatSignWithAPrivateKey() {
        assertThat(WebhookKeyPair.supports(Providers.discord())).isTrue();
        assertThat(WebhookKeyPair.supports(Providers.sendgrid())).isTrue();
        assertThat(WebhookKeyPair.supports(Providers.standardWebhooks())).isTrue();
        for (String id : Providers.ids()) {
            if (!List.of("discord", "sendgrid", "standard-webhooks").contains(id)) {
                assertThat(WebhookKeyPair.supports(Providers.byId(id))).as(id).isFalse();
            }
        }
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WebhookKeyPair.generate(Providers.svix()))
                .withMessageContaining("shared secret");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WebhookKeyPair.generate(Providers.stripe()))
                .withMessageContaining("shared secret");
    }

    @Test
    void requiredOnlyForProvidersThatSignWithNothingButAPrivateKey() {
        for (String id : Providers.ids()) {
            assertThat(WebhookKeyPair.required(Providers.byId(id)))
                    .as(id)
                    .isEqualTo(id.equals("discord") || id.equals("sendgrid"));
        }
    }
}
