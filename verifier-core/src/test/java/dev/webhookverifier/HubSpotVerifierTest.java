package dev.webhookverifier;

import static dev.webhookverifier.Fixtures.assertAccepted;
import static dev.webhookverifier.Fixtures.assertRejected;
import static dev.webhookverifier.Fixtures.clockAt;
import static dev.webhookverifier.Fixtures.utf8;
import static dev.webhookverifier.Fixtures.withHeader;
import static dev.webhookverifier.Fixtures.withoutHeader;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * HubSpot: v3 (HMAC over method, URI, body and a millisecond timestamp; the URI as given or with HubSpot's
 * decoded escapes) and the legacy v1/v2 digests as separate presets, none accepting another's headers.
 */
class HubSpotVerifierTest {
    private static final String SECRET = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
    private static final Instant AT = Instant.ofEpochMilli(1_700_000_000_123L);
    private static final String BODY = "[{\"eventId\":1,\"subscriptionType\":\"contact.creation\"}]";

    private static WebhookVerifier verifier(Provider provider) {
        return WebhookVerifier.builder(provider)
                .secrets(WebhookSecret.of("app", SECRET))
                .clock(clockAt(AT))
                .build();
    }

    private static WebhookRequest v3(String url, String signedUri) {
        String t = Long.toString(AT.toEpochMilli());
        String signature = Base64.getEncoder()
                .encodeToString(Fixtures.hmacSha256(utf8(SECRET), utf8("POST" + signedUri + BODY + t)));
        return WebhookRequest.builder()
                .url(url)
                .header("X-HubSpot-Signature-v3", signature)
                .header("X-HubSpot-Request-Timestamp", t)
                .body(utf8(BODY))
                .build();
    }

    @Test
    void verifyWhenV3SignedOverTheUriAsGivenOrDecodedThenAccepted() {
        String url = "https://example.com/hubspot/hook?portal=62515&filter=a%3Ab%2Cc&email=x%40y.com";
        String decoded = "https://example.com/hubspot/hook?portal=62515&filter=a:b,c&email=x@y.com";

        VerifiedDelivery d = assertAccepted(verifier(Providers.hubspot()), v3(url, url));
        assertAccepted(verifier(Providers.hubspot()), v3(url, decoded));

        assertThat(d.timestamp()).contains(AT);
        // Escapes outside HubSpot's list stay encoded.
        assertRejected(
                verifier(Providers.hubspot()),
                v3("https://example.com/h?q=a%20b", "https://example.com/h?q=a b"),
                FailureReason.SIGNATURE_MISMATCH);
    }

    @Test
    void verifyWhenV3MethodOrUrlDiffersThenSignatureMismatch() {
        String url = "https://example.com/hubspot/hook";
        WebhookRequest signed = v3(url, url);
        WebhookRequest asPut = WebhookRequest.builder()
                .method("PUT")
                .url(url)
                .header(
                        "X-HubSpot-Signature-v3",
                        signed.firstHeader("X-HubSpot-Signature-v3").orElseThrow())
                .header(
                        "X-HubSpot-Request-Timestamp",
                        signed.firstHeader("X-HubSpot-Request-Timestamp").orElseThrow())
                .body(utf8(BODY))
                .build();

        assertRejected(verifier(Providers.hubspot()), asPut, FailureReason.SIGNATURE_MISMATCH);
        assertRejected(verifier(Providers.hubspot()), v3(url + "/other", url), FailureReason.SIGNATURE_MISMATCH);
    }

    @Test
    void verifyWhenV3TimestampInSecondsOrStaleThenRejected() {
        WebhookRequest signed = v3("https://example.com/h", "https://example.com/h");

        assertRejected(
                WebhookVerifier.builder(Providers.hubspot())
                        .secrets(WebhookSecret.of("app", SECRET))
                        .clock(clockAt(AT.plusSeconds(301)))
                        .build(),
                signed,
                FailureReason.TIMESTAMP_TOO_OLD);
        assertRejected(
                verifier(Providers.hubspot()),
                withHeader(signed, "X-HubSpot-Request-Timestamp", "017000000001"),
                FailureReason.MALFORMED_HEADER);
    }

    private static WebhookRequest legacy(String version, String content) {
        String digest = HexFormat.of().formatHex(sha256(SECRET + content));
        return WebhookRequest.builder()
                .url("https://www.example.com/webhook_uri")
                .header("X-HubSpot-Signature", digest)
                .header("X-HubSpot-Signature-Version", version)
                .body(utf8(BODY))
                .build();
    }

    private static byte[] sha256(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(utf8(text));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void verifyWhenLegacyV1AndV2DigestsThenEachOnlyByItsPreset() {
        WebhookRequest v1 = legacy("v1", BODY);
        WebhookRequest v2 = legacy("v2", "POSThttps://www.example.com/webhook_uri" + BODY);

        assertAccepted(verifier(Providers.hubspotV1()), v1);
        assertAccepted(verifier(Providers.hubspotV2()), v2);
        // The version header names the scheme; a preset does not check another's.
        assertRejected(verifier(Providers.hubspotV1()), v2, FailureReason.UNSUPPORTED_SCHEME);
        assertRejected(verifier(Providers.hubspotV2()), v1, FailureReason.UNSUPPORTED_SCHEME);
        // A v1 digest presented as v2 (or without the version header) is simply wrong for v2.
        assertRejected(
                verifier(Providers.hubspotV2()),
                withoutHeader(v1, "X-HubSpot-Signature-Version"),
                FailureReason.SIGNATURE_MISMATCH);
    }

    @Test
    void verifyWhenOnlyLegacyHeadersThenV3PresetSaysMissingHeader() {
        // No downgrade: the v3 preset never falls back to the untimed v1/v2 digests.
        assertRejected(verifier(Providers.hubspot()), legacy("v1", BODY), FailureReason.MISSING_HEADER);
    }

    @Test
    void verifyWhenLegacyDigestIsAnHmacInsteadThenSignatureMismatch() {
        WebhookRequest hmac = withHeader(
                legacy("v1", BODY),
                "X-HubSpot-Signature",
                HexFormat.of().formatHex(Fixtures.hmacSha256(utf8(SECRET), utf8(BODY))));

        assertRejected(verifier(Providers.hubspotV1()), hmac, FailureReason.SIGNATURE_MISMATCH);
    }

    @Test
    void signWhenLegacyPresetsThenVersionHeaderSentAndVerifies() {
        for (Provider p : new Provider[] {Providers.hubspotV1(), Providers.hubspotV2(), Providers.hubspot()}) {
            WebhookRequest signed = WebhookSigner.of(p, WebhookSecret.of("app", SECRET), clockAt(AT))
                    .sign(
                            WebhookRequest.builder()
                                    .url("https://www.example.com/webhook_uri")
                                    .body(utf8(BODY))
                                    .build(),
                            null,
                            AT);

            assertAccepted(verifier(p), signed);
            if (p != Providers.hubspot()) {
                assertThat(signed.firstHeader("X-HubSpot-Signature-Version")).contains(p.id().substring(8));
            }
        }
    }
}
