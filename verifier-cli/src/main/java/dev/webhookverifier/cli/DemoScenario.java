package dev.webhookverifier.cli;

import dev.webhookverifier.FailureReason;
import dev.webhookverifier.Provider;
import dev.webhookverifier.WebhookKeyPair;
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
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's matrix for one provider: signs sample deliveries with a freshly generated secret (or, for providers
 * that sign with a private key, a freshly generated key pair; Standard Webhooks is demoed both ways) and verifies a
 * genuine, a tampered, a wrongly keyed, a stale, a future-dated, a garbled and a replayed delivery.
 */
final class DemoScenario {
    static final String NO_TIMESTAMP = "n/a (no signed timestamp)";
    private static final Duration SKEW_BEYOND_TOLERANCE = Duration.ofMinutes(1);
    private static final int AMOUNT = 100;
    private static final int TAMPERED_AMOUNT = 999;

    /** The sample body for a signing time and an amount; the amount is what the tampered case changes. */
    @FunctionalInterface
    interface Body {
        byte[] of(Instant at, int amount);

        /** The usual sample event. */
        Body PLAIN = (at, amount) -> utf8("{\"id\":\"evt_demo\",\"type\":\"invoice.paid\",\"amount\":" + amount + "}");

        /** Linear's body, which carries the signed {@code webhookTimestamp} (unix milliseconds). */
        Body LINEAR = (at, amount) ->
                utf8("{\"action\":\"create\",\"type\":\"Issue\",\"data\":{\"id\":\"evt_demo\",\"amount\":" + amount
                        + "},\"webhookTimestamp\":" + at.toEpochMilli() + "}");

        /** A Mailgun event; {@link BodySignature} adds the {@code signature} object. */
        Body MAILGUN = (at, amount) ->
                utf8("{\"event-data\":{\"event\":\"delivered\",\"id\":\"evt_demo\",\"amount\":" + amount + "}}");

        /** One Adyen NotificationRequestItem; {@link BodySignature} adds {@code additionalData.hmacSignature}. */
        Body ADYEN = (at, amount) -> utf8("{\"live\":\"false\",\"notificationItems\":[{\"NotificationRequestItem\":{"
                + "\"amount\":{\"currency\":\"EUR\",\"value\":" + amount + "},\"eventCode\":\"AUTHORISATION\","
                + "\"merchantAccountCode\":\"DemoMerchant\",\"merchantReference\":\"order-1\","
                + "\"pspReference\":\"psp_demo\",\"success\":\"true\"}}]}");
    }

    /**
     * A preset to demo.
     *
     * @param label the PROVIDER column (the id, or the id and where it comes from or how it signs)
     * @param provider the preset
     * @param body the sample body it signs
     * @param keyPair whether to sign with a generated key pair rather than a shared secret
     */
    record Target(String label, Provider provider, Body body, boolean keyPair) {
        /** A target signed with a shared secret, or a key pair if the preset signs with nothing else. */
        Target(String label, Provider provider, Body body) {
            this(label, provider, body, WebhookKeyPair.required(provider));
        }

        /** The preset under its id, with the body its scheme needs. */
        static Target of(Provider provider) {
            Body body = switch (provider.id()) {
                case "mailgun" -> Body.MAILGUN;
                case "adyen" -> Body.ADYEN;
                default -> Body.PLAIN;
            };
            return new Target(provider.id(), provider, body);
        }

        /**
         * The preset signed with a generated key pair, for a preset that signs with a shared secret too (Standard
         * Webhooks: {@code v1a} with {@code whsk_}/{@code whpk_} besides {@code v1} with {@code whsec_}).
         */
        static Target withKeyPair(String label, Provider provider) {
            return new Target(label, provider, Body.PLAIN, true);
        }
    }

    /**
     * One line of the table.
     *
     * @param provider the target's label
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

    /** The key material of one run: what signs, what verifies, and another party's verifying key. */
    private record Keys(WebhookSecret signing, WebhookSecret verifying, WebhookSecret wrong, String sharedSecret) {}

    private final String label;
    private final Provider provider;
    private final Body body;
    private final boolean keyPair;
    private final Instant now;
    private final Clock clock;
    private final SecureRandom random;
    private final List<Row> rows = new ArrayList<>();

    DemoScenario(Target target, Instant now, SecureRandom random) {
        this.label = target.label();
        this.provider = target.provider();
        this.body = target.body();
        this.keyPair = target.keyPair();
        this.now = now;
        this.clock = Clock.fixed(now, ZoneOffset.UTC);
        this.random = random;
    }

    /** Runs every case and returns the rows in order. */
    List<Row> run() {
        Keys keys;
        Deliveries deliveries;
        try {
            keys = keys();
            deliveries = BodySignature.signsInBody(provider)
                    ? new InBody(BodySignature.of(provider, keys.sharedSecret()))
                    : new InHeaders(WebhookSigner.of(provider, keys.signing(), clock));
        } catch (IllegalArgumentException | IllegalStateException e) {
            // A preset the demo cannot sign is a gap in the demo, not a pass: the run reports it and fails.
            rows.add(new Row(label, "all", "n/a (cannot sign: " + e.getMessage() + ")", null, "covered", false, 0));
            return rows;
        }
        WebhookVerifier verifier = verifier(keys.verifying()).build();
        WebhookRequest genuine = deliveries.sign("msg_demo_genuine", now);

        expect("genuine", null, verifier, genuine);
        boolean signsAmount = deliveries.signsAmount();
        WebhookRequest tampered = tampered(genuine);
        if (signsAmount) {
            expect("tampered body", FailureReason.SIGNATURE_MISMATCH, verifier, tampered);
        } else {
            // A static token (GitLab) authenticates the sender but signs nothing; Mailgun signs its timestamp and
            // token only: a changed event still passes.
            rows.add(row(deliveries.unsignedBodyCase(), null, outcome(verifier, tampered), 1));
        }
        expect(
                keyPair ? "wrong key (another key pair)" : "wrong secret",
                FailureReason.SIGNATURE_MISMATCH,
                verifier(keys.wrong()).build(),
                genuine);
        if (provider.signsTimestamp()) {
            // Just outside the provider's own window (5 minutes for most, 10 for Twitch and Box, 30 s Contentful).
            Duration skew = provider.defaultTolerance().orElseThrow().plus(SKEW_BEYOND_TOLERANCE);
            WebhookRequest stale = deliveries.sign("msg_demo_stale", now.minus(skew));
            expect("stale (window + 1 min)", FailureReason.TIMESTAMP_TOO_OLD, verifier, stale);
            WebhookRequest future = deliveries.sign("msg_demo_future", now.plus(skew));
            expect("future-dated (window + 1 min)", FailureReason.TIMESTAMP_IN_FUTURE, verifier, future);
        } else {
            rows.add(new Row(label, "stale (window + 1 min)", NO_TIMESTAMP, null, "-", true, 0));
            rows.add(new Row(label, "future-dated (window + 1 min)", NO_TIMESTAMP, null, "-", true, 0));
        }
        // A garbled header is either unparseable or, where the garbage lacks the version prefix, of an unknown
        // version: both are rejections before any MAC is compared. A token is any text, so a garbled one is simply
        // the wrong token.
        FailureReason garbledReason = outcome(verifier, deliveries.garbled(genuine));
        FailureReason garbledExpected = deliveries.garbledIsWrongToken()
                ? FailureReason.SIGNATURE_MISMATCH
                : garbledReason == FailureReason.UNSUPPORTED_SCHEME
                        ? FailureReason.UNSUPPORTED_SCHEME
                        : FailureReason.MALFORMED_HEADER;
        rows.add(row(deliveries.garbledCase(), garbledExpected, garbledReason, 1));
        replayed(keys.verifying(), genuine);
        return rows;
    }

    /** A key pair for targets that sign with a private key, else a shared secret in the provider's format. */
    private Keys keys() {
        if (keyPair) {
            WebhookKeyPair pair = WebhookKeyPair.generate(provider);
            WebhookKeyPair other = WebhookKeyPair.generate(provider);
            return new Keys(
                    pair.signingSecret("demo"),
                    pair.verificationSecret("demo"),
                    other.verificationSecret("other"),
                    null);
        }
        String secret = newSecret();
        String wrong = newSecret();
        return new Keys(
                WebhookSecret.of("demo", secret),
                WebhookSecret.of("demo", secret),
                WebhookSecret.of("other", wrong),
                secret);
    }

    /**
     * A secret in the provider's usual format: {@code whsec_} and base64 for the Standard Webhooks family and
     * Stripe, random text otherwise, 64 hex digits for hex keys (Adyen) and Contentful's 64-character secrets; the
     * first form the provider accepts.
     */
    private String newSecret() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String whsec = "whsec_" + Base64.getEncoder().encodeToString(bytes);
        String text = "demo-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        byte[] key = new byte[32];
        random.nextBytes(key);
        String hex = HexFormat.of().formatHex(key);
        boolean whsecFirst = List.of("standard-webhooks", "svix", "stripe").contains(provider.id());
        List<String> candidates = whsecFirst ? List.of(whsec, text, hex) : List.of(text, whsec, hex);
        IllegalArgumentException refused = null;
        for (String candidate : candidates) {
            try {
                WebhookVerifier.builder(provider)
                        .secrets(WebhookSecret.of("demo", candidate))
                        .clock(clock)
                        .build();
                return candidate;
            } catch (IllegalArgumentException e) {
                refused = e;
            }
        }
        throw new IllegalArgumentException("no generated secret fits (" + refused.getMessage() + ")", refused);
    }

    private WebhookVerifier.Builder verifier(WebhookSecret secret) {
        return WebhookVerifier.builder(provider).secrets(secret).clock(clock);
    }

    /** How the demo signs: in headers with {@link WebhookSigner}, or inside the body with {@link BodySignature}. */
    private interface Deliveries {
        WebhookRequest sign(String deliveryId, Instant at);

        /** Whether changing the amount after signing changes the signature: judged from the signer, not the verifier. */
        boolean signsAmount();

        /** The name of the tampered case when the amount is not signed. */
        String unsignedBodyCase();

        WebhookRequest garbled(WebhookRequest genuine);

        String garbledCase();

        /** Whether the signature is a static token, so garbage is just a wrong token. */
        boolean garbledIsWrongToken();
    }

    private final class InHeaders implements Deliveries {
        private final WebhookSigner signer;

        InHeaders(WebhookSigner signer) {
            this.signer = signer;
        }

        @Override
        public WebhookRequest sign(String deliveryId, Instant at) {
            return signer.sign(unsigned(body.of(at, AMOUNT)), deliveryId, at);
        }

        @Override
        public boolean signsAmount() {
            Map<String, String> original = signer.headers(unsigned(body.of(now, AMOUNT)), "msg_demo_genuine", now);
            return !original.equals(signer.headers(unsigned(body.of(now, TAMPERED_AMOUNT)), "msg_demo_genuine", now));
        }

        @Override
        public String unsignedBodyCase() {
            return "tampered body (token signs no body)";
        }

        @Override
        public boolean garbledIsWrongToken() {
            return !signsAmount();
        }

        @Override
        public String garbledCase() {
            return "garbled signature header";
        }

        /** The request with its signature header (the one named like a signature, else the last) garbled. */
        @Override
        public WebhookRequest garbled(WebhookRequest request) {
            Map<String, String> signatureHeaders = signer.headers(
                    WebhookRequest.builder()
                            .url(request.url().orElse(null))
                            .body(body.of(Instant.EPOCH, AMOUNT))
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
    }

    private final class InBody implements Deliveries {
        private final BodySignature signature;

        InBody(BodySignature signature) {
            this.signature = signature;
        }

        @Override
        public WebhookRequest sign(String deliveryId, Instant at) {
            return unsigned(signature.sign(body.of(at, AMOUNT), deliveryId, at));
        }

        /** Signed bodies for both amounts, compared with the amount put back: equal if the amount is not signed. */
        @Override
        public boolean signsAmount() {
            String original =
                    new String(signature.sign(body.of(now, AMOUNT), "msg_demo_genuine", now), StandardCharsets.UTF_8);
            String other = new String(
                    signature.sign(body.of(now, TAMPERED_AMOUNT), "msg_demo_genuine", now), StandardCharsets.UTF_8);
            return !tamper(other, Integer.toString(TAMPERED_AMOUNT), Integer.toString(AMOUNT))
                    .equals(original);
        }

        @Override
        public String unsignedBodyCase() {
            return "tampered event (not signed by " + provider.id() + ")";
        }

        @Override
        public boolean garbledIsWrongToken() {
            return false;
        }

        @Override
        public String garbledCase() {
            return "garbled signature in the body";
        }

        @Override
        public WebhookRequest garbled(WebhookRequest genuine) {
            return copy(genuine, null).body(signature.garbled(genuine.body())).build();
        }
    }

    private WebhookRequest unsigned(byte[] bytes) {
        return WebhookRequest.builder()
                .url("https://receiver.example/webhooks/" + provider.id())
                .header("Content-Type", "application/json")
                .body(bytes)
                .build();
    }

    /** The genuine request with its amount changed after signing. */
    private static WebhookRequest tampered(WebhookRequest genuine) {
        String text = new String(genuine.body(), StandardCharsets.UTF_8);
        String changed = tamper(text, Integer.toString(AMOUNT), Integer.toString(TAMPERED_AMOUNT));
        return copy(genuine, null).body(utf8(changed)).build();
    }

    /** {@code "amount":from} (or Adyen's {@code "value":from}) replaced by {@code to}, once. */
    private static String tamper(String body, String from, String to) {
        for (String field : new String[] {"\"amount\":", "\"value\":"}) {
            int at = body.indexOf(field + from);
            if (at >= 0) {
                return body.substring(0, at) + field + to + body.substring(at + field.length() + from.length());
            }
        }
        throw new IllegalStateException("the sample body has no amount to tamper with");
    }

    private void replayed(WebhookSecret secret, WebhookRequest genuine) {
        WebhookVerifier.Builder b = verifier(secret).replayStore(ReplayStores.inMemory(16, clock));
        if (!provider.signsTimestamp()) {
            b.replayRetention(Duration.ofDays(1));
        }
        WebhookVerifier withStore = b.build();
        FailureReason first = outcome(withStore, genuine);
        if (first != null) {
            rows.add(new Row(label, "replayed (first delivery)", "REJECTED", first, "ACCEPTED", false, 1));
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
                label,
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

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
