package dev.webhookverifier.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookverifier.Handshake;
import dev.webhookverifier.HandshakeAnswer;
import dev.webhookverifier.Handshakes;
import dev.webhookverifier.Provider;
import dev.webhookverifier.Providers;
import dev.webhookverifier.RejectionResponse;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookSigner;
import dev.webhookverifier.WebhookVerificationException;
import dev.webhookverifier.WebhookVerifier;
import dev.webhookverifier.json.JsonHandshakes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The demo's handshake table: provider probes answered in-process through {@link WebhookVerifier#answerHandshake},
 * each handshake once as the provider sends it and once forged or refused, plus an endpoint without handshakes that
 * refuses a challenge. Secrets, verify tokens and challenges come from {@code tokens}; rows hold only statuses,
 * reasons and short facts about the answer, never a token or an answer's body.
 */
final class DemoHandshakes {
    /** The handshake listed under "Not demoed", and why (printed with the aws-sns preset's reason). */
    static final String AWS_SNS = "aws-sns-subscription-confirmation";

    static final String AWS_SNS_WHY = "a SubscriptionConfirmation is signed by AWS and verified with AWS's"
            + " certificate, and confirming it fetches its SubscribeURL over HTTPS from sns.<region>.amazonaws.com;"
            + " this offline demo can do neither.";

    /** The HANDSHAKE label of the endpoint configured without handshakes. */
    static final String NONE = "none (dropbox endpoint)";

    private static final String ECHOED = "200 text/plain, challenge echoed";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One line of the table.
     *
     * @param handshake the handshake id configured on the endpoint
     * @param name the case
     * @param answer what the endpoint answered: status and media type or reason, and a fact the demo checked
     * @param expected the answer the case expects
     */
    record Row(String handshake, String name, String answer, String expected) {
        boolean asExpected() {
            return answer.equals(expected);
        }
    }

    private final Instant now;
    private final Clock clock;
    private final Supplier<String> tokens;
    private final List<Row> rows = new ArrayList<>();

    /** Probes signed and checked at {@code now}; {@code tokens} gives a fresh secret, token or challenge per call. */
    DemoHandshakes(Instant now, Supplier<String> tokens) {
        this.now = now;
        this.clock = Clock.fixed(now, ZoneOffset.UTC);
        this.tokens = tokens;
    }

    /** 32 random URL-safe base64 characters: inside every provider's challenge alphabet and valid as a secret. */
    static Supplier<String> randomTokens(SecureRandom random) {
        return () -> {
            byte[] bytes = new byte[24];
            random.nextBytes(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        };
    }

    /** Runs every case and returns the rows in order. */
    List<Row> run() {
        dropboxAndMeta();
        asana();
        slackZoomAndTwitch();
        withoutHandshakes();
        return rows;
    }

    private void dropboxAndMeta() {
        String challenge = tokens.get();
        WebhookVerifier dropbox = verifier(Providers.dropbox(), tokens.get())
                .handshakes(Handshakes.dropboxChallenge())
                .build();
        expect(dropbox, "GET ?challenge=<token>", get("challenge=" + challenge), ECHOED, echoes(challenge));
        expect(
                dropbox,
                "GET ?challenge=<script> (markup)",
                get("challenge=%3Cscript%3Ealert(1)%3C%2Fscript%3E"),
                "401 MALFORMED_HEADER",
                echoes(challenge));

        String verifyToken = tokens.get();
        WebhookVerifier meta = verifier(Providers.meta(), tokens.get())
                .handshakes(Handshakes.metaVerifyToken(WebhookSecret.of("verify", verifyToken)))
                .build();
        String metaQuery = "hub.mode=subscribe&hub.challenge=" + challenge + "&hub.verify_token=";
        expect(meta, "GET, right hub.verify_token", get(metaQuery + verifyToken), ECHOED, echoes(challenge));
        expect(
                meta,
                "GET, wrong hub.verify_token",
                get(metaQuery + tokens.get()),
                "401 SIGNATURE_MISMATCH",
                echoes(challenge));
    }

    private void asana() {
        String hookSecret = tokens.get();
        AtomicReference<String> stored = new AtomicReference<>();
        WebhookRequest hook = WebhookRequest.builder()
                .method("POST")
                .url("https://receiver.example/webhooks/asana")
                .header("X-Hook-Secret", hookSecret)
                .build();
        Function<HandshakeAnswer, String> echoesSecret =
                a -> hookSecret.equals(a.headers().get("X-Hook-Secret")) && hookSecret.equals(stored.get())
                        ? "X-Hook-Secret echoed"
                        : "X-Hook-Secret not echoed or not stored";
        WebhookVerifier accepting = verifier(Providers.asana(), tokens.get())
                .handshakes(Handshakes.asanaHookSecret((request, secret) -> {
                    stored.set(secret);
                    return true;
                }))
                .build();
        expect(accepting, "X-Hook-Secret, the receiver accepts", hook, "200, X-Hook-Secret echoed", echoesSecret);
        WebhookVerifier refusing = verifier(Providers.asana(), tokens.get())
                .handshakes(Handshakes.asanaHookSecret((request, secret) -> false))
                .build();
        expect(refusing, "X-Hook-Secret, the receiver refuses", hook, "401 NO_SECRET", echoesSecret);
    }

    private void slackZoomAndTwitch() {
        String challenge = tokens.get();
        signed(
                Providers.slack(),
                tokens.get(),
                JsonHandshakes.slackUrlVerification(),
                "url_verification",
                "{\"type\":\"url_verification\",\"token\":\"" + tokens.get() + "\",\"challenge\":\"" + challenge
                        + "\"}",
                ECHOED,
                echoes(challenge));

        String plainToken = tokens.get();
        String zoomSecret = tokens.get();
        signed(
                Providers.zoom(),
                zoomSecret,
                JsonHandshakes.zoomUrlValidation(),
                "endpoint.url_validation",
                "{\"payload\":{\"plainToken\":\"" + plainToken + "\"},\"event_ts\":" + now.toEpochMilli()
                        + ",\"event\":\"endpoint.url_validation\"}",
                "200 application/json, encryptedToken verified",
                a -> zoomTokenChecked(a, plainToken, zoomSecret)
                        ? "encryptedToken verified"
                        : "encryptedToken is NOT the HMAC-SHA256 of plainToken");

        signed(
                Providers.twitch(),
                tokens.get(),
                JsonHandshakes.twitchCallbackVerification(),
                "webhook_callback_verification",
                "{\"challenge\":\"" + challenge
                        + "\",\"subscription\":{\"id\":\"f1c2a387-161a-49f9-a165-0f21d7a4e1c4\","
                        + "\"status\":\"webhook_callback_verification_pending\",\"type\":\"channel.follow\","
                        + "\"version\":\"2\"}}",
                ECHOED,
                echoes(challenge),
                "Twitch-Eventsub-Message-Type",
                "webhook_callback_verification");
    }

    /** An endpoint that answers no handshake verifies the challenge as a delivery: unsigned, so refused. */
    private void withoutHandshakes() {
        String challenge = tokens.get();
        WebhookVerifier plain = verifier(Providers.dropbox(), tokens.get()).build();
        rows.add(new Row(
                NONE,
                "GET ?challenge=<token>",
                outcome(plain, get("challenge=" + challenge), echoes(challenge)),
                "401 MISSING_HEADER as a delivery, not echoed"));
    }

    /** A signed probe answered, and the same probe signed with another secret (a forgery) refused. */
    private void signed(
            Provider provider,
            String secret,
            Handshake handshake,
            String probe,
            String body,
            String expected,
            Function<HandshakeAnswer, String> fact,
            String... headers) {
        WebhookVerifier verifier =
                verifier(provider, secret).handshakes(handshake).build();
        WebhookRequest.Builder unsigned = WebhookRequest.builder()
                .method("POST")
                .url("https://receiver.example/webhooks/" + provider.id())
                .header("Content-Type", "application/json")
                .body(body, StandardCharsets.UTF_8);
        for (int i = 0; i < headers.length; i += 2) {
            unsigned.header(headers[i], headers[i + 1]);
        }
        WebhookRequest request = unsigned.build();
        expect(verifier, probe + ", signed", sign(provider, secret, request), expected, fact);
        expect(
                verifier,
                probe + ", forged (wrong secret)",
                sign(provider, tokens.get(), request),
                "401 SIGNATURE_MISMATCH",
                fact);
    }

    private WebhookRequest sign(Provider provider, String secret, WebhookRequest unsigned) {
        return WebhookSigner.of(provider, WebhookSecret.of("demo", secret), clock)
                .sign(unsigned, "msg_demo_handshake", now);
    }

    private WebhookVerifier.Builder verifier(Provider provider, String secret) {
        return WebhookVerifier.builder(provider)
                .secrets(WebhookSecret.of("demo", secret))
                .clock(clock);
    }

    private static WebhookRequest get(String query) {
        return WebhookRequest.builder()
                .method("GET")
                .url("https://receiver.example/webhooks/probe?" + query)
                .build();
    }

    private void expect(
            WebhookVerifier verifier,
            String name,
            WebhookRequest request,
            String expected,
            Function<HandshakeAnswer, String> fact) {
        String handshake = verifier.handshakes().get(0).id();
        rows.add(new Row(handshake, name, outcome(verifier, request, fact), expected));
    }

    /**
     * What an adapter would answer: the handshake's answer (status, media type and the fact checked about it), its
     * rejection, or, when no handshake takes the request, the verdict on it as an ordinary delivery.
     */
    private static String outcome(
            WebhookVerifier verifier, WebhookRequest request, Function<HandshakeAnswer, String> fact) {
        try {
            Optional<HandshakeAnswer> answer = verifier.answerHandshake(request);
            if (answer.isPresent()) {
                HandshakeAnswer a = answer.get();
                String type =
                        a.contentType() == null ? "" : " " + a.contentType().split(";")[0];
                return a.status() + type + ", " + fact.apply(a);
            }
        } catch (WebhookVerificationException e) {
            return RejectionResponse.of(e.reason()).status() + " " + e.reason();
        }
        try {
            verifier.verify(request);
            return "accepted as a delivery";
        } catch (WebhookVerificationException e) {
            return RejectionResponse.of(e.reason()).status() + " " + e.reason() + " as a delivery, not echoed";
        }
    }

    private static Function<HandshakeAnswer, String> echoes(String challenge) {
        return a -> new String(a.body(), StandardCharsets.UTF_8).equals(challenge)
                ? "challenge echoed"
                : "body is NOT the challenge";
    }

    /** Zoom's answer checked independently of the library: plainToken back, encryptedToken its hex HMAC-SHA256. */
    private static boolean zoomTokenChecked(HandshakeAnswer answer, String plainToken, String secret) {
        try {
            JsonNode json = JSON.readTree(answer.body());
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = HexFormat.of()
                    .formatHex(mac.doFinal(plainToken.getBytes(StandardCharsets.UTF_8)))
                    .getBytes(StandardCharsets.US_ASCII);
            return plainToken.equals(json.path("plainToken").asText(null))
                    && MessageDigest.isEqual(
                            expected, json.path("encryptedToken").asText("").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException | GeneralSecurityException e) {
            return false;
        }
    }
}
