package dev.webhookverifier.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.webhookverifier.FailureReason;
import dev.webhookverifier.Provider;
import dev.webhookverifier.VerifiedDelivery;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookSigner;
import dev.webhookverifier.WebhookVerificationException;
import dev.webhookverifier.WebhookVerifier;
import dev.webhookverifier.replay.ReplayStores;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Negative cases, bounds and round trips for the JSON presets. */
class JsonPresetsTest {
    static final long NOW = 1_700_000_000L;
    static final String MAILGUN_KEY = "mailgun_signing_key";
    static final String ADYEN_KEY = "9064450A8892A093D9E97EFCC9639DE31B74F3A7803135555A3C96F5A57915D6";

    static WebhookVerifier verifier(Provider provider, String secret, long nowSeconds) {
        return WebhookVerifier.builder(provider)
                .secrets(WebhookSecret.of("k", secret))
                .allowWeakSecrets()
                .clock(Clock.fixed(Instant.ofEpochSecond(nowSeconds), ZoneOffset.UTC))
                .build();
    }

    static WebhookRequest request(String body, String... headers) {
        WebhookRequest.Builder b = WebhookRequest.builder().method("POST").body(body.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b.build();
    }

    static byte[] hmac(byte[] key, String content) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
    }

    static FailureReason reason(WebhookVerifier v, WebhookRequest r) {
        Throwable t = catchThrowable(() -> v.verify(r));
        assertThat(t).isInstanceOf(WebhookVerificationException.class);
        return ((WebhookVerificationException) t).reason();
    }

    static String mailgunBody(String timestamp, String token, String signature) {
        return "{\"signature\":{\"timestamp\":\"" + timestamp + "\",\"token\":\"" + token + "\",\"signature\":\""
                + signature + "\"},\"event-data\":{\"event\":\"delivered\"}}";
    }

    static String mailgunSigned(long ts, String token, String key) throws Exception {
        String sig = HexFormat.of().formatHex(hmac(key.getBytes(StandardCharsets.UTF_8), ts + token));
        return mailgunBody(Long.toString(ts), token, sig);
    }

    @Nested
    class Mailgun {
        WebhookVerifier v = verifier(JsonProviders.mailgun(), MAILGUN_KEY, NOW);

        @Test
        void validReportsTheTokenAsDeliveryId() throws Exception {
            VerifiedDelivery d = v.verify(request(mailgunSigned(NOW, "tok123", MAILGUN_KEY)));
            assertThat(d.deliveryId()).contains("tok123");
            assertThat(d.timestamp()).contains(Instant.ofEpochSecond(NOW));
            assertThat(JsonProviders.mailgun().signsDeliveryId()).isTrue();
        }

        @Test
        void tamperedTokenWrongKeyStaleAndFuture() throws Exception {
            String body = mailgunSigned(NOW, "tok123", MAILGUN_KEY).replace("tok123", "tok124");
            assertThat(reason(v, request(body))).isEqualTo(FailureReason.SIGNATURE_MISMATCH);
            assertThat(reason(v, request(mailgunSigned(NOW, "tok", "other_key"))))
                    .isEqualTo(FailureReason.SIGNATURE_MISMATCH);
            assertThat(reason(v, request(mailgunSigned(NOW - 301, "tok", MAILGUN_KEY))))
                    .isEqualTo(FailureReason.TIMESTAMP_TOO_OLD);
            assertThat(reason(v, request(mailgunSigned(NOW + 301, "tok", MAILGUN_KEY))))
                    .isEqualTo(FailureReason.TIMESTAMP_IN_FUTURE);
        }

        @Test
        void malformedBodies() {
            assertThat(reason(v, request("not json"))).isEqualTo(FailureReason.MALFORMED_HEADER);
            assertThat(reason(v, request("{\"signature\":{\"timestamp\":\"1\"")))
                    .isEqualTo(FailureReason.MALFORMED_HEADER);
            assertThat(reason(v, request("[]"))).isEqualTo(FailureReason.MALFORMED_HEADER);
            assertThat(reason(v, request("{}"))).isEqualTo(FailureReason.MISSING_HEADER);
            assertThat(reason(v, request("{\"signature\":1}"))).isEqualTo(FailureReason.MALFORMED_HEADER);
            assertThat(reason(v, request(mailgunBody("1700000000", "t", "zz"))))
                    .isEqualTo(FailureReason.MALFORMED_HEADER);
            assertThat(reason(v, request(mailgunBody("yesterday", "t", "00".repeat(32)))))
                    .isEqualTo(FailureReason.MALFORMED_HEADER);
            assertThat(reason(v, request("{} {}"))).isEqualTo(FailureReason.MALFORMED_HEADER);
        }

        @Test
        void duplicateMembersAreRefused() throws Exception {
            String valid = mailgunSigned(NOW, "tok", MAILGUN_KEY);
            String dup = valid.replace("{\"signature\":{", "{\"signature\":{\"token\":\"x\",");
            assertThat(reason(v, request(dup))).isEqualTo(FailureReason.MALFORMED_HEADER);
        }

        @Test
        void deepNestingAndHugeBodiesAreBounded() throws Exception {
            String deep = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
            assertThat(reason(v, request(deep))).isEqualTo(FailureReason.MALFORMED_HEADER);
            String wide = "{\"x\":[" + "1,".repeat(20_000) + "1]}";
            assertThat(reason(v, request(wide))).isEqualTo(FailureReason.MALFORMED_HEADER);
            String huge = "{\"pad\":\"" + "a".repeat(2_000_000) + "\","
                    + mailgunSigned(NOW, "t", MAILGUN_KEY).substring(1);
            assertThat(reason(v, request(huge))).isEqualTo(FailureReason.BODY_TOO_LARGE);
        }

        @Test
        void hintsForAnApiKey() {
            assertThatThrownBy(() -> WebhookVerifier.builder(JsonProviders.mailgun())
                            .secrets(WebhookSecret.of("k", "key-0123456789abcdef0123456789abcdef"))
                            .build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("API key");
        }
    }

    static String adyenItem(String signature, String value) {
        return "{\"live\":\"false\",\"notificationItems\":[{\"NotificationRequestItem\":{"
                + "\"additionalData\":{\"hmacSignature\":\"" + signature + "\"},"
                + "\"amount\":{\"currency\":\"EUR\",\"value\":" + value + "},"
                + "\"eventCode\":\"AUTHORISATION\",\"merchantAccountCode\":\"Acme\",\"merchantReference\":\"r1\","
                + "\"pspReference\":\"psp1\",\"success\":\"true\"}}]}";
    }

    static String adyenSigned(String value) throws Exception {
        byte[] mac = hmac(HexFormat.of().parseHex(ADYEN_KEY), "psp1::Acme:r1:" + value + ":EUR:AUTHORISATION:true");
        return adyenItem(Base64.getEncoder().encodeToString(mac), value);
    }

    /** One signed {@code {"NotificationRequestItem":{...}}} wrapper. */
    static String item(String psp, String value) throws Exception {
        byte[] mac = hmac(HexFormat.of().parseHex(ADYEN_KEY), psp + "::Acme:r1:" + value + ":EUR:AUTHORISATION:true");
        String body = adyenItem(Base64.getEncoder().encodeToString(mac), value).replace("psp1", psp);
        return body.substring(body.indexOf('[') + 1, body.lastIndexOf(']'));
    }

    static String adyenSignedItem(String psp, String value) throws Exception {
        return batch(item(psp, value));
    }

    static String batch(String... items) {
        return "{\"live\":\"false\",\"notificationItems\":[" + String.join(",", items) + "]}";
    }

    @Nested
    class Adyen {
        WebhookVerifier v = verifier(JsonProviders.adyen(), ADYEN_KEY, NOW);

        @Test
        void numericAmountIsSignedAsItsLiteral() throws Exception {
            VerifiedDelivery d = v.verify(request(adyenSigned("1000")));
            assertThat(d.deliveryId()).contains("psp1");
        }

        @Test
        void tamperedAmountAndWrongKey() throws Exception {
            String body = adyenSigned("1000").replace("\"value\":1000", "\"value\":1");
            assertThat(reason(v, request(body))).isEqualTo(FailureReason.SIGNATURE_MISMATCH);
            WebhookVerifier other = verifier(JsonProviders.adyen(), ADYEN_KEY.replace('9', '8'), NOW);
            assertThat(reason(other, request(adyenSigned("1000")))).isEqualTo(FailureReason.SIGNATURE_MISMATCH);
        }

        @Test
        void missingAndMalformedSignatures() throws Exception {
            String one = adyenSigned("1000");
            assertThat(reason(v, request("{\"notificationItems\":[]}"))).isEqualTo(FailureReason.MALFORMED_HEADER);
            assertThat(reason(v, request("{\"live\":\"false\"}"))).isEqualTo(FailureReason.MISSING_HEADER);
            assertThat(reason(v, request(adyenItem("not base64!", "1")))).isEqualTo(FailureReason.MALFORMED_HEADER);
            assertThat(reason(v, request(one.replace("hmacSignature", "other"))))
                    .isEqualTo(FailureReason.MISSING_HEADER);
            assertThat(reason(v, request("{\"notificationItems\":{}}"))).isEqualTo(FailureReason.MALFORMED_HEADER);
        }

        @Test
        void verifyWhenEveryItemOfABatchIsSignedThenValid() throws Exception {
            VerifiedDelivery d = v.verify(request(batch(item("psp1", "1000"), item("psp2", "250"), item("psp3", "7"))));
            assertThat(d.deliveryId()).as("a batch has no single id").isEmpty();
        }

        @Test
        void verifyWhenOneItemOfABatchIsTamperedThenTheWholeBatchIsRejected() throws Exception {
            String good = item("psp2", "250");
            String tampered = good.replace("\"value\":250", "\"value\":251");
            assertThat(reason(v, request(batch(item("psp1", "1000"), tampered, item("psp3", "7")))))
                    .isEqualTo(FailureReason.SIGNATURE_MISMATCH);
            // a valid signature moved to another item does not help either
            String swapped = item("psp3", "7").replace("\"pspReference\":\"psp3\"", "\"pspReference\":\"psp4\"");
            assertThat(reason(v, request(batch(item("psp1", "1000"), swapped))))
                    .isEqualTo(FailureReason.SIGNATURE_MISMATCH);
            String unsigned = good.replace("hmacSignature", "other");
            assertThat(reason(v, request(batch(item("psp1", "1000"), unsigned))))
                    .isEqualTo(FailureReason.MISSING_HEADER);
            assertThat(reason(v, request(batch(item("psp1", "1000"), "42")))).isEqualTo(FailureReason.MALFORMED_HEADER);
        }

        @Test
        void verifyWhenBatchIsEmptyOrTooLargeThenTypedRejection() throws Exception {
            assertThat(reason(v, request(batch()))).isEqualTo(FailureReason.MALFORMED_HEADER);
            String[] items = new String[AdyenItemScheme.MAX_ITEMS + 1];
            java.util.Arrays.fill(items, item("psp1", "1"));
            assertThat(reason(v, request(batch(items)))).isEqualTo(FailureReason.MALFORMED_HEADER);
            String[] most = java.util.Arrays.copyOf(items, AdyenItemScheme.MAX_ITEMS);
            assertThat(catchThrowable(() -> v.verify(request(batch(most))))).isNull();
        }

        @Test
        void replayKeyWhenBatchIsReorderedOrRepeatedThenSameDelivery() throws Exception {
            WebhookVerifier replay = WebhookVerifier.builder(JsonProviders.adyen())
                    .secrets(WebhookSecret.of("k", ADYEN_KEY))
                    .clock(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC))
                    .replayStore(ReplayStores.inMemory(100))
                    .replayRetention(Duration.ofDays(1))
                    .build();
            String a = item("psp1", "1000");
            String b = item("psp2", "250");
            replay.verify(request(batch(a, b)));
            assertThat(reason(replay, request(batch(a, b)))).isEqualTo(FailureReason.REPLAYED);
            assertThat(reason(replay, request(batch(b, a)))).isEqualTo(FailureReason.REPLAYED);
            assertThat(reason(replay, request(batch(a, b, a)))).isEqualTo(FailureReason.REPLAYED);
            // one item alone is another request (its own MAC is its key), as before batches were accepted
            replay.verify(request(batch(a)));
            assertThat(reason(replay, request(adyenSignedItem("psp1", "1000")))).isEqualTo(FailureReason.REPLAYED);
        }

        @Test
        void hexKeyIsRequired() {
            assertThatThrownBy(() -> WebhookVerifier.builder(JsonProviders.adyen())
                            .secrets(WebhookSecret.of("k", "not-hex-at-all"))
                            .build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("hexadecimal");
        }

        @Test
        void hmacHeaderRoundTripAndTamper() {
            WebhookRequest signed = WebhookSigner.of(JsonProviders.adyenHmacHeader(), WebhookSecret.of("k", ADYEN_KEY))
                    .sign("{\"type\":\"balancePlatform.payment\"}");
            WebhookVerifier h = verifier(JsonProviders.adyenHmacHeader(), ADYEN_KEY, NOW);
            assertThat(h.provider().id()).isEqualTo("adyen-hmac-signature");
            assertThat(catchThrowable(() -> h.verify(signed))).isNull();
            WebhookRequest tampered = request(
                    "{\"type\":\"balancePlatform.paymenT\"}",
                    "HmacSignature",
                    signed.firstHeader("HmacSignature").orElseThrow());
            assertThat(reason(h, tampered)).isEqualTo(FailureReason.SIGNATURE_MISMATCH);
            assertThat(reason(h, request("{}"))).isEqualTo(FailureReason.MISSING_HEADER);
        }
    }

    @Nested
    class Netlify {
        static final String SECRET = "netlify_jws_secret";
        WebhookVerifier v = verifier(JsonProviders.netlify(), SECRET, NOW);
        String body = "{\"id\":\"deploy_1\",\"state\":\"ready\"}";

        String token(String headerJson, String claimsJson, String secret) throws Exception {
            Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
            String input = b.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                    + b.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
            return input + "." + b.encodeToString(hmac(secret.getBytes(StandardCharsets.UTF_8), input));
        }

        String sha(String text) {
            return HexFormat.of().formatHex(NetlifyScheme.sha256(text.getBytes(StandardCharsets.UTF_8)));
        }

        @Test
        void signerRoundTripAndClaimsInAnyOrder() throws Exception {
            WebhookRequest signed = WebhookSigner.of(JsonProviders.netlify(), WebhookSecret.of("k", SECRET))
                    .sign(body);
            assertThat(catchThrowable(() -> v.verify(signed))).isNull();
            String jws = token(
                    "{\"typ\":\"JWT\",\"alg\":\"HS256\"}",
                    "{\"sha256\":\"" + sha(body) + "\",\"extra\":[1,2],\"iss\":\"netlify\"}",
                    SECRET);
            assertThat(catchThrowable(() -> v.verify(request(body, "X-Webhook-Signature", jws))))
                    .isNull();
        }

        @Test
        void tamperedBodyWrongSecretWrongIssuerAndAlgorithms() throws Exception {
            String claims = "{\"iss\":\"netlify\",\"sha256\":\"" + sha(body) + "\"}";
            String jws = token("{\"alg\":\"HS256\"}", claims, SECRET);
            assertThat(reason(v, request(body + " ", "X-Webhook-Signature", jws)))
                    .isEqualTo(FailureReason.SIGNATURE_MISMATCH);
            assertThat(reason(v, request(body, "X-Webhook-Signature", token("{\"alg\":\"HS256\"}", claims, "other"))))
                    .isEqualTo(FailureReason.SIGNATURE_MISMATCH);
            String evil = "{\"iss\":\"evil\",\"sha256\":\"" + sha(body) + "\"}";
            assertThat(reason(v, request(body, "X-Webhook-Signature", token("{\"alg\":\"HS256\"}", evil, SECRET))))
                    .isEqualTo(FailureReason.SIGNATURE_MISMATCH);
            String none = token("{\"alg\":\"none\"}", claims, SECRET);
            assertThat(reason(v, request(body, "X-Webhook-Signature", none.substring(0, none.lastIndexOf('.') + 1))))
                    .isIn(FailureReason.MALFORMED_HEADER, FailureReason.UNSUPPORTED_SCHEME);
            assertThat(reason(v, request(body, "X-Webhook-Signature", token("{\"alg\":\"HS512\"}", claims, SECRET))))
                    .isEqualTo(FailureReason.UNSUPPORTED_SCHEME);
        }

        @Test
        void malformedTokens() throws Exception {
            assertThat(reason(v, request(body))).isEqualTo(FailureReason.MISSING_HEADER);
            for (String bad : new String[] {"abc", "a.b", "a.b.c.d", "!!.e30.AAAA", "e30=.e30.AAAA"}) {
                assertThat(reason(v, request(body, "X-Webhook-Signature", bad)))
                        .as(bad)
                        .isEqualTo(FailureReason.MALFORMED_HEADER);
            }
            assertThat(reason(v, request(body, "X-Webhook-Signature", "e30.e30.AAAA"))) // {} has no alg
                    .isEqualTo(FailureReason.MISSING_HEADER);
            String notJson = token("{\"alg\":\"HS256\"}", "not json", SECRET);
            assertThat(reason(v, request(body, "X-Webhook-Signature", notJson)))
                    .isEqualTo(FailureReason.MALFORMED_HEADER);
        }
    }

    @Nested
    class Linear {
        static final String SECRET = "linear_webhook_secret";

        String body(long ms) {
            return "{\"action\":\"create\",\"type\":\"Issue\",\"webhookTimestamp\":" + ms + "}";
        }

        WebhookRequest signed(String body, String secret) throws Exception {
            return request(
                    body,
                    "Linear-Signature",
                    HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), body)));
        }

        @Test
        void bodyTimestampWindow() throws Exception {
            WebhookVerifier v = verifier(JsonProviders.linear(), SECRET, NOW);
            assertThat(JsonProviders.linear().defaultTolerance()).contains(java.time.Duration.ofSeconds(60));
            assertThat(v.verify(signed(body(NOW * 1000 - 59_000), SECRET)).timestamp())
                    .contains(Instant.ofEpochMilli(NOW * 1000 - 59_000));
            assertThat(reason(v, signed(body(NOW * 1000 - 61_000), SECRET))).isEqualTo(FailureReason.TIMESTAMP_TOO_OLD);
            assertThat(reason(v, signed(body(NOW * 1000 + 61_000), SECRET)))
                    .isEqualTo(FailureReason.TIMESTAMP_IN_FUTURE);
        }

        @Test
        void tamperedWrongSecretMissingTimestampMalformed() throws Exception {
            WebhookVerifier v = verifier(JsonProviders.linear(), SECRET, NOW);
            WebhookRequest ok = signed(body(NOW * 1000), SECRET);
            WebhookRequest tampered = request(
                    body(NOW * 1000 + 1),
                    "Linear-Signature",
                    ok.firstHeader("Linear-Signature").orElseThrow());
            assertThat(reason(v, tampered)).isEqualTo(FailureReason.SIGNATURE_MISMATCH);
            assertThat(reason(v, signed(body(NOW * 1000), "other"))).isEqualTo(FailureReason.SIGNATURE_MISMATCH);
            assertThat(reason(v, signed("{\"action\":\"create\"}", SECRET))).isEqualTo(FailureReason.MISSING_HEADER);
            assertThat(reason(v, signed("{\"webhookTimestamp\":\"soon\"}", SECRET)))
                    .isEqualTo(FailureReason.MALFORMED_HEADER);
            assertThat(reason(v, signed("not json", SECRET))).isEqualTo(FailureReason.MALFORMED_HEADER);
            assertThat(reason(v, request(body(NOW * 1000), "Linear-Signature", "xyz")))
                    .isEqualTo(FailureReason.MALFORMED_HEADER);
        }

        @Test
        void signerRoundTrip() {
            WebhookRequest r = WebhookSigner.of(JsonProviders.linear(), WebhookSecret.of("k", SECRET))
                    .sign(body(NOW * 1000));
            assertThat(catchThrowable(
                            () -> verifier(JsonProviders.linear(), SECRET, NOW).verify(r)))
                    .isNull();
        }

        @Test
        void apiKeyHint() {
            assertThatThrownBy(() -> WebhookVerifier.builder(JsonProviders.linear())
                            .secrets(WebhookSecret.of("k", "lin_api_0123456789abcdef0123456789"))
                            .build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("API key");
        }
    }

    @Test
    void bodySignedPresetsRefuseToSignHeaders() {
        for (Provider p : new Provider[] {JsonProviders.mailgun(), JsonProviders.adyen()}) {
            assertThatThrownBy(() -> WebhookSigner.of(p, WebhookSecret.of("k", ADYEN_KEY))
                            .sign("{}"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(Map.of(
                        "mailgun", JsonProviders.mailgun().id(),
                        "adyen", JsonProviders.adyen().id(),
                        "netlify", JsonProviders.netlify().id(),
                        "linear", JsonProviders.linear().id()))
                .allSatisfy((k, v) -> assertThat(v).isEqualTo(k));
    }
}
