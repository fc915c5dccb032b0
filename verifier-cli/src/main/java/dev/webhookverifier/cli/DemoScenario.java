package dev.webhookverifier.cli;

import dev.webhookverifier.FailureReason;
import dev.webhookverifier.Provider;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookSigner;
import dev.webhookverifier.WebhookVerificationException;
import dev.webhookverifier.WebhookVerifier;
import dev.webhookverifier.replay.ReplayStores;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's matrix for one provider: signs sample deliveries with a freshly generated secret and verifies a
 * genuine, a tampered, a wrongly keyed, a stale, a future-dated, a garbled and a replayed delivery.
 */
final class DemoScenario {
    static final String NO_TIMESTAMP = "n/a (no signed timestamp)";
    private static final Duration SKEW_BEYOND_TOLERANCE = Duration.ofMinutes(1);
    private static final byte[] BODY =
            "{\"id\":\"evt_demo\",\"type\":\"invoice.paid\",\"amount\":100}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TAMPERED =
            "{\"id\":\"evt_demo\",\"type\":\"invoice.paid\",\"amount\":999}".getBytes(StandardCharsets.UTF_8);

    /**
     * One line of the table.
     *
     * @param provider the provider id
     * @param name the case
     * @param verdict {@code ACCEPTED}, {@code REJECTED} or an {@code n/a (...)} explanation
     * @param reason the failure reason, or {@code null}
     * @param expected the verdict the case expects, as text
     * @param asExpected whether the verdict matches
     * @param deliveries how many deliveries the case verified
     */
    record Row(
            String provider,
            String name,
            String verdict,
            FailureReason reason,
            String expected,
            boolean asExpected,
            int deliveries) {}

    private final Provider provider;
    private final Instant now;
    private final Clock clock;
    private final SecureRandom random;
    private final List<Row> rows = new ArrayList<>();

    DemoScenario(Provider provider, Instant now, SecureRandom random) {
        this.provider = provider;
        this.now = now;
        this.clock = Clock.fixed(now, ZoneOffset.UTC);
        this.random = random;
    }

    /** Runs every case and returns the rows in order. */
    List<Row> run() {
        WebhookSecret secret;
        WebhookSecret wrong;
        WebhookSigner signer;
        try {
            secret = newSecret("demo");
            wrong = newSecret("other");
            signer = WebhookSigner.of(provider, secret, clock);
        } catch (IllegalArgumentException e) {
            rows.add(new Row(provider.id(), "all", "n/a (no generated secret fits)", null, "-", true, 0));
            return rows;
        }
        WebhookVerifier verifier = verifier(secret).build();
        WebhookRequest genuine = sign(signer, "msg_demo_genuine", now);

        expect("genuine", null, verifier, genuine);
        boolean signsBody = signsBody(signer);
        if (signsBody) {
            expect("tampered body", FailureReason.SIGNATURE_MISMATCH, verifier, withBody(genuine, TAMPERED));
        } else {
            // A static token (GitLab) authenticates the sender but signs nothing: a changed body still passes.
            rows.add(row(
                    "tampered body (token signs no body)", null, outcome(verifier, withBody(genuine, TAMPERED)), 1));
        }
        expect("wrong secret", FailureReason.SIGNATURE_MISMATCH, verifier(wrong).build(), genuine);
        if (provider.signsTimestamp()) {
            // Just outside the provider's own window (5 minutes for most, 10 for Twitch and Box).
            Duration skew = provider.defaultTolerance().orElseThrow().plus(SKEW_BEYOND_TOLERANCE);
            WebhookRequest stale = sign(signer, "msg_demo_stale", now.minus(skew));
            expect("stale (window + 1 min)", FailureReason.TIMESTAMP_TOO_OLD, verifier, stale);
            WebhookRequest future = sign(signer, "msg_demo_future", now.plus(skew));
            expect("future-dated (window + 1 min)", FailureReason.TIMESTAMP_IN_FUTURE, verifier, future);
        } else {
            rows.add(new Row(provider.id(), "stale (window + 1 min)", NO_TIMESTAMP, null, "-", true, 0));
            rows.add(new Row(provider.id(), "future-dated (window + 1 min)", NO_TIMESTAMP, null, "-", true, 0));
        }
        // A garbled header is either unparseable or, where the garbage lacks the version prefix, of an unknown
        // version: both are rejections before any MAC is compared. A token is any text, so a garbled one is simply
        // the wrong token.
        FailureReason garbledReason = outcome(verifier, garbled(signer, genuine));
        FailureReason garbledExpected = !signsBody
                ? FailureReason.SIGNATURE_MISMATCH
                : garbledReason == FailureReason.UNSUPPORTED_SCHEME
                        ? FailureReason.UNSUPPORTED_SCHEME
                        : FailureReason.MALFORMED_HEADER;
        rows.add(row("garbled signature header", garbledExpected, garbledReason, 1));
        replayed(secret, genuine);
        return rows;
    }

    /**
     * A secret in the provider's usual format: {@code whsec_} and base64 for the Standard Webhooks family and
     * Stripe, random text otherwise; if the provider refuses that, the other form.
     */
    private WebhookSecret newSecret(String id) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String whsec = "whsec_" + Base64.getEncoder().encodeToString(bytes);
        String text = "demo-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        boolean whsecFirst = List.of("standard-webhooks", "svix", "stripe").contains(provider.id());
        List<String> candidates = whsecFirst ? List.of(whsec, text) : List.of(text, whsec);
        IllegalArgumentException refused = null;
        for (String candidate : candidates) {
            WebhookSecret secret = WebhookSecret.of(id, candidate);
            try {
                WebhookVerifier.builder(provider).secrets(secret).clock(clock).build();
                return secret;
            } catch (IllegalArgumentException e) {
                refused = e;
            }
        }
        throw refused;
    }

    private WebhookVerifier.Builder verifier(WebhookSecret secret) {
        return WebhookVerifier.builder(provider).secrets(secret).clock(clock);
    }

    /** Whether the signature depends on the body: signing another body at the same instant changes the headers. */
    private boolean signsBody(WebhookSigner signer) {
        Map<String, String> original = signer.headers(unsigned(BODY), "msg_demo_genuine", now);
        return !original.equals(signer.headers(unsigned(TAMPERED), "msg_demo_genuine", now));
    }

    private WebhookRequest unsigned(byte[] body) {
        return WebhookRequest.builder()
                .url("https://receiver.example/webhooks/" + provider.id())
                .header("Content-Type", "application/json")
                .body(body.clone())
                .build();
    }

    private WebhookRequest sign(WebhookSigner signer, String deliveryId, Instant timestamp) {
        return signer.sign(unsigned(BODY), deliveryId, timestamp);
    }

    private void replayed(WebhookSecret secret, WebhookRequest genuine) {
        WebhookVerifier.Builder b = verifier(secret).replayStore(ReplayStores.inMemory(16, clock));
        if (!provider.signsTimestamp()) {
            b.replayRetention(Duration.ofDays(1));
        }
        WebhookVerifier withStore = b.build();
        FailureReason first = outcome(withStore, genuine);
        if (first != null) {
            rows.add(new Row(provider.id(), "replayed (first delivery)", "REJECTED", first, "ACCEPTED", false, 1));
            return;
        }
        FailureReason second = outcome(withStore, genuine);
        rows.add(row("replayed", FailureReason.REPLAYED, second, 2));
    }

    private void expect(String name, FailureReason expected, WebhookVerifier verifier, WebhookRequest request) {
        rows.add(row(name, expected, outcome(verifier, request), 1));
    }

    private Row row(String name, FailureReason expected, FailureReason actual, int deliveries) {
        return new Row(
                provider.id(),
                name,
                actual == null ? "ACCEPTED" : "REJECTED",
                actual,
                expected == null ? "ACCEPTED" : "REJECTED " + expected,
                expected == actual,
                deliveries);
    }

    private static FailureReason outcome(WebhookVerifier verifier, WebhookRequest request) {
        try {
            verifier.verify(request);
            return null;
        } catch (WebhookVerificationException e) {
            return e.reason();
        }
    }

    private static WebhookRequest withBody(WebhookRequest request, byte[] body) {
        return copy(request, null).body(body.clone()).build();
    }

    /** The request with its signature header (the one named like a signature, else the last) garbled. */
    private static WebhookRequest garbled(WebhookSigner signer, WebhookRequest request) {
        Map<String, String> signatureHeaders = signer.headers(
                WebhookRequest.builder()
                        .url(request.url().orElse(null))
                        .body(BODY.clone())
                        .build(),
                "msg_demo_genuine",
                Instant.EPOCH);
        String target = null;
        for (String name : signatureHeaders.keySet()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.contains("signature") || lower.contains("hmac")) {
                target = name;
                break;
            }
            target = name;
        }
        return copy(request, target).header(target, "garbled").build();
    }

    /** A builder holding the request's method, URL, body and headers, except {@code skipHeader}. */
    private static WebhookRequest.Builder copy(WebhookRequest request, String skipHeader) {
        WebhookRequest.Builder b = WebhookRequest.builder()
                .method(request.method())
                .url(request.url().orElse(null))
                .body(request.body());
        request.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase(skipHeader)) {
                values.forEach(v -> b.header(name, v));
            }
        });
        return b;
    }
}
