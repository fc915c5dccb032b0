package dev.webhookverifier;

import static dev.webhookverifier.Fixtures.NOW;
import static dev.webhookverifier.Fixtures.addHeader;
import static dev.webhookverifier.Fixtures.assertAccepted;
import static dev.webhookverifier.Fixtures.assertRejected;
import static dev.webhookverifier.Fixtures.utf8;
import static dev.webhookverifier.Fixtures.withBody;
import static dev.webhookverifier.Fixtures.withHeader;
import static dev.webhookverifier.Fixtures.withoutHeader;
import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookverifier.Fixtures.Preset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The same attacks and mistakes against every preset: tampering, wrong secrets, bad and repeated headers. */
class ProviderNegativeCasesTest {
    private static final byte[] BODY = utf8("{\"id\":\"evt_1NZ\",\"type\":\"invoice.paid\",\"amount\":4200}");

    @ParameterizedTest
    @EnumSource(Preset.class)
    void verifyWhenSignedBySignerThenAcceptedWithSecretIdAndBody(Preset preset) {
        VerifiedDelivery d = assertAccepted(preset.verifier(), preset.sign(BODY));

        assertThat(d.secretId()).isEqualTo("current");
        assertThat(d.providerId()).isEqualTo(preset.id);
        assertThat(d.body()).isEqualTo(BODY);
        if (preset.signsTimestamp()) {
            assertThat(d.timestamp()).contains(NOW);
        } else {
            assertThat(d.timestamp()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Preset.class)
    void signWhenPresetThenSignatureEqualsIndependentlyComputedHmac(Preset preset) {
        WebhookRequest signed = preset.sign(BODY);

        assertThat(preset.signatureText(signed)).isEqualTo(preset.expectedSignatureText(BODY, NOW));
    }

    @ParameterizedTest
    @EnumSource(Preset.class)
    void verifyWhenOneBodyByteChangedThenSignatureMismatch(Preset preset) {
        WebhookVerifier verifier = preset.verifier();
        WebhookRequest signed = preset.sign(BODY);
        for (int i : new int[] {0, 1, BODY.length / 2, BODY.length - 1}) {
            for (int bit : new int[] {0x01, 0x80}) {
                byte[] tampered = BODY.clone();
                tampered[i] ^= (byte) bit;
                assertRejected(verifier, withBody(signed, tampered), FailureReason.SIGNATURE_MISMATCH);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Preset.class)
    void verifyWhenBodyTruncatedOrExtendedThenSignatureMismatch(Preset preset) {
        WebhookVerifier verifier = preset.verifier();
        WebhookRequest signed = preset.sign(BODY);
        byte[] truncated = java.util.Arrays.copyOf(BODY, BODY.length - 1);
        byte[] extended = java.util.Arrays.copyOf(BODY, BODY.length + 1);
        extended[BODY.length] = '\n';

        assertRejected(verifier, withBody(signed, truncated), FailureReason.SIGNATURE_MISMATCH);
        assertRejected(verifier, withBody(signed, extended), FailureReason.SIGNATURE_MISMATCH);
        assertRejected(verifier, withBody(signed, new byte[0]), FailureReason.SIGNATURE_MISMATCH);
    }

    @ParameterizedTest
    @EnumSource(Preset.class)
    void verifyWhenSignedWithAnotherSecretThenSignatureMismatch(Preset preset) {
        WebhookRequest forged =
                preset.otherSigner().sign(WebhookRequest.builder().body(BODY).build(), "msg_x", NOW);

        assertRejected(preset.verifier(), forged, FailureReason.SIGNATURE_MISMATCH);
    }

    @ParameterizedTest
    @EnumSource(Preset.class)
    void verifyWhenVerifierHoldsAnotherSecretThenSignatureMismatch(Preset preset) {
        WebhookVerifier other = WebhookVerifier.builder(preset.provider())
                .secrets(WebhookSecret.of("other", preset.otherSecret))
                .clock(Fixtures.CLOCK)
                .build();

        assertRejected(other, preset.sign(BODY), FailureReason.SIGNATURE_MISMATCH);
    }

    @ParameterizedTest
    @EnumSource(Preset.class)
    void verifyWhenSignatureHeaderMissingThenMissingHeader(Preset preset) {
        WebhookRequest request = withoutHeader(preset.sign(BODY), preset.signatureHeader);

        assertRejected(preset.verifier(), request, FailureReason.MISSING_HEADER);
    }

    @ParameterizedTest
    @EnumSource(Preset.class)
    void verifyWhenNoHeadersAtAllThenMissingHeader(Preset preset) {
        WebhookRequest request = WebhookRequest.builder().body(BODY).build();

        assertRejected(preset.verifier(), request, FailureReason.MISSING_HEADER);
    }

    @ParameterizedTest
    @EnumSource(Preset.class)
    void verifyWhenSignatureHeaderDuplicatedThenMalformedHeader(Preset preset) {
        WebhookRequest signed = preset.sign(BODY);
        String value = signed.firstHeader(preset.signatureHeader).orElseThrow();
        WebhookVerifier verifier = preset.verifier();

        // Even the same, valid value twice is ambiguous: a single-valued header must occur once.
        assertRejected(verifier, addHeader(signed, preset.signatureHeader, value), FailureReason.MALFORMED_HEADER);
        assertRejected(
                verifier,
                addHeader(signed, preset.signatureHeader.toUpperCase(Locale.ROOT), value),
                FailureReason.MALFORMED_HEADER);
        assertRejected(verifier, addHeader(signed, preset.signatureHeader, "00"), FailureReason.MALFORMED_HEADER);
    }

    @ParameterizedTest
    @EnumSource(
            value = Preset.class,
            names = {"STANDARD_WEBHOOKS", "SVIX", "SLACK"})
    void verifyWhenTimestampHeaderMissingThenMissingHeader(Preset preset) {
        WebhookRequest request = withoutHeader(preset.sign(BODY), preset.timestampHeader);

        assertRejected(preset.verifier(), request, FailureReason.MISSING_HEADER);
    }

    @ParameterizedTest
    @EnumSource(
            value = Preset.class,
            names = {"STANDARD_WEBHOOKS", "SVIX", "SLACK"})
    void verifyWhenTimestampHeaderDuplicatedThenMalformedHeader(Preset preset) {
        WebhookRequest signed = preset.sign(BODY);
        String t = signed.firstHeader(preset.timestampHeader).orElseThrow();

        assertRejected(preset.verifier(), addHeader(signed, preset.timestampHeader, t), FailureReason.MALFORMED_HEADER);
    }

    @ParameterizedTest
    @EnumSource(
            value = Preset.class,
            names = {"STANDARD_WEBHOOKS", "SVIX"})
    void verifyWhenIdHeaderMissingOrDuplicatedThenRejected(Preset preset) {
        WebhookRequest signed = preset.sign(BODY);
        WebhookVerifier verifier = preset.verifier();

        assertRejected(verifier, withoutHeader(signed, preset.idHeader), FailureReason.MISSING_HEADER);
        assertRejected(
                verifier, addHeader(signed, preset.idHeader, Fixtures.DELIVERY_ID), FailureReason.MALFORMED_HEADER);
        // The id is signed: another id breaks the signature.
        assertRejected(verifier, withHeader(signed, preset.idHeader, "msg_other"), FailureReason.SIGNATURE_MISMATCH);
    }

    @ParameterizedTest
    @EnumSource(Preset.class)
    void verifyWhenSignatureHeaderEmptyOrBlankThenMalformedHeader(Preset preset) {
        WebhookRequest signed = preset.sign(BODY);
        WebhookVerifier verifier = preset.verifier();

        assertRejected(verifier, withHeader(signed, preset.signatureHeader, ""), FailureReason.MALFORMED_HEADER);
        assertRejected(verifier, withHeader(signed, preset.signatureHeader, "   "), FailureReason.MALFORMED_HEADER);
    }

    @ParameterizedTest
    @EnumSource(Preset.class)
    void verifyWhenSignatureGarbledThenMalformedHeader(Preset preset) {
        WebhookRequest signed = preset.sign(BODY);
        WebhookVerifier verifier = preset.verifier();
        String good = preset.signatureText(signed);

        for (String garbled :
                List.of("!!!!", "%%", good.substring(0, 10) + "*" + good.substring(11), "\u00e9" + good)) {
            assertRejected(verifier, preset.withSignatureText(signed, garbled), FailureReason.MALFORMED_HEADER);
        }
    }

    @ParameterizedTest
    @EnumSource(Preset.class)
    void verifyWhenHeaderHasControlCharacterThenMalformedHeader(Preset preset) {
        WebhookRequest signed = preset.sign(BODY);
        String value = signed.firstHeader(preset.signatureHeader).orElseThrow();
        String withNul = value.substring(0, 8) + "\u0000" + value.substring(8);
        String withNewline = value.substring(0, 8) + "\r\n" + value.substring(8);

        assertRejected(
                preset.verifier(), withHeader(signed, preset.signatureHeader, withNul), FailureReason.MALFORMED_HEADER);
        assertRejected(
                preset.verifier(),
                withHeader(signed, preset.signatureHeader, withNewline),
                FailureReason.MALFORMED_HEADER);
    }

    @ParameterizedTest
    @EnumSource(Preset.class)
    void verifyWhenSignatureTruncatedThenMalformedHeader(Preset preset) {
        WebhookRequest signed = preset.sign(BODY);
        WebhookVerifier verifier = preset.verifier();
        String good = preset.signatureText(signed);
        byte[] bytes = preset.hex()
                ? HexFormat.of().parseHex(good)
                : Base64.getDecoder().decode(good);
        byte[] shorter = java.util.Arrays.copyOf(bytes, bytes.length - 1);

        assertRejected(
                verifier,
                preset.withSignatureText(signed, good.substring(0, good.length() - 1)),
                FailureReason.MALFORMED_HEADER);
        assertRejected(
                verifier, preset.withSignatureText(signed, encode(preset, shorter)), FailureReason.MALFORMED_HEADER);
        assertRejected(
                verifier, preset.withSignatureText(signed, good.substring(0, 8)), FailureReason.MALFORMED_HEADER);
    }

    @ParameterizedTest
    @EnumSource(Preset.class)
    void verifyWhenSignatureOverLongThenMalformedHeader(Preset preset) {
        WebhookRequest signed = preset.sign(BODY);
        WebhookVerifier verifier = preset.verifier();
        String good = preset.signatureText(signed);
        byte[] bytes = preset.hex()
                ? HexFormat.of().parseHex(good)
                : Base64.getDecoder().decode(good);
        byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        byte[] doubled = java.util.Arrays.copyOf(bytes, bytes.length * 2);
        System.arraycopy(bytes, 0, doubled, bytes.length, bytes.length);

        assertRejected(
                verifier, preset.withSignatureText(signed, encode(preset, longer)), FailureReason.MALFORMED_HEADER);
        assertRejected(
                verifier, preset.withSignatureText(signed, encode(preset, doubled)), FailureReason.MALFORMED_HEADER);
        assertRejected(verifier, preset.withSignatureText(signed, good + "0"), FailureReason.MALFORMED_HEADER);
    }

    @ParameterizedTest
    @EnumSource(
            value = Preset.class,
            names = {"STRIPE", "GITHUB", "GITHUB_LEGACY_SHA1", "SLACK"})
    void verifyWhenHexSignatureUpperCaseThenMalformedHeader(Preset preset) {
        WebhookRequest signed = preset.sign(BODY);
        String good = preset.signatureText(signed);
        String upper = good.toUpperCase(Locale.ROOT);
        assertThat(upper).isNotEqualTo(good);

        // They send lower case; the upper-case spelling of the right bytes is not what the provider produced.
        assertRejected(preset.verifier(), preset.withSignatureText(signed, upper), FailureReason.MALFORMED_HEADER);
    }

    @ParameterizedTest
    @EnumSource(Preset.class)
    void verifyWhenThousandSignaturesInOneHeaderThenMalformedHeader(Preset preset) {
        WebhookRequest signed = preset.sign(BODY);
        WebhookRequest other =
                preset.otherSigner().sign(WebhookRequest.builder().body(BODY).build(), "msg_x", NOW);
        String valid = signed.firstHeader(preset.signatureHeader).orElseThrow();
        String forged = other.firstHeader(preset.signatureHeader).orElseThrow();
        String header;
        if (preset == Preset.STRIPE) {
            String v1 = forged.substring(forged.indexOf(",v1="));
            header = "t=" + NOW.getEpochSecond() + v1.repeat(999) + valid.substring(valid.indexOf(",v1="));
        } else {
            String separator = preset.signaturePrefix.equals("v1,") ? " " : ",";
            List<String> entries = new ArrayList<>();
            for (int i = 0; i < 999; i++) {
                entries.add(forged);
            }
            entries.add(valid);
            header = String.join(separator, entries);
        }

        assertRejected(
                preset.verifier(), withHeader(signed, preset.signatureHeader, header), FailureReason.MALFORMED_HEADER);
    }

    @ParameterizedTest
    @EnumSource(Preset.class)
    void verifyWhenThousandSignatureHeaderValuesThenMalformedHeader(Preset preset) {
        WebhookRequest signed = preset.sign(BODY);
        String valid = signed.firstHeader(preset.signatureHeader).orElseThrow();
        WebhookRequest request = signed;
        for (int i = 0; i < 999; i++) {
            request = addHeader(request, preset.signatureHeader, valid);
        }

        assertThat(request.headerValues(preset.signatureHeader)).hasSize(1000);
        assertRejected(preset.verifier(), request, FailureReason.MALFORMED_HEADER);
    }

    @ParameterizedTest
    @EnumSource(Preset.class)
    void verifyWhenBodyIsNotUtf8ThenAcceptedAndTamperingDetected(Preset preset) {
        byte[] body = {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0xc3, 0x28, (byte) 0xa0, (byte) 0xa1, '\r', '\n', 0x7f};
        WebhookRequest signed = preset.sign(body);
        WebhookVerifier verifier = preset.verifier();

        assertThat(assertAccepted(verifier, signed).body()).isEqualTo(body);
        byte[] tampered = body.clone();
        tampered[3] = (byte) 0xc4;
        assertRejected(verifier, withBody(signed, tampered), FailureReason.SIGNATURE_MISMATCH);
        // A charset round trip (what a framework reading the body as a String does) breaks the signature.
        byte[] reencoded = new String(body, java.nio.charset.StandardCharsets.UTF_8)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertRejected(verifier, withBody(signed, reencoded), FailureReason.SIGNATURE_MISMATCH);
    }

    @ParameterizedTest
    @EnumSource(Preset.class)
    void verifyWhenBodyEmptyThenAcceptedAndTamperingDetected(Preset preset) {
        WebhookRequest signed = preset.sign(new byte[0]);
        WebhookVerifier verifier = preset.verifier();

        assertThat(assertAccepted(verifier, signed).bodyLength()).isZero();
        assertRejected(verifier, withBody(signed, new byte[] {0}), FailureReason.SIGNATURE_MISMATCH);
        assertRejected(verifier, withBody(signed, utf8(" ")), FailureReason.SIGNATURE_MISMATCH);
    }

    @ParameterizedTest
    @EnumSource(Preset.class)
    void verifyWhenBodyOverMaxBodyBytesThenBodyTooLarge(Preset preset) {
        WebhookVerifier verifier = preset.builder().maxBodyBytes(BODY.length).build();
        WebhookVerifier smaller = preset.builder().maxBodyBytes(BODY.length - 1).build();
        WebhookRequest signed = preset.sign(BODY);

        assertAccepted(verifier, signed);
        assertRejected(smaller, signed, FailureReason.BODY_TOO_LARGE);
        assertThat(smaller.maxBodyBytes()).isEqualTo(BODY.length - 1);
    }

    @ParameterizedTest
    @EnumSource(Preset.class)
    void verifyWhenBodyOverDefaultLimitThenBodyTooLarge(Preset preset) {
        byte[] big = new byte[WebhookVerifier.DEFAULT_MAX_BODY_BYTES + 1];
        WebhookVerifier verifier = preset.verifier();

        assertThat(verifier.maxBodyBytes()).isEqualTo(WebhookVerifier.DEFAULT_MAX_BODY_BYTES);
        // Checked before the headers are even parsed: no signature needed to be refused cheaply.
        assertRejected(verifier, WebhookRequest.builder().body(big).build(), FailureReason.BODY_TOO_LARGE);
        byte[] max = java.util.Arrays.copyOf(big, WebhookVerifier.DEFAULT_MAX_BODY_BYTES);
        assertAccepted(verifier, preset.sign(max));
    }

    @ParameterizedTest
    @EnumSource(Preset.class)
    void verifyWhenSignatureOfAnotherBodyThenSignatureMismatch(Preset preset) {
        WebhookRequest a = preset.sign(utf8("{\"n\":1}"));
        WebhookRequest b = preset.sign(utf8("{\"n\":2}"));

        assertRejected(preset.verifier(), withBody(a, b.body()), FailureReason.SIGNATURE_MISMATCH);
    }

    @ParameterizedTest
    @EnumSource(Preset.class)
    void verifyWhenHeaderNamesInAnyCaseThenAccepted(Preset preset) {
        WebhookRequest signed = preset.sign(BODY);
        WebhookRequest.Builder b = WebhookRequest.builder().body(BODY);
        signed.headers().forEach((name, values) -> values.forEach(v -> b.header(name.toUpperCase(Locale.ROOT), v)));

        assertAccepted(preset.verifier(), b.build());
    }

    private static String encode(Preset preset, byte[] bytes) {
        return preset.hex()
                ? HexFormat.of().formatHex(bytes)
                : Base64.getEncoder().encodeToString(bytes);
    }
}
