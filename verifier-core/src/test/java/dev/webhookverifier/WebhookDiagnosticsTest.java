package dev.webhookverifier;

import static dev.webhookverifier.Fixtures.NOW;
import static dev.webhookverifier.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookverifier.Diagnosis.Cause;
import dev.webhookverifier.Diagnosis.Status;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** {@link WebhookDiagnostics}: one constructed request per cause, and nothing secret in the report. */
class WebhookDiagnosticsTest {
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String STRIPE_SECRET = "whsec_" + base64Key(7);
    private static final String OTHER_SECRET = "whsec_" + base64Key(8);
    private static final String MARKER = "Zqxjv-body-marker";
    private static final String COMPACT_JSON = "{\"id\":\"evt_1\",\"object\":\"event\",\"data\":{\"marker\":\"" + MARKER
            + "\",\"amount\":100,\"tags\":[\"a\",\"b\"],\"empty\":{},\"none\":[]}}";

    /** Every secret text, signature and body marker the reports of this class must not contain. */
    private final List<String> forbidden = new ArrayList<>(
            List.of(STRIPE_SECRET, STRIPE_SECRET.substring(6), OTHER_SECRET, OTHER_SECRET.substring(6), MARKER));

    private static String base64Key(long seed) {
        byte[] key = new byte[32];
        new Random(seed).nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static byte[] hmac(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] p : parts) {
                mac.update(p);
            }
            return mac.doFinal();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Stripe-Signature header over the body at {@code t}, keyed with the given key bytes. */
    private String stripeHeader(byte[] key, long t, byte[] body) {
        byte[] sig = hmac(key, utf8(t + "."), body);
        forbidden.add(HexFormat.of().formatHex(sig));
        forbidden.add(Base64.getEncoder().encodeToString(sig));
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(sig);
    }

    /** Stripe signs with the whole whsec_ text as the key. */
    private WebhookRequest stripeRequest(byte[] signedBody, byte[] receivedBody, long t) {
        String header = stripeHeader(utf8(STRIPE_SECRET), t, signedBody);
        // What the verifier would expect for the received body: must not appear either.
        stripeHeader(utf8(STRIPE_SECRET), t, receivedBody);
        return WebhookRequest.builder()
                .header("Stripe-Signature", header)
                .body(receivedBody)
                .build();
    }

    private static WebhookDiagnostics.Builder stripe(String secret) {
        return WebhookDiagnostics.builder(Providers.stripe())
                .secrets(WebhookSecret.of("main", secret))
                .clock(CLOCK);
    }

    private Diagnosis explainStripe(byte[] signedBody, byte[] receivedBody) {
        return checked(stripe(STRIPE_SECRET).explain(stripeRequest(signedBody, receivedBody, NOW.getEpochSecond())));
    }

    /** Asserts the report leaks nothing and returns it. */
    private Diagnosis checked(Diagnosis d) {
        String text = d.toString();
        for (String s : forbidden) {
            assertThat(text).doesNotContainIgnoringCase(s);
            for (Diagnosis.Step step : d.steps()) {
                assertThat(step.detail()).doesNotContainIgnoringCase(s);
            }
            for (Diagnosis.Hint h : d.hints()) {
                assertThat(h.message()).doesNotContainIgnoringCase(s);
            }
        }
        return d;
    }

    private static void assertConfirmed(Diagnosis d, Cause cause) {
        assertThat(d.verified()).isFalse();
        assertThat(d.hints()).isNotEmpty();
        assertThat(d.hints().get(0).cause()).as(d.toString()).isEqualTo(cause);
        assertThat(d.hints().get(0).confirmed()).isTrue();
    }

    private static Status status(Diagnosis d, String step) {
        return d.steps().stream()
                .filter(s -> s.name().equals(step))
                .findFirst()
                .orElseThrow()
                .status();
    }

    @Test
    void explainWhenGenuineRequestThenAllStepsPass() {
        Diagnosis d = explainStripe(utf8(COMPACT_JSON), utf8(COMPACT_JSON));
        assertThat(d.verified()).as(d.toString()).isTrue();
        assertThat(d.reason()).isEmpty();
        assertThat(d.hints()).isEmpty();
        assertThat(d.steps())
                .extracting(Diagnosis.Step::name)
                .containsExactly("body", "headers", "secret", "signature", "timestamp", "replay");
        assertThat(d.steps()).filteredOn(s -> !s.name().equals("replay")).allMatch(s -> s.status() == Status.PASS);
        assertThat(status(d, "replay")).isEqualTo(Status.SKIPPED);
        assertThat(d.toString()).startsWith("VERIFIES: stripe request");
        assertThat(d.secretFingerprints()).containsOnlyKeys("main");
        assertThat(d.secretFingerprints().get("main"))
                .isEqualTo(WebhookDiagnostics.fingerprint(utf8(STRIPE_SECRET)))
                .hasSize(8);
        assertThat(d.signatureFingerprints()).hasSize(1);
    }

    @Test
    void explainWhenVerifierGivenThenUsesItsConfigurationAndAgreesWithVerify() throws Exception {
        WebhookVerifier verifier = WebhookVerifier.builder(Providers.stripe())
                .secrets(WebhookSecret.of("main", STRIPE_SECRET))
                .clock(CLOCK)
                .build();
        WebhookRequest good = stripeRequest(utf8(COMPACT_JSON), utf8(COMPACT_JSON), NOW.getEpochSecond());
        assertThat(checked(WebhookDiagnostics.explain(verifier, good)).verified())
                .isTrue();
        verifier.verify(good);
        WebhookRequest bad = stripeRequest(utf8(COMPACT_JSON), utf8(COMPACT_JSON + "\n"), NOW.getEpochSecond());
        Diagnosis d = checked(WebhookDiagnostics.explain(verifier, bad));
        assertThat(d.reason()).contains(FailureReason.SIGNATURE_MISMATCH);
        assertConfirmed(d, Cause.BODY_TRAILING_NEWLINE);
    }

    @Test
    void explainWhenVerifierHasReplayStoreAndResolverThenStoreUntouched() throws Exception {
        WebhookVerifier verifier = WebhookVerifier.builder(Providers.stripe())
                .secretResolver(r -> SecretRing.of(WebhookSecret.of("tenant-1", STRIPE_SECRET)))
                .replayStore(dev.webhookverifier.replay.ReplayStores.inMemory(10))
                .clock(CLOCK)
                .build();
        WebhookRequest good = stripeRequest(utf8(COMPACT_JSON), utf8(COMPACT_JSON), NOW.getEpochSecond());
        assertThat(checked(WebhookDiagnostics.explain(verifier, good)).verified())
                .isTrue();
        assertThat(checked(WebhookDiagnostics.explain(verifier, good))
                        .steps()
                        .get(3)
                        .detail())
                .contains("tenant-1");
        verifier.verify(good);
        assertThat(WebhookDiagnostics.explain(verifier, good).verified()).isTrue();
    }

    @Test
    void explainWhenJsonPrettyPrintedThenReserializationConfirmed() {
        String pretty = "{\n  \"id\": \"evt_1\",\n  \"object\": \"event\",\n  \"data\": {\n    \"marker\": \"" + MARKER
                + "\",\n    \"amount\": 100,\n    \"tags\": [\n      \"a\",\n      \"b\"\n    ],\n    \"empty\": {},\n"
                + "    \"none\": []\n  }\n}";
        Diagnosis d = explainStripe(utf8(COMPACT_JSON), utf8(pretty));
        assertThat(d.reason()).contains(FailureReason.SIGNATURE_MISMATCH);
        assertConfirmed(d, Cause.BODY_JSON_RESERIALIZED);
        assertThat(d.hints().get(0).message()).contains("compact");
    }

    @Test
    void explainWhenProviderSentPrettyJsonAndReceiverCompactedItThenReserializationConfirmed() {
        String pretty = "{\n  \"id\": \"evt_1\",\n  \"object\": \"event\",\n  \"data\": {\n    \"marker\": \"" + MARKER
                + "\",\n    \"amount\": 100,\n    \"tags\": [\n      \"a\",\n      \"b\"\n    ],\n    \"empty\": {},\n"
                + "    \"none\": []\n  }\n}";
        Diagnosis d = explainStripe(utf8(pretty), utf8(COMPACT_JSON));
        assertConfirmed(d, Cause.BODY_JSON_RESERIALIZED);
        assertThat(d.hints().get(0).message()).contains("2-space");
    }

    @Test
    void explainWhenTrailingNewlineAddedThenConfirmed() {
        Diagnosis d = explainStripe(utf8(COMPACT_JSON), utf8(COMPACT_JSON + "\n"));
        assertConfirmed(d, Cause.BODY_TRAILING_NEWLINE);
        assertThat(d.hints().get(0).message()).contains("without its trailing newline");
    }

    @Test
    void explainWhenTrailingNewlineRemovedThenConfirmed() {
        Diagnosis d = explainStripe(utf8(COMPACT_JSON + "\n"), utf8(COMPACT_JSON));
        assertConfirmed(d, Cause.BODY_TRAILING_NEWLINE);
        assertThat(d.hints().get(0).message()).contains("with a trailing newline");
    }

    @Test
    void explainWhenLfTurnedIntoCrlfThenLineEndingsConfirmed() {
        String text = "line one " + MARKER + "\nline two\nline three\n";
        Diagnosis d = explainStripe(utf8(text), utf8(text.replace("\n", "\r\n")));
        assertConfirmed(d, Cause.BODY_LINE_ENDINGS);
        assertThat(d.hints().get(0).message()).contains("CRLF line endings turned into LF");
    }

    @Test
    void explainWhenCrlfTurnedIntoLfThenLineEndingsConfirmed() {
        String text = "line one " + MARKER + "\r\nline two\r\nline three\r\n";
        Diagnosis d = explainStripe(utf8(text), utf8(text.replace("\r\n", "\n")));
        assertConfirmed(d, Cause.BODY_LINE_ENDINGS);
    }

    @Test
    void explainWhenBomAddedThenBomConfirmed() {
        byte[] json = utf8(COMPACT_JSON);
        byte[] withBom = new byte[json.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(json, 0, withBom, 3, json.length);
        Diagnosis d = explainStripe(json, withBom);
        assertConfirmed(d, Cause.BODY_BOM);
        assertThat(d.steps().get(0).detail()).contains("BOM");
    }

    @Test
    void explainWhenBodyDecodedAsLatin1ThenCharsetConfirmed() {
        String json = "{\"name\":\"Café Zürich\",\"marker\":\"" + MARKER + "\"}";
        byte[] sent = json.getBytes(StandardCharsets.UTF_8);
        byte[] mangled = new String(sent, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.UTF_8);
        Diagnosis d = explainStripe(sent, mangled);
        assertConfirmed(d, Cause.BODY_CHARSET);
        assertThat(d.hints().get(0).message()).contains("ISO-8859-1");
    }

    @Test
    void explainWhenBodyReencodedAsLatin1ThenCharsetConfirmed() {
        String json = "{\"name\":\"Café\",\"marker\":\"" + MARKER + "\"}";
        Diagnosis d = explainStripe(json.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.ISO_8859_1));
        assertConfirmed(d, Cause.BODY_CHARSET);
    }

    @Test
    void explainWhenNonAsciiEscapedThenUnicodeEscapesConfirmed() {
        String sent = "{\"name\":\"Café\",\"marker\":\"" + MARKER + "\"}";
        String received = "{\"name\":\"Caf\\u00e9\",\"marker\":\"" + MARKER + "\"}";
        Diagnosis d = explainStripe(utf8(sent), utf8(received));
        assertConfirmed(d, Cause.BODY_JSON_UNICODE_ESCAPES);
        Diagnosis back = explainStripe(utf8(received), utf8(sent));
        assertConfirmed(back, Cause.BODY_JSON_UNICODE_ESCAPES);
    }

    @Test
    void explainWhenSecretHasWhitespaceThenWhitespaceConfirmedWithoutBuilding() {
        WebhookRequest request = stripeRequest(utf8(COMPACT_JSON), utf8(COMPACT_JSON), NOW.getEpochSecond());
        Diagnosis d = checked(stripe(" " + STRIPE_SECRET + "\n").explain(request));
        assertConfirmed(d, Cause.SECRET_WHITESPACE);
        assertThat(d.has(Cause.SECRET_WHITESPACE)).isTrue();
        assertThat(status(d, "secret")).isEqualTo(Status.FAIL);
        assertThat(d.hints()).anyMatch(h -> h.message().contains("trim"));
    }

    @Test
    void explainWhenStripeSecretWasBase64DecodedBySenderThenEncodingConfirmed() {
        byte[] decoded = Base64.getDecoder().decode(STRIPE_SECRET.substring(6));
        WebhookRequest request = WebhookRequest.builder()
                .header("Stripe-Signature", stripeHeader(decoded, NOW.getEpochSecond(), utf8(COMPACT_JSON)))
                .body(COMPACT_JSON, StandardCharsets.UTF_8)
                .build();
        stripeHeader(utf8(STRIPE_SECRET), NOW.getEpochSecond(), utf8(COMPACT_JSON));
        Diagnosis d = checked(stripe(STRIPE_SECRET).explain(request));
        assertThat(d.reason()).contains(FailureReason.SIGNATURE_MISMATCH);
        assertConfirmed(d, Cause.SECRET_ENCODING);
        assertThat(d.hints().get(0).message()).contains("base64 after 'whsec_'");
    }

    @Test
    void explainWhenStandardWebhooksSecretUsedAsWholeTextThenEncodingConfirmed() {
        String secret = "whsec_" + base64Key(11);
        forbidden.add(secret);
        forbidden.add(secret.substring(6));
        byte[] body = utf8(COMPACT_JSON);
        long t = NOW.getEpochSecond();
        byte[] sig = hmac(utf8(secret), utf8("msg_1." + t + "."), body);
        forbidden.add(Base64.getEncoder().encodeToString(sig));
        WebhookRequest request = WebhookRequest.builder()
                .header("webhook-id", "msg_1")
                .header("webhook-timestamp", Long.toString(t))
                .header("webhook-signature", "v1," + Base64.getEncoder().encodeToString(sig))
                .body(body)
                .build();
        Diagnosis d = checked(WebhookDiagnostics.builder(Providers.standardWebhooks())
                .secrets(WebhookSecret.of("sw", secret))
                .clock(CLOCK)
                .explain(request));
        assertConfirmed(d, Cause.SECRET_ENCODING);
        assertThat(d.hints().get(0).message()).contains("whole secret text");
    }

    @Test
    void explainWhenStripeApiKeyConfiguredThenWrongTypeReported() {
        String apiKey = "sk_live_" + base64Key(9).replaceAll("[^A-Za-z0-9]", "");
        forbidden.add(apiKey);
        WebhookRequest request = stripeRequest(utf8(COMPACT_JSON), utf8(COMPACT_JSON), NOW.getEpochSecond());
        Diagnosis d = checked(stripe(apiKey).explain(request));
        assertThat(d.verified()).isFalse();
        assertThat(d.reason()).contains(FailureReason.NO_SECRET);
        assertThat(d.has(Cause.SECRET_WRONG_TYPE)).as(d.toString()).isTrue();
        assertThat(d.toString()).contains("API key");
    }

    @Test
    void explainWhenTimestampOldThenClockSkewWithDelta() {
        WebhookRequest request = stripeRequest(utf8(COMPACT_JSON), utf8(COMPACT_JSON), NOW.getEpochSecond() - 1234);
        Diagnosis d = checked(stripe(STRIPE_SECRET).explain(request));
        assertThat(d.reason()).contains(FailureReason.TIMESTAMP_TOO_OLD);
        assertConfirmed(d, Cause.CLOCK_SKEW);
        assertThat(status(d, "signature")).isEqualTo(Status.PASS);
        assertThat(d.hints().get(0).message()).contains("1234 s behind").contains("tolerance 300 s");
    }

    @Test
    void explainWhenTimestampInFutureThenClockSkewWithDelta() {
        WebhookRequest request = stripeRequest(utf8(COMPACT_JSON), utf8(COMPACT_JSON), NOW.getEpochSecond() + 900);
        Diagnosis d =
                checked(stripe(STRIPE_SECRET).tolerance(Duration.ofMinutes(10)).explain(request));
        assertThat(d.reason()).contains(FailureReason.TIMESTAMP_IN_FUTURE);
        assertConfirmed(d, Cause.CLOCK_SKEW);
        assertThat(d.hints().get(0).message()).contains("900 s ahead").contains("tolerance 600 s");
    }

    @Test
    void explainWhenOnlyUnknownVersionsThenUnknownVersionReported() {
        String header = stripeHeader(utf8(STRIPE_SECRET), NOW.getEpochSecond(), utf8(COMPACT_JSON))
                .replace("v1=", "v9=");
        WebhookRequest request = WebhookRequest.builder()
                .header("Stripe-Signature", header)
                .body(COMPACT_JSON, StandardCharsets.UTF_8)
                .build();
        Diagnosis d = checked(stripe(STRIPE_SECRET).explain(request));
        assertThat(d.reason()).contains(FailureReason.UNSUPPORTED_SCHEME);
        assertConfirmed(d, Cause.UNKNOWN_SIGNATURE_VERSION);
        assertThat(status(d, "signature")).isEqualTo(Status.SKIPPED);
    }

    @Test
    void explainWhenUrlSchemeAndPortChangedByProxyThenUrlChangedConfirmed() {
        assertThat(Providers.ids()).contains("square");
        String key = "sq-signature-key-" + MARKER;
        forbidden.add(key);
        WebhookSigner signer = WebhookSigner.of(Providers.square(), WebhookSecret.of("sq", key), CLOCK);
        WebhookRequest signed = signer.sign(
                WebhookRequest.builder()
                        .url("https://hooks.example.com/square/events")
                        .body(COMPACT_JSON, StandardCharsets.UTF_8)
                        .build(),
                "id-1",
                NOW);
        signed.headers().values().forEach(forbidden::addAll);
        WebhookRequest received = WebhookRequest.of(
                "POST", URI.create("http://hooks.example.com:8080/square/events"), signed.headers(), signed.body());
        Diagnosis d = checked(WebhookDiagnostics.builder(Providers.square())
                .secrets(WebhookSecret.of("sq", key))
                .clock(CLOCK)
                .explain(received));
        assertThat(d.reason()).contains(FailureReason.SIGNATURE_MISMATCH);
        assertConfirmed(d, Cause.URL_CHANGED);
        assertThat(d.hints().get(0).message())
                .contains("scheme https instead of http")
                .contains("no explicit port (received 8080)");
    }

    @Test
    void explainWhenTrailingSlashAddedThenUrlChangedConfirmed() {
        String key = "sq-signature-key-" + MARKER;
        WebhookSigner signer = WebhookSigner.of(Providers.square(), WebhookSecret.of("sq", key), CLOCK);
        WebhookRequest signed = signer.sign(
                WebhookRequest.builder()
                        .url("https://hooks.example.com/square/events")
                        .body(COMPACT_JSON, StandardCharsets.UTF_8)
                        .build(),
                "id-1",
                NOW);
        WebhookRequest received = WebhookRequest.of(
                "POST", URI.create("https://hooks.example.com/square/events/"), signed.headers(), signed.body());
        Diagnosis d = checked(WebhookDiagnostics.builder(Providers.square())
                .secrets(WebhookSecret.of("sq", key))
                .clock(CLOCK)
                .explain(received));
        assertConfirmed(d, Cause.URL_CHANGED);
        assertThat(d.hints().get(0).message()).contains("trailing slash removed");
    }

    @Test
    void explainWhenSignedWithAnotherSecretThenOnlySuspicionsAndFingerprints() {
        WebhookRequest request = stripeRequest(utf8(COMPACT_JSON), utf8(COMPACT_JSON), NOW.getEpochSecond());
        Diagnosis d = checked(stripe(OTHER_SECRET).explain(request));
        assertThat(d.reason()).contains(FailureReason.SIGNATURE_MISMATCH);
        assertThat(d.hints()).noneMatch(Diagnosis.Hint::confirmed);
        assertThat(d.has(Cause.SECRET_DIFFERENT)).isTrue();
        assertThat(d.secretFingerprints().get("main")).isEqualTo(WebhookDiagnostics.fingerprint(utf8(OTHER_SECRET)));
        assertThat(d.toString()).contains("sha256:" + d.secretFingerprints().get("main"));
    }

    @Test
    void explainWhenSecretExpiredThenExpiryConfirmed() {
        WebhookRequest request = stripeRequest(utf8(COMPACT_JSON), utf8(COMPACT_JSON), NOW.getEpochSecond());
        Diagnosis d = checked(WebhookDiagnostics.builder(Providers.stripe())
                .secrets(
                        WebhookSecret.of("new", OTHER_SECRET),
                        WebhookSecret.of("old", STRIPE_SECRET).acceptUntil(Instant.parse("2020-01-01T00:00:00Z")))
                .clock(CLOCK)
                .explain(request));
        assertConfirmed(d, Cause.SECRET_EXPIRED);
    }

    @Test
    void explainWhenSignatureHeaderMissingThenHeaderStepFails() {
        WebhookRequest request = WebhookRequest.builder()
                .body(COMPACT_JSON, StandardCharsets.UTF_8)
                .build();
        Diagnosis d = checked(stripe(STRIPE_SECRET).explain(request));
        assertThat(d.reason()).contains(FailureReason.MISSING_HEADER);
        assertThat(status(d, "headers")).isEqualTo(Status.FAIL);
        assertThat(d.has(Cause.HEADER_MISSING)).isTrue();
    }

    @Test
    void explainWhenBodyTooLargeThenStopsThere() {
        WebhookRequest request = stripeRequest(utf8(COMPACT_JSON), utf8(COMPACT_JSON), NOW.getEpochSecond());
        Diagnosis d = checked(stripe(STRIPE_SECRET).maxBodyBytes(10).explain(request));
        assertThat(d.reason()).contains(FailureReason.BODY_TOO_LARGE);
    }
}
