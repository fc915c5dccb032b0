package dev.webhookverifier;

import static dev.webhookverifier.Fixtures.NOW;
import static dev.webhookverifier.Fixtures.assertAccepted;
import static dev.webhookverifier.Fixtures.assertRejected;
import static dev.webhookverifier.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookverifier.Fixtures.MutableClock;
import dev.webhookverifier.Fixtures.Preset;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Rotation with {@link SecretRing} and deadlines, and per-tenant secrets through a {@link SecretResolver}. */
class SecretRotationTest {
    private static final byte[] BODY = utf8("{\"rotation\":true}");
    private static final Instant DEADLINE = NOW.plus(Duration.ofDays(7));

    /** Signs at the clock's current time, as the provider would. */
    private static WebhookRequest signNow(Preset preset, String secret, Clock clock) {
        return WebhookSigner.of(preset.provider(), WebhookSecret.of("signing", secret), clock)
                .sign(WebhookRequest.builder().body(BODY).build(), "msg_rot", clock.instant());
    }

    private static WebhookVerifier rotating(Preset preset, Clock clock) {
        return WebhookVerifier.builder(preset.provider())
                .secrets(SecretRing.of(
                        WebhookSecret.of("2026-11", preset.secret),
                        WebhookSecret.of("2026-05", preset.otherSecret).acceptUntil(DEADLINE)))
                .clock(clock)
                .build();
    }

    @ParameterizedTest
    @EnumSource(Preset.class)
    void verifyWhenOldSecretAtDeadlineThenAcceptedAndReportedAsOld(Preset preset) {
        Clock atDeadline = Fixtures.clockAt(DEADLINE);
        WebhookVerifier verifier = rotating(preset, atDeadline);

        assertThat(assertAccepted(verifier, signNow(preset, preset.otherSecret, atDeadline))
                        .secretId())
                .isEqualTo("2026-05");
        assertThat(assertAccepted(verifier, signNow(preset, preset.secret, atDeadline))
                        .secretId())
                .isEqualTo("2026-11");
    }

    @ParameterizedTest
    @EnumSource(Preset.class)
    void verifyWhenOldSecretOneSecondAfterDeadlineThenSignatureMismatch(Preset preset) {
        Clock after = Fixtures.clockAt(DEADLINE.plusSeconds(1));
        WebhookVerifier verifier = rotating(preset, after);

        // The remaining (new) secret does not match what the old one signed.
        assertRejected(verifier, signNow(preset, preset.otherSecret, after), FailureReason.SIGNATURE_MISMATCH);
        assertThat(assertAccepted(verifier, signNow(preset, preset.secret, after))
                        .secretId())
                .isEqualTo("2026-11");
    }

    @ParameterizedTest
    @EnumSource(Preset.class)
    void verifyWhenOldSecretOneNanosecondAfterDeadlineThenRejected(Preset preset) {
        MutableClock clock = new MutableClock(DEADLINE);
        WebhookVerifier verifier = WebhookVerifier.builder(preset.provider())
                .secrets(
                        WebhookSecret.of("new", preset.secret),
                        WebhookSecret.of("old", preset.otherSecret).acceptUntil(DEADLINE))
                .clock(clock)
                .build();
        WebhookRequest oldSigned = signNow(preset, preset.otherSecret, Fixtures.clockAt(DEADLINE));

        assertAccepted(verifier, oldSigned);
        clock.set(DEADLINE.plusNanos(1));
        assertRejected(verifier, oldSigned, FailureReason.SIGNATURE_MISMATCH);
    }

    @ParameterizedTest
    @EnumSource(Preset.class)
    void verifyWhenEverySecretExpiredAtVerifyTimeThenNoSecret(Preset preset) {
        MutableClock clock = new MutableClock(NOW);
        WebhookVerifier verifier = WebhookVerifier.builder(preset.provider())
                .secrets(
                        WebhookSecret.of("a", preset.secret).acceptUntil(DEADLINE),
                        WebhookSecret.of("b", preset.otherSecret).acceptUntil(DEADLINE.minusSeconds(60)))
                .clock(clock)
                .build();
        clock.set(DEADLINE.plusSeconds(1));

        assertRejected(verifier, signNow(preset, preset.secret, clock), FailureReason.NO_SECRET);
    }

    @ParameterizedTest
    @EnumSource(Preset.class)
    void verifyWhenRingOrderReversedThenMatchingSecretStillReported(Preset preset) {
        WebhookVerifier verifier = WebhookVerifier.builder(preset.provider())
                .secrets(WebhookSecret.of("second", preset.otherSecret), WebhookSecret.of("first", preset.secret))
                .clock(Fixtures.CLOCK)
                .build();

        assertThat(assertAccepted(verifier, preset.sign(BODY)).secretId()).isEqualTo("first");
    }

    @Test
    void verifyWhenResolverPicksTenantRingThenEachTenantsSecretVerifiesOnlyForThatTenant() {
        Preset p = Preset.STANDARD_WEBHOOKS;
        String acmeSecret = Fixtures.standardWebhooksSecret(100);
        String globexSecret = Fixtures.standardWebhooksSecret(200);
        Map<String, SecretRing> tenants = Map.of(
                "acme", SecretRing.of(WebhookSecret.of("acme-1", acmeSecret)),
                "globex",
                        SecretRing.of(
                                WebhookSecret.of("globex-2", globexSecret),
                                WebhookSecret.of("globex-1", p.secret).acceptUntil(DEADLINE)));
        AtomicInteger calls = new AtomicInteger();
        SecretResolver byPath = request -> {
            calls.incrementAndGet();
            String path = request.url().map(URI::getPath).orElse("");
            return tenants.get(path.substring(path.lastIndexOf('/') + 1));
        };
        WebhookVerifier verifier = WebhookVerifier.builder(p.provider())
                .secretResolver(byPath)
                .clock(Fixtures.CLOCK)
                .build();

        WebhookRequest acme = signTo("https://hooks.example.com/t/acme", acmeSecret);
        WebhookRequest globex = signTo("https://hooks.example.com/t/globex", globexSecret);
        WebhookRequest globexOld = signTo("https://hooks.example.com/t/globex", p.secret);
        WebhookRequest acmeSignedForGlobex = signTo("https://hooks.example.com/t/globex", acmeSecret);

        assertThat(assertAccepted(verifier, acme).secretId()).isEqualTo("acme-1");
        assertThat(assertAccepted(verifier, globex).secretId()).isEqualTo("globex-2");
        assertThat(assertAccepted(verifier, globexOld).secretId()).isEqualTo("globex-1");
        assertRejected(verifier, acmeSignedForGlobex, FailureReason.SIGNATURE_MISMATCH);
        assertThat(calls).hasValue(4);
        assertThat(verifier.toString()).contains("<resolver>");
    }

    @Test
    void verifyWhenResolverReturnsNullThenNoSecret() {
        WebhookVerifier verifier = WebhookVerifier.builder(Providers.github())
                .secretResolver(request -> null)
                .build();

        assertRejected(verifier, Preset.GITHUB.sign(BODY), FailureReason.NO_SECRET);
    }

    @Test
    void verifyWhenResolvedSecretInvalidThenNoSecretWithoutTheValue() {
        String apiKey = "sk_live_51HxQzLkj8Rt5Vb2Nm9Pq4Wx7Yz1Ac3De";
        for (String bad : new String[] {apiKey, "short", "", " whsec_padded-secret-value "}) {
            WebhookVerifier verifier = WebhookVerifier.builder(Providers.stripe())
                    .secretResolver(request -> SecretRing.of(WebhookSecret.of("tenant-9", bad)))
                    .clock(Fixtures.CLOCK)
                    .build();

            WebhookVerificationException e =
                    assertRejected(verifier, Preset.STRIPE.sign(BODY), FailureReason.NO_SECRET);
            assertThat(e.getMessage()).contains("tenant-9");
            SecretValidationTest.assertNoSecretIn(e.getMessage(), bad);
        }
    }

    @Test
    void verifyWhenResolvedRingAllExpiredThenNoSecret() {
        WebhookVerifier verifier = WebhookVerifier.builder(Providers.stripe())
                .secretResolver(request -> SecretRing.of(
                        WebhookSecret.of("gone", Preset.STRIPE.secret).acceptUntil(NOW.minusSeconds(1))))
                .clock(Fixtures.CLOCK)
                .build();

        assertRejected(verifier, Preset.STRIPE.sign(BODY), FailureReason.NO_SECRET);
    }

    @Test
    void verifyWhenResolverThrowsVerificationExceptionThenItsReasonIsKept() {
        WebhookVerifier verifier = WebhookVerifier.builder(Providers.github())
                .secretResolver(request -> {
                    throw new WebhookVerificationException(FailureReason.NO_SECRET, "github", "unknown tenant");
                })
                .build();

        assertRejected(verifier, Preset.GITHUB.sign(BODY), FailureReason.NO_SECRET);
    }

    @Test
    void verifyWhenResolverGivenAndHeadersMalformedThenResolverNotNeeded() {
        AtomicInteger calls = new AtomicInteger();
        WebhookVerifier verifier = WebhookVerifier.builder(Providers.github())
                .secretResolver(request -> {
                    calls.incrementAndGet();
                    return SecretRing.of(WebhookSecret.of("g", Preset.GITHUB.secret));
                })
                .build();

        assertRejected(verifier, WebhookRequest.builder().body(BODY).build(), FailureReason.MISSING_HEADER);
        assertRejected(
                verifier,
                WebhookRequest.builder()
                        .header("X-Hub-Signature-256", "sha256=zz")
                        .body(BODY)
                        .build(),
                FailureReason.MALFORMED_HEADER);
    }

    private static WebhookRequest signTo(String url, String secret) {
        return WebhookSigner.of(Providers.standardWebhooks(), WebhookSecret.of("s", secret), Fixtures.CLOCK)
                .sign(WebhookRequest.builder().url(url).body(BODY).build(), "msg_tenant", NOW);
    }
}
