package dev.webhookverifier;

import static dev.webhookverifier.Fixtures.NOW;
import static dev.webhookverifier.Fixtures.assertAccepted;
import static dev.webhookverifier.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The generic builder: its validation, its defaults, and signed content checked against an independent HMAC. */
class CustomProviderBuilderTest {
    private static final byte[] BODY = utf8("{\"custom\":1}");

    @Test
    void customWhenIdNotLowerCaseHyphenatedThenIllegalArgument() {
        for (String id : new String[] {"Acme", "acme_billing", "", "-acme", "acme-", "acme--x", "acme billing"}) {
            assertThatIllegalArgumentException().as(id).isThrownBy(() -> Providers.custom(id));
        }
        assertThatIllegalArgumentException().isThrownBy(() -> Providers.custom(null));
        assertThat(Providers.custom("acme-billing-2")
                        .signatureHeader("X-Sig", "")
                        .build()
                        .id())
                .isEqualTo("acme-billing-2");
    }

    @Test
    void headerWhenNameNotATokenThenIllegalArgument() {
        for (String name : new String[] {"X Sig", "", "X:Sig", "X-Sig\n", "X-S\u00efg"}) {
            assertThatIllegalArgumentException()
                    .as(name)
                    .isThrownBy(() -> Providers.custom("acme").signatureHeader(name, ""));
        }
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Providers.custom("acme").idHeader("bad header"));
    }

    @Test
    void buildWhenTemplateDoesNotFitHeadersThenIllegalArgument() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Providers.custom("acme").build())
                .withMessageContaining("signatureHeader");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Providers.custom("acme")
                        .signatureHeader("X-Sig", "")
                        .signedContent("{timestamp}.{body}")
                        .build());
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Providers.custom("acme")
                        .signatureHeader("X-Sig", "")
                        .timestampHeader("X-Time", TimestampFormat.UNIX_SECONDS, Duration.ofMinutes(5))
                        .signedContent("{body}")
                        .build())
                .withMessageContaining("unsigned");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Providers.custom("acme")
                        .signatureHeader("X-Sig", "")
                        .signedContent("{id}.{body}")
                        .build());
        for (String template : new String[] {"{foo}.{body}", "{timestamp}", "{body}{body}", "", "{Body}"}) {
            assertThatIllegalArgumentException()
                    .as(template)
                    .isThrownBy(() -> Providers.custom("acme")
                            .signatureHeader("X-Sig", "")
                            .signedContent(template)
                            .build());
        }
    }

    @Test
    void timestampHeaderWhenToleranceNotPositiveThenIllegalArgument() {
        for (Duration d : new Duration[] {Duration.ZERO, Duration.ofSeconds(-5), null}) {
            assertThatIllegalArgumentException()
                    .isThrownBy(
                            () -> Providers.custom("acme").timestampHeader("X-Time", TimestampFormat.UNIX_SECONDS, d));
        }
    }

    @Test
    void buildWhenTimestampHeaderAndNoTemplateThenDefaultTemplateIsTimestampDotBody() {
        Provider acme = Providers.custom("acme")
                .signatureHeader("X-Sig", "sha256=")
                .timestampHeader("X-Time", TimestampFormat.UNIX_SECONDS, Duration.ofMinutes(2))
                .documentationUrl("https://acme.example/docs/webhooks")
                .build();
        String secret = "acme-default-template-secret";
        String t = Long.toString(NOW.getEpochSecond());
        String mac = HexFormat.of().formatHex(Fixtures.hmacSha256(utf8(secret), utf8(t + "."), BODY));
        WebhookRequest request = WebhookRequest.builder()
                .header("X-Time", t)
                .header("X-Sig", "sha256=" + mac)
                .body(BODY)
                .build();

        VerifiedDelivery d = assertAccepted(
                WebhookVerifier.builder(acme)
                        .secrets(WebhookSecret.of("k", secret))
                        .clock(Fixtures.CLOCK)
                        .build(),
                request);
        assertThat(d.timestamp()).contains(NOW);
        assertThat(acme.defaultTolerance()).contains(Duration.ofMinutes(2));
        assertThat(acme.documentationUrl()).isEqualTo("https://acme.example/docs/webhooks");
        assertThat(acme.toString()).contains("acme");
    }

    @Test
    void buildWhenNoTimestampAndNoTemplateThenBodyOnly() {
        Provider acme = Providers.custom("acme").signatureHeader("X-Sig", "").build();
        String secret = "acme-body-only-secret";
        String mac = HexFormat.of().formatHex(Fixtures.hmacSha256(utf8(secret), BODY));

        assertAccepted(
                WebhookVerifier.builder(acme)
                        .secrets(WebhookSecret.of("k", secret))
                        .build(),
                WebhookRequest.builder().header("X-Sig", mac).body(BODY).build());
        assertThat(acme.signsTimestamp()).isFalse();
        assertThat(acme.signsDeliveryId()).isFalse();
        assertThat(acme.documentationUrl()).isEmpty();
    }

    @Test
    void verifyWhenSecretPrefixOptionalThenWithAndWithoutPrefixVerify() {
        Provider acme = Providers.custom("acme")
                .signatureHeader("X-Sig", "")
                .encoding(SignatureEncoding.BASE64)
                .secretEncoding(SecretEncoding.BASE64, "acme_")
                .build();
        byte[] key = new byte[24];
        new java.util.Random(11).nextBytes(key);
        String b64 = Base64.getEncoder().encodeToString(key);
        String mac = Base64.getEncoder().encodeToString(Fixtures.hmacSha256(key, BODY));
        WebhookRequest request =
                WebhookRequest.builder().header("X-Sig", mac).body(BODY).build();

        for (String text : new String[] {"acme_" + b64, b64}) {
            assertAccepted(
                    WebhookVerifier.builder(acme)
                            .secrets(WebhookSecret.of("k", text))
                            .build(),
                    request);
        }
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WebhookVerifier.builder(acme)
                        .secrets(WebhookSecret.of("k", "acme_"))
                        .build());
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WebhookVerifier.builder(acme)
                        .secrets(WebhookSecret.of("k", "acme_%%%notbase64"))
                        .build());
    }

    @Test
    void verifyWhenHexSecretThenDecodedAndBadHexRejectedAtBuild() {
        Provider acme = Providers.custom("acme")
                .signatureHeader("X-Sig", "")
                .secretEncoding(SecretEncoding.HEX, "")
                .build();
        byte[] key = new byte[32];
        new java.util.Random(12).nextBytes(key);
        String mac = HexFormat.of().formatHex(Fixtures.hmacSha256(key, BODY));

        assertAccepted(
                WebhookVerifier.builder(acme)
                        .secrets(WebhookSecret.of("k", HexFormat.of().formatHex(key)))
                        .build(),
                WebhookRequest.builder().header("X-Sig", mac).body(BODY).build());
        for (String bad : new String[] {"abc", "zz" + HexFormat.of().formatHex(key), "00"}) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> WebhookVerifier.builder(acme)
                            .secrets(WebhookSecret.of("k", bad))
                            .build());
        }
    }

    @Test
    void verifyWhenHeaderAlgorithmIsFixedByProviderThenOtherAlgorithmNeverTried() {
        // The request cannot pick a weaker algorithm: a SHA-1 MAC in a SHA-256 provider's header is malformed.
        Provider acme = Providers.custom("acme").signatureHeader("X-Sig", "").build();
        String secret = "acme-algorithm-secret";
        String sha1 = HexFormat.of().formatHex(Fixtures.hmac("HmacSHA1", utf8(secret), BODY));

        Fixtures.assertRejected(
                WebhookVerifier.builder(acme)
                        .secrets(WebhookSecret.of("k", secret))
                        .build(),
                WebhookRequest.builder().header("X-Sig", sha1).body(BODY).build(),
                FailureReason.MALFORMED_HEADER);
    }
}
