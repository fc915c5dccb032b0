package dev.webhookverifier.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.webhookverifier.Provider;
import dev.webhookverifier.Providers;
import dev.webhookverifier.VerifiedDelivery;
import dev.webhookverifier.WebhookKeyPair;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookSigner;
import dev.webhookverifier.WebhookVerifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SignCommandTest {
    static final long T = Lines.T;
    static final String BODY = "{\"id\":\"evt_1\",\"note\":\"it's \\u00e9t\u00e9\"}";
    static final Clock AT_T = Clock.fixed(Instant.ofEpochSecond(T), ZoneOffset.UTC);

    /** Secrets of the original presets, as in the provider documentation. */
    static final Map<String, String> SECRETS = Map.of(
            "standard-webhooks", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "stripe", "whsec_test_secret_0123456789abcdef",
            "github", "github-test-secret-0123456789",
            "slack", "8f742231b10e8888abcd99yyyzzz85a5");

    /** Presets whose secrets are symmetric: these must be signable by {@code sign}. */
    static final List<String> ORIGINAL_PRESETS =
            List.of("standard-webhooks", "svix", "stripe", "github", "github-legacy-sha1", "slack", "shopify");

    static List<String> presets() {
        return Providers.ids();
    }

    /**
     * A secret this preset both signs and verifies with (a round trip through core alone), in one of the usual
     * shapes; {@code null} for presets that sign with a private key and verify with a public one.
     */
    static String secretFor(String id) {
        if (SECRETS.containsKey(id)) {
            return SECRETS.get(id);
        }
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i * 7 + 3);
        }
        List<String> candidates = List.of(
                "whsec_" + Base64.getEncoder().encodeToString(key),
                "test-secret-0123456789abcdefghijklmnop",
                HexFormat.of().formatHex(key),
                Base64.getEncoder().encodeToString(key));
        for (String candidate : candidates) {
            try {
                WebhookRequest signed = WebhookSigner.of(Providers.byId(id), WebhookSecret.of("s", candidate))
                        .sign(
                                WebhookRequest.builder()
                                        .url("https://receiver.example/webhooks/" + id)
                                        .header("Content-Type", "application/json")
                                        .body(BODY.getBytes(StandardCharsets.UTF_8))
                                        .build(),
                                "msg_probe",
                                Instant.ofEpochSecond(T));
                WebhookVerifier.builder(Providers.byId(id))
                        .secrets(WebhookSecret.of("s", candidate))
                        .clock(AT_T)
                        .build()
                        .verify(signed);
                return candidate;
            } catch (Exception e) {
                // not a shape this preset signs and verifies with
            }
        }
        return null;
    }

    @Test
    void everyOriginalPresetHasASymmetricSecret() {
        for (String id : ORIGINAL_PRESETS) {
            assertThat(secretFor(id)).as(id).isNotNull();
        }
    }

    /**
     * The sign option, the key it takes and the key that verifies: a shared secret, or for presets that sign only
     * with a private key a freshly generated pair (standard-webhooks' v1a pair: {@code SignCommandKeyPairTest}).
     */
    record Keys(String option, String signing, String verifying) {
        static Keys of(String id) {
            Provider provider = Providers.byId(id);
            if (WebhookKeyPair.required(provider)) {
                WebhookKeyPair pair = WebhookKeyPair.generate(provider);
                return new Keys("--private-key", pair.exportPrivateKey(), pair.publicKey());
            }
            String secret = secretFor(id);
            return secret == null ? null : new Keys("--secret", secret, secret);
        }
    }

    @Test
    void everyPresetHasKeysToSignWith() {
        for (String id : Providers.ids()) {
            assertThat(Keys.of(id)).as(id).isNotNull();
        }
    }

    @ParameterizedTest
    @MethodSource("presets")
    void printedHeadersVerifyWithCore(String id) throws Exception {
        Keys keys = Keys.of(id);
        String secret = keys.signing();
        String url = "https://receiver.example/webhooks/" + id + "?tenant=t1";
        String[] args = {
            "sign",
            "--provider",
            id,
            keys.option(),
            secret,
            "--data",
            BODY,
            "--id",
            "msg_sign_test",
            "--timestamp",
            Long.toString(T),
            "--url",
            url
        };
        CliRun text = CliRun.run(null, Map.of(), AT_T, args);
        CliRun json = CliRun.run(null, Map.of(), AT_T, concat(args, "--json"));

        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(text.out() + json.out()).doesNotContain(secret);
        JsonNode o = Lines.JSON.readTree(json.out());
        List<String> jsonLines = new ArrayList<>();
        o.get("headers")
                .fields()
                .forEachRemaining(
                        e -> jsonLines.add(e.getKey() + ": " + e.getValue().asText()));
        if (id.equals("sendgrid")) {
            // ECDSA signatures are randomized: the two runs agree on the headers, not on the signature's bytes
            assertThat(text.outLines().stream().map(l -> l.substring(0, l.indexOf(": "))))
                    .containsExactlyElementsOf(jsonLines.stream()
                            .map(l -> l.substring(0, l.indexOf(": ")))
                            .toList());
        } else {
            assertThat(text.outLines()).containsExactlyElementsOf(jsonLines);
        }

        // a token scheme sends the secret itself; it is printed as <secret>
        List<String> lines =
                text.outLines().stream().map(l -> l.replace("<secret>", secret)).toList();
        URI called = o.get("url").isNull()
                ? URI.create(url)
                : URI.create(o.get("url").asText());
        WebhookRequest request = parse(lines, BODY.getBytes(StandardCharsets.UTF_8), called);
        VerifiedDelivery delivery = WebhookVerifier.builder(Providers.byId(id))
                .secrets(WebhookSecret.of("s", keys.verifying()))
                .clock(AT_T)
                .build()
                .verify(request);

        assertThat(delivery.providerId()).isEqualTo(id);
        if (Providers.byId(id).signsTimestamp()) {
            assertThat(delivery.timestamp()).contains(Instant.ofEpochSecond(T));
        }
        if (Providers.byId(id).signsDeliveryId()) {
            assertThat(delivery.deliveryId()).contains("msg_sign_test");
        }
    }

    @ParameterizedTest
    @MethodSource("presets")
    void signatureDoesNotVerifyForAnotherBody(String id) {
        Keys keys = Keys.of(id);
        String url = "https://receiver.example/webhooks/" + id;
        CliRun run = CliRun.run(
                null,
                Map.of(),
                AT_T,
                "sign",
                "--provider",
                id,
                keys.option(),
                keys.signing(),
                "--data",
                BODY,
                "--url",
                url);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assumeTrue(!run.out().contains("<secret>"), id + " sends the secret itself, which signs no body");
        WebhookVerifier verifier = WebhookVerifier.builder(Providers.byId(id))
                .secrets(WebhookSecret.of("s", keys.verifying()))
                .clock(AT_T)
                .build();

        WebhookRequest otherBody =
                parse(run.outLines(), (BODY + " ").getBytes(StandardCharsets.UTF_8), URI.create(url));
        assertThat(verifies(verifier, otherBody)).isFalse();
    }

    @Test
    void signedWithTheNewSecretOfARotationThenVerifyBatchRingAcceptsAndOldSecretAloneRejects() throws Exception {
        String oldSecret = "whsec_old_secret_0123456789abcdef";
        String newSecret = SECRETS.get("stripe");
        CliRun signed = CliRun.run(
                null, Map.of(), AT_T, "sign", "--provider", "stripe", "--secret", newSecret, "--data", BODY, "--json");
        JsonNode headers = Lines.JSON.readTree(signed.out()).get("headers");

        String ring = batchLine("ring", headers, "[\"" + oldSecret + "\",\"" + newSecret + "\"]");
        String oldOnly = batchLine("old-only", headers, "[\"" + oldSecret + "\"]");
        CliRun batch = CliRun.run(Lines.jsonl(ring, oldOnly), "verify-batch");

        assertThat(batch.exitCode()).as(batch.err()).isZero();
        assertThat(batch.outLines())
                .containsExactly(
                        "{\"id\":\"ring\",\"valid\":true,\"reason\":null}",
                        "{\"id\":\"old-only\",\"valid\":false,\"reason\":\"SIGNATURE_MISMATCH\"}");
    }

    /** A verify-batch line for {@link #BODY} signed by stripe with these headers, checked with a secrets ring. */
    private static String batchLine(String id, JsonNode headers, String secretsJson) throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode line = Lines.JSON.createObjectNode();
        line.put("id", id);
        line.put("provider", "stripe");
        line.set("secrets", Lines.JSON.readTree(secretsJson));
        com.fasterxml.jackson.databind.node.ObjectNode request = line.putObject("request");
        request.set("headers", headers);
        request.put("body_base64", Base64.getEncoder().encodeToString(BODY.getBytes(StandardCharsets.UTF_8)));
        request.put("received_at_epoch_seconds", T);
        return Lines.JSON.writeValueAsString(line);
    }

    @Test
    void everyBodySourceSignsTheSameBytes(@TempDir Path dir) throws Exception {
        byte[] bytes = BODY.getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(dir.resolve("event.json"), bytes);
        String[] common = {"sign", "--provider", "stripe", "--secret", SECRETS.get("stripe"), "--timestamp", "" + T};

        String fromData = CliRun.run(null, concat(common, "--data", BODY)).out();
        String fromFile =
                CliRun.run(null, concat(common, "--body-file", file.toString())).out();
        String fromBase64 = CliRun.run(
                        null,
                        concat(common, "--body-base64", Base64.getEncoder().encodeToString(bytes)))
                .out();
        String fromStdin = CliRun.run(BODY, common).out();

        assertThat(fromData).startsWith("Stripe-Signature: t=" + T + ",v1=");
        assertThat(List.of(fromFile, fromBase64, fromStdin)).containsOnly(fromData);
    }

    @Test
    void secretFromEnvironmentVariable() {
        CliRun fromEnv = CliRun.run(
                null,
                Map.of("MY_SECRET", SECRETS.get("github")),
                AT_T,
                "sign",
                "--provider",
                "github",
                "--secret-env",
                "MY_SECRET",
                "--data",
                BODY,
                "--id",
                "d1");
        CliRun fromFlag = CliRun.run(
                null, "sign", "--provider", "github", "--secret", SECRETS.get("github"), "--data", BODY, "--id", "d1");

        assertThat(fromEnv.exitCode()).as(fromEnv.err()).isZero();
        assertThat(fromEnv.out()).isEqualTo(fromFlag.out()).contains("X-Hub-Signature-256: sha256=");
    }

    @Test
    void jsonOutput() throws Exception {
        CliRun run = CliRun.run(
                null,
                Map.of(),
                AT_T,
                "sign",
                "--provider",
                "standard-webhooks",
                "--secret",
                SECRETS.get("standard-webhooks"),
                "--data",
                BODY,
                "--id",
                "msg_j",
                "--json");

        JsonNode o = Lines.JSON.readTree(run.out());
        assertThat(o.get("provider").asText()).isEqualTo("standard-webhooks");
        assertThat(o.get("delivery_id").asText()).isEqualTo("msg_j");
        assertThat(o.get("timestamp_epoch_seconds").asLong()).isEqualTo(T);
        assertThat(o.get("headers").get("webhook-signature").asText()).startsWith("v1,");
        assertThat(o.has("curl")).isFalse();
        assertThat(run.out()).doesNotContain(SECRETS.get("standard-webhooks"));
    }

    @Test
    void usageErrorsExitTwoWithoutEchoingTheSecret() {
        String badSecret = "v1,whsec_this-is-not-base64!!";
        CliRun unfit =
                CliRun.run(null, "sign", "--provider", "standard-webhooks", "--secret", badSecret, "--data", "x");
        assertThat(unfit.exitCode()).isEqualTo(2);
        assertThat(unfit.err()).contains("error:").doesNotContain(badSecret);
        assertThat(unfit.out()).isEmpty();

        assertThat(CliRun.run(null, "sign", "--provider", "nope", "--secret", "s", "--data", "x")
                        .exitCode())
                .isEqualTo(2);
        assertThat(CliRun.run(null, "sign", "--provider", "stripe", "--data", "x")
                        .exitCode())
                .isEqualTo(2);
        assertThat(CliRun.run(null, "sign", "--provider", "github", "--secret", "s", "--secret-env", "X")
                        .exitCode())
                .isEqualTo(2);
        CliRun unsetEnv = CliRun.run(null, "sign", "--provider", "github", "--secret-env", "UNSET_VAR", "--data", "x");
        assertThat(unsetEnv.exitCode()).isEqualTo(2);
        assertThat(unsetEnv.err()).contains("UNSET_VAR is not set");
        assertThat(CliRun.run(null, "sign", "--provider", "github", "--secret", "s", "--data", "x", "--body-file", "f")
                        .exitCode())
                .isEqualTo(2);
        assertThat(CliRun.run(null, "sign", "--provider", "github", "--secret", "s", "--body-file", "/no/such/file")
                        .err())
                .contains("no such file");
    }

    /** A request from the printed {@code Name: value} lines and the body, as a receiver would see it. */
    static WebhookRequest parse(List<String> lines, byte[] body, URI url) {
        WebhookRequest.Builder b = WebhookRequest.builder()
                .url(url)
                .header("Content-Type", "application/json")
                .body(body);
        for (String line : lines) {
            int colon = line.indexOf(": ");
            assertThat(colon).as(line).isPositive();
            b.header(line.substring(0, colon), line.substring(colon + 2));
        }
        return b.build();
    }

    private static boolean verifies(WebhookVerifier verifier, WebhookRequest request) {
        try {
            verifier.verify(request);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    static String[] concat(String[] a, String... b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }
}
