package dev.webhookverifier;

import static dev.webhookverifier.Fixtures.assertAccepted;
import static dev.webhookverifier.Fixtures.assertRejected;
import static dev.webhookverifier.Fixtures.rejection;
import static dev.webhookverifier.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookverifier.Fixtures.Preset;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** GitHub: {@code X-Hub-Signature-256: sha256=<hex>}, the legacy SHA-1 header, prefixes, the unsigned delivery id. */
class GitHubVerifierTest {
    private static final byte[] BODY = utf8("{\"zen\":\"Design for failure.\",\"hook_id\":1}");
    private static final String SHA256 = "X-Hub-Signature-256";
    private static final String SHA1 = "X-Hub-Signature";

    private final String secret = Preset.GITHUB.secret;
    private final String hex256 = HexFormat.of().formatHex(Fixtures.hmacSha256(utf8(secret), BODY));
    private final String hex1 = HexFormat.of().formatHex(Fixtures.hmac("HmacSHA1", utf8(secret), BODY));

    private WebhookVerifier github() {
        return Preset.GITHUB.verifier();
    }

    private WebhookVerifier legacy() {
        return WebhookVerifier.builder(Providers.byId("github-legacy-sha1"))
                .secrets(WebhookSecret.of("current", secret))
                .build();
    }

    private static WebhookRequest request(String name, String value) {
        return WebhookRequest.builder().header(name, value).body(BODY).build();
    }

    @Test
    void verifyWhenSha256HeaderValidThenAcceptedWithoutTimestamp() {
        VerifiedDelivery d = assertAccepted(github(), request(SHA256, "sha256=" + hex256));

        assertThat(d.timestamp()).isEmpty();
        assertThat(github().tolerance()).isEmpty();
        assertThat(Providers.github().signsTimestamp()).isFalse();
        assertThat(Providers.github().defaultTolerance()).isEmpty();
    }

    @Test
    void verifyWhenSha1PrefixInSha256HeaderThenUnsupportedScheme() {
        assertRejected(github(), request(SHA256, "sha1=" + hex1), FailureReason.UNSUPPORTED_SCHEME);
        assertRejected(github(), request(SHA256, "sha512=" + hex256 + hex256), FailureReason.UNSUPPORTED_SCHEME);
    }

    @Test
    void verifyWhenColonInsteadOfEqualsOrNoPrefixThenMalformedHeader() {
        assertRejected(github(), request(SHA256, "sha256:" + hex256), FailureReason.MALFORMED_HEADER);
        assertRejected(github(), request(SHA256, hex256), FailureReason.MALFORMED_HEADER);
        assertRejected(github(), request(SHA256, "sha256 =" + hex256), FailureReason.MALFORMED_HEADER);
        assertRejected(github(), request(SHA256, "sha256==" + hex256), FailureReason.MALFORMED_HEADER);
    }

    @Test
    void verifyWhenPrefixInOtherCaseThenRejected() {
        rejection(github(), request(SHA256, "SHA256=" + hex256));
    }

    @Test
    void verifyWhenOnlyLegacySha1HeaderThenGithubPresetReportsMissingHeader() {
        assertRejected(github(), request(SHA1, "sha1=" + hex1), FailureReason.MISSING_HEADER);
    }

    @Test
    void verifyWhenLegacyPresetGetsSha1OnlyThenAccepted() {
        assertAccepted(legacy(), request(SHA1, "sha1=" + hex1));
        assertAccepted(legacy(), request(SHA256, "sha256=" + hex256));
        byte[] tampered = BODY.clone();
        tampered[0] = '[';
        assertRejected(
                legacy(),
                WebhookRequest.builder()
                        .header(SHA1, "sha1=" + hex1)
                        .body(tampered)
                        .build(),
                FailureReason.SIGNATURE_MISMATCH);
    }

    @Test
    void verifyWhenLegacyPresetGetsBothHeadersThenSha256Decides() {
        WebhookRequest forged256 = WebhookRequest.builder()
                .header(SHA256, "sha256=" + "0".repeat(64))
                .header(SHA1, "sha1=" + hex1)
                .body(BODY)
                .build();

        // The stronger header wins; a valid SHA-1 beside a forged SHA-256 does not pass.
        assertRejected(legacy(), forged256, FailureReason.SIGNATURE_MISMATCH);
    }

    @Test
    void verifyWhenSha1SignatureInSha1HeaderUsesWrongLengthThenMalformedHeader() {
        assertRejected(legacy(), request(SHA1, "sha1=" + hex256), FailureReason.MALFORMED_HEADER);
        assertRejected(legacy(), request(SHA1, "sha256=" + hex256), FailureReason.UNSUPPORTED_SCHEME);
    }

    @Test
    void verifyWhenDeliveryHeaderPresentThenReportedButNotSigned() {
        WebhookRequest request = WebhookRequest.builder()
                .header(SHA256, "sha256=" + hex256)
                .header("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958")
                .body(BODY)
                .build();

        VerifiedDelivery d = assertAccepted(github(), request);
        assertThat(d.deliveryId()).contains("72d3162e-cc78-11e3-81ab-4c9367dc0958");
        assertThat(Providers.github().signsDeliveryId()).isFalse();
        // Changing the unsigned id does not break the signature (which is why it is no replay key).
        assertAccepted(github(), Fixtures.withHeader(request, "X-GitHub-Delivery", "other"));
    }

    @Test
    void verifyWhenSignerUsedThenDeliveryHeaderSent() {
        WebhookRequest signed = Preset.GITHUB.sign(BODY);

        assertThat(signed.firstHeader(SHA256)).contains("sha256=" + hex256);
        assertThat(signed.firstHeader("X-GitHub-Delivery")).contains(Fixtures.DELIVERY_ID);
    }
}
