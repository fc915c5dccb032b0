package dev.webhookverifier;

import static dev.webhookverifier.Fixtures.NOW;
import static dev.webhookverifier.Fixtures.assertAccepted;
import static dev.webhookverifier.Fixtures.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookverifier.Fixtures.Preset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What {@link WebhookSigner} signs, the verifier accepts, for random bodies, and one flipped bit is caught. */
class SignVerifyRoundTripTest {
    private static final int BODIES = 200;
    private static final int MAX_LENGTH = 4096;
    private static final String URL = "https://hooks.example.com/webhooks/in?tenant=acme&x=%27q%27";

    static Stream<String> presetIds() {
        return Providers.ids().stream();
    }

    /**
     * A strong secret for the preset's verifier: the fixture's, or for a preset added since, a whsec_ base64 secret
     * (text to most presets), or for an asymmetric preset its public key.
     */
    static String secretFor(String id) {
        return PresetKeys.verifierKey(
                id,
                Arrays.stream(Preset.values())
                        .filter(p -> p.id.equals(id))
                        .map(p -> p.secret)
                        .findFirst()
                        .orElse(Fixtures.standardWebhooksSecret(id.hashCode())));
    }

    /** What signs for {@link #secretFor(String)}: the same secret, or an asymmetric preset's private key. */
    static String signingSecretFor(String id) {
        return PresetKeys.signerKey(id, secretFor(id));
    }

    static Stream<Arguments> customProviders() {
        return Stream.of(
                Arguments.argumentSet(
                        "hex, {id}.{timestamp}.{body}, milliseconds, text secret",
                        Providers.custom("acme-hex")
                                .signatureHeader("X-Acme-Signature", "sha256=")
                                .encoding(SignatureEncoding.HEX)
                                .algorithm(MacAlgorithm.HMAC_SHA256)
                                .timestampHeader("X-Acme-Timestamp", TimestampFormat.UNIX_MILLIS, Duration.ofMinutes(5))
                                .idHeader("X-Acme-Id")
                                .signedContent("{id}.{timestamp}.{body}")
                                .build(),
                        WebhookSecret.of("acme", "acme-text-secret-Vb7Nm3Kq")),
                Arguments.argumentSet(
                        "base64, HMAC-SHA512, {timestamp}.{body}, seconds, base64 secret with prefix",
                        Providers.custom("acme-b64")
                                .signatureHeader("Acme-Signature", "v1=")
                                .encoding(SignatureEncoding.BASE64)
                                .algorithm(MacAlgorithm.HMAC_SHA512)
                                .timestampHeader("Acme-Timestamp", TimestampFormat.UNIX_SECONDS, Duration.ofMinutes(3))
                                .secretEncoding(SecretEncoding.BASE64, "acme_")
                                .build(),
                        WebhookSecret.of("acme", "acme_" + Base64.getEncoder().encodeToString(seeded(5, 48)))),
                Arguments.argumentSet(
                        "base64url, HMAC-SHA1, {body} only, hex secret, unsigned delivery id",
                        Providers.custom("acme-b64url")
                                .signatureHeader("X-Acme-Sig", "")
                                .encoding(SignatureEncoding.BASE64URL)
                                .algorithm(MacAlgorithm.HMAC_SHA1)
                                .deliveryIdHeader("X-Acme-Delivery")
                                .secretEncoding(SecretEncoding.HEX, "")
                                .build(),
                        WebhookSecret.of("acme", HexFormat.of().formatHex(seeded(6, 32)))),
                Arguments.argumentSet(
                        "hex any case, body in the middle: {timestamp}:{body}:{id}, raw key bytes",
                        Providers.custom("acme-mid")
                                .signatureHeader("X-Acme-Signature", "t1=")
                                .encoding(SignatureEncoding.HEX_ANY_CASE)
                                .timestampHeader("X-Acme-Time", TimestampFormat.UNIX_SECONDS, Duration.ofMinutes(5))
                                .idHeader("X-Acme-Id")
                                .signedContent("{timestamp}:{body}:{id}")
                                .build(),
                        WebhookSecret.ofBytes("acme", seeded(7, 32))),
                Arguments.argumentSet(
                        "base64, {method} {id} {body}, no timestamp",
                        Providers.custom("acme-method")
                                .signatureHeader("X-Acme-Signature", "")
                                .encoding(SignatureEncoding.BASE64)
                                .idHeader("X-Acme-Id")
                                .signedContent("{method} {id} {body}")
                                .build(),
                        WebhookSecret.of("acme", "acme-method-secret-Hj5Kl7")));
    }

    @ParameterizedTest
    @MethodSource("presetIds")
    void verifyWhenPresetSignerSignsRandomBodiesThenAcceptedAndBitFlipsRejected(String id) {
        Provider provider = Providers.byId(id);
        WebhookVerifier.Builder verifier = WebhookVerifier.builder(provider)
                .secrets(WebhookSecret.of("k", secretFor(id)))
                .clock(Fixtures.CLOCK);
        if (provider.defaultTolerance().filter(t -> t.getSeconds() < 60).isPresent()) {
            // Paddle's 5 s: the bodies below are signed up to a minute before the clock.
            verifier.tolerance(Duration.ofMinutes(2));
        }
        roundTrip(provider, WebhookSecret.of("k", signingSecretFor(id)), verifier.build(), new Random(id.hashCode()));
    }

    @ParameterizedTest
    @MethodSource("customProviders")
    void verifyWhenCustomProviderSignsRandomBodiesThenAcceptedAndBitFlipsRejected(
            Provider provider, WebhookSecret secret) {
        roundTrip(
                provider,
                secret,
                WebhookVerifier.builder(provider)
                        .secrets(secret)
                        .clock(Fixtures.CLOCK)
                        .build(),
                new Random(provider.id().hashCode()));
    }

    @ParameterizedTest
    @MethodSource("customProviders")
    void verifyWhenCustomProviderSignedByAnotherSecretThenSignatureMismatch(Provider provider, WebhookSecret secret) {
        WebhookSecret other = WebhookSecret.ofBytes("other", seeded(99, 32));
        WebhookRequest forged = WebhookSigner.of(provider, other, Fixtures.CLOCK)
                .sign(
                        WebhookRequest.builder()
                                .url(URL)
                                .body(new byte[] {1, 2, 3})
                                .build(),
                        "evt_1",
                        NOW);

        assertRejected(
                WebhookVerifier.builder(provider)
                        .secrets(secret)
                        .clock(Fixtures.CLOCK)
                        .build(),
                forged,
                FailureReason.SIGNATURE_MISMATCH);
    }

    @Test
    void verifyWhenHexAnyCaseSignatureUpperCaseThenAccepted() {
        Provider provider = Providers.custom("acme-any")
                .signatureHeader("X-Sig", "")
                .encoding(SignatureEncoding.HEX_ANY_CASE)
                .build();
        WebhookSecret secret = WebhookSecret.of("k", "any-case-secret-123");
        WebhookRequest signed = WebhookSigner.of(provider, secret).sign(new byte[] {42});
        String sig = signed.firstHeader("X-Sig").orElseThrow();
        WebhookVerifier verifier =
                WebhookVerifier.builder(provider).secrets(secret).build();

        assertAccepted(verifier, Fixtures.withHeader(signed, "X-Sig", sig.toUpperCase(Locale.ROOT)));
        assertRejected(
                verifier, Fixtures.withHeader(signed, "X-Sig", sig.substring(2)), FailureReason.MALFORMED_HEADER);
    }

    @Test
    void verifyWhenBase64UrlSignatureWithOrWithoutPaddingThenAcceptedButUnusedBitsRejected() {
        Provider provider = Providers.custom("acme-url")
                .signatureHeader("X-Sig", "")
                .encoding(SignatureEncoding.BASE64URL)
                .build();
        WebhookSecret secret = WebhookSecret.of("k", "base64url-secret-123");
        WebhookRequest signed = WebhookSigner.of(provider, secret).sign(new byte[] {42});
        String sig = signed.firstHeader("X-Sig").orElseThrow();
        WebhookVerifier verifier =
                WebhookVerifier.builder(provider).secrets(secret).build();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        String nonCanonical = sig.substring(0, 42) + alphabet.charAt(alphabet.indexOf(sig.charAt(42)) ^ 1);

        assertThat(sig).hasSize(43).doesNotContain("=", "+", "/");
        assertAccepted(verifier, signed);
        assertAccepted(verifier, Fixtures.withHeader(signed, "X-Sig", sig + "="));
        assertThat(Base64.getUrlDecoder().decode(nonCanonical))
                .isEqualTo(Base64.getUrlDecoder().decode(sig));
        assertRejected(verifier, Fixtures.withHeader(signed, "X-Sig", nonCanonical), FailureReason.MALFORMED_HEADER);
        assertRejected(verifier, Fixtures.withHeader(signed, "X-Sig", sig + "=="), FailureReason.MALFORMED_HEADER);
    }

    @Test
    void signWhenConvenienceMethodsUsedThenVerifies() {
        for (Preset preset : Preset.values()) {
            WebhookSigner signer = preset.signer();
            WebhookVerifier verifier = preset.verifier();

            assertAccepted(verifier, signer.sign("{\"text\":\"gr\u00fc\u00df dich \u2603\"}"));
            assertAccepted(verifier, signer.sign(new byte[] {0, (byte) 0xff}));
            assertThat(signer.provider()).isSameAs(preset.provider());
        }
    }

    @Test
    void signWhenUnsignedRequestHasOtherHeadersThenTheyAreKept() {
        WebhookRequest unsigned = WebhookRequest.builder()
                .method("post")
                .url(URL)
                .header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", "sha256=stale")
                .body(new byte[] {1})
                .build();

        WebhookRequest signed = Preset.GITHUB.signer().sign(unsigned, "d-1", NOW);

        assertThat(signed.method()).isEqualTo("POST");
        assertThat(signed.url()).hasValue(java.net.URI.create(URL));
        assertThat(signed.headerValues("content-type")).containsExactly("application/json");
        assertThat(signed.headerValues("X-Hub-Signature-256")).hasSize(1).doesNotContain("sha256=stale");
        assertAccepted(Preset.GITHUB.verifier(), signed);
    }

    private static void roundTrip(Provider provider, WebhookSecret secret, WebhookVerifier verifier, Random random) {
        WebhookSigner signer = WebhookSigner.of(provider, secret, Fixtures.CLOCK);
        for (int i = 0; i < BODIES; i++) {
            byte[] body = randomBody(random, i);
            String deliveryId = "evt_" + Long.toHexString(random.nextLong());
            Instant t = NOW.minusMillis(random.nextInt(60_000));
            WebhookRequest signed = signer.sign(
                    WebhookRequest.builder().url(URL).body(body.clone()).build(), deliveryId, t);

            VerifiedDelivery d;
            try {
                d = verifier.verify(signed);
            } catch (WebhookVerificationException e) {
                throw new AssertionError(
                        provider.id() + " body #" + i + " (" + body.length + " bytes) rejected: " + e.getMessage(), e);
            }
            assertThat(d.body()).isEqualTo(body);
            assertThat(d.secretId()).isEqualTo(secret.id());
            assertThat(d.providerId()).isEqualTo(provider.id());
            if (provider.signsTimestamp()) {
                assertThat(d.timestamp()).isPresent();
            }
            if (provider.signsDeliveryId()) {
                assertThat(d.deliveryId()).contains(deliveryId);
            }

            byte[] tampered;
            if (body.length == 0) {
                tampered = new byte[] {(byte) random.nextInt(256)};
            } else {
                tampered = body.clone();
                tampered[random.nextInt(body.length)] ^= (byte) (1 << random.nextInt(8));
            }
            if (PresetKeys.signsBody(provider.id())) {
                assertRejected(verifier, Fixtures.withBody(signed, tampered), FailureReason.SIGNATURE_MISMATCH);
            }
        }
    }

    /** Arbitrary bytes, printable JSON-ish text, or multi-byte UTF-8 text; lengths 0..4096, with the extremes. */
    private static byte[] randomBody(Random random, int i) {
        int length = i == 0 ? 0 : i == 1 ? MAX_LENGTH : i == 2 ? 1 : random.nextInt(MAX_LENGTH + 1);
        switch (i % 3) {
            case 0 -> {
                byte[] b = new byte[length];
                random.nextBytes(b);
                return b;
            }
            case 1 -> {
                char[] c = new char[length];
                for (int k = 0; k < length; k++) {
                    c[k] = (char) (' ' + random.nextInt(95));
                }
                return new String(c).getBytes(StandardCharsets.US_ASCII);
            }
            default -> {
                StringBuilder sb = new StringBuilder();
                while (sb.length() < length / 3) {
                    sb.appendCodePoint(
                            random.nextInt(3) == 0 ? 0x1F600 + random.nextInt(50) : 0xA0 + random.nextInt(0x700));
                }
                byte[] utf8 = sb.toString().getBytes(StandardCharsets.UTF_8);
                return Arrays.copyOf(utf8, Math.min(utf8.length, MAX_LENGTH));
            }
        }
    }

    private static byte[] seeded(long seed, int length) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }
}
