package dev.webhookverifier;

import static dev.webhookverifier.Fixtures.assertAccepted;
import static dev.webhookverifier.Fixtures.assertRejected;
import static dev.webhookverifier.Fixtures.clockAt;
import static dev.webhookverifier.Fixtures.utf8;
import static dev.webhookverifier.Fixtures.withHeader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.webhookverifier.replay.ReplayStores;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Discord (Ed25519, hex) and SendGrid (ECDSA P-256, base64 DER): public keys for verifying, private keys for
 * signing, the mistakes between the two, and ECDSA's malleable signatures kept out of the replay key.
 */
class PublicKeyPresetsTest {
    private static final VectorCases.Case DV40 = VectorCases.load("discord").get(0);
    private static final Instant DV40_TIME = Instant.ofEpochSecond(DV40.nowEpochSeconds());
    private static final Clock DV40_CLOCK = clockAt(DV40_TIME);

    /** The order of P-256's base point. */
    private static final BigInteger P256_ORDER =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

    private static WebhookVerifier discord(String publicKey) {
        return WebhookVerifier.builder(Providers.discord())
                .secrets(WebhookSecret.of("app", publicKey))
                .clock(DV40_CLOCK)
                .build();
    }

    private static WebhookRequest signDiscord(String privateKey) {
        return WebhookSigner.of(Providers.discord(), WebhookSecret.of("app", privateKey), DV40_CLOCK)
                .sign(WebhookRequest.builder().body(DV40.body()).build(), null, DV40_TIME);
    }

    @Test
    void signWhenDiscordSeedThenReproducesThePublishedSignature() {
        WebhookRequest signed = signDiscord(PresetKeys.DISCORD_SEED);

        // Ed25519 is deterministic: the seed gives exactly the vector's signature.
        assertThat(signed.firstHeader("X-Signature-Ed25519"))
                .contains(DV40.headers().get("X-Signature-Ed25519"));
        assertThat(signed.firstHeader("X-Signature-Timestamp")).contains("1700000000");
        assertAccepted(discord(PresetKeys.DISCORD_PUBLIC), signed);
    }

    @Test
    void signWhenDiscordKeyAsSecretKeyOrPkcs8ThenSameSignature() {
        String pkcs8 = Base64.getEncoder()
                .encodeToString(HexFormat.of().parseHex("302e020100300506032b657004220420" + PresetKeys.DISCORD_SEED));
        String expected = DV40.headers().get("X-Signature-Ed25519");

        assertThat(signDiscord(PresetKeys.DISCORD_SEED + PresetKeys.DISCORD_PUBLIC)
                        .firstHeader("X-Signature-Ed25519"))
                .contains(expected);
        assertThat(signDiscord(pkcs8).firstHeader("X-Signature-Ed25519")).contains(expected);
        assertThat(signDiscord(PresetKeys.DISCORD_SEED.toUpperCase(Locale.ROOT)).firstHeader("X-Signature-Ed25519"))
                .contains(expected);
    }

    @Test
    void signWhenDiscordSecretKeyHalvesDoNotBelongTogetherThenRefusedWithoutEchoingTheKey() {
        String spliced = PresetKeys.DISCORD_SEED + PresetKeys.DISCORD_OTHER_PUBLIC;

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> signDiscord(spliced))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not the public key")
                .satisfies(e -> assertThat(e.getMessage())
                        .doesNotContain(PresetKeys.DISCORD_SEED)
                        .doesNotContain(PresetKeys.DISCORD_OTHER_PUBLIC));
    }

    @Test
    void verifyWhenDiscordSignatureInUpperCaseHexOrRawKeyThenAccepted() {
        WebhookRequest request = DV40.request();
        String sig = request.firstHeader("X-Signature-Ed25519").orElseThrow();

        assertAccepted(discord(PresetKeys.DISCORD_PUBLIC.toUpperCase(Locale.ROOT)), request);
        assertAccepted(
                discord(PresetKeys.DISCORD_PUBLIC),
                withHeader(request, "X-Signature-Ed25519", sig.toUpperCase(Locale.ROOT)));
        assertAccepted(
                WebhookVerifier.builder(Providers.discord())
                        .secrets(WebhookSecret.ofBytes("raw", HexFormat.of().parseHex(PresetKeys.DISCORD_PUBLIC)))
                        .clock(DV40_CLOCK)
                        .build(),
                request);
    }

    @Test
    void verifyWhenDiscordSignatureWrongLengthOrOtherKeyThenRejected() {
        WebhookRequest request = DV40.request();
        String sig = request.firstHeader("X-Signature-Ed25519").orElseThrow();

        assertRejected(
                discord(PresetKeys.DISCORD_PUBLIC),
                withHeader(request, "X-Signature-Ed25519", sig.substring(2)),
                FailureReason.MALFORMED_HEADER);
        assertRejected(discord(PresetKeys.DISCORD_OTHER_PUBLIC), request, FailureReason.SIGNATURE_MISMATCH);
        assertRejected(
                discord(PresetKeys.DISCORD_PUBLIC),
                withHeader(request, "X-Signature-Timestamp", "1700000001"),
                FailureReason.SIGNATURE_MISMATCH);
    }

    @Test
    void buildWhenDiscordGivenPkcs8PrivateKeyThenIllegalArgumentPointingToThePublicKey() {
        String pkcs8 = Base64.getEncoder()
                .encodeToString(HexFormat.of().parseHex("302e020100300506032b657004220420" + PresetKeys.DISCORD_SEED));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> discord(pkcs8))
                .withMessageContaining("private key")
                .withMessageContaining("Public Key");
    }

    @Test
    void buildWhenDiscordKeyIsNotACurvePointThenIllegalArgumentNotAFailurePerRequest() {
        String notAPoint = "02" + "00".repeat(31);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> discord(notAPoint))
                .withMessageContaining("curve");
    }

    private static WebhookVerifier sendgrid(String publicKey, Instant now) {
        return WebhookVerifier.builder(Providers.sendgrid())
                .secrets(WebhookSecret.of("verification-key", publicKey))
                .clock(clockAt(now))
                .build();
    }

    private static WebhookRequest signSendgrid(String privateKey, byte[] body, Instant at) {
        return WebhookSigner.of(Providers.sendgrid(), WebhookSecret.of("signing", privateKey), clockAt(at))
                .sign(WebhookRequest.builder().body(body).build(), null, at);
    }

    @Test
    void signWhenSendgridPkcs8KeyThenVerifiesWithTheBase64OrPemPublicKey() {
        Instant at = Fixtures.NOW;
        WebhookRequest signed = signSendgrid(PresetKeys.SENDGRID[1], utf8("[{\"event\":\"open\"}]\r\n"), at);
        String pem = "-----BEGIN PUBLIC KEY-----\n" + PresetKeys.SENDGRID[0].substring(0, 64) + "\n"
                + PresetKeys.SENDGRID[0].substring(64) + "\n-----END PUBLIC KEY-----";

        assertThat(signed.firstHeader("X-Twilio-Email-Event-Webhook-Timestamp"))
                .contains(Long.toString(at.getEpochSecond()));
        assertAccepted(sendgrid(PresetKeys.SENDGRID[0], at), signed);
        assertAccepted(sendgrid(pem, at), signed);
        assertRejected(sendgrid(PresetKeys.SENDGRID_OTHER[0], at), signed, FailureReason.SIGNATURE_MISMATCH);
    }

    @Test
    void verifyWhenSendgridSignatureRewrittenToItsTwinThenStillValidButReplayed() {
        Instant at = Fixtures.NOW;
        WebhookRequest signed = signSendgrid(PresetKeys.SENDGRID[1], utf8("[{\"event\":\"delivered\"}]"), at);
        byte[] der = Base64.getDecoder()
                .decode(signed.firstHeader("X-Twilio-Email-Event-Webhook-Signature")
                        .orElseThrow());
        WebhookRequest twin = withHeader(
                signed,
                "X-Twilio-Email-Event-Webhook-Signature",
                Base64.getEncoder().encodeToString(negateS(der)));
        WebhookVerifier verifier = sendgrid(PresetKeys.SENDGRID[0], at).toBuilder()
                .replayStore(ReplayStores.inMemory(16, clockAt(at)))
                .build();

        // (r, n - s) is another valid signature of the same message: anyone can make it, so the replay key must
        // come from the signed content, not from the signature bytes.
        assertAccepted(sendgrid(PresetKeys.SENDGRID[0], at), twin);
        assertAccepted(verifier, signed);
        assertRejected(verifier, twin, FailureReason.REPLAYED);
    }

    @Test
    void verifyWhenSendgridSignatureIsNotDerOrTimestampIsTextThenMalformedHeader() {
        Instant at = Fixtures.NOW;
        WebhookRequest signed = signSendgrid(PresetKeys.SENDGRID[1], utf8("[]"), at);
        byte[] notDer = new byte[64];
        Arrays.fill(notDer, (byte) 0x31);

        assertRejected(
                sendgrid(PresetKeys.SENDGRID[0], at),
                withHeader(
                        signed,
                        "X-Twilio-Email-Event-Webhook-Signature",
                        Base64.getEncoder().encodeToString(notDer)),
                FailureReason.MALFORMED_HEADER);
        assertRejected(
                sendgrid(PresetKeys.SENDGRID[0], at),
                withHeader(signed, "X-Twilio-Email-Event-Webhook-Timestamp", "timestamp"),
                FailureReason.MALFORMED_HEADER);
    }

    @Test
    void signWhenSendgridGivenThePublicKeyThenIllegalArgument() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WebhookSigner.of(Providers.sendgrid(), WebhookSecret.of("k", PresetKeys.SENDGRID[0])))
                .withMessageContaining("private key")
                .withMessageContaining("cannot sign");
    }

    @Test
    void buildWhenSendgridKeyOnAnotherCurveThenIllegalArgument() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        String p384 = Base64.getEncoder()
                .encodeToString(g.generateKeyPair().getPublic().getEncoded());

        assertThatIllegalArgumentException()
                .isThrownBy(() -> sendgrid(p384, Fixtures.NOW))
                .withMessageContaining("P-256");
    }

    /** DER {@code SEQUENCE {INTEGER r, INTEGER s}} to the same with {@code s} replaced by {@code n - s}. */
    private static byte[] negateS(byte[] der) {
        int offset = 2;
        int rLength = der[offset + 1];
        byte[] r = Arrays.copyOfRange(der, offset + 2, offset + 2 + rLength);
        offset += 2 + rLength;
        int sLength = der[offset + 1];
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(der, offset + 2, offset + 2 + sLength));
        byte[] twin = P256_ORDER.subtract(s).toByteArray();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0x02);
        body.write(r.length);
        body.writeBytes(r);
        body.write(0x02);
        body.write(twin.length);
        body.writeBytes(twin);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        out.write(body.size());
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }
}
