package dev.webhookverifier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.webhookverifier.Providers;
import dev.webhookverifier.WebhookKeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code sign} for the providers that sign with a private key: given, read from a file or variable, or generated. */
class SignCommandKeyPairTest {
    private static final long T = Lines.T;
    private static final Clock AT_T = Clock.fixed(Instant.ofEpochSecond(T), ZoneOffset.UTC);
    private static final String BODY = "{\"type\":1,\"id\":\"interaction_1\"}";
    private static final Pattern PUBLIC_KEY = Pattern.compile(
            "^public key \\((discord|sendgrid|standard-webhooks), generated for this run; configure the receiver"
                    + " with it\\): (\\S+)$",
            Pattern.MULTILINE);

    private static CliRun sign(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of("sign", "--data", BODY, "--timestamp", Long.toString(T)));
        all.addAll(List.of(args));
        return CliRun.run(null, env, AT_T, all.toArray(String[]::new));
    }

    /** The public key printed on standard error by {@code --generate-key-pair}. */
    private static String printedPublicKey(CliRun run) {
        Matcher m = PUBLIC_KEY.matcher(run.err());
        assertThat(m.find())
                .as("a labelled public key line on stderr: " + run.err())
                .isTrue();
        return m.group(2);
    }

    /** {@code verify} of the printed headers and {@link #BODY} with this public key, at the signing time. */
    private static CliRun verify(String provider, List<String> headerLines, String publicKey) {
        List<String> args = new ArrayList<>(List.of("verify", "--provider", provider, "--public-key", publicKey));
        headerLines.forEach(h -> args.add("--header=" + h));
        return CliRun.run(BODY, Map.of(), AT_T, args.toArray(String[]::new));
    }

    @ParameterizedTest
    @ValueSource(strings = {"discord", "sendgrid", "standard-webhooks"})
    void generateKeyPairWhenSignedThenVerifyAcceptsWithThePrintedPublicKeyOnly(String provider) {
        CliRun signed = sign(Map.of(), "--provider", provider, "--generate-key-pair");

        assertThat(signed.exitCode()).as(signed.err()).isZero();
        String publicKey = printedPublicKey(signed);
        assertThat(signed.out()).doesNotContain(publicKey).doesNotContain("public key");
        assertThat(signed.outLines())
                .hasSize(provider.equals("standard-webhooks") ? 3 : 2)
                .allSatisfy(l -> assertThat(l).contains(": "));
        CliRun accepted = verify(provider, signed.outLines(), publicKey);
        CliRun otherKey = verify(
                provider,
                signed.outLines(),
                WebhookKeyPair.generate(Providers.byId(provider)).publicKey());

        assertThat(accepted.exitCode()).as(accepted.out() + accepted.err()).isZero();
        assertThat(accepted.out()).contains("VALID").contains("public-key-1");
        assertThat(otherKey.exitCode()).isEqualTo(1);
        assertThat(otherKey.out()).contains("SIGNATURE_MISMATCH");
    }

    @ParameterizedTest
    @ValueSource(strings = {"discord", "sendgrid", "standard-webhooks"})
    void generateKeyPairWhenJsonThenPublicKeyFieldMatchesStderr(String provider) throws Exception {
        CliRun signed = sign(Map.of(), "--provider", provider, "--generate-key-pair", "--json");

        JsonNode o = Lines.JSON.readTree(signed.out());
        assertThat(o.get("public_key").asText()).isEqualTo(printedPublicKey(signed));
        assertThat(o.get("timestamp_epoch_seconds").asLong()).isEqualTo(T);
    }

    @Test
    void generateKeyPairWhenCurlThenStandardOutputIsOnlyTheCurlLine() {
        CliRun signed = sign(
                Map.of(),
                "--provider",
                "discord",
                "--generate-key-pair",
                "--curl",
                "http://localhost:8080/interactions");

        assertThat(signed.exitCode()).as(signed.err()).isZero();
        assertThat(signed.out())
                .startsWith("curl ")
                .contains("X-Signature-Ed25519: ")
                .doesNotContain("public key")
                .doesNotContain(printedPublicKey(signed));
    }

    @ParameterizedTest
    @ValueSource(strings = {"discord", "sendgrid", "standard-webhooks"})
    void privateKeyWhenGivenByOptionVariableOrFileThenVerifiesAndIsNeverPrinted(String provider, @TempDir Path dir)
            throws Exception {
        WebhookKeyPair pair = WebhookKeyPair.generate(Providers.byId(provider));
        String privateKey = pair.exportPrivateKey();
        Path file = Files.writeString(dir.resolve("key.txt"), privateKey + "\n");

        CliRun byOption = sign(Map.of(), "--provider", provider, "--private-key", privateKey);
        CliRun byEnv =
                sign(Map.of("SIGNING_KEY", privateKey), "--provider", provider, "--private-key-env", "SIGNING_KEY");
        CliRun byFile = sign(Map.of(), "--provider", provider, "--private-key-file", file.toString());
        CliRun bySecret = sign(Map.of(), "--provider", provider, "--secret", privateKey);

        for (CliRun run : List.of(byOption, byEnv, byFile, bySecret)) {
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out() + run.err()).doesNotContain(privateKey);
            CliRun verified = verify(provider, run.outLines(), pair.publicKey());
            assertThat(verified.exitCode()).as(verified.out()).isZero();
        }
        if (provider.equals("discord")) {
            // Ed25519 is deterministic: every source gave the same key
            assertThat(List.of(byEnv.out(), byFile.out(), bySecret.out())).containsOnly(byOption.out());
        }
    }

    @Test
    void privateKeyWhenPemFileThenAccepted(@TempDir Path dir) throws Exception {
        WebhookKeyPair pair = WebhookKeyPair.generate(Providers.sendgrid());
        String base64 = pair.exportPrivateKey();
        StringBuilder pem = new StringBuilder("-----BEGIN PRIVATE KEY-----\n");
        for (int i = 0; i < base64.length(); i += 64) {
            pem.append(base64, i, Math.min(base64.length(), i + 64)).append('\n');
        }
        pem.append("-----END PRIVATE KEY-----\n");
        Path file = Files.writeString(dir.resolve("sendgrid.pem"), pem);

        CliRun signed = sign(Map.of(), "--provider", "sendgrid", "--private-key-file", file.toString());

        assertThat(signed.exitCode()).as(signed.err()).isZero();
        assertThat(verify("sendgrid", signed.outLines(), pair.publicKey()).exitCode())
                .isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"discord", "sendgrid", "standard-webhooks"})
    void privateKeyOutWhenGeneratedThenSavedKeySignsAgainForTheSamePublicKey(String provider, @TempDir Path dir)
            throws Exception {
        Path key = dir.resolve(provider + ".key");

        CliRun first =
                sign(Map.of(), "--provider", provider, "--generate-key-pair", "--private-key-out", key.toString());
        String publicKey = printedPublicKey(first);
        CliRun again = sign(Map.of(), "--provider", provider, "--private-key-file", key.toString());
        CliRun overwrite =
                sign(Map.of(), "--provider", provider, "--generate-key-pair", "--private-key-out", key.toString());

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.err()).contains("private key: written to " + key);
        String saved = Files.readString(key).strip();
        assertThat(first.out() + first.err()).doesNotContain(saved);
        if (Files.getFileAttributeView(key, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
            assertThat(Files.getPosixFilePermissions(key))
                    .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        }
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(verify(provider, again.outLines(), publicKey).exitCode()).isZero();
        assertThat(overwrite.exitCode()).isEqualTo(2);
        assertThat(overwrite.err()).contains("exists; not overwriting it");
        assertThat(Files.readString(key).strip()).isEqualTo(saved);
    }

    @Test
    void usageErrorsWhenKeyDoesNotFitTheProviderThenExitTwoWithoutEchoingIt(@TempDir Path dir) throws Exception {
        WebhookKeyPair sendgrid = WebhookKeyPair.generate(Providers.sendgrid());
        String stripeSecret = "whsec_test_secret_0123456789abcdef";

        CliRun privateKeyForStripe =
                sign(Map.of(), "--provider", "stripe", "--private-key", sendgrid.exportPrivateKey());
        CliRun generateForGithub = sign(Map.of(), "--provider", "github", "--generate-key-pair");
        CliRun publicKeyAsPrivate = sign(Map.of(), "--provider", "sendgrid", "--private-key", sendgrid.publicKey());
        CliRun outWithoutGenerate = sign(
                Map.of(),
                "--provider",
                "stripe",
                "--secret",
                stripeSecret,
                "--private-key-out",
                dir.resolve("k").toString());
        CliRun twoSources = sign(
                Map.of(),
                "--provider",
                "sendgrid",
                "--generate-key-pair",
                "--private-key",
                sendgrid.exportPrivateKey());
        CliRun noFile = sign(
                Map.of(),
                "--provider",
                "discord",
                "--private-key-file",
                dir.resolve("none").toString());
        CliRun unsetEnv = sign(Map.of(), "--provider", "discord", "--private-key-env", "NO_SUCH_KEY");

        for (CliRun run : List.of(
                privateKeyForStripe,
                generateForGithub,
                publicKeyAsPrivate,
                outWithoutGenerate,
                twoSources,
                noFile,
                unsetEnv)) {
            assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
            assertThat(run.out()).isEmpty();
            assertThat(run.err())
                    .doesNotContain(sendgrid.exportPrivateKey())
                    .doesNotContain(stripeSecret)
                    .doesNotContain("public key (");
        }
        assertThat(privateKeyForStripe.err()).contains("stripe signs with a shared secret");
        assertThat(generateForGithub.err()).contains("github signs with a shared secret");
        assertThat(publicKeyAsPrivate.err())
                .contains("the private key cannot sign for sendgrid")
                .doesNotContain(sendgrid.publicKey());
        assertThat(outWithoutGenerate.err()).contains("--private-key-out needs --generate-key-pair");
        assertThat(noFile.err()).contains("no such file");
        assertThat(unsetEnv.err()).contains("NO_SUCH_KEY is not set");
    }

    @Test
    void standardWebhooksWhenGenerateKeyPairThenV1aSignatureAndWhpkPublicKeyWhileSecretStillSignsV1() {
        CliRun signed = sign(Map.of(), "--provider", "standard-webhooks", "--generate-key-pair", "--id", "msg_1");
        CliRun hmac = sign(
                Map.of(),
                "--provider",
                "standard-webhooks",
                "--secret",
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "--id",
                "msg_1");

        assertThat(signed.exitCode()).as(signed.err()).isZero();
        assertThat(printedPublicKey(signed)).startsWith("whpk_");
        assertThat(signed.outLines())
                .containsExactly(
                        "webhook-id: msg_1",
                        "webhook-timestamp: " + T,
                        signed.outLines().get(2));
        assertThat(signed.outLines().get(2)).startsWith("webhook-signature: v1a,");
        assertThat(signed.err()).doesNotContain("whsk_");
        assertThat(hmac.exitCode()).as(hmac.err()).isZero();
        assertThat(hmac.outLines().get(2)).startsWith("webhook-signature: v1,");
    }

    @Test
    void standardWebhooksWhenSw3PrivateKeyThenPublishedSignatureReproducedAndVerified() {
        // SW-3 of the shared vectors: svix's test_asymmetric_key_signing; its informative private key signs.
        String privateKey =
                "whsk_6Xb/dCcHpPea21PS1N9VY/NZW723CEc77N4rJCubMbfVKIDij2HKpMKkioLlX0dRqSKJp4AJ6p9lMicMFs6Kvg==";
        String publicKey = "whpk_1SiA4o9hyqTCpIqC5V9HUakiiaeACeqfZTInDBbOir4=";
        String body = "{\"test\": 2432232314}";
        long t = 1614265330L;
        Clock at = Clock.fixed(Instant.ofEpochSecond(t), ZoneOffset.UTC);

        CliRun signed = CliRun.run(
                null,
                Map.of("SW_KEY", privateKey),
                at,
                "sign",
                "--provider",
                "standard-webhooks",
                "--private-key-env",
                "SW_KEY",
                "--data",
                body,
                "--id",
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                "--timestamp",
                Long.toString(t));
        List<String> args =
                new ArrayList<>(List.of("verify", "--provider", "standard-webhooks", "--public-key", publicKey));
        signed.outLines().forEach(h -> args.add("--header=" + h));
        CliRun verified = CliRun.run(body, Map.of(), at, args.toArray(String[]::new));

        assertThat(signed.exitCode()).as(signed.err()).isZero();
        assertThat(signed.outLines())
                .containsExactly(
                        "webhook-id: msg_p5jXN8AQM9LWM0D4loKWxJek",
                        "webhook-timestamp: 1614265330",
                        "webhook-signature: v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg==");
        assertThat(signed.out() + signed.err()).doesNotContain(privateKey.substring(5));
        assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();
        assertThat(verified.out()).contains("VALID");
    }

    @Test
    void standardWebhooksWhenPrivateKeyOptionGetsASecretOrMismatchedKeyThenUsageErrorWithoutEchoingIt() {
        String whsec = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        WebhookKeyPair pair = WebhookKeyPair.generate(Providers.standardWebhooks());
        WebhookKeyPair other = WebhookKeyPair.generate(Providers.standardWebhooks());
        byte[] mine = Base64.getDecoder().decode(pair.exportPrivateKey().substring(5));
        byte[] theirs = Base64.getDecoder().decode(other.exportPrivateKey().substring(5));
        System.arraycopy(theirs, 32, mine, 32, 32);
        String spliced = "whsk_" + Base64.getEncoder().encodeToString(mine);

        CliRun secretAsPrivateKey = sign(Map.of(), "--provider", "standard-webhooks", "--private-key", whsec);
        CliRun publicAsPrivateKey =
                sign(Map.of(), "--provider", "standard-webhooks", "--private-key", pair.publicKey());
        CliRun mismatched = sign(Map.of(), "--provider", "standard-webhooks", "--private-key", spliced);
        CliRun svixGenerate = sign(Map.of(), "--provider", "svix", "--generate-key-pair");

        for (CliRun run : List.of(secretAsPrivateKey, publicAsPrivateKey, mismatched, svixGenerate)) {
            assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
            assertThat(run.out()).isEmpty();
            assertThat(run.err())
                    .doesNotContain(whsec.substring(6))
                    .doesNotContain(spliced.substring(5, 40))
                    .doesNotContain("public key (");
        }
        assertThat(secretAsPrivateKey.err()).contains("not a private key").contains("--secret");
        assertThat(mismatched.err())
                .contains("the private key cannot sign for standard-webhooks")
                .contains("not the public key of its first half");
        assertThat(svixGenerate.err()).contains("svix signs with a shared secret");
    }

    @Test
    void helpDocumentsThePrivateKeyOptions() {
        CliRun help = CliRun.run(null, "sign", "--help");

        assertThat(help.out())
                .contains("--private-key=KEY")
                .contains("--private-key-env=VAR")
                .contains("--private-key-file=FILE")
                .contains("--generate-key-pair")
                .contains("--private-key-out=FILE")
                .contains("standard error");
        assertThat(CliRun.run(null, "send", "--help").out())
                .contains("--private-key-file")
                .contains("--generate-key-pair");
    }

    @Test
    void publicKeyFromJsonIsUsableAsBase64DerForSendgrid() throws Exception {
        CliRun signed = sign(Map.of(), "--provider", "sendgrid", "--generate-key-pair", "--json");

        byte[] der = Base64.getDecoder()
                .decode(Lines.JSON.readTree(signed.out()).get("public_key").asText());
        assertThat(java.security.KeyFactory.getInstance("EC")
                        .generatePublic(new java.security.spec.X509EncodedKeySpec(der))
                        .getAlgorithm())
                .isEqualTo("EC");
    }
}
