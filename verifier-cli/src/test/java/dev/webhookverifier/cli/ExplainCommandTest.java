package dev.webhookverifier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.webhookverifier.Provider;
import dev.webhookverifier.Providers;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code explain}: one constructed request per cause; exit codes; nothing secret in the output. */
class ExplainCommandTest {
    private static final long T = 1_767_229_219L;
    private static final Clock AT_T = Clock.fixed(Instant.ofEpochSecond(T), ZoneOffset.UTC);
    private static final String STRIPE_SECRET = "whsec_Kq3vXbR9mLt2YwPz8NdF4hJc6SgA1uEo";
    private static final String MARKER = "Qzvx-marker-7731";
    private static final String BODY = "{\"id\":\"evt_1\",\"data\":{\"marker\":\"" + MARKER + "\",\"n\":[1,2]}}";

    @TempDir
    Path dir;

    private final List<String> forbidden = new ArrayList<>(List.of(STRIPE_SECRET, STRIPE_SECRET.substring(6), MARKER));

    /** Headers the provider would send for {@code body} (its values are forbidden in any output). */
    private Map<String, String> signed(Provider provider, String secret, byte[] body, String url, long t) {
        WebhookSigner signer = WebhookSigner.of(provider, WebhookSecret.of("s", secret), AT_T);
        WebhookRequest.Builder unsigned = WebhookRequest.builder().body(body);
        if (url != null) {
            unsigned.url(url);
        }
        Map<String, String> headers = signer.headers(unsigned.build(), "msg_1", Instant.ofEpochSecond(t));
        headers.values().forEach(v -> {
            forbidden.add(v);
            int eq = v.lastIndexOf('=');
            if (eq > 0 && eq < v.length() - 8) {
                forbidden.add(v.substring(eq + 1));
            }
        });
        return headers;
    }

    private CliRun explain(Map<String, String> headers, byte[] body, Map<String, String> env, String... extra)
            throws IOException {
        Path file = Files.write(dir.resolve("body-" + System.nanoTime()), body);
        List<String> args = new ArrayList<>(List.of("explain", "--body-file", file.toString()));
        headers.forEach((name, value) -> args.add("--header=" + name + ": " + value));
        args.addAll(List.of(extra));
        CliRun run = CliRun.run(null, env, AT_T, args.toArray(String[]::new));
        for (String s : forbidden) {
            assertThat(run.out()).doesNotContain(s);
            assertThat(run.err()).doesNotContain(s);
        }
        return run;
    }

    private CliRun explainStripe(byte[] signedBody, byte[] receivedBody, String... extra) throws IOException {
        return explain(
                signed(Providers.stripe(), STRIPE_SECRET, signedBody, null, T),
                receivedBody,
                Map.of("WH", STRIPE_SECRET),
                concat(new String[] {"--provider", "stripe", "--secret-env", "WH"}, extra));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertCause(CliRun run, String cause) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).contains("FAILS").contains("Likely causes:").contains("[" + cause + "]");
    }

    @Test
    void explainWhenGenuineThenExitsZeroAndEveryStepPasses() throws IOException {
        CliRun run = explainStripe(utf8(BODY), utf8(BODY));
        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        assertThat(run.out())
                .startsWith("VERIFIES: stripe request")
                .contains("[pass] body")
                .contains("[pass] headers")
                .contains("[pass] secret")
                .contains("[pass] signature: matches secret 'env:WH'")
                .contains("[pass] timestamp")
                .contains("[skip] replay")
                .doesNotContain("FAIL");
    }

    @Test
    void explainWhenPrettyPrintedThenReserializationAndJsonOutput() throws IOException {
        String pretty = "{\n  \"id\": \"evt_1\",\n  \"data\": {\n    \"marker\": \"" + MARKER
                + "\",\n    \"n\": [\n      1,\n      2\n    ]\n  }\n}";
        CliRun run = explainStripe(utf8(BODY), utf8(pretty));
        assertCause(run, "BODY_JSON_RESERIALIZED");

        CliRun json = explainStripe(utf8(BODY), utf8(pretty), "--json");
        assertThat(json.exitCode()).isEqualTo(1);
        JsonNode o = Lines.JSON.readTree(json.out());
        assertThat(o.get("valid").asBoolean()).isFalse();
        assertThat(o.get("reason").asText()).isEqualTo("SIGNATURE_MISMATCH");
        assertThat(o.get("hints").get(0).get("cause").asText()).isEqualTo("BODY_JSON_RESERIALIZED");
        assertThat(o.get("hints").get(0).get("confirmed").asBoolean()).isTrue();
        assertThat(o.get("steps")).hasSize(6);
        assertThat(o.get("secret_fingerprints").get("env:WH").asText()).hasSize(8);
        assertThat(o.get("signature_fingerprints")).hasSize(1);
    }

    @Test
    void explainWhenTrailingNewlineThenReported() throws IOException {
        assertCause(explainStripe(utf8(BODY), utf8(BODY + "\n")), "BODY_TRAILING_NEWLINE");
    }

    @Test
    void explainWhenCrlfThenReported() throws IOException {
        String text = "a=1&marker=" + MARKER + "\nb=2\n";
        assertCause(explainStripe(utf8(text), utf8(text.replace("\n", "\r\n"))), "BODY_LINE_ENDINGS");
    }

    @Test
    void explainWhenBomThenReported() throws IOException {
        byte[] body = utf8("\uFEFF" + BODY);
        assertThat(body[0]).isEqualTo((byte) 0xEF);
        assertCause(explainStripe(utf8(BODY), body), "BODY_BOM");
    }

    @Test
    void explainWhenLatin1ReencodedThenReported() throws IOException {
        String text = "{\"city\":\"Zürich\",\"marker\":\"" + MARKER + "\"}";
        byte[] sent = utf8(text);
        byte[] mangled = new String(sent, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.UTF_8);
        assertCause(explainStripe(sent, mangled), "BODY_CHARSET");
    }

    @Test
    void explainWhenSecretHasTrailingNewlineThenWhitespaceNotUsageError() throws IOException {
        CliRun run = explain(
                signed(Providers.stripe(), STRIPE_SECRET, utf8(BODY), null, T),
                utf8(BODY),
                Map.of("WH", STRIPE_SECRET + "\n"),
                "--provider",
                "stripe",
                "--secret-env",
                "WH");
        assertCause(run, "SECRET_WHITESPACE");
        assertThat(run.out()).contains("[FAIL] secret");
    }

    @Test
    void explainWhenStripeSecretDecodedAsBase64BySenderThenSecretEncoding() throws IOException {
        // A sender that base64-decodes the text after whsec_ (the Standard Webhooks way) but signs Stripe's content.
        byte[] key = Base64.getDecoder().decode(STRIPE_SECRET.substring(6));
        String stripeSig = hmacHex(key, utf8(T + "." + BODY));
        forbidden.add(stripeSig);
        CliRun run = explain(
                Map.of("Stripe-Signature", "t=" + T + ",v1=" + stripeSig),
                utf8(BODY),
                Map.of(),
                "--provider",
                "stripe",
                "--secret",
                STRIPE_SECRET);
        assertCause(run, "SECRET_ENCODING");
        assertThat(run.out()).contains("base64 after 'whsec_'");
    }

    private static String hmacHex(byte[] key, byte[] data) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void explainWhenStripeApiKeyGivenThenWrongSecretType() throws IOException {
        String apiKey = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";
        forbidden.add(apiKey);
        CliRun run = explain(
                signed(Providers.stripe(), STRIPE_SECRET, utf8(BODY), null, T),
                utf8(BODY),
                Map.of(),
                "--provider",
                "stripe",
                "--secret",
                apiKey);
        assertCause(run, "SECRET_WRONG_TYPE");
        assertThat(run.out()).contains("API key");
    }

    @Test
    void explainWhenClockSkewedThenDeltaInSeconds() throws IOException {
        CliRun run = explainStripe(utf8(BODY), utf8(BODY), "--now", Long.toString(T + 3600));
        assertCause(run, "CLOCK_SKEW");
        assertThat(run.out()).contains("TIMESTAMP_TOO_OLD").contains("3600 s behind");
    }

    @Test
    void explainWhenProxyChangedUrlThenUrlChanged() throws IOException {
        assertThat(Providers.ids()).contains("square");
        String key = "square-signature-key-for-tests";
        forbidden.add(key);
        Map<String, String> headers =
                signed(Providers.square(), key, utf8(BODY), "https://api.example.com/hooks/square", T);
        CliRun run = explain(
                headers,
                utf8(BODY),
                Map.of(),
                "--provider",
                "square",
                "--secret",
                key,
                "--url",
                "http://api.example.com:8080/hooks/square");
        assertCause(run, "URL_CHANGED");
        assertThat(run.out()).contains("scheme https instead of http");
    }

    @Test
    void explainWhenOnlyUnknownVersionsThenUnknownVersion() throws IOException {
        Map<String, String> headers = signed(Providers.stripe(), STRIPE_SECRET, utf8(BODY), null, T);
        String header = headers.get("Stripe-Signature").replace("v1=", "v7=");
        CliRun run = explain(
                Map.of("Stripe-Signature", header),
                utf8(BODY),
                Map.of(),
                "--provider",
                "stripe",
                "--secret",
                STRIPE_SECRET);
        assertCause(run, "UNKNOWN_SIGNATURE_VERSION");
        assertThat(run.out()).contains("UNSUPPORTED_SCHEME");
    }

    @Test
    void explainWhenUnknownProviderOrNoSecretThenUsageError() throws IOException {
        CliRun unknown = explain(Map.of(), utf8(BODY), Map.of(), "--provider", "nope", "--secret", STRIPE_SECRET);
        assertThat(unknown.exitCode()).isEqualTo(2);
        CliRun noSecret = explain(Map.of(), utf8(BODY), Map.of(), "--provider", "stripe");
        assertThat(noSecret.exitCode()).isEqualTo(2);
        CliRun unsetEnv = explain(Map.of(), utf8(BODY), Map.of(), "--provider", "stripe", "--secret-env", "MISSING");
        assertThat(unsetEnv.exitCode()).isEqualTo(2);
    }
}
