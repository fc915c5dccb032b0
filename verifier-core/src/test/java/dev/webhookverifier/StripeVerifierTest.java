package dev.webhookverifier;

import static dev.webhookverifier.Fixtures.NOW;
import static dev.webhookverifier.Fixtures.assertAccepted;
import static dev.webhookverifier.Fixtures.assertRejected;
import static dev.webhookverifier.Fixtures.rejection;
import static dev.webhookverifier.Fixtures.utf8;
import static dev.webhookverifier.Fixtures.withHeader;
import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookverifier.Fixtures.Preset;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Stripe's {@code t=...,v1=...} header: rotation with several v1, v0 ignored, strict entries. */
class StripeVerifierTest {
    private static final byte[] BODY = utf8("{\"id\":\"evt_1\",\"object\":\"event\"}");
    private static final Preset STRIPE = Preset.STRIPE;
    private static final String H = "Stripe-Signature";
    private static final long T = NOW.getEpochSecond();

    private final WebhookVerifier verifier = STRIPE.verifier();
    private final String good = STRIPE.signatureText(STRIPE.sign(BODY));
    private final String forged = STRIPE.signatureText(
            STRIPE.otherSigner().sign(WebhookRequest.builder().body(BODY).build(), "x", NOW));

    private WebhookRequest request(String header) {
        return WebhookRequest.builder().header(H, header).body(BODY).build();
    }

    @Test
    void verifyWhenSecretRolledThenEitherV1OrderAccepted() {
        assertAccepted(verifier, request("t=" + T + ",v1=" + forged + ",v1=" + good));
        assertAccepted(verifier, request("t=" + T + ",v1=" + good + ",v1=" + forged));
        assertAccepted(verifier, request("v1=" + good + ",t=" + T));
    }

    @Test
    void verifyWhenV0AndUnknownEntriesPresentThenIgnored() {
        assertAccepted(verifier, request("t=" + T + ",v0=" + good + ",v1=" + good + ",x=1"));
        assertAccepted(verifier, request("t=" + T + ", v1=" + good));
    }

    @Test
    void verifyWhenOnlyV0ThenUnsupportedScheme() {
        assertRejected(verifier, request("t=" + T + ",v0=" + good), FailureReason.UNSUPPORTED_SCHEME);
    }

    @Test
    void verifyWhenTimestampOnlyThenRejected() {
        rejection(verifier, request("t=" + T));
    }

    @Test
    void verifyWhenTimestampMissingOrRepeatedThenMalformedHeader() {
        assertRejected(verifier, request("v1=" + good), FailureReason.MALFORMED_HEADER);
        assertRejected(verifier, request("t=" + T + ",t=" + T + ",v1=" + good), FailureReason.MALFORMED_HEADER);
        assertRejected(verifier, request("t=" + T + ",v1=" + good + ",t=" + (T + 1)), FailureReason.MALFORMED_HEADER);
    }

    @Test
    void verifyWhenEntryIsNotKeyValueThenMalformedHeader() {
        assertRejected(verifier, request("t=" + T + ",v1" + good), FailureReason.MALFORMED_HEADER);
        assertRejected(verifier, request("t=" + T + ",=" + good), FailureReason.MALFORMED_HEADER);
        assertRejected(verifier, request("t=" + T + ",v1=" + good + ","), FailureReason.MALFORMED_HEADER);
        assertRejected(verifier, request("t=" + T + ",,v1=" + good), FailureReason.MALFORMED_HEADER);
        assertRejected(verifier, request(",t=" + T + ",v1=" + good), FailureReason.MALFORMED_HEADER);
    }

    @Test
    void verifyWhenV1NotHexThenMalformedHeader() {
        assertRejected(verifier, request("t=" + T + ",v1=" + good.substring(2) + "zz"), FailureReason.MALFORMED_HEADER);
        assertRejected(verifier, request("t=" + T + ",v1="), FailureReason.MALFORMED_HEADER);
    }

    @Test
    void verifyWhenUndecodableV1BesideValidOneThenAccepted() {
        // Like Paddle's PA-2: one entry that is not even hex does not spoil a valid one.
        assertAccepted(verifier, request("t=" + T + ",v1=not-hex,v1=" + good));
    }

    @Test
    void verifyWhenSixteenV1EntriesWithValidLastThenAccepted() {
        StringBuilder header = new StringBuilder("t=" + T);
        for (int i = 0; i < 15; i++) {
            header.append(",v1=").append(randomHex(i));
        }
        header.append(",v1=").append(good);

        assertAccepted(verifier, request(header.toString()));
    }

    @Test
    void verifyWhenSeventeenV1EntriesAfterTimestampThenMalformedHeader() {
        StringBuilder header = new StringBuilder("t=" + T);
        for (int i = 0; i < 16; i++) {
            header.append(",v1=").append(randomHex(i));
        }
        header.append(",v1=").append(good);

        assertRejected(verifier, request(header.toString()), FailureReason.MALFORMED_HEADER);
    }

    @Test
    void verifyWhenWholeHeaderIsTheSignatureThenMalformedHeader() {
        assertRejected(verifier, request(good), FailureReason.MALFORMED_HEADER);
    }

    @Test
    void verifyWhenSecretHasWhsecPrefixThenWholeStringIsTheKey() {
        byte[] mac = Fixtures.hmacSha256(utf8(STRIPE.secret), utf8(T + "."), BODY);
        assertThat(HexFormat.of().formatHex(mac)).isEqualTo(good);
        assertThat(STRIPE.provider().signsDeliveryId()).isFalse();
    }

    @Test
    void verifyWhenTimestampChangedInHeaderThenSignatureMismatch() {
        assertRejected(
                verifier,
                withHeader(request("t=" + T + ",v1=" + good), H, "t=" + (T - 1) + ",v1=" + good),
                FailureReason.SIGNATURE_MISMATCH);
    }

    static String randomHex(int seed) {
        byte[] b = new byte[32];
        new Random(seed).nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
