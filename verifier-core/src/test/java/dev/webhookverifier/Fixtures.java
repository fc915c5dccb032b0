package dev.webhookverifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Shared test fixtures: one strong secret per preset, a fixed clock, request surgery and an independent HMAC. */
final class Fixtures {
    /** The receiver's clock in most tests: 2023-11-14T22:13:20Z. */
    static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);

    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static final String DELIVERY_ID = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";

    private Fixtures() {}

    static Clock clockAt(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String standardWebhooksSecret(long seed) {
        byte[] key = new byte[32];
        new Random(seed).nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    /**
     * A preset with a strong secret, a second (wrong) secret and where its signature and timestamp travel.
     *
     * @param signatureHeader the header carrying the signature
     * @param signaturePrefix the text before the encoded signature ({@code sha256=}, {@code v1,}, ...)
     * @param timestampHeader a separate timestamp header, or {@code null} (none, or inside the signature header)
     * @param idHeader the signed delivery id header, or {@code null}
     */
    enum Preset {
        STANDARD_WEBHOOKS(
                "standard-webhooks",
                standardWebhooksSecret(1),
                standardWebhooksSecret(2),
                "webhook-signature",
                "v1,",
                "webhook-timestamp",
                "webhook-id"),
        SVIX(
                "svix",
                standardWebhooksSecret(3),
                standardWebhooksSecret(4),
                "svix-signature",
                "v1,",
                "svix-timestamp",
                "svix-id"),
        STRIPE(
                "stripe",
                "whsec_4eC39HqLyjWDarjtT1zdp7dcQz8rWx5b",
                "whsec_Pq7Rm2Lk9Xz3Vb6Nc1Wd4Sf8Gh0Jt5Yu",
                "Stripe-Signature",
                null,
                null,
                null),
        GITHUB(
                "github",
                "Gq7Tz2Lm9Xv4Rk8Wn3Pd6Hs",
                "Jb5Yc1Nf8Ue3Ma6Kt0Vq2Zr",
                "X-Hub-Signature-256",
                "sha256=",
                null,
                null),
        GITHUB_LEGACY_SHA1(
                "github-legacy-sha1",
                "Dw4Hx9Ls2Pj7Gm1Qz5Tc8Ve",
                "Rn6Fb3Ky8Wq1Xd5Mh0Ua7Js",
                "X-Hub-Signature-256",
                "sha256=",
                null,
                null),
        SLACK(
                "slack",
                "8f742231b10e8888abcd99yyyzzz85a5x",
                "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6dy",
                "X-Slack-Signature",
                "v0=",
                "X-Slack-Request-Timestamp",
                null),
        SHOPIFY(
                "shopify",
                "Ec2Vr7Yh4Nw9Kb1Tm6Qx3Lp",
                "Ua8Zs5Gd2Jf7Wc4Rn9Hk1Bt",
                "X-Shopify-Hmac-Sha256",
                "",
                null,
                null);

        final String id;
        final String secret;
        final String otherSecret;
        final String signatureHeader;
        final String signaturePrefix;
        final String timestampHeader;
        final String idHeader;

        Preset(
                String id,
                String secret,
                String otherSecret,
                String signatureHeader,
                String signaturePrefix,
                String timestampHeader,
                String idHeader) {
            this.id = id;
            this.secret = secret;
            this.otherSecret = otherSecret;
            this.signatureHeader = signatureHeader;
            this.signaturePrefix = signaturePrefix;
            this.timestampHeader = timestampHeader;
            this.idHeader = idHeader;
        }

        Provider provider() {
            return Providers.byId(id);
        }

        boolean signsTimestamp() {
            return this == STANDARD_WEBHOOKS || this == SVIX || this == STRIPE || this == SLACK;
        }

        /** Lower-case hex signatures (GitHub, Stripe, Slack). */
        boolean hex() {
            return this == STRIPE || this == GITHUB || this == GITHUB_LEGACY_SHA1 || this == SLACK;
        }

        WebhookVerifier.Builder builder() {
            return builder(CLOCK);
        }

        WebhookVerifier.Builder builder(Clock clock) {
            return WebhookVerifier.builder(provider())
                    .secrets(WebhookSecret.of("current", secret))
                    .clock(clock);
        }

        WebhookVerifier verifier() {
            return builder().build();
        }

        WebhookSigner signer() {
            return WebhookSigner.of(provider(), WebhookSecret.of("current", secret), CLOCK);
        }

        WebhookSigner otherSigner() {
            return WebhookSigner.of(provider(), WebhookSecret.of("other", otherSecret), CLOCK);
        }

        WebhookRequest sign(byte[] body) {
            return signAt(body, NOW);
        }

        WebhookRequest signAt(byte[] body, Instant timestamp) {
            return signer().sign(WebhookRequest.builder().body(body).build(), DELIVERY_ID, timestamp);
        }

        /** The encoded signature alone (for Stripe: the v1 value), as the header carries it. */
        String signatureText(WebhookRequest signed) {
            String header = signed.firstHeader(signatureHeader).orElseThrow();
            if (this == STRIPE) {
                return header.substring(header.indexOf("v1=") + 3);
            }
            return header.substring(signaturePrefix.length());
        }

        /** The request with its signature text replaced (prefix and, for Stripe, {@code t=} kept). */
        WebhookRequest withSignatureText(WebhookRequest signed, String text) {
            String header = signed.firstHeader(signatureHeader).orElseThrow();
            String value =
                    this == STRIPE ? header.substring(0, header.indexOf("v1=") + 3) + text : signaturePrefix + text;
            return withHeader(signed, signatureHeader, value);
        }

        /**
         * A request signed by this test's own HMAC code (not the library's signer) over a timestamp written as
         * {@code timestampText}, which need not be canonical.
         */
        WebhookRequest signWithTimestampText(byte[] body, String timestampText) {
            WebhookRequest.Builder b = WebhookRequest.builder().body(body);
            switch (this) {
                case STANDARD_WEBHOOKS, SVIX -> {
                    byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
                    byte[] mac = hmacSha256(key, utf8(DELIVERY_ID + "." + timestampText + "."), body);
                    b.header(idHeader, DELIVERY_ID)
                            .header(timestampHeader, timestampText)
                            .header(signatureHeader, "v1," + Base64.getEncoder().encodeToString(mac));
                }
                case STRIPE -> {
                    byte[] mac = hmacSha256(utf8(secret), utf8(timestampText + "."), body);
                    b.header(
                            signatureHeader,
                            "t=" + timestampText + ",v1=" + HexFormat.of().formatHex(mac));
                }
                case SLACK -> {
                    byte[] mac = hmacSha256(utf8(secret), utf8("v0:" + timestampText + ":"), body);
                    b.header(timestampHeader, timestampText)
                            .header(signatureHeader, "v0=" + HexFormat.of().formatHex(mac));
                }
                default -> throw new IllegalStateException(id + " signs no timestamp");
            }
            return b.build();
        }

        /** An independent computation of what the provider sends, for the canonical timestamp and body. */
        String expectedSignatureText(byte[] body, Instant timestamp) {
            String t = Long.toString(timestamp.getEpochSecond());
            return switch (this) {
                case STANDARD_WEBHOOKS, SVIX ->
                    Base64.getEncoder()
                            .encodeToString(hmacSha256(
                                    Base64.getDecoder().decode(secret.substring("whsec_".length())),
                                    utf8(DELIVERY_ID + "." + t + "."),
                                    body));
                case STRIPE -> HexFormat.of().formatHex(hmacSha256(utf8(secret), utf8(t + "."), body));
                case SLACK -> HexFormat.of().formatHex(hmacSha256(utf8(secret), utf8("v0:" + t + ":"), body));
                case GITHUB, GITHUB_LEGACY_SHA1 -> HexFormat.of().formatHex(hmacSha256(utf8(secret), body));
                case SHOPIFY -> Base64.getEncoder().encodeToString(hmacSha256(utf8(secret), body));
            };
        }

        static List<Preset> timestamped() {
            return List.of(STANDARD_WEBHOOKS, SVIX, STRIPE, SLACK);
        }
    }

    static byte[] hmacSha256(byte[] key, byte[]... parts) {
        return hmac("HmacSHA256", key, parts);
    }

    static byte[] hmac(String algorithm, byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            for (byte[] p : parts) {
                mac.update(p);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy of the request with every value of {@code name} (any case) replaced by {@code value}. */
    static WebhookRequest withHeader(WebhookRequest request, String name, String value) {
        WebhookRequest.Builder b = copyWithout(request, name);
        b.header(name, value);
        return b.build();
    }

    /** A copy of the request without header {@code name} (any case). */
    static WebhookRequest withoutHeader(WebhookRequest request, String name) {
        return copyWithout(request, name).build();
    }

    /** A copy of the request with one more value for {@code name}. */
    static WebhookRequest addHeader(WebhookRequest request, String name, String value) {
        WebhookRequest.Builder b = copyWithout(request, null);
        b.header(name, value);
        return b.build();
    }

    /** A copy of the request with another body. */
    static WebhookRequest withBody(WebhookRequest request, byte[] body) {
        return copyWithout(request, null).body(body).build();
    }

    private static WebhookRequest.Builder copyWithout(WebhookRequest request, String name) {
        WebhookRequest.Builder b = WebhookRequest.builder()
                .method(request.method())
                .url(request.url().orElse(null))
                .body(request.body());
        request.headers().forEach((n, values) -> {
            if (name == null || !n.equalsIgnoreCase(name)) {
                values.forEach(v -> b.header(n, v));
            }
        });
        return b;
    }

    /** Verifies, failing the test with the reason if the request is rejected. */
    static VerifiedDelivery assertAccepted(WebhookVerifier verifier, WebhookRequest request) {
        try {
            return verifier.verify(request);
        } catch (WebhookVerificationException e) {
            throw new AssertionError("expected the request to verify, but: " + e.getMessage(), e);
        }
    }

    /** Asserts the request is rejected with exactly this reason, and returns the exception. */
    static WebhookVerificationException assertRejected(
            WebhookVerifier verifier, WebhookRequest request, FailureReason reason) {
        WebhookVerificationException e = rejection(verifier, request);
        assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
        assertThat(e.providerId()).isEqualTo(verifier.provider().id());
        return e;
    }

    /** Asserts the request is rejected (with a {@link WebhookVerificationException}), and returns the exception. */
    static WebhookVerificationException rejection(WebhookVerifier verifier, WebhookRequest request) {
        WebhookVerificationException e =
                catchThrowableOfType(WebhookVerificationException.class, () -> verifier.verify(request));
        assertThat(e).as("expected a WebhookVerificationException").isNotNull();
        return e;
    }

    /** A clock the test can move, to expire secrets after a verifier is built. */
    static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now;

        MutableClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void set(Instant instant) {
            now.set(instant);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
