package dev.webhookverifier;

import static dev.webhookverifier.Fixtures.assertAccepted;
import static dev.webhookverifier.Fixtures.assertRejected;
import static dev.webhookverifier.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link WebhookSigner} signing Standard Webhooks {@code v1a} (Ed25519) with {@code whsk_} private keys, checked
 * against the published vector SW-3 (svix's {@code test_asymmetric_key_signing}) and against the verifier.
 */
class StandardWebhooksV1aSigningTest {
    private static final VectorCases.Case SW3 = VectorCases.load("standard-webhooks").stream()
            .filter(c -> c.name().equals("SW-3"))
            .findFirst()
            .orElseThrow();
    private static final Instant SW3_TIME = Instant.ofEpochSecond(SW3.nowEpochSeconds());
    private static final Clock SW3_CLOCK = Clock.fixed(SW3_TIME, ZoneOffset.UTC);
    private static final Provider SW = Providers.standardWebhooks();

    /** SW-3's informative private key: base64 of seed || public key, svix's {@code AsymmetricKey} format. */
    private static String sw3PrivateKey() {
        assertThat(SW3.privateKey()).as("SW-3 carries its private key").isNotNull();
        return "whsk_" + SW3.privateKey();
    }

    private static WebhookRequest sw3Unsigned() {
        return WebhookRequest.builder().body(SW3.body()).build();
    }

    private static WebhookVerifier verifier(String publicKey) {
        return WebhookVerifier.builder(SW)
                .secrets(WebhookSecret.of("pk", publicKey))
                .clock(SW3_CLOCK)
                .build();
    }

    private static WebhookRequest signedWith(String privateKey, byte[] body) {
        return WebhookSigner.of(SW, WebhookSecret.of("sk", privateKey), SW3_CLOCK)
                .sign(WebhookRequest.builder().body(body).build(), SW3.headers().get("webhook-id"), SW3_TIME);
    }

    @Test
    void signWhenSw3PrivateKeyThenReproducesThePublishedHeadersByteForByte() {
        WebhookSigner signer = WebhookSigner.of(SW, WebhookSecret.of("sk", sw3PrivateKey()), SW3_CLOCK);

        Map<String, String> headers =
                signer.headers(sw3Unsigned(), SW3.headers().get("webhook-id"), SW3_TIME);

        // Ed25519 is deterministic: the same key and message give svix's published signature exactly.
        assertThat(headers).containsExactlyEntriesOf(SW3.headers());
    }

    @Test
    void signWhenSw3SeedAloneThenSameSignature() {
        byte[] seed = Arrays.copyOf(Base64.getDecoder().decode(SW3.privateKey()), 32);
        String seedOnly = "whsk_" + Base64.getEncoder().encodeToString(seed);

        WebhookRequest signed = signedWith(seedOnly, SW3.body());

        assertThat(signed.firstHeader("webhook-signature"))
                .contains(SW3.headers().get("webhook-signature"));
    }

    @Test
    void signWhenSw3PrivateKeyThenSw3PublicKeyVerifiesAndTamperingIsRejected() {
        WebhookRequest signed = signedWith(sw3PrivateKey(), SW3.body());
        byte[] tampered = SW3.body().clone();
        tampered[tampered.length - 2] ^= 1;

        assertThat(assertAccepted(verifier(SW3.publicKey()), signed).secretId()).isEqualTo("pk");
        assertRejected(
                verifier(SW3.publicKey()), Fixtures.withBody(signed, tampered), FailureReason.SIGNATURE_MISMATCH);
    }

    @Test
    void signWhenGeneratedPairThenItsPublicKeyVerifiesAndAnotherPairsRejects() {
        WebhookKeyPair pair = WebhookKeyPair.generate(SW);
        WebhookKeyPair other = WebhookKeyPair.generate(SW);
        byte[] body = utf8("{\"type\":\"invoice.paid\",\"amount\":100}");
        WebhookRequest signed = signedWith(pair.exportPrivateKey(), body);

        assertThat(signed.firstHeader("webhook-signature").orElseThrow()).startsWith("v1a,");
        assertAccepted(verifier(pair.publicKey()), signed);
        assertRejected(
                verifier(pair.publicKey()),
                Fixtures.withBody(signed, utf8("{\"type\":\"invoice.paid\",\"amount\":999}")),
                FailureReason.SIGNATURE_MISMATCH);
        assertRejected(verifier(other.publicKey()), signed, FailureReason.SIGNATURE_MISMATCH);
    }

    @Test
    void signWhenV1aThenHmacVerifierSaysUnsupportedScheme() {
        WebhookRequest signed = signedWith(sw3PrivateKey(), SW3.body());
        WebhookVerifier hmacOnly = WebhookVerifier.builder(SW)
                .secrets(WebhookSecret.of("hmac", Fixtures.Preset.STANDARD_WEBHOOKS.secret))
                .clock(SW3_CLOCK)
                .build();

        assertRejected(hmacOnly, signed, FailureReason.UNSUPPORTED_SCHEME);
    }

    @Test
    void signWhenWhsecSecretThenStillV1Hmac() {
        WebhookRequest signed = WebhookSigner.of(
                        SW, WebhookSecret.of("s", Fixtures.Preset.STANDARD_WEBHOOKS.secret), SW3_CLOCK)
                .sign(sw3Unsigned(), "msg_1", SW3_TIME);

        assertThat(signed.firstHeader("webhook-signature").orElseThrow()).startsWith("v1,");
    }

    @Test
    void signerWhenPublicHalfDoesNotMatchTheSeedThenIllegalArgumentWithoutTheKey() {
        byte[] sw3 = Base64.getDecoder().decode(SW3.privateKey());
        byte[] otherPublic = Base64.getDecoder()
                .decode(WebhookKeyPair.generate(SW).publicKey().substring("whpk_".length()));
        byte[] spliced = Arrays.copyOf(sw3, 64);
        System.arraycopy(otherPublic, 0, spliced, 32, 32);
        byte[] flipped = sw3.clone();
        flipped[40] ^= 1;

        for (byte[] bad : new byte[][] {spliced, flipped}) {
            String key = "whsk_" + Base64.getEncoder().encodeToString(bad);
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> WebhookSigner.of(SW, WebhookSecret.of("sk", key)))
                    .withMessageContaining("not the public key of its first half")
                    .satisfies(e -> SecretValidationTest.assertNoSecretIn(e.getMessage(), key));
        }
    }

    @Test
    void signerWhenWhskMalformedThenIllegalArgumentWithoutTheKey() {
        Base64.Encoder b64 = Base64.getEncoder();
        for (String bad : new String[] {
            "whsk_",
            "whsk_not*base64",
            "whsk_" + b64.encodeToString(new byte[48]),
            "whsk_" + b64.encodeToString(new byte[31]),
            "whsk_" + SW3.privateKey().replace("=", ""),
        }) {
            assertThatIllegalArgumentException()
                    .as(bad)
                    .isThrownBy(() -> WebhookSigner.of(SW, WebhookSecret.of("sk", bad)))
                    .withMessageContaining("whsk_")
                    .satisfies(e -> SecretValidationTest.assertNoSecretIn(e.getMessage(), bad));
        }
    }

    @Test
    void verifierWhenGivenWhskThenStillRefusedBecauseAReceiverNeedsThePublicKey() {
        String key = WebhookKeyPair.generate(SW).exportPrivateKey();

        assertThatIllegalArgumentException()
                .isThrownBy(() -> verifier(key))
                .withMessageContaining("a receiver needs the public key (whpk_")
                .satisfies(e -> SecretValidationTest.assertNoSecretIn(e.getMessage(), key));
    }

    @Test
    void svixSignerWhenGivenWhskThenRefusedAsSvixDocumentsV1Only() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WebhookSigner.of(Providers.svix(), WebhookSecret.of("sk", sw3PrivateKey())))
                .satisfies(e -> SecretValidationTest.assertNoSecretIn(e.getMessage(), sw3PrivateKey()));
    }

    @Test
    void signerToStringWhenWhskThenNoKey() {
        WebhookSigner signer = WebhookSigner.of(SW, WebhookSecret.of("sk", sw3PrivateKey()));

        assertThat(signer.toString()).doesNotContain(SW3.privateKey()).contains("standard-webhooks");
    }
}
