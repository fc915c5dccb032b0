package dev.webhookverifier;

import static dev.webhookverifier.Fixtures.CLOCK;
import static dev.webhookverifier.Fixtures.NOW;
import static dev.webhookverifier.Fixtures.assertAccepted;
import static dev.webhookverifier.Fixtures.assertRejected;
import static dev.webhookverifier.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The {@code key=value} list presets (Paddle, Calendly, PagerDuty, Sanity): several signatures during a rotation,
 * undecodable entries beside a good one, unknown keys, and their timestamps.
 */
class ListSchemePresetsTest {
    private static final String PADDLE_SECRET = "pdl_ntfset_01hsdn8d43dt7mezr1ef2jtbaw_hKkRiCGyyRhbFwIUuqiTBgI7g";
    private static final byte[] BODY = utf8("{\"event_type\":\"transaction.completed\"}");
    private static final long T = NOW.getEpochSecond();

    private static String hex(String secret, String prefix) {
        return HexFormat.of().formatHex(Fixtures.hmacSha256(utf8(secret), utf8(prefix), BODY));
    }

    private static WebhookRequest request(String header, String value) {
        return WebhookRequest.builder().header(header, value).body(BODY).build();
    }

    private static WebhookVerifier paddle() {
        return WebhookVerifier.builder(Providers.paddle())
                .secrets(WebhookSecret.of("ntfset", PADDLE_SECRET))
                .clock(CLOCK)
                .build();
    }

    @Test
    void verifyWhenPaddleSignsTsColonBodyWithTheWholePrefixedSecretThenAccepted() {
        String h1 = hex(PADDLE_SECRET, T + ":");

        assertThat(assertAccepted(paddle(), request("Paddle-Signature", "ts=" + T + ";h1=" + h1))
                        .timestamp())
                .contains(NOW);
        // The prefix is part of the key.
        assertRejected(
                paddle(),
                request("Paddle-Signature", "ts=" + T + ";h1=" + hex(PADDLE_SECRET.substring(11), T + ":")),
                FailureReason.SIGNATURE_MISMATCH);
    }

    @Test
    void verifyWhenPaddleHasSeveralH1WithJunkAndUnknownKeysThenAnyValidOneMatches() {
        String h1 = hex(PADDLE_SECRET, T + ":");
        String other = hex("pdl_ntfset_other-secret-0123456789", T + ":");

        assertAccepted(paddle(), request("Paddle-Signature", "ts=" + T + ";h1=dummy;h2=zz;h1=" + other + ";h1=" + h1));
        assertRejected(
                paddle(),
                request("Paddle-Signature", "ts=" + T + ";h1=dummy;h1=" + other),
                FailureReason.SIGNATURE_MISMATCH);
        assertRejected(paddle(), request("Paddle-Signature", "ts=" + T + ";h1=dummy"), FailureReason.MALFORMED_HEADER);
        assertRejected(
                paddle(), request("Paddle-Signature", "ts=" + T + ";h2=" + h1), FailureReason.UNSUPPORTED_SCHEME);
    }

    @Test
    void verifyWhenPaddleHeaderLacksTimestampOrRepeatsItThenMalformedHeader() {
        String h1 = hex(PADDLE_SECRET, T + ":");

        assertRejected(paddle(), request("Paddle-Signature", "h1=" + h1), FailureReason.MALFORMED_HEADER);
        assertRejected(
                paddle(),
                request("Paddle-Signature", "ts=" + T + ";ts=" + T + ";h1=" + h1),
                FailureReason.MALFORMED_HEADER);
        assertRejected(paddle(), request("Paddle-Signature", "ts=" + T + ",h1=" + h1), FailureReason.MALFORMED_HEADER);
    }

    @Test
    void verifyWhenPaddleSignedSixSecondsAgoThenTooOldUnlessTheToleranceIsWidened() {
        long t = T - 6;
        WebhookRequest request = request("Paddle-Signature", "ts=" + t + ";h1=" + hex(PADDLE_SECRET, t + ":"));

        assertThat(Providers.paddle().defaultTolerance()).contains(Duration.ofSeconds(5));
        assertRejected(paddle(), request, FailureReason.TIMESTAMP_TOO_OLD);
        assertAccepted(paddle().toBuilder().tolerance(Duration.ofMinutes(1)).build(), request);
    }

    @Test
    void verifyWhenPagerDutyListsSeveralSignaturesThenAnyMatchesAndSecretIsText() {
        String secret = "lDQHScfUeXUKaQRNF+8XIiDKZ7XX3itBAYzwU0TARw8lJqRnkKl2iB1anSb0Z+IK";
        WebhookVerifier verifier = WebhookVerifier.builder(Providers.pagerduty())
                .secrets(WebhookSecret.of("pd", secret))
                .build();
        String good = HexFormat.of().formatHex(Fixtures.hmacSha256(utf8(secret), BODY));
        String decodedKey =
                HexFormat.of().formatHex(Fixtures.hmacSha256(Base64.getDecoder().decode(secret), BODY));

        assertAccepted(verifier, request("X-PagerDuty-Signature", "v1=" + decodedKey + ",v1=" + good));
        assertAccepted(verifier, request("X-PagerDuty-Signature", "v1=" + good + ", v1=" + decodedKey));
        assertRejected(
                verifier, request("X-PagerDuty-Signature", "v1=" + decodedKey), FailureReason.SIGNATURE_MISMATCH);
        assertThat(Providers.pagerduty().signsTimestamp()).isFalse();
    }

    @Test
    void verifyWhenCalendlySignedFourMinutesAgoThenTooOld() {
        String key = "calendly-signing-key-Qm4Vb9";
        WebhookVerifier verifier = WebhookVerifier.builder(Providers.calendly())
                .secrets(WebhookSecret.of("c", key))
                .clock(CLOCK)
                .build();
        long old = T - 240;

        assertAccepted(verifier, request("Calendly-Webhook-Signature", "t=" + T + ",v1=" + hex(key, T + ".")));
        assertRejected(
                verifier,
                request("Calendly-Webhook-Signature", "t=" + old + ",v1=" + hex(key, old + ".")),
                FailureReason.TIMESTAMP_TOO_OLD);
    }

    @Test
    void verifyWhenSanitySignatureIsPaddedOrNonCanonicalBase64UrlThenHandledStrictly() {
        String secret = "sanity-webhook-secret-Qm4Vb9";
        long ms = NOW.toEpochMilli();
        byte[] mac = Fixtures.hmacSha256(utf8(secret), utf8(ms + "."), BODY);
        String sig = Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
        WebhookVerifier verifier = WebhookVerifier.builder(Providers.sanity())
                .secrets(WebhookSecret.of("s", secret))
                .clock(CLOCK)
                .build();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        String nonCanonical = sig.substring(0, 42) + alphabet.charAt(alphabet.indexOf(sig.charAt(42)) ^ 1);

        assertAccepted(verifier, request("sanity-webhook-signature", "t=" + ms + ",v1=" + sig));
        assertAccepted(verifier, request("sanity-webhook-signature", "t=" + ms + ",v1=" + sig + "="));
        assertRejected(
                verifier,
                request("sanity-webhook-signature", "t=" + ms + ",v1=" + nonCanonical),
                FailureReason.MALFORMED_HEADER);
        assertRejected(
                verifier,
                request("sanity-webhook-signature", "t=" + NOW.getEpochSecond() + ",v1=" + sig),
                FailureReason.SIGNATURE_MISMATCH);
    }

    @Test
    void verifyWhenMoreThanSixteenSignaturesBeforeOrAfterTheTimestampThenMalformedHeader() {
        String h1 = hex(PADDLE_SECRET, T + ":");
        String v1 = HexFormat.of().formatHex(Fixtures.hmacSha256(utf8("whsec_other-secret-0123"), BODY));
        WebhookVerifier stripe = WebhookVerifier.builder(Providers.stripe())
                .secrets(WebhookSecret.of("s", "whsec_stripe-secret-Qm4Vb9Lk2"))
                .clock(CLOCK)
                .build();

        assertRejected(
                paddle(),
                request("Paddle-Signature", "ts=" + T + (";h1=" + h1).repeat(17)),
                FailureReason.MALFORMED_HEADER);
        assertRejected(
                paddle(),
                request("Paddle-Signature", ("h1=" + h1 + ";").repeat(17) + "ts=" + T),
                FailureReason.MALFORMED_HEADER);
        assertRejected(
                stripe,
                request("Stripe-Signature", ("v1=" + v1 + ",").repeat(17) + "t=" + T),
                FailureReason.MALFORMED_HEADER);
        assertRejected(
                stripe,
                request("Stripe-Signature", ("v1=" + v1 + ",").repeat(16) + "v1=" + v1),
                FailureReason.MALFORMED_HEADER);
    }
}
