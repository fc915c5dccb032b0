package dev.webhookverifier;

import static dev.webhookverifier.Fixtures.DELIVERY_ID;
import static dev.webhookverifier.Fixtures.NOW;
import static dev.webhookverifier.Fixtures.assertAccepted;
import static dev.webhookverifier.Fixtures.assertRejected;
import static dev.webhookverifier.Fixtures.utf8;
import static dev.webhookverifier.Fixtures.withHeader;
import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookverifier.Fixtures.Preset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Standard Webhooks and Svix: the space-separated {@code v1,<base64>} list, strict base64, header brands. */
class StandardWebhooksVerifierTest {
    private static final byte[] BODY = utf8("{\"type\":\"user.created\",\"data\":{\"id\":42}}");

    @ParameterizedTest
    @EnumSource(
            value = Preset.class,
            names = {"STANDARD_WEBHOOKS", "SVIX"})
    void verifyWhenBase64HasUnusedBitsSetThenMalformedHeader(Preset preset) {
        WebhookRequest signed = preset.sign(BODY);
        String good = preset.signatureText(signed);
        // 32 bytes = 43 base64 digits + '='; the 43rd digit carries 2 unused bits.
        char last = good.charAt(42);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        String nonCanonical = good.substring(0, 42) + alphabet.charAt(alphabet.indexOf(last) ^ 1) + "=";
        assertThat(nonCanonical).isNotEqualTo(good);
        assertThat(Base64.getDecoder().decode(nonCanonical))
                .isEqualTo(Base64.getDecoder().decode(good));

        assertRejected(
                preset.verifier(), preset.withSignatureText(signed, nonCanonical), FailureReason.MALFORMED_HEADER);
    }

    @ParameterizedTest
    @EnumSource(
            value = Preset.class,
            names = {"STANDARD_WEBHOOKS", "SVIX"})
    void verifyWhenBase64PaddingMissingOrUrlSafeThenMalformedHeader(Preset preset) {
        WebhookRequest signed = preset.sign(BODY);
        String good = preset.signatureText(signed);
        WebhookVerifier verifier = preset.verifier();

        assertRejected(
                verifier, preset.withSignatureText(signed, good.replace("=", "")), FailureReason.MALFORMED_HEADER);
        assertRejected(verifier, preset.withSignatureText(signed, good + "="), FailureReason.MALFORMED_HEADER);
        String urlSafe =
                Base64.getUrlEncoder().encodeToString(Base64.getDecoder().decode(good));
        if (!urlSafe.equals(good)) {
            assertRejected(verifier, preset.withSignatureText(signed, urlSafe), FailureReason.MALFORMED_HEADER);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Preset.class,
            names = {"STANDARD_WEBHOOKS", "SVIX"})
    void verifyWhenSixteenEntriesIncludeValidOneThenAccepted(Preset preset) {
        WebhookRequest signed = preset.sign(BODY);
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            entries.add("v1," + forgedSignature(preset, i));
        }
        entries.add("v1," + preset.signatureText(signed));

        assertAccepted(preset.verifier(), withHeader(signed, preset.signatureHeader, String.join(" ", entries)));
    }

    @ParameterizedTest
    @EnumSource(
            value = Preset.class,
            names = {"STANDARD_WEBHOOKS", "SVIX"})
    void verifyWhenSeventeenEntriesThenMalformedHeader(Preset preset) {
        WebhookRequest signed = preset.sign(BODY);
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            entries.add("v1," + forgedSignature(preset, i));
        }
        entries.add("v1," + preset.signatureText(signed));

        assertRejected(
                preset.verifier(),
                withHeader(signed, preset.signatureHeader, String.join(" ", entries)),
                FailureReason.MALFORMED_HEADER);
    }

    @ParameterizedTest
    @EnumSource(
            value = Preset.class,
            names = {"STANDARD_WEBHOOKS", "SVIX"})
    void verifyWhenManyTinyEntriesThenMalformedHeader(Preset preset) {
        WebhookRequest signed = preset.sign(BODY);
        String header = "v1,x ".repeat(800) + "v1," + preset.signatureText(signed);

        assertThat(header.length()).isLessThanOrEqualTo(4096);
        assertRejected(
                preset.verifier(), withHeader(signed, preset.signatureHeader, header), FailureReason.MALFORMED_HEADER);
    }

    @ParameterizedTest
    @EnumSource(
            value = Preset.class,
            names = {"STANDARD_WEBHOOKS", "SVIX"})
    void verifyWhenOnlyUnknownVersionsThenUnsupportedScheme(Preset preset) {
        WebhookRequest signed = preset.sign(BODY);
        String sig = preset.signatureText(signed);

        assertRejected(
                preset.verifier(),
                withHeader(signed, preset.signatureHeader, "v2," + sig + " v0," + sig),
                FailureReason.UNSUPPORTED_SCHEME);
    }

    @ParameterizedTest
    @EnumSource(
            value = Preset.class,
            names = {"STANDARD_WEBHOOKS", "SVIX"})
    void verifyWhenEntryHasNoVersionThenMalformedHeader(Preset preset) {
        WebhookRequest signed = preset.sign(BODY);
        String sig = preset.signatureText(signed);
        WebhookVerifier verifier = preset.verifier();

        assertRejected(verifier, withHeader(signed, preset.signatureHeader, sig), FailureReason.MALFORMED_HEADER);
        assertRejected(
                verifier, withHeader(signed, preset.signatureHeader, "v1=" + sig), FailureReason.MALFORMED_HEADER);
        assertRejected(verifier, withHeader(signed, preset.signatureHeader, "v1,"), FailureReason.MALFORMED_HEADER);
    }

    @ParameterizedTest
    @EnumSource(
            value = Preset.class,
            names = {"STANDARD_WEBHOOKS", "SVIX"})
    void verifyWhenExtraSpacesAndUnknownVersionsAroundValidEntryThenAccepted(Preset preset) {
        WebhookRequest signed = preset.sign(BODY);
        String sig = preset.signatureText(signed);

        assertAccepted(
                preset.verifier(), withHeader(signed, preset.signatureHeader, "v2,abc   v1," + sig + "  v9,zzz"));
    }

    @ParameterizedTest
    @EnumSource(
            value = Preset.class,
            names = {"STANDARD_WEBHOOKS", "SVIX"})
    void verifyWhenDeliveryIdSignedThenReportedAsDeliveryId(Preset preset) {
        VerifiedDelivery d = assertAccepted(preset.verifier(), preset.sign(BODY));

        assertThat(d.deliveryId()).contains(DELIVERY_ID);
        assertThat(preset.provider().signsDeliveryId()).isTrue();
    }

    @Test
    void verifyWhenSvixGetsUnbrandedHeadersThenAccepted() {
        WebhookRequest unbranded = Fixtures.Preset.STANDARD_WEBHOOKS
                .signer()
                .sign(WebhookRequest.builder().body(BODY).build(), DELIVERY_ID, NOW);
        WebhookVerifier svix = WebhookVerifier.builder(Providers.svix())
                .secrets(WebhookSecret.of("k", Preset.STANDARD_WEBHOOKS.secret))
                .clock(Fixtures.CLOCK)
                .build();

        assertAccepted(svix, unbranded);
    }

    @Test
    void verifyWhenStandardWebhooksGetsSvixHeadersThenMissingHeader() {
        WebhookRequest branded = WebhookSigner.of(
                        Providers.svix(), WebhookSecret.of("k", Preset.STANDARD_WEBHOOKS.secret), Fixtures.CLOCK)
                .sign(WebhookRequest.builder().body(BODY).build(), DELIVERY_ID, NOW);

        assertThat(branded.headers()).containsKeys("svix-id", "svix-timestamp", "svix-signature");
        assertRejected(Preset.STANDARD_WEBHOOKS.verifier(), branded, FailureReason.MISSING_HEADER);
    }

    @Test
    void verifyWhenSvixHeadersMixBrandedAndUnbrandedThenMissingHeader() {
        WebhookRequest signed = Preset.SVIX.sign(BODY);
        // svix-id and svix-signature branded, the timestamp only under the unbranded name: no mixing.
        WebhookRequest mixed = Fixtures.withoutHeader(signed, "svix-timestamp");
        mixed = Fixtures.addHeader(mixed, "webhook-timestamp", Long.toString(NOW.getEpochSecond()));

        assertRejected(Preset.SVIX.verifier(), mixed, FailureReason.MISSING_HEADER);
    }

    @Test
    void verifyWhenSecretGivenWithoutPrefixOrAsRawBytesThenSameKey() {
        String b64 = Preset.STANDARD_WEBHOOKS.secret.substring("whsec_".length());
        WebhookRequest signed = Preset.STANDARD_WEBHOOKS.sign(BODY);

        for (WebhookSecret secret : List.of(
                WebhookSecret.of("plain", b64),
                WebhookSecret.ofBytes("raw", Base64.getDecoder().decode(b64)))) {
            WebhookVerifier v = WebhookVerifier.builder(Providers.standardWebhooks())
                    .secrets(secret)
                    .clock(Fixtures.CLOCK)
                    .build();
            assertThat(assertAccepted(v, signed).secretId()).isEqualTo(secret.id());
        }
    }

    private static String forgedSignature(Preset preset, int i) {
        byte[] b = new byte[32];
        new java.util.Random(i).nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }
}
