package dev.webhookverifier;

import static dev.webhookverifier.Fixtures.DELIVERY_ID;
import static dev.webhookverifier.Fixtures.assertAccepted;
import static dev.webhookverifier.Fixtures.assertRejected;
import static dev.webhookverifier.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Standard Webhooks {@code v1a} (Ed25519) with {@code whpk_} public keys, next to {@code v1} HMAC. Signing with
 * {@code whsk_} keys: {@link StandardWebhooksV1aSigningTest}.
 */
class StandardWebhooksEd25519Test {
    private static final VectorCases.Case SW3 = VectorCases.load("standard-webhooks").stream()
            .filter(c -> c.name().equals("SW-3"))
            .findFirst()
            .orElseThrow();
    /** base64 of seed || public key, as svix's AsymmetricKey takes it (informative field of the vector). */
    private static final String SW3_PRIVATE = SW3.privateKey();

    private static WebhookVerifier verifier(WebhookSecret... secrets) {
        return WebhookVerifier.builder(Providers.standardWebhooks())
                .secrets(secrets)
                .clock(Fixtures.clockAt(java.time.Instant.ofEpochSecond(SW3.nowEpochSeconds())))
                .build();
    }

    private static WebhookVerifier sw3Verifier() {
        return verifier(WebhookSecret.of("pk", SW3.publicKey()));
    }

    /** Signs {@code id.timestamp.body} with SW-3's private key (Ed25519 is deterministic). */
    private static String signV1a(String id, String timestamp, byte[] body) {
        try {
            byte[] seed = Arrays.copyOf(Base64.getDecoder().decode(SW3_PRIVATE), 32);
            byte[] pkcs8 = HexFormat.of()
                    .parseHex(
                            "302e020100300506032b657004220420" + HexFormat.of().formatHex(seed));
            PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(utf8(id + "." + timestamp + "."));
            s.update(body);
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static WebhookRequest request(String signatureHeader, byte[] body) {
        return WebhookRequest.builder()
                .header("webhook-id", SW3.headers().get("webhook-id"))
                .header("webhook-timestamp", SW3.headers().get("webhook-timestamp"))
                .header("webhook-signature", signatureHeader)
                .body(body)
                .build();
    }

    @Test
    void verifyWhenPublishedV1aSignatureAndWhpkKeyThenAccepted() {
        VerifiedDelivery d = assertAccepted(sw3Verifier(), SW3.request());

        assertThat(d.secretId()).isEqualTo("pk");
        assertThat(d.deliveryId()).contains("msg_p5jXN8AQM9LWM0D4loKWxJek");
    }

    @Test
    void signWhenSvixPrivateKeyThenReproducesPublishedSignature() {
        String sig = signV1a(SW3.headers().get("webhook-id"), SW3.headers().get("webhook-timestamp"), SW3.body());

        assertThat("v1a," + sig).isEqualTo(SW3.headers().get("webhook-signature"));
    }

    @Test
    void verifyWhenV1aBodyTamperedThenSignatureMismatch() {
        byte[] body = SW3.body().clone();
        body[body.length - 2] ^= 1;

        assertRejected(sw3Verifier(), Fixtures.withBody(SW3.request(), body), FailureReason.SIGNATURE_MISMATCH);
    }

    @Test
    void verifyWhenOwnV1aSignaturesOverRandomBodiesThenAcceptedAndTamperingDetected() {
        java.util.Random random = new java.util.Random(7);
        WebhookVerifier verifier = sw3Verifier();
        for (int i = 0; i < 20; i++) {
            byte[] body = new byte[random.nextInt(300)];
            random.nextBytes(body);
            String t = SW3.headers().get("webhook-timestamp");
            WebhookRequest request = request("v1a," + signV1a(SW3.headers().get("webhook-id"), t, body), body);
            assertAccepted(verifier, request);
            if (body.length > 0) {
                byte[] tampered = body.clone();
                tampered[random.nextInt(body.length)] ^= (byte) (1 << random.nextInt(8));
                assertRejected(verifier, Fixtures.withBody(request, tampered), FailureReason.SIGNATURE_MISMATCH);
            }
        }
    }

    @Test
    void verifyWhenWhsecVerifierGetsOnlyV1aSignaturesThenUnsupportedScheme() {
        WebhookVerifier hmacOnly = verifier(WebhookSecret.of("hmac", Fixtures.Preset.STANDARD_WEBHOOKS.secret));

        assertRejected(hmacOnly, SW3.request(), FailureReason.UNSUPPORTED_SCHEME);
    }

    @Test
    void verifyWhenWhpkVerifierGetsOnlyV1SignaturesThenUnsupportedScheme() {
        WebhookRequest v1 = Fixtures.Preset.STANDARD_WEBHOOKS
                .signer()
                .sign(
                        WebhookRequest.builder().body(SW3.body()).build(),
                        SW3.headers().get("webhook-id"),
                        java.time.Instant.ofEpochSecond(SW3.nowEpochSeconds()));

        assertRejected(sw3Verifier(), v1, FailureReason.UNSUPPORTED_SCHEME);
    }

    @Test
    void verifyWhenRingHoldsSecretAndPublicKeyThenBothKindsVerifyAndSecretIdTellsWhich() {
        String hmacSecret = Fixtures.Preset.STANDARD_WEBHOOKS.secret;
        WebhookVerifier both = verifier(WebhookSecret.of("hmac", hmacSecret), WebhookSecret.of("pk", SW3.publicKey()));
        WebhookRequest v1 = WebhookSigner.of(Providers.standardWebhooks(), WebhookSecret.of("s", hmacSecret))
                .sign(
                        WebhookRequest.builder().body(SW3.body()).build(),
                        SW3.headers().get("webhook-id"),
                        java.time.Instant.ofEpochSecond(SW3.nowEpochSeconds()));
        String v1Entry = v1.firstHeader("webhook-signature").orElseThrow();
        String v1aEntry = SW3.headers().get("webhook-signature");

        assertThat(assertAccepted(both, SW3.request()).secretId()).isEqualTo("pk");
        assertThat(assertAccepted(both, v1).secretId()).isEqualTo("hmac");
        assertThat(assertAccepted(both, request(v1aEntry + " " + v1Entry, SW3.body()))
                        .secretId())
                .isEqualTo("hmac");
        // A forged v1 next to a forged v1a: both kinds checked, neither matches.
        byte[] tampered = SW3.body().clone();
        tampered[0] = ' ';
        assertRejected(both, request(v1aEntry + " " + v1Entry, tampered), FailureReason.SIGNATURE_MISMATCH);
    }

    @Test
    void verifyWhenV1aSignatureHasWrongLengthOrNonCanonicalBase64ThenMalformedHeader() {
        String good = SW3.headers().get("webhook-signature").substring(4);
        byte[] bytes = Base64.getDecoder().decode(good);
        String shortSig = Base64.getEncoder().encodeToString(Arrays.copyOf(bytes, 63));
        String longSig = Base64.getEncoder().encodeToString(Arrays.copyOf(bytes, 65));
        // 64 bytes = 86 digits + "=="; the 86th digit has 4 unused bits.
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        String nonCanonical = good.substring(0, 85) + alphabet.charAt(alphabet.indexOf(good.charAt(85)) ^ 1) + "==";
        assertThat(Base64.getDecoder().decode(nonCanonical)).isEqualTo(bytes);

        for (String sig : new String[] {shortSig, longSig, nonCanonical, good.replace("=", "")}) {
            assertRejected(sw3Verifier(), request("v1a," + sig, SW3.body()), FailureReason.MALFORMED_HEADER);
        }
    }

    @Test
    void verifyWhenV1aSignatureIsZerosThenSignatureMismatch() {
        String zeros = Base64.getEncoder().encodeToString(new byte[64]);

        assertRejected(sw3Verifier(), request("v1a," + zeros, SW3.body()), FailureReason.SIGNATURE_MISMATCH);
    }

    @Test
    void buildWhenPublicKeyMalformedThenIllegalArgumentWithoutTheValue() {
        String pk = SW3.publicKey();
        for (String bad : new String[] {
            "whpk_" + Base64.getEncoder().encodeToString(new byte[31]),
            "whpk_" + Base64.getEncoder().encodeToString(new byte[33]),
            "whpk_not*base64",
            "whpk_",
            pk.replace("=", ""),
        }) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> verifier(WebhookSecret.of("pk", bad)))
                    .satisfies(e -> {
                        if (bad.length() > 5) {
                            assertThat(e.getMessage()).doesNotContain(bad.substring(5));
                        }
                    });
        }
    }

    @Test
    void buildWhenEd25519PrivateKeyGivenThenIllegalArgumentSaysPublicKeyNeeded() {
        String sk = "whsk_" + SW3_PRIVATE;

        assertThatIllegalArgumentException()
                .isThrownBy(() -> verifier(WebhookSecret.of("sk", sk)))
                .withMessageContaining("whpk_")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SW3_PRIVATE));
    }

    @Test
    void signWhenSvixPrivateKeyGivenToWebhookSignerThenReproducesPublishedSignature() {
        WebhookRequest signed = WebhookSigner.of(
                        Providers.standardWebhooks(), WebhookSecret.of("sk", "whsk_" + SW3_PRIVATE))
                .sign(
                        WebhookRequest.builder().body(SW3.body()).build(),
                        SW3.headers().get("webhook-id"),
                        java.time.Instant.ofEpochSecond(SW3.nowEpochSeconds()));

        assertThat(signed.firstHeader("webhook-signature"))
                .contains(SW3.headers().get("webhook-signature"));
        assertAccepted(sw3Verifier(), signed);
    }

    @Test
    void signerWhenGivenPublicKeyThenIllegalArgument() {
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () -> WebhookSigner.of(Providers.standardWebhooks(), WebhookSecret.of("pk", SW3.publicKey())));
    }

    @Test
    void verifyWhenDeliveryIdOfV1aChangedThenSignatureMismatch() {
        WebhookRequest changed = Fixtures.withHeader(SW3.request(), "webhook-id", DELIVERY_ID);

        assertRejected(sw3Verifier(), changed, FailureReason.SIGNATURE_MISMATCH);
    }
}
