package dev.webhookverifier.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookverifier.FailureReason;
import dev.webhookverifier.Handshake;
import dev.webhookverifier.HandshakeAnswer;
import dev.webhookverifier.HandshakeContext;
import dev.webhookverifier.Handshakes;
import dev.webhookverifier.Provider;
import dev.webhookverifier.Providers;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookSigner;
import dev.webhookverifier.WebhookVerificationException;
import dev.webhookverifier.WebhookVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The JSON handshakes (Slack, Zoom, Twitch) through {@link WebhookVerifier#answerHandshake}, and their ids. */
class JsonHandshakesTest {
    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    static final String ZOOM_SECRET = "zoom_secret_token_0123456789abcdef";
    static final String TWITCH_SECRET = "twitch-subscription-secret-0123456789";

    /** Counts calls to answer(), to show a rejected probe never reaches it. */
    static final class Counting implements Handshake {
        final Handshake delegate;
        final AtomicInteger answered = new AtomicInteger();

        Counting(Handshake delegate) {
            this.delegate = delegate;
        }

        @Override
        public String id() {
            return delegate.id();
        }

        @Override
        public boolean requiresSignature() {
            return delegate.requiresSignature();
        }

        @Override
        public boolean supports(Provider provider) {
            return delegate.supports(provider);
        }

        @Override
        public boolean recognizes(WebhookRequest request) {
            return delegate.recognizes(request);
        }

        @Override
        public Optional<HandshakeAnswer> answer(WebhookRequest request, HandshakeContext context)
                throws WebhookVerificationException {
            answered.incrementAndGet();
            return delegate.answer(request, context);
        }
    }

    static WebhookVerifier verifier(Provider provider, String secret, Handshake handshake) {
        return WebhookVerifier.builder(provider)
                .secrets(WebhookSecret.of("current", secret))
                .allowWeakSecrets()
                .clock(CLOCK)
                .handshakes(handshake)
                .build();
    }

    static WebhookRequest signed(Provider provider, String secret, String body, String... headers) {
        WebhookRequest.Builder b = WebhookRequest.builder().method("POST").body(body.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return WebhookSigner.of(provider, WebhookSecret.of("current", secret), CLOCK)
                .sign(b.build(), "msg-1", NOW);
    }

    static FailureReason reason(WebhookVerifier v, WebhookRequest r) {
        Throwable t = catchThrowable(() -> v.answerHandshake(r));
        assertThat(t).isInstanceOf(WebhookVerificationException.class);
        return ((WebhookVerificationException) t).reason();
    }

    static String text(HandshakeAnswer answer) {
        return new String(answer.body(), StandardCharsets.UTF_8);
    }

    static void assertPlainText(HandshakeAnswer answer, String expected) {
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).isEqualTo(HandshakeAnswer.TEXT_PLAIN);
        assertThat(text(answer)).isEqualTo(expected);
        assertThat(answer.headers())
                .containsEntry("Cache-Control", "no-store")
                .containsEntry("X-Content-Type-Options", "nosniff");
    }

    static WebhookRequest withHeaderReplaced(WebhookRequest r, String name, String value) {
        WebhookRequest.Builder b = WebhookRequest.builder().method(r.method()).body(r.body());
        r.headers().forEach((n, values) -> {
            if (!n.equalsIgnoreCase(name)) {
                values.forEach(v -> b.header(n, v));
            }
        });
        if (value != null) {
            b.header(name, value);
        }
        return b.build();
    }

    @Nested
    class Slack {
        final Counting handshake = new Counting(JsonHandshakes.slackUrlVerification());
        final WebhookVerifier v = verifier(Providers.slack(), SLACK_SECRET, handshake);

        WebhookRequest probe(String body) {
            return signed(Providers.slack(), SLACK_SECRET, body);
        }

        @Test
        void answerWhenSignedUrlVerificationThenChallengeAsPlainText() throws Exception {
            String challenge = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P";
            HandshakeAnswer answer = v.answerHandshake(probe("{\"token\":\"Jhj5dZrVaK7ZwHHjRyZWjbDl\",\"challenge\":\""
                            + challenge + "\",\"type\":\"url_verification\"}"))
                    .orElseThrow();
            assertPlainText(answer, challenge);
            assertThat(answer.toString()).doesNotContain(challenge);
        }

        @Test
        void answerWhenOrdinaryEventThenEmptyAndVerifiedAsDelivery() throws Exception {
            // an event that mentions the word (a message text) is parsed, found not to be the probe, and passed on
            WebhookRequest event = probe("{\"type\":\"event_callback\",\"event\":{\"type\":\"message\","
                    + "\"text\":\"url_verification\"},\"challenge\":\"x\"}");
            assertThat(JsonHandshakes.slackUrlVerification().recognizes(event)).isTrue();
            assertThat(v.answerHandshake(event)).isEmpty();
            assertThat(v.verify(event).body()).isEqualTo(event.body());

            WebhookRequest plain = probe("{\"type\":\"event_callback\"}");
            assertThat(JsonHandshakes.slackUrlVerification().recognizes(plain)).isFalse();
            assertThat(v.answerHandshake(plain)).isEmpty();
            // slash commands are form-encoded: quotes are %22, so they are never taken for the probe
            WebhookRequest form = probe("command=%2Fx&text=%22url_verification%22&type=url_verification");
            assertThat(JsonHandshakes.slackUrlVerification().recognizes(form)).isFalse();
            assertThat(v.answerHandshake(form)).isEmpty();
            assertThat(handshake.answered).hasValue(1);
        }

        @Test
        void answerWhenUnsignedForgedOrStaleThenRejectedAndNeverAnswered() {
            String body = "{\"type\":\"url_verification\",\"challenge\":\"abc\"}";
            WebhookRequest unsigned = WebhookRequest.builder()
                    .method("POST")
                    .body(body, StandardCharsets.UTF_8)
                    .build();
            assertThat(reason(v, unsigned)).isEqualTo(FailureReason.MISSING_HEADER);
            WebhookRequest forged = withHeaderReplaced(probe(body), "X-Slack-Signature", "v0=" + "0".repeat(64));
            assertThat(reason(v, forged)).isEqualTo(FailureReason.SIGNATURE_MISMATCH);
            WebhookRequest otherSecret = signed(Providers.slack(), "another-signing-secret-0123456789", body);
            assertThat(reason(v, otherSecret)).isEqualTo(FailureReason.SIGNATURE_MISMATCH);
            WebhookRequest stale = WebhookSigner.of(Providers.slack(), WebhookSecret.of("k", SLACK_SECRET), CLOCK)
                    .sign(
                            WebhookRequest.builder()
                                    .method("POST")
                                    .body(body, StandardCharsets.UTF_8)
                                    .build(),
                            "m",
                            NOW.minus(Duration.ofMinutes(10)));
            assertThat(reason(v, stale)).isEqualTo(FailureReason.TIMESTAMP_TOO_OLD);
            assertThat(handshake.answered).hasValue(0);
        }

        @Test
        void answerWhenMalformedMissingOverlongOrUnsafeChallengeThenTypedRejection() {
            String t = "\"type\":\"url_verification\"";
            assertThat(reason(v, probe("{" + t + ",\"challenge\":"))).isEqualTo(FailureReason.MALFORMED_HEADER);
            assertThat(reason(v, probe("{" + t + "}"))).isEqualTo(FailureReason.MISSING_HEADER);
            assertThat(reason(v, probe("{" + t + ",\"challenge\":42}"))).isEqualTo(FailureReason.MALFORMED_HEADER);
            assertThat(reason(v, probe("{" + t + ",\"challenge\":\"\"}"))).isEqualTo(FailureReason.MALFORMED_HEADER);
            assertThat(reason(v, probe("{" + t + ",\"challenge\":\"" + "a".repeat(1025) + "\"}")))
                    .isEqualTo(FailureReason.MALFORMED_HEADER);
            assertThat(reason(v, probe("{" + t + ",\"challenge\":\"<script>alert(1)</script>\"}")))
                    .isEqualTo(FailureReason.MALFORMED_HEADER);
            assertThat(reason(v, probe("{" + t + ",\"challenge\":\"a\\r\\nSet-Cookie: x\"}")))
                    .isEqualTo(FailureReason.MALFORMED_HEADER);
            assertThat(reason(v, probe("{" + t + ",\"challenge\":\"a\"," + t + "}")))
                    .isEqualTo(FailureReason.MALFORMED_HEADER);
            assertThat(reason(v, probe("{" + t + ",\"challenge\":\"a\"} trailing")))
                    .isEqualTo(FailureReason.MALFORMED_HEADER);
        }

        @Test
        void rejectionMessagesAndToStringNameNoSecretOrChallenge() {
            Throwable t = catchThrowable(() -> v.answerHandshake(
                    probe("{\"type\":\"url_verification\",\"challenge\":\"<b>secret-challenge</b>\"}")));
            assertThat(t).isInstanceOf(WebhookVerificationException.class);
            assertThat(t.getMessage()).doesNotContain("secret-challenge").doesNotContain(SLACK_SECRET);
            assertThat(JsonHandshakes.slackUrlVerification().toString()).isEqualTo("Handshake[slack-url-verification]");
            assertThat(v.toString()).doesNotContain(SLACK_SECRET);
        }
    }

    @Nested
    class Zoom {
        final Counting handshake = new Counting(JsonHandshakes.zoomUrlValidation());
        final WebhookVerifier v = verifier(Providers.zoom(), ZOOM_SECRET, handshake);

        WebhookRequest probe(String body) {
            return signed(Providers.zoom(), ZOOM_SECRET, body);
        }

        static String validation(String plainToken) {
            return "{\"payload\":{\"plainToken\":\"" + plainToken + "\"},\"event_ts\":1654503849680,"
                    + "\"event\":\"endpoint.url_validation\"}";
        }

        @Test
        void answerWhenSignedValidationThenJsonWithHmacOfPlainToken() throws Exception {
            HandshakeAnswer answer = v.answerHandshake(probe(validation("qgg8vlvZRS6UYooatFL8Aw")))
                    .orElseThrow();
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.contentType()).isEqualTo(HandshakeAnswer.APPLICATION_JSON);
            assertThat(answer.headers()).containsEntry("X-Content-Type-Options", "nosniff");
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(ZOOM_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String expected =
                    HexFormat.of().formatHex(mac.doFinal("qgg8vlvZRS6UYooatFL8Aw".getBytes(StandardCharsets.UTF_8)));
            JsonNode json = JSON.readTree(answer.body());
            assertThat(json.size()).isEqualTo(2);
            assertThat(json.get("plainToken").asText()).isEqualTo("qgg8vlvZRS6UYooatFL8Aw");
            assertThat(json.get("encryptedToken").asText()).isEqualTo(expected);
            assertThat(answer.toString()).doesNotContain(expected);
        }

        @Test
        void answerWhenProbeSignedWithOlderSecretThenMacUsesThatSecret() throws Exception {
            String old = "zoom_old_secret_token_0123456789";
            WebhookVerifier rotating = WebhookVerifier.builder(Providers.zoom())
                    .secrets(WebhookSecret.of("current", ZOOM_SECRET), WebhookSecret.of("old", old))
                    .clock(CLOCK)
                    .handshakes(JsonHandshakes.zoomUrlValidation())
                    .build();
            HandshakeAnswer answer = rotating.answerHandshake(signed(Providers.zoom(), old, validation("tok")))
                    .orElseThrow();
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(old.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            assertThat(JSON.readTree(answer.body()).get("encryptedToken").asText())
                    .isEqualTo(HexFormat.of().formatHex(mac.doFinal("tok".getBytes(StandardCharsets.UTF_8))));
        }

        @Test
        void answerWhenOrdinaryEventThenEmpty() throws Exception {
            WebhookRequest event = probe("{\"event\":\"meeting.started\",\"payload\":{\"object\":{\"topic\":"
                    + "\"\\\"endpoint.url_validation\\\" \",\"id\":\"\"}},\"note\":\"endpoint.url_validation\"}");
            assertThat(v.answerHandshake(event)).isEmpty();
            WebhookRequest quoted =
                    probe("{\"event\":\"meeting.started\",\"payload\":{\"topic\":\"endpoint.url_validation\"}}");
            assertThat(JsonHandshakes.zoomUrlValidation().recognizes(quoted)).isTrue();
            assertThat(v.answerHandshake(quoted)).isEmpty();
            assertThat(v.verify(quoted).body()).isEqualTo(quoted.body());
            String big = "{\"event\":\"endpoint.url_validation\",\"pad\":\"" + "x".repeat(5000) + "\"}";
            assertThat(JsonHandshakes.zoomUrlValidation().recognizes(probe(big)))
                    .isFalse();
            WebhookRequest get = WebhookRequest.builder()
                    .method("GET")
                    .body(validation("abc"), StandardCharsets.UTF_8)
                    .build();
            assertThat(JsonHandshakes.zoomUrlValidation().recognizes(get)).isFalse();
        }

        @Test
        void answerWhenUnsignedOrForgedThenRejectedAndNoMacComputed() {
            WebhookRequest unsigned = WebhookRequest.builder()
                    .method("POST")
                    .body(validation("attacker-chosen"), StandardCharsets.UTF_8)
                    .build();
            assertThat(reason(v, unsigned)).isEqualTo(FailureReason.MISSING_HEADER);
            WebhookRequest forged =
                    withHeaderReplaced(probe(validation("attacker-chosen")), "x-zm-signature", "v0=" + "ab".repeat(32));
            assertThat(reason(v, forged)).isEqualTo(FailureReason.SIGNATURE_MISMATCH);
            assertThat(handshake.answered).hasValue(0);
        }

        @Test
        void answerWhenMalformedOrMissingOrUnsafeTokenThenTypedRejection() {
            String e = "\"event\":\"endpoint.url_validation\"";
            assertThat(reason(v, probe("{" + e + ",\"payload\":{"))).isEqualTo(FailureReason.MALFORMED_HEADER);
            assertThat(reason(v, probe("{" + e + "}"))).isEqualTo(FailureReason.MISSING_HEADER);
            assertThat(reason(v, probe("{" + e + ",\"payload\":\"x\"}"))).isEqualTo(FailureReason.MALFORMED_HEADER);
            assertThat(reason(v, probe("{" + e + ",\"payload\":{}}"))).isEqualTo(FailureReason.MISSING_HEADER);
            assertThat(reason(v, probe("{" + e + ",\"payload\":{\"plainToken\":[1]}}")))
                    .isEqualTo(FailureReason.MALFORMED_HEADER);
            assertThat(reason(v, probe(validation("a\\\"b")))).isEqualTo(FailureReason.MALFORMED_HEADER);
            assertThat(reason(v, probe(validation("x".repeat(1025))))).isEqualTo(FailureReason.MALFORMED_HEADER);
            assertThat(reason(v, probe(validation("\\u00e9t\\u00e9")))).isEqualTo(FailureReason.MALFORMED_HEADER);
        }

        @Test
        void handshakeOnAnotherProviderStopsTheBuild() {
            assertThatThrownBy(() -> verifier(Providers.slack(), SLACK_SECRET, JsonHandshakes.zoomUrlValidation()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("zoom-url-validation");
        }
    }

    @Nested
    class Twitch {
        final Counting handshake = new Counting(JsonHandshakes.twitchCallbackVerification());
        final WebhookVerifier v = verifier(Providers.twitch(), TWITCH_SECRET, handshake);

        static final String SUBSCRIPTION = "{\"id\":\"f1c2a387-161a-49f9-a165-0f21d7a4e1c4\",\"status\":"
                + "\"webhook_callback_verification_pending\",\"type\":\"channel.follow\",\"version\":\"2\"}";

        WebhookRequest probe(String body) {
            return signed(
                    Providers.twitch(),
                    TWITCH_SECRET,
                    body,
                    "Twitch-Eventsub-Message-Type",
                    "webhook_callback_verification");
        }

        @Test
        void answerWhenSignedVerificationThenRawChallenge() throws Exception {
            HandshakeAnswer answer = v.answerHandshake(probe("{\"challenge\":\"pogchamp-kappa-360noscope-vohiyo\","
                            + "\"subscription\":" + SUBSCRIPTION + "}"))
                    .orElseThrow();
            assertPlainText(answer, "pogchamp-kappa-360noscope-vohiyo");
        }

        @Test
        void answerWhenNotificationThenEmpty() throws Exception {
            WebhookRequest notification = signed(
                    Providers.twitch(),
                    TWITCH_SECRET,
                    "{\"subscription\":" + SUBSCRIPTION + ",\"event\":{\"challenge\":\"x\"}}",
                    "Twitch-Eventsub-Message-Type",
                    "notification");
            assertThat(v.answerHandshake(notification)).isEmpty();
            assertThat(v.verify(notification).deliveryId()).contains("msg-1");
            assertThat(handshake.answered).hasValue(0);
        }

        @Test
        void answerWhenUnsignedOrForgedThenRejectedAndNeverAnswered() {
            String body = "{\"challenge\":\"abc\",\"subscription\":" + SUBSCRIPTION + "}";
            WebhookRequest unsigned = WebhookRequest.builder()
                    .method("POST")
                    .header("Twitch-Eventsub-Message-Type", "webhook_callback_verification")
                    .body(body, StandardCharsets.UTF_8)
                    .build();
            assertThat(reason(v, unsigned)).isEqualTo(FailureReason.MISSING_HEADER);
            WebhookRequest forged =
                    withHeaderReplaced(probe(body), "Twitch-Eventsub-Message-Signature", "sha256=" + "00".repeat(32));
            assertThat(reason(v, forged)).isEqualTo(FailureReason.SIGNATURE_MISMATCH);
            assertThat(handshake.answered).hasValue(0);
        }

        @Test
        void answerWhenMalformedMissingOrUnsafeChallengeThenTypedRejection() {
            String s = "\"subscription\":" + SUBSCRIPTION;
            assertThat(reason(v, probe("not json"))).isEqualTo(FailureReason.MALFORMED_HEADER);
            assertThat(reason(v, probe("{" + s + "}"))).isEqualTo(FailureReason.MISSING_HEADER);
            assertThat(reason(v, probe("{\"challenge\":\"abc\"}"))).isEqualTo(FailureReason.MISSING_HEADER);
            assertThat(reason(v, probe("{\"challenge\":\"abc\",\"subscription\":[]}")))
                    .isEqualTo(FailureReason.MALFORMED_HEADER);
            assertThat(reason(v, probe("{\"challenge\":null," + s + "}"))).isEqualTo(FailureReason.MISSING_HEADER);
            assertThat(reason(v, probe("{\"challenge\":\"<img src=x>\"," + s + "}")))
                    .isEqualTo(FailureReason.MALFORMED_HEADER);
            assertThat(reason(v, probe("{\"challenge\":\"" + "z".repeat(2000) + "\"," + s + "}")))
                    .isEqualTo(FailureReason.MALFORMED_HEADER);
        }
    }

    @Nested
    class ById {
        @Test
        void byIdWhenVerifierJsonOnClassPathThenFindsTheJsonHandshakes() {
            assertThat(Handshakes.byId("slack-url-verification")).isSameAs(JsonHandshakes.slackUrlVerification());
            assertThat(Handshakes.byId("zoom-url-validation")).isSameAs(JsonHandshakes.zoomUrlValidation());
            assertThat(Handshakes.byId("twitch-callback-verification"))
                    .isSameAs(JsonHandshakes.twitchCallbackVerification());
            assertThat(new JsonHandshakeFactory().ids())
                    .allSatisfy(id -> assertThat(Handshakes.byId(id).id()).isEqualTo(id));
            assertThat(Handshakes.byId("dropbox-challenge").id()).isEqualTo("dropbox-challenge");
        }

        @Test
        void byIdWhenUnknownOrNeedsOptionsThenExplains() {
            assertThatThrownBy(() -> Handshakes.byId("nope"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("slack-url-verification")
                    .hasMessageContaining("zoom-url-validation")
                    .hasMessageContaining("twitch-callback-verification");
            assertThatThrownBy(() -> Handshakes.byId("aws-sns-subscription-confirmation"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("awsSnsSubscriptionConfirmation");
        }

        @Test
        void idsAndSupportedProviders() {
            for (Handshake h : List.of(
                    JsonHandshakes.slackUrlVerification(),
                    JsonHandshakes.zoomUrlValidation(),
                    JsonHandshakes.twitchCallbackVerification(),
                    JsonHandshakes.awsSnsSubscriptionConfirmation(Set.of(AwsSnsTest.TOPIC)))) {
                assertThat(h.requiresSignature()).as(h.id()).isTrue();
                assertThat(h.supports(Providers.stripe())).as(h.id()).isFalse();
                assertThat(h.toString()).contains(h.id());
            }
            assertThat(JsonHandshakes.slackUrlVerification().supports(Providers.slack()))
                    .isTrue();
            assertThat(JsonHandshakes.zoomUrlValidation().supports(Providers.zoom()))
                    .isTrue();
            assertThat(JsonHandshakes.twitchCallbackVerification().supports(Providers.twitch()))
                    .isTrue();
            assertThat(JsonHandshakes.awsSnsSubscriptionConfirmation(Set.of(AwsSnsTest.TOPIC))
                            .supports(JsonProviders.awsSns()))
                    .isTrue();
        }
    }
}
