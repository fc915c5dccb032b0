package dev.webhookverifier;

import dev.webhookverifier.internal.Scheme;
import dev.webhookverifier.internal.SignedParts;
import dev.webhookverifier.internal.VerificationKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies webhook requests for one provider: signature, timestamp (both directions) and, with a replay store,
 * uniqueness. Returns the {@link VerifiedDelivery} or throws a {@link WebhookVerificationException} with a typed
 * {@link FailureReason}; there is no boolean to forget to check.
 *
 * <p>Checks run in a fixed order: headers are parsed strictly, the MAC is computed over the raw body bytes and
 * compared in constant time with every offered signature, then the timestamp is checked against the injected
 * clock, and only then is the replay store touched (so forged requests cannot fill it).
 *
 * <p><b>Thread safety:</b> immutable and thread-safe. Build one per endpoint at startup and share it.
 *
 * <p><b>Security:</b> every configuration mistake is reported by {@link Builder#build()}, never at the first
 * request. Nothing this class produces (messages, {@code toString}) contains a secret, a signature or a body.
 *
 * <p><b>Example:</b>
 *
 * <pre>{@code
 * WebhookVerifier verifier = WebhookVerifier.builder(Providers.stripe())
 *     .secrets(SecretRing.of(WebhookSecret.of("2026-11", System.getenv("STRIPE_WEBHOOK_SECRET"))))
 *     .build();
 *
 * VerifiedDelivery delivery = verifier.verify(
 *     WebhookRequest.builder().header("Stripe-Signature", signature).body(rawBytes).build());
 * }</pre>
 */
public final class WebhookVerifier {
    private static final System.Logger LOG = System.getLogger(WebhookVerifier.class.getName());

    /** Default largest body accepted: 1 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

    /** The largest tolerance accepted: beyond it a captured request stays replayable for too long. */
    public static final Duration MAX_TOLERANCE = Duration.ofHours(1);

    private final Builder config;
    private final Scheme scheme;
    private final Key[] keys;
    private final long toleranceMillis;

    private record Key(String id, Instant acceptUntil, VerificationKey key) {
        boolean activeAt(Instant now) {
            return acceptUntil == null || !now.isAfter(acceptUntil);
        }
    }

    private WebhookVerifier(Builder config, Key[] keys) {
        this.config = config;
        this.scheme = config.provider.scheme();
        this.keys = keys;
        Duration tolerance = effectiveTolerance(config);
        this.toleranceMillis = tolerance == null ? -1 : tolerance.toMillis();
    }

    /**
     * Starts configuring a verifier for a provider.
     *
     * @param provider a preset from {@link Providers} or a custom provider
     * @return a builder
     */
    public static Builder builder(Provider provider) {
        return new Builder(Objects.requireNonNull(provider, "provider"));
    }

    /**
     * A builder holding this verifier's configuration, to derive a variant (e.g. a rotated ring).
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return config.copy();
    }

    /**
     * The provider this verifier checks.
     *
     * @return the provider
     */
    public Provider provider() {
        return config.provider;
    }

    /**
     * The timestamp tolerance in force (in both directions).
     *
     * @return the tolerance; empty if the provider signs no timestamp or the check was disabled
     */
    public Optional<Duration> tolerance() {
        return toleranceMillis < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(toleranceMillis));
    }

    /**
     * The largest body this verifier accepts.
     *
     * @return the limit in bytes
     */
    public int maxBodyBytes() {
        return config.maxBodyBytes;
    }

    /**
     * Verifies one request.
     *
     * @param request the request as received, with the raw body bytes
     * @return the verified delivery
     * @throws WebhookVerificationException with the reason the request was rejected
     */
    public VerifiedDelivery verify(WebhookRequest request) throws WebhookVerificationException {
        Objects.requireNonNull(request, "request");
        try {
            VerifiedDelivery delivery = check(request);
            notifyVerified(delivery);
            return delivery;
        } catch (WebhookVerificationException e) {
            notifyRejected(e);
            throw e;
        }
    }

    private VerifiedDelivery check(WebhookRequest request) throws WebhookVerificationException {
        byte[] body = request.bodyBytes();
        if (body.length > config.maxBodyBytes) {
            throw failure(
                    FailureReason.BODY_TOO_LARGE,
                    "body of " + body.length + " bytes exceeds the limit of " + config.maxBodyBytes);
        }
        SignedParts parts = scheme.parse(request);
        Instant now = config.clock.instant();
        Key[] ring = config.resolver == null ? keys : resolve(request);

        String matched = null;
        int active = 0;
        int checkable = 0;
        for (Key k : ring) {
            if (!k.activeAt(now)) {
                continue;
            }
            active++;
            if (!k.key.canCheck(parts)) {
                continue;
            }
            checkable++;
            if (k.key.matches(parts, body)) {
                matched = k.id;
                break;
            }
        }
        if (active == 0) {
            throw failure(FailureReason.NO_SECRET, "no secret is active (every acceptUntil deadline has passed)");
        }
        if (checkable == 0) {
            throw failure(
                    FailureReason.UNSUPPORTED_SCHEME,
                    "the offered signatures are of a kind no configured key checks (e.g. v1a Ed25519 with only whsec_ secrets)");
        }
        if (matched == null) {
            int offered = parts.macSignatures.length + parts.ed25519Signatures.length;
            throw failure(
                    FailureReason.SIGNATURE_MISMATCH,
                    "none of " + offered + " offered signature(s) matched " + checkable + " active secret(s)");
        }
        if (toleranceMillis >= 0 && parts.timestamp != null) {
            long skew = now.toEpochMilli() - parts.timestamp.toEpochMilli();
            if (skew > toleranceMillis) {
                throw failure(
                        FailureReason.TIMESTAMP_TOO_OLD,
                        "signed " + seconds(skew) + " s before the receiver's clock;" + " tolerance "
                                + seconds(toleranceMillis) + " s");
            }
            if (-skew > toleranceMillis) {
                throw failure(
                        FailureReason.TIMESTAMP_IN_FUTURE,
                        "signed " + seconds(-skew) + " s after the receiver's clock;" + " tolerance "
                                + seconds(toleranceMillis) + " s (check the server's clock)");
            }
        }
        return new VerifiedDelivery(scheme.id(), parts.deliveryId, parts.timestamp, body, matched, false);
    }

    private Key[] resolve(WebhookRequest request) throws WebhookVerificationException {
        SecretRing ring = config.resolver.resolve(request);
        if (ring == null) {
            throw failure(FailureReason.NO_SECRET, "the secret resolver found no secret for this request");
        }
        try {
            return decode(scheme, ring, config.allowWeakSecrets);
        } catch (IllegalArgumentException e) {
            throw failure(FailureReason.NO_SECRET, "a resolved secret is invalid: " + e.getMessage());
        }
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : String.format("%.3f", millis / 1000.0);
    }

    private WebhookVerificationException failure(FailureReason reason, String message) {
        return new WebhookVerificationException(reason, scheme.id(), message);
    }

    private void notifyVerified(VerifiedDelivery delivery) {
        try {
            config.listener.onVerified(delivery);
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "verification listener " + config.listener.getClass().getName() + " threw "
                            + e.getClass().getName() + "; ignored");
        }
    }

    private void notifyRejected(WebhookVerificationException failure) {
        try {
            config.listener.onRejected(failure);
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "verification listener " + config.listener.getClass().getName() + " threw "
                            + e.getClass().getName() + "; ignored");
        }
    }

    private static Key[] decode(Scheme scheme, SecretRing ring, boolean allowWeak) {
        List<Key> out = new ArrayList<>();
        for (WebhookSecret s : ring.secrets()) {
            VerificationKey key;
            try {
                key = scheme.decodeKey(s.valueBytes(), s.raw(), allowWeak);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "secret '" + s.id() + "' for provider '" + scheme.id() + "': " + e.getMessage(), null);
            }
            out.add(new Key(s.id(), s.acceptUntil().orElse(null), key));
        }
        return out.toArray(Key[]::new);
    }

    private static Duration effectiveTolerance(Builder b) {
        if (b.timestampCheckDisabled || b.provider.scheme().defaultTolerance() == null) {
            return null;
        }
        return b.tolerance != null ? b.tolerance : b.provider.scheme().defaultTolerance();
    }

    @Override
    public String toString() {
        return "WebhookVerifier[provider=" + scheme.id()
                + (config.ring == null ? ", secrets=<resolver>" : ", secrets=" + config.ring)
                + ", tolerance=" + tolerance().map(Duration::toString).orElse("none") + "]";
    }

    /**
     * Configures a {@link WebhookVerifier}; {@link #build()} checks everything.
     *
     * <p><b>Thread safety:</b> not thread-safe.
     */
    public static final class Builder {
        private final Provider provider;
        private SecretRing ring;
        private SecretResolver resolver;
        private Duration tolerance;
        private boolean timestampCheckDisabled;
        private Clock clock = Clock.systemUTC();
        private VerificationListener listener = VerificationListener.NONE;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private boolean allowWeakSecrets;

        private Builder(Provider provider) {
            this.provider = provider;
        }

        private Builder copy() {
            Builder b = new Builder(provider);
            b.ring = ring;
            b.resolver = resolver;
            b.tolerance = tolerance;
            b.timestampCheckDisabled = timestampCheckDisabled;
            b.clock = clock;
            b.listener = listener;
            b.maxBodyBytes = maxBodyBytes;
            b.allowWeakSecrets = allowWeakSecrets;
            return b;
        }

        /**
         * The secrets to accept, tried in order. Exclusive with {@link #secretResolver(SecretResolver)}.
         *
         * @param ring the secrets
         * @return this builder
         */
        public Builder secrets(SecretRing ring) {
            this.ring = Objects.requireNonNull(ring, "ring");
            return this;
        }

        /**
         * Shorthand for a ring of one or more secrets.
         *
         * @param secrets the secrets, newest first
         * @return this builder
         */
        public Builder secrets(WebhookSecret... secrets) {
            return secrets(SecretRing.of(secrets));
        }

        /**
         * Chooses secrets per request (multi-tenant receivers). Exclusive with {@link #secrets(SecretRing)}.
         *
         * @param resolver the resolver
         * @return this builder
         */
        public Builder secretResolver(SecretResolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /**
         * How far the signed timestamp may lie from the clock, in both directions (default: the provider's
         * documented tolerance). Must be positive and at most {@link #MAX_TOLERANCE}; to turn the check off use
         * {@link #disableTimestampCheck()}.
         *
         * @param tolerance the tolerance
         * @return this builder
         */
        public Builder tolerance(Duration tolerance) {
            this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
            return this;
        }

        /**
         * Turns the timestamp check off, so a captured request verifies forever unless a replay store stops it.
         *
         * <p><b>Security:</b> dangerous; for replaying recorded traffic in tests or for providers with broken
         * clocks only.
         *
         * @return this builder
         */
        public Builder disableTimestampCheck() {
            this.timestampCheckDisabled = true;
            return this;
        }

        /**
         * The clock timestamps are checked against (default: the system clock in UTC).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * A listener for metrics and audit logs.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(VerificationListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * The largest body accepted (default 1 MiB); larger bodies fail with
         * {@link FailureReason#BODY_TOO_LARGE}.
         *
         * @param maxBodyBytes the limit, at least 1
         * @return this builder
         */
        public Builder maxBodyBytes(int maxBodyBytes) {
            if (maxBodyBytes < 1) {
                throw new IllegalArgumentException("maxBodyBytes must be at least 1");
            }
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        /**
         * Accepts secrets shorter than the usual minimum (12 bytes of text, 16 decoded bytes).
         *
         * <p><b>Security:</b> a short secret can be guessed offline from one captured request. For tests only.
         *
         * @return this builder
         */
        public Builder allowWeakSecrets() {
            this.allowWeakSecrets = true;
            return this;
        }

        /**
         * Checks the configuration and builds the verifier.
         *
         * @return an immutable, thread-safe verifier
         * @throws IllegalArgumentException naming the mistake and its fix (never a secret value)
         */
        public WebhookVerifier build() {
            String id = provider.id();
            if (ring == null && resolver == null) {
                throw new IllegalArgumentException(
                        "verifier for '" + id + "' needs secrets(...) or secretResolver(...)");
            }
            if (ring != null && resolver != null) {
                throw new IllegalArgumentException(
                        "verifier for '" + id + "' has both secrets(...) and secretResolver(...); choose one");
            }
            if (tolerance != null) {
                if (!provider.signsTimestamp()) {
                    throw new IllegalArgumentException("provider '" + id
                            + "' signs no timestamp, so a tolerance cannot apply; use a replay store to stop replays");
                }
                if (timestampCheckDisabled) {
                    throw new IllegalArgumentException(
                            "verifier for '" + id + "' sets a tolerance and disables the timestamp check; choose one");
                }
                if (tolerance.isZero() || tolerance.isNegative()) {
                    throw new IllegalArgumentException(
                            "tolerance must be positive; to turn the check off call" + " disableTimestampCheck()");
                }
                if (tolerance.compareTo(MAX_TOLERANCE) > 0) {
                    throw new IllegalArgumentException("tolerance " + tolerance + " is longer than " + MAX_TOLERANCE
                            + "; a captured request would stay valid that long");
                }
            }
            Key[] keys = new Key[0];
            if (ring != null) {
                keys = decode(provider.scheme(), ring, allowWeakSecrets);
                Instant now = clock.instant();
                boolean anyActive = false;
                for (Key k : keys) {
                    anyActive |= k.activeAt(now);
                }
                if (!anyActive) {
                    throw new IllegalArgumentException("verifier for '" + id
                            + "': every secret's acceptUntil deadline has passed; add the current secret");
                }
            }
            return new WebhookVerifier(copy(), keys);
        }
    }
}
