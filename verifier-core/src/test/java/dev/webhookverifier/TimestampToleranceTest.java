package dev.webhookverifier;

import static dev.webhookverifier.Fixtures.NOW;
import static dev.webhookverifier.Fixtures.assertAccepted;
import static dev.webhookverifier.Fixtures.assertRejected;
import static dev.webhookverifier.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookverifier.Fixtures.Preset;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The signed timestamp: checked in both directions, inclusive at the tolerance, canonical text only. */
class TimestampToleranceTest {
    private static final byte[] BODY = utf8("{\"event\":\"ping\"}");

    private static final List<String> NON_CANONICAL = List.of(
            "+1700000000",
            "01700000000",
            "00",
            " 17e8",
            "17e8",
            "1.7e9",
            "1700000000.0",
            "1700000000.5",
            "-1700000000",
            "0x6553f100",
            "1_700_000_000",
            "1 700 000 000",
            "\u0661\u0667\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660",
            "\uff11\uff17\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10",
            "1700000000000000000000",
            "9".repeat(20),
            "9".repeat(3000),
            "NaN",
            "null");

    @ParameterizedTest
    @EnumSource(
            value = Preset.class,
            names = {"STANDARD_WEBHOOKS", "SVIX", "STRIPE", "SLACK"})
    void verifyWhenTimestampExactlyAtDefaultToleranceThenAcceptedBothWays(Preset preset) {
        WebhookVerifier verifier = preset.verifier();

        assertThat(verifier.tolerance()).contains(Duration.ofMinutes(5));
        assertThat(preset.provider().defaultTolerance()).contains(Duration.ofMinutes(5));
        assertThat(preset.provider().signsTimestamp()).isTrue();
        assertAccepted(verifier, preset.signAt(BODY, NOW.minusSeconds(300)));
        assertAccepted(verifier, preset.signAt(BODY, NOW.plusSeconds(300)));
    }

    @ParameterizedTest
    @EnumSource(
            value = Preset.class,
            names = {"STANDARD_WEBHOOKS", "SVIX", "STRIPE", "SLACK"})
    void verifyWhenTimestampOneSecondBeyondDefaultToleranceThenTooOldOrInFuture(Preset preset) {
        WebhookVerifier verifier = preset.verifier();

        assertRejected(verifier, preset.signAt(BODY, NOW.minusSeconds(301)), FailureReason.TIMESTAMP_TOO_OLD);
        assertRejected(verifier, preset.signAt(BODY, NOW.plusSeconds(301)), FailureReason.TIMESTAMP_IN_FUTURE);
        assertRejected(verifier, preset.signAt(BODY, Instant.EPOCH), FailureReason.TIMESTAMP_TOO_OLD);
        assertRejected(
                verifier, preset.signAt(BODY, NOW.plus(Duration.ofDays(3650))), FailureReason.TIMESTAMP_IN_FUTURE);
    }

    @ParameterizedTest
    @EnumSource(
            value = Preset.class,
            names = {"STANDARD_WEBHOOKS", "SVIX", "STRIPE", "SLACK"})
    void verifyWhenCustomToleranceThenBoundaryInclusiveAndOneSecondBeyondRejected(Preset preset) {
        WebhookVerifier verifier =
                preset.builder().tolerance(Duration.ofSeconds(90)).build();

        assertThat(verifier.tolerance()).contains(Duration.ofSeconds(90));
        assertAccepted(verifier, preset.signAt(BODY, NOW.minusSeconds(90)));
        assertAccepted(verifier, preset.signAt(BODY, NOW.plusSeconds(90)));
        assertRejected(verifier, preset.signAt(BODY, NOW.minusSeconds(91)), FailureReason.TIMESTAMP_TOO_OLD);
        assertRejected(verifier, preset.signAt(BODY, NOW.plusSeconds(91)), FailureReason.TIMESTAMP_IN_FUTURE);
    }

    @ParameterizedTest
    @EnumSource(
            value = Preset.class,
            names = {"STANDARD_WEBHOOKS", "SVIX", "STRIPE", "SLACK"})
    void verifyWhenMaximumToleranceThenOneHourAcceptedBothWays(Preset preset) {
        WebhookVerifier verifier =
                preset.builder().tolerance(WebhookVerifier.MAX_TOLERANCE).build();

        assertAccepted(verifier, preset.signAt(BODY, NOW.minus(Duration.ofHours(1))));
        assertAccepted(verifier, preset.signAt(BODY, NOW.plus(Duration.ofHours(1))));
        assertRejected(
                verifier,
                preset.signAt(BODY, NOW.minus(Duration.ofHours(1)).minusSeconds(1)),
                FailureReason.TIMESTAMP_TOO_OLD);
    }

    @ParameterizedTest
    @EnumSource(
            value = Preset.class,
            names = {"STANDARD_WEBHOOKS", "SVIX", "STRIPE", "SLACK"})
    void verifyWhenStaleOrFutureRequestHasForgedSignatureThenSignatureMismatch(Preset preset) {
        WebhookVerifier verifier = preset.verifier();
        WebhookRequest unsigned = WebhookRequest.builder().body(BODY).build();

        // The signature is checked before the timestamp: a forger learns nothing from the reason.
        for (Instant t : List.of(NOW.minusSeconds(301), NOW.minus(Duration.ofDays(400)), NOW.plusSeconds(301))) {
            WebhookRequest forged = preset.otherSigner().sign(unsigned, Fixtures.DELIVERY_ID, t);
            assertRejected(verifier, forged, FailureReason.SIGNATURE_MISMATCH);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Preset.class,
            names = {"STANDARD_WEBHOOKS", "SVIX", "STRIPE", "SLACK"})
    void verifyWhenTimestampChangedAfterSigningThenSignatureMismatch(Preset preset) {
        // A fresh timestamp pasted onto a captured request breaks the signature (the timestamp is signed).
        WebhookRequest old = preset.signAt(BODY, NOW.minusSeconds(3600));
        WebhookRequest fresh = preset.signAt(BODY, NOW);
        WebhookRequest spliced = preset == Preset.STRIPE
                ? Fixtures.withHeader(
                        old, preset.signatureHeader, "t=" + NOW.getEpochSecond() + ",v1=" + preset.signatureText(old))
                : Fixtures.withHeader(
                        old,
                        preset.timestampHeader,
                        fresh.firstHeader(preset.timestampHeader).orElseThrow());

        assertRejected(preset.verifier(), spliced, FailureReason.SIGNATURE_MISMATCH);
    }

    @ParameterizedTest
    @EnumSource(
            value = Preset.class,
            names = {"STANDARD_WEBHOOKS", "SVIX", "STRIPE", "SLACK"})
    void verifyWhenTimestampCheckDisabledThenOldAndFutureRequestsAccepted(Preset preset) {
        WebhookVerifier verifier = preset.builder().disableTimestampCheck().build();

        assertThat(verifier.tolerance()).isEmpty();
        assertAccepted(verifier, preset.signAt(BODY, NOW.minus(Duration.ofDays(365))));
        assertAccepted(verifier, preset.signAt(BODY, NOW.plus(Duration.ofDays(365))));
        // Disabling the window does not disable the signature.
        WebhookRequest forged = preset.otherSigner()
                .sign(WebhookRequest.builder().body(BODY).build(), "msg_x", NOW.minus(Duration.ofDays(365)));
        assertRejected(verifier, forged, FailureReason.SIGNATURE_MISMATCH);
    }

    @ParameterizedTest
    @EnumSource(
            value = Preset.class,
            names = {"STANDARD_WEBHOOKS", "SVIX", "STRIPE", "SLACK"})
    void verifyWhenTimestampTextIndependentlySignedCanonicalThenAccepted(Preset preset) {
        // Guards the next test: the hand-made signing path is right, so a rejection there is due to the text.
        assertAccepted(preset.verifier(), preset.signWithTimestampText(BODY, Long.toString(NOW.getEpochSecond())));
    }

    @ParameterizedTest
    @EnumSource(
            value = Preset.class,
            names = {"STANDARD_WEBHOOKS", "SVIX", "STRIPE", "SLACK"})
    void verifyWhenTimestampNotCanonicalEvenIfSignedThenMalformedHeader(Preset preset) {
        WebhookVerifier verifier = preset.builder().disableTimestampCheck().build();
        for (String text : NON_CANONICAL) {
            WebhookRequest request = preset.signWithTimestampText(BODY, text);
            WebhookVerificationException e = assertRejected(verifier, request, FailureReason.MALFORMED_HEADER);
            assertThat(e.getMessage()).as(text).doesNotContain(text.strip());
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Preset.class,
            names = {"STANDARD_WEBHOOKS", "SVIX", "STRIPE", "SLACK"})
    void verifyWhenTimestampEmptyThenMalformedHeader(Preset preset) {
        assertRejected(preset.verifier(), preset.signWithTimestampText(BODY, ""), FailureReason.MALFORMED_HEADER);
    }

    @Test
    void verifyWhenMillisecondTimestampAtToleranceThenAcceptedAndOneMillisecondBeyondRejected() {
        Provider acme = Providers.custom("acme")
                .signatureHeader("X-Acme-Signature", "sha256=")
                .timestampHeader("X-Acme-Timestamp", TimestampFormat.UNIX_MILLIS, Duration.ofSeconds(30))
                .idHeader("X-Acme-Id")
                .signedContent("{id}.{timestamp}.{body}")
                .build();
        WebhookSecret secret = WebhookSecret.of("acme", "acme-signing-secret-0123456789");
        Instant now = NOW.plusMillis(123);
        WebhookVerifier verifier = WebhookVerifier.builder(acme)
                .secrets(secret)
                .clock(Fixtures.clockAt(now))
                .build();
        WebhookSigner signer = WebhookSigner.of(acme, secret, Fixtures.clockAt(now));
        WebhookRequest unsigned = WebhookRequest.builder().body(BODY).build();

        assertThat(acme.signsTimestamp()).isTrue();
        assertThat(acme.signsDeliveryId()).isTrue();
        VerifiedDelivery d = assertAccepted(verifier, signer.sign(unsigned, "evt_1", now));
        assertThat(d.timestamp()).contains(now);
        assertThat(d.deliveryId()).contains("evt_1");
        assertThat(signer.sign(unsigned, "evt_1", now).firstHeader("X-Acme-Timestamp"))
                .contains(Long.toString(now.toEpochMilli()));
        assertAccepted(verifier, signer.sign(unsigned, "evt_2", now.minusSeconds(30)));
        assertAccepted(verifier, signer.sign(unsigned, "evt_3", now.plusSeconds(30)));
        assertRejected(
                verifier,
                signer.sign(unsigned, "evt_4", now.minusSeconds(30).minusMillis(1)),
                FailureReason.TIMESTAMP_TOO_OLD);
        assertRejected(
                verifier,
                signer.sign(unsigned, "evt_5", now.plusSeconds(30).plusMillis(1)),
                FailureReason.TIMESTAMP_IN_FUTURE);
    }

    @Test
    void verifyWhenMillisecondTimestampNotCanonicalThenMalformedHeader() {
        Provider acme = Providers.custom("acme")
                .signatureHeader("X-Acme-Signature", "")
                .timestampHeader("X-Acme-Timestamp", TimestampFormat.UNIX_MILLIS, Duration.ofSeconds(30))
                .build();
        WebhookSecret secret = WebhookSecret.of("acme", "acme-signing-secret-0123456789");
        WebhookVerifier verifier = WebhookVerifier.builder(acme)
                .secrets(secret)
                .clock(Fixtures.CLOCK)
                .build();
        for (String text : List.of("+1700000000000", "01700000000000", "1700000000000.0", "9".repeat(15), "1e12")) {
            byte[] mac = Fixtures.hmacSha256(utf8("acme-signing-secret-0123456789"), utf8(text + "."), BODY);
            WebhookRequest request = WebhookRequest.builder()
                    .header("X-Acme-Timestamp", text)
                    .header("X-Acme-Signature", java.util.HexFormat.of().formatHex(mac))
                    .body(BODY)
                    .build();
            assertRejected(verifier, request, FailureReason.MALFORMED_HEADER);
        }
    }
}
