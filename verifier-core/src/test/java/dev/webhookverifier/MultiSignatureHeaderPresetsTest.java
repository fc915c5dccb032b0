package dev.webhookverifier;

import static dev.webhookverifier.Fixtures.assertAccepted;
import static dev.webhookverifier.Fixtures.assertRejected;
import static dev.webhookverifier.Fixtures.clockAt;
import static dev.webhookverifier.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Presets that carry a signature per key in several headers (Box's primary and secondary, DocuSign's numbered
 * headers) or repeat one header during a rotation (Mollie); and the informational headers they must agree with.
 */
class MultiSignatureHeaderPresetsTest {
    private static final byte[] BODY = utf8("{\"trigger\":\"FILE.UPLOADED\"}");
    private static final String PRIMARY = "box-primary-key-Qm4Vb9Lk2";
    private static final String SECONDARY = "box-secondary-key-Hp8Wq3Zk";
    private static final String STAMP = "2023-11-14T14:13:20-08:00";
    private static final Instant AT = Instant.parse("2023-11-14T22:13:20Z");

    private static String boxSignature(String key, String stamp) {
        return Base64.getEncoder().encodeToString(Fixtures.hmacSha256(utf8(key), BODY, utf8(stamp)));
    }

    private static WebhookVerifier box(String... keys) {
        WebhookSecret[] secrets = new WebhookSecret[keys.length];
        for (int i = 0; i < keys.length; i++) {
            secrets[i] = WebhookSecret.of(i == 0 ? "primary" : "secondary", keys[i]);
        }
        return WebhookVerifier.builder(Providers.box())
                .secrets(secrets)
                .clock(clockAt(AT))
                .build();
    }

    @Test
    void verifyWhenBoxPrimaryOrSecondarySignatureMatchesThenAcceptedWithOffsetTimestamp() {
        WebhookRequest both = WebhookRequest.builder()
                .header("BOX-DELIVERY-TIMESTAMP", STAMP)
                .header("BOX-SIGNATURE-PRIMARY", boxSignature("a-rotated-away-key-123456", STAMP))
                .header("BOX-SIGNATURE-SECONDARY", boxSignature(SECONDARY, STAMP))
                .header("BOX-SIGNATURE-VERSION", "1")
                .header("BOX-SIGNATURE-ALGORITHM", "HmacSHA256")
                .body(BODY)
                .build();
        WebhookRequest secondaryOnly = WebhookRequest.builder()
                .header("BOX-DELIVERY-TIMESTAMP", STAMP)
                .header("BOX-SIGNATURE-SECONDARY", boxSignature(PRIMARY, STAMP))
                .body(BODY)
                .build();

        VerifiedDelivery d = assertAccepted(box(PRIMARY, SECONDARY), both);
        assertThat(d.secretId()).isEqualTo("secondary");
        assertThat(d.timestamp()).contains(AT);
        assertAccepted(box(PRIMARY), secondaryOnly);
        assertRejected(box(PRIMARY), both, FailureReason.SIGNATURE_MISMATCH);
    }

    @Test
    void verifyWhenBoxSignatureVersionOrAlgorithmIsAnotherThenUnsupportedScheme() {
        WebhookRequest.Builder b = WebhookRequest.builder()
                .header("BOX-DELIVERY-TIMESTAMP", STAMP)
                .header("BOX-SIGNATURE-PRIMARY", boxSignature(PRIMARY, STAMP))
                .body(BODY);

        assertRejected(
                box(PRIMARY),
                b.header("BOX-SIGNATURE-ALGORITHM", "HmacSHA512").build(),
                FailureReason.UNSUPPORTED_SCHEME);
    }

    @Test
    void verifyWhenBoxTimestampElevenMinutesOldThenTooOld() {
        String stamp = "2023-11-14T22:02:20Z";
        WebhookRequest old = WebhookRequest.builder()
                .header("BOX-DELIVERY-TIMESTAMP", stamp)
                .header("BOX-SIGNATURE-PRIMARY", boxSignature(PRIMARY, stamp))
                .body(BODY)
                .build();

        assertRejected(box(PRIMARY), old, FailureReason.TIMESTAMP_TOO_OLD);
    }

    @Test
    void verifyWhenDocuSignSendsOneHeaderPerKeyThenAnyHeaderMayMatchAnyKey() {
        String key1 = "docusign-hmac-key-one-Qm4Vb9";
        String key2 = "docusign-hmac-key-two-Hp8Wq3";
        WebhookRequest request = WebhookRequest.builder()
                .header("X-Authorization-Digest", "HMACSHA256")
                .header(
                        "X-DocuSign-Signature-1",
                        Base64.getEncoder().encodeToString(Fixtures.hmacSha256(utf8(key1), BODY)))
                .header(
                        "X-DocuSign-Signature-2",
                        Base64.getEncoder().encodeToString(Fixtures.hmacSha256(utf8(key2), BODY)))
                .body(BODY)
                .build();

        assertAccepted(
                WebhookVerifier.builder(Providers.docusign())
                        .secrets(WebhookSecret.of("k2", key2))
                        .build(),
                request);
        assertAccepted(
                WebhookVerifier.builder(Providers.docusign())
                        .secrets(WebhookSecret.of("k1", key1))
                        .build(),
                request);
        assertRejected(
                WebhookVerifier.builder(Providers.docusign())
                        .secrets(WebhookSecret.of("k3", "docusign-hmac-key-three-Zk2"))
                        .build(),
                request,
                FailureReason.SIGNATURE_MISMATCH);
    }

    @Test
    void verifyWhenMollieHeaderRepeatedOrFoldedThenAnyValueMayMatch() {
        String secret = "mollie-signing-secret-Qm4Vb9";
        String good = "sha256=" + HexFormat.of().formatHex(Fixtures.hmacSha256(utf8(secret), BODY));
        String old = "sha256=" + HexFormat.of().formatHex(Fixtures.hmacSha256(utf8("previous-secret-Hp8Wq3"), BODY));
        WebhookVerifier verifier = WebhookVerifier.builder(Providers.mollie())
                .secrets(WebhookSecret.of("m", secret))
                .build();

        assertAccepted(
                verifier,
                WebhookRequest.builder()
                        .header("X-Mollie-Signature", old)
                        .header("X-Mollie-Signature", good)
                        .body(BODY)
                        .build());
        assertAccepted(
                verifier,
                WebhookRequest.builder()
                        .header("X-Mollie-Signature", old + ", " + good)
                        .body(BODY)
                        .build());
        assertRejected(
                verifier,
                WebhookRequest.builder()
                        .header("X-Mollie-Signature", old)
                        .body(BODY)
                        .build(),
                FailureReason.SIGNATURE_MISMATCH);
        assertRejected(
                verifier,
                WebhookRequest.builder()
                        .header("X-Mollie-Signature", (good + ",").repeat(17))
                        .body(BODY)
                        .build(),
                FailureReason.MALFORMED_HEADER);
    }
}
