package dev.webhookverifier;

import static dev.webhookverifier.Fixtures.NOW;
import static dev.webhookverifier.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.webhookverifier.Fixtures.Preset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Nothing the library prints (toString, exception messages) contains a secret, a signature from the header or
 * body content.
 */
class RedactionTest {
    private static final String BODY_CANARY = "BODYCANARY-q7Zx9Lw2";
    private static final byte[] BODY = utf8("{\"card\":\"" + BODY_CANARY + "\",\"amount\":100}");
    private static final String QUERY_CANARY = "QUERYCANARY-Jd82";

    private final List<String> printed = new ArrayList<>();

    private void print(Object o) {
        printed.add(String.valueOf(o));
    }

    private void print(Throwable e) {
        if (e instanceof WebhookVerificationException w) {
            printed.add(w.detail());
        }
        printed.add(e.getMessage());
        printed.add(e.getLocalizedMessage());
        printed.add(e.toString());
    }

    private void assertRedacted(String secret, List<String> signatures) {
        assertThat(printed).isNotEmpty();
        for (String text : printed) {
            assertThat(text).isNotNull();
            SecretValidationTest.assertNoSecretIn(text, secret);
            assertThat(text).doesNotContain(BODY_CANARY).doesNotContain(QUERY_CANARY);
            for (String sig : signatures) {
                assertThat(text).doesNotContain(sig);
                for (int i = 0; i + 16 <= sig.length(); i += 4) {
                    assertThat(text).doesNotContain(sig.substring(i, i + 16));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Preset.class)
    void toStringWhenAnyApiObjectThenNoSecretSignatureOrBody(Preset preset) throws Exception {
        WebhookSecret secret = WebhookSecret.of("prod-2026", preset.secret).acceptUntil(NOW.plusSeconds(60));
        SecretRing ring = SecretRing.of(secret, WebhookSecret.of("prod-2025", preset.otherSecret));
        WebhookVerifier verifier = WebhookVerifier.builder(preset.provider())
                .secrets(ring)
                .clock(Fixtures.CLOCK)
                .build();
        WebhookSigner signer = WebhookSigner.of(preset.provider(), secret, Fixtures.CLOCK);
        WebhookRequest signed = signer.sign(
                WebhookRequest.builder()
                        .url("https://hooks.example.com/in?token=" + QUERY_CANARY)
                        .body(BODY)
                        .build(),
                Fixtures.DELIVERY_ID,
                NOW);
        VerifiedDelivery delivery = verifier.verify(signed);

        print(secret);
        print(ring);
        print(verifier);
        print(signer);
        print(signed);
        print(delivery);
        print(preset.provider());
        print(verifier.toBuilder().build());

        assertThat(secret.toString()).contains("prod-2026");
        assertThat(delivery.toString()).contains("prod-2026");
        assertRedacted(preset.secret, List.of(preset.signatureText(signed)));
        SecretValidationTest.assertNoSecretIn(String.join("\n", printed), preset.otherSecret);
    }

    @ParameterizedTest
    @EnumSource(Preset.class)
    void messageWhenVerificationFailsForAnyReasonThenNoSecretSignatureOrBody(Preset preset) {
        WebhookVerifier verifier = preset.builder().maxBodyBytes(1000).build();
        WebhookRequest signed = preset.sign(BODY);
        String sig = preset.signatureText(signed);
        String sigHeader = signed.firstHeader(preset.signatureHeader).orElseThrow();
        WebhookRequest forged =
                preset.otherSigner().sign(WebhookRequest.builder().body(BODY).build(), "msg_f", NOW);
        String forgedSig = preset.signatureText(forged);

        List<WebhookRequest> bad = new ArrayList<>();
        bad.add(Fixtures.withBody(signed, utf8("{\"card\":\"" + BODY_CANARY + "\",\"amount\":999}")));
        bad.add(forged);
        bad.add(Fixtures.withoutHeader(signed, preset.signatureHeader));
        bad.add(Fixtures.addHeader(signed, preset.signatureHeader, sigHeader));
        bad.add(preset.withSignatureText(signed, sig.toUpperCase(Locale.ROOT)));
        bad.add(preset.withSignatureText(signed, sig.substring(0, sig.length() - 2)));
        bad.add(preset.withSignatureText(signed, sig + sig));
        bad.add(preset.withSignatureText(signed, sig.substring(0, 20) + "\u00e9" + sig.substring(20)));
        bad.add(Fixtures.withHeader(signed, preset.signatureHeader, sigHeader + "," + sigHeader));
        bad.add(Fixtures.withHeader(signed, preset.signatureHeader, "sha1=" + sig));
        bad.add(Fixtures.withHeader(signed, preset.signatureHeader, "v2," + sig));
        bad.add(Fixtures.withBody(
                signed, (BODY_CANARY + "x".repeat(1000)).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        if (preset.signsTimestamp()) {
            bad.add(preset.signAt(BODY, NOW.minusSeconds(3600)));
            bad.add(preset.signAt(BODY, NOW.plusSeconds(3600)));
            bad.add(preset.signWithTimestampText(BODY, "+" + NOW.getEpochSecond()));
        }

        for (WebhookRequest request : bad) {
            WebhookVerificationException e =
                    catchThrowableOfType(WebhookVerificationException.class, () -> verifier.verify(request));
            assertThat(e).as("expected a rejection").isNotNull();
            print(e);
        }
        assertRedacted(preset.secret, List.of(sig, forgedSig, sig.toUpperCase(Locale.ROOT)));
    }

    @Test
    void messageWhenResolverFailsThenNoSecret() {
        String value = "sk_live_51HxQzLkj8Rt5Vb2Nm9Pq4Wx7Yz1Ac3De";
        WebhookVerifier verifier = WebhookVerifier.builder(Providers.stripe())
                .secretResolver(r -> SecretRing.of(WebhookSecret.of("tenant", value)))
                .build();

        print(catchThrowableOfType(
                WebhookVerificationException.class, () -> verifier.verify(Preset.STRIPE.sign(BODY))));
        print(verifier);
        assertRedacted(value, List.of(Preset.STRIPE.signatureText(Preset.STRIPE.sign(BODY))));
    }

    @ParameterizedTest
    @EnumSource(Preset.class)
    void messageWhenBuildFailsThenNoSecret(Preset preset) {
        List<Runnable> misconfigurations = new ArrayList<>(List.of(
                () -> WebhookVerifier.builder(preset.provider())
                        .secrets(WebhookSecret.of("s", preset.secret + " "))
                        .build(),
                () -> WebhookVerifier.builder(preset.provider())
                        .secrets(WebhookSecret.of("s", preset.secret).acceptUntil(NOW.minusSeconds(1)))
                        .clock(Fixtures.CLOCK)
                        .build(),
                () -> WebhookVerifier.builder(preset.provider())
                        .secrets(WebhookSecret.of("s", preset.secret))
                        .secretResolver(r -> null)
                        .build(),
                () -> WebhookVerifier.builder(preset.provider())
                        .secrets(WebhookSecret.of("s", preset.secret))
                        .tolerance(Duration.ofDays(2))
                        .build(),
                () -> SecretRing.of(WebhookSecret.of("s", preset.secret), WebhookSecret.of("s", preset.secret))));
        if (preset == Preset.STANDARD_WEBHOOKS || preset == Preset.SVIX) {
            misconfigurations.add(() -> WebhookVerifier.builder(preset.provider())
                    .secrets(WebhookSecret.of("s", "v1," + preset.secret))
                    .build());
            misconfigurations.add(() -> WebhookVerifier.builder(preset.provider())
                    .secrets(WebhookSecret.of("s", preset.secret.substring(0, 12) + "*" + preset.secret.substring(12)))
                    .build());
        }
        if (preset == Preset.STRIPE) {
            misconfigurations.add(() -> WebhookVerifier.builder(preset.provider())
                    .secrets(WebhookSecret.of("s", preset.secret.substring("whsec_".length())))
                    .build());
        }
        for (Runnable r : misconfigurations) {
            IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class, r::run);
            assertThat(e).as("expected build() to fail").isNotNull();
            print(e);
        }
        assertRedacted(preset.secret, List.of());
    }

    @Test
    void toStringWhenRequestHasHeadersThenOnlyNamesShown() {
        WebhookRequest request = WebhookRequest.builder()
                .method("POST")
                .url("https://hooks.example.com/a/b?sig=" + QUERY_CANARY)
                .header("Authorization", "Bearer " + QUERY_CANARY)
                .body(BODY)
                .build();

        assertThat(request.toString())
                .contains("POST", "/a/b", "Authorization", BODY.length + " bytes")
                .doesNotContain(QUERY_CANARY, BODY_CANARY, "Bearer");
    }
}
