package dev.webhookverifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The core handshakes (Dropbox and Meta GET challenges, Asana's X-Hook-Secret) and the hook adapters call. */
class HandshakesTest {
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String DROPBOX_SECRET = "dropbox-app-secret-0123456789abcdef";
    private static final String ASANA_SECRET = "asana-hook-secret-0123456789abcdef";

    private static WebhookRequest get(String url) {
        return WebhookRequest.builder().method("GET").url(url).build();
    }

    private static WebhookVerifier dropbox() {
        return WebhookVerifier.builder(Providers.dropbox())
                .secrets(WebhookSecret.of("app", DROPBOX_SECRET))
                .handshakes(Handshakes.dropboxChallenge())
                .build();
    }

    private static WebhookVerifier meta() {
        return WebhookVerifier.builder(Providers.meta())
                .secrets(WebhookSecret.of("app", "0123456789abcdef0123456789abcdef"))
                .handshakes(Handshakes.metaVerifyToken(WebhookSecret.of("verify", "meatyhamhock")))
                .build();
    }

    private static FailureReason reason(WebhookVerifier verifier, WebhookRequest request) {
        try {
            verifier.answerHandshake(request);
        } catch (WebhookVerificationException e) {
            return e.reason();
        }
        throw new AssertionError("expected a rejection");
    }

    @Test
    void dropboxGetChallengeIsEchoedAsNosniffPlainText() throws Exception {
        HandshakeAnswer answer = dropbox()
                .answerHandshake(get("https://example.com/hooks/dropbox?challenge=Rh8zX2ruTq-1a_b.c~d"))
                .orElseThrow();
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.handshakeId()).contains("dropbox-challenge");
        assertThat(answer.contentType()).isEqualTo(HandshakeAnswer.TEXT_PLAIN);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("Rh8zX2ruTq-1a_b.c~d");
        assertThat(answer.headers())
                .containsEntry("X-Content-Type-Options", "nosniff")
                .containsEntry("Cache-Control", "no-store");
    }

    @Test
    void dropboxChallengeWithMarkupOrOverlongOrMissingIsRejectedNotEchoed() {
        WebhookVerifier v = dropbox();
        assertThat(reason(v, get("https://example.com/h?challenge=%3Cscript%3E")))
                .isEqualTo(FailureReason.MALFORMED_HEADER);
        assertThat(reason(v, get("https://example.com/h?challenge=" + "a".repeat(1025))))
                .isEqualTo(FailureReason.MALFORMED_HEADER);
        assertThat(reason(v, get("https://example.com/h?challenge=a%0d%0aSet-Cookie:x")))
                .isEqualTo(FailureReason.MALFORMED_HEADER);
        assertThat(reason(v, get("https://example.com/h?challenge="))).isEqualTo(FailureReason.MALFORMED_HEADER);
        assertThat(reason(v, get("https://example.com/h?challenge=a&challenge=b")))
                .isEqualTo(FailureReason.MALFORMED_HEADER);
        assertThat(reason(v, get("https://example.com/h"))).isEqualTo(FailureReason.MISSING_HEADER);
    }

    @Test
    void dropboxPostIsNotAHandshakeAndStillNeedsItsSignature() throws Exception {
        WebhookVerifier v = dropbox();
        WebhookRequest post = WebhookRequest.builder()
                .method("POST")
                .url("https://example.com/h?challenge=abc")
                .body("{}", StandardCharsets.UTF_8)
                .build();
        assertThat(v.answerHandshake(post)).isEmpty();
        assertThatThrownBy(() -> v.verify(post))
                .isInstanceOfSatisfying(
                        WebhookVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(FailureReason.MISSING_HEADER));
    }

    @Test
    void withoutHandshakesAGetChallengeIsNotAnswered() throws Exception {
        WebhookVerifier v = WebhookVerifier.builder(Providers.dropbox())
                .secrets(WebhookSecret.of("app", DROPBOX_SECRET))
                .build();
        assertThat(v.handshakes()).isEmpty();
        assertThat(v.answerHandshake(get("https://example.com/h?challenge=abc")))
                .isEmpty();
    }

    @Test
    void metaChallengeIsEchoedOnlyForTheConfiguredVerifyToken() throws Exception {
        WebhookVerifier v = meta();
        HandshakeAnswer answer = v.answerHandshake(
                        get(
                                "https://example.com/h?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=meatyhamhock"))
                .orElseThrow();
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("1158201444");

        assertThat(reason(
                        v,
                        get("https://example.com/h?hub.mode=subscribe&hub.challenge=1&hub.verify_token=meatyhamhocK")))
                .isEqualTo(FailureReason.SIGNATURE_MISMATCH);
        assertThat(reason(v, get("https://example.com/h?hub.mode=subscribe&hub.challenge=1")))
                .isEqualTo(FailureReason.MISSING_HEADER);
        assertThat(reason(v, get("https://example.com/h?hub.mode=unsubscribe&hub.challenge=1&hub.verify_token=x")))
                .isEqualTo(FailureReason.MALFORMED_HEADER);
        assertThat(reason(
                        v,
                        get("https://example.com/h?hub.mode=subscribe&hub.challenge=1&hub.verify_token=meatyhamhock"
                                + "&hub.verify_token=other")))
                .isEqualTo(FailureReason.MALFORMED_HEADER);
    }

    @Test
    void metaVerifyTokenWithEscapesIsDecodedBeforeComparison() throws Exception {
        WebhookVerifier v = WebhookVerifier.builder(Providers.meta())
                .secrets(WebhookSecret.of("app", "0123456789abcdef0123456789abcdef"))
                .handshakes(Handshakes.metaVerifyToken(WebhookSecret.of("verify", "a token/with+symbols")))
                .build();
        assertThat(v.answerHandshake(get("https://example.com/h?hub.mode=subscribe&hub.challenge=42"
                        + "&hub.verify_token=a%20token%2Fwith%2Bsymbols")))
                .isPresent();
    }

    @Test
    void asanaSecretIsEchoedOnlyWhenTheReceiverAccepts() throws Exception {
        List<String> received = new ArrayList<>();
        AtomicInteger accept = new AtomicInteger(1);
        WebhookVerifier v = WebhookVerifier.builder(Providers.asana())
                .secretResolver(request -> SecretRing.of(WebhookSecret.of("hook", ASANA_SECRET)))
                .handshakes(Handshakes.asanaHookSecret((request, secret) -> {
                    received.add(secret);
                    return accept.get() == 1;
                }))
                .build();
        WebhookRequest probe = WebhookRequest.builder()
                .method("POST")
                .url("https://example.com/hooks/asana")
                .header("X-Hook-Secret", "b537207f20cbfa02357cf448134da559e8bd39d61597dcd5631b8012eae53e81")
                .build();
        HandshakeAnswer answer = v.answerHandshake(probe).orElseThrow();
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.headers())
                .containsEntry("X-Hook-Secret", "b537207f20cbfa02357cf448134da559e8bd39d61597dcd5631b8012eae53e81");
        assertThat(received).containsExactly("b537207f20cbfa02357cf448134da559e8bd39d61597dcd5631b8012eae53e81");
        assertThat(answer.toString()).doesNotContain("b537207f");

        accept.set(0);
        assertThat(reason(v, probe)).isEqualTo(FailureReason.NO_SECRET);
    }

    @Test
    void asanaMalformedOrSignedProbeNeverReachesTheReceiver() {
        AtomicInteger calls = new AtomicInteger();
        WebhookVerifier v = WebhookVerifier.builder(Providers.asana())
                .secrets(WebhookSecret.of("hook", ASANA_SECRET))
                .handshakes(Handshakes.asanaHookSecret((request, secret) -> calls.incrementAndGet() > 0))
                .build();
        assertThat(reason(
                        v,
                        WebhookRequest.builder()
                                .method("POST")
                                .header("X-Hook-Secret", "a")
                                .header("X-Hook-Secret", "b")
                                .build()))
                .isEqualTo(FailureReason.MALFORMED_HEADER);
        assertThat(reason(
                        v,
                        WebhookRequest.builder()
                                .method("POST")
                                .header("X-Hook-Secret", "abc\u00e9")
                                .build()))
                .isEqualTo(FailureReason.MALFORMED_HEADER);
        assertThat(reason(
                        v,
                        WebhookRequest.builder()
                                .method("POST")
                                .header("X-Hook-Secret", "abc")
                                .header("X-Hook-Signature", "00")
                                .build()))
                .isEqualTo(FailureReason.MALFORMED_HEADER);
        assertThat(calls).hasValue(0);
    }

    @Test
    void buildFailsForAHandshakeOnTheWrongProviderOrConfiguredTwice() {
        assertThatThrownBy(() -> WebhookVerifier.builder(Providers.stripe())
                        .secrets(WebhookSecret.of("s", "whsec_0123456789abcdef0123456789abcdef"))
                        .handshakes(Handshakes.dropboxChallenge())
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dropbox-challenge")
                .hasMessageContaining("stripe");
        assertThatThrownBy(() -> WebhookVerifier.builder(Providers.dropbox())
                        .handshakes(Handshakes.dropboxChallenge(), Handshakes.dropboxChallenge()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("twice");
    }

    @Test
    void byIdKnowsTheCoreHandshakeAndNamesTheKnownOnesOtherwise() {
        assertThat(Handshakes.byId("dropbox-challenge").id()).isEqualTo("dropbox-challenge");
        assertThatThrownBy(() -> Handshakes.byId("nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dropbox-challenge");
    }

    /** A signed probe (like Zoom's) that answers with an HMAC of text taken from the request. */
    private static final class SignedProbe implements Handshake {
        final AtomicInteger answered = new AtomicInteger();

        @Override
        public String id() {
            return "test-signed-probe";
        }

        @Override
        public boolean requiresSignature() {
            return true;
        }

        @Override
        public boolean supports(Provider provider) {
            return provider.id().equals("stripe");
        }

        @Override
        public boolean recognizes(WebhookRequest request) {
            return request.firstHeader("X-Probe").isPresent();
        }

        @Override
        public Optional<HandshakeAnswer> answer(WebhookRequest request, HandshakeContext context) {
            answered.incrementAndGet();
            assertThat(context.delivery()).isPresent();
            byte[] mac = context.hmac(
                    MacAlgorithm.HMAC_SHA256,
                    request.firstHeader("X-Probe").orElseThrow().getBytes(StandardCharsets.UTF_8));
            return Optional.of(HandshakeAnswer.text(java.util.HexFormat.of().formatHex(mac)));
        }
    }

    @Test
    void signedProbeIsAnsweredOnlyAfterItsSignatureVerifiesAndMacsWithTheMatchedSecret() throws Exception {
        String secret = "whsec_" + "a".repeat(32);
        SignedProbe probe = new SignedProbe();
        WebhookVerifier v = WebhookVerifier.builder(Providers.stripe())
                .secrets(WebhookSecret.of("old", "whsec_" + "b".repeat(32)), WebhookSecret.of("current", secret))
                .clock(CLOCK)
                .handshakes(probe)
                .build();
        WebhookRequest signed = WebhookSigner.of(Providers.stripe(), WebhookSecret.of("current", secret), CLOCK)
                .sign("{\"probe\":true}");
        WebhookRequest withProbe = WebhookRequest.builder()
                .method("POST")
                .header(
                        "Stripe-Signature",
                        signed.firstHeader("Stripe-Signature").orElseThrow())
                .header("X-Probe", "plain-token")
                .body(signed.body())
                .build();

        HandshakeAnswer answer = v.answerHandshake(withProbe).orElseThrow();

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected =
                java.util.HexFormat.of().formatHex(mac.doFinal("plain-token".getBytes(StandardCharsets.UTF_8)));
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo(expected);

        WebhookRequest forged = WebhookRequest.builder()
                .method("POST")
                .header("Stripe-Signature", "t=" + NOW.getEpochSecond() + ",v1=" + "00".repeat(32))
                .header("X-Probe", "v1:attacker-chosen")
                .body(signed.body())
                .build();
        assertThat(reason(v, forged)).isEqualTo(FailureReason.SIGNATURE_MISMATCH);
        assertThat(probe.answered).hasValue(1);
    }

    @Test
    void unsignedContextRefusesToMac() {
        HandshakeContext unsigned = new HandshakeContext(null, null);
        assertThat(unsigned.delivery()).isEmpty();
        assertThatThrownBy(() -> unsigned.hmac(MacAlgorithm.HMAC_SHA256, new byte[1]))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void answerHeadersCannotBeSplit() {
        assertThatThrownBy(() -> HandshakeAnswer.empty(200).withHeader("X-A", "a\r\nSet-Cookie: x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HandshakeAnswer.empty(200).withHeader("X A", "a"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(HandshakeAnswer.empty(200)
                        .withHeader("X-A", "1")
                        .withHeader("x-a", "2")
                        .headers())
                .containsEntry("x-a", "2")
                .doesNotContainKey("X-A");
    }
}
