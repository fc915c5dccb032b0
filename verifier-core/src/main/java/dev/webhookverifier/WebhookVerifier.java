package dev.webhookverifier;

import dev.webhookverifier.internal.Macs;
import dev.webhookverifier.internal.Scheme;
import dev.webhookverifier.internal.SignedParts;
import dev.webhookverifier.internal.VerificationKey;
import dev.webhookverifier.replay.Claim;
import dev.webhookverifier.replay.ReplayStore;
import dev.webhookverifier.replay.ReplayStoreException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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

    /** Default lifetime of an in-flight replay claim whose handler never finished (process crash). */
    public static final Duration DEFAULT_REPLAY_LEASE = Duration.ofMinutes(5);

    /** Longer ids are hashed into the replay key, which keeps keys short whatever a provider sends. */
    private static final int MAX_ID_IN_KEY = 128;

    private final Builder config;
    private final Scheme scheme;
    private final Key[] keys;
    private final long toleranceMillis;
    private final Duration retention;
    private final String keyPrefix;

    /**
     * Decoded rings from the resolver, by ring identity: decoding a secret builds keyed Mac prototypes, which costs
     * more than verifying a small body. Bounded; cleared when full (a resolver normally returns a few long-lived
     * rings).
     */
    private final ConcurrentHashMap<SecretRing, Key[]> resolved = new ConcurrentHashMap<>();

    private static final int MAX_RESOLVED_RINGS = 1024;

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
        this.retention = replayRetention(config);
        this.keyPrefix = "wv:" + (config.replayScope != null ? config.replayScope : scheme.id()) + ":";
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
     * The replay retention in force: how long a completed delivery is recognised as a duplicate.
     *
     * @return the retention; empty without a replay store
     */
    public Optional<Duration> replayRetention() {
        return Optional.ofNullable(retention);
    }

    /**
     * Verifies one request and, with a replay store, records it as processed at once.
     *
     * <p>Use {@link #verify(WebhookRequest, DeliveryHandler)} or {@link #lease(WebhookRequest)} instead when a
     * failed handler must let the provider's retry through: with this method a delivery counts as processed as
     * soon as it is verified.
     *
     * @param request the request as received, with the raw body bytes
     * @return the verified delivery
     * @throws WebhookVerificationException with the reason the request was rejected; {@link FailureReason#REPLAYED}
     *     for any duplicate (see {@link WebhookVerificationException#alreadyProcessed()})
     */
    public VerifiedDelivery verify(WebhookRequest request) throws WebhookVerificationException {
        if (config.replayStore != null) {
            DeliveryLease lease = lease(request);
            lease.complete();
            return lease.delivery();
        }
        Objects.requireNonNull(request, "request");
        try {
            VerifiedDelivery delivery = check(request).delivery;
            notifyVerified(delivery);
            return delivery;
        } catch (WebhookVerificationException e) {
            notifyRejected(e);
            throw e;
        }
    }

    /**
     * Verifies one request and runs the handler while holding its replay claim: the claim is completed when the
     * handler returns and released when it throws, so the provider's retry after a failure is processed and a
     * duplicate after success is not.
     *
     * @param request the request as received
     * @param handler processes the verified delivery; not called for a rejected request or a duplicate
     * @param <T> the handler's result
     * @param <X> the handler's checked exception
     * @return the handler's result
     * @throws WebhookVerificationException if the request is rejected (the handler did not run)
     * @throws X whatever the handler throws (the claim was released)
     */
    public <T, X extends Exception> T verify(WebhookRequest request, DeliveryHandler<T, X> handler)
            throws WebhookVerificationException, X {
        Objects.requireNonNull(handler, "handler");
        try (DeliveryLease lease = lease(request)) {
            T result = handler.handle(lease.delivery());
            lease.complete();
            return result;
        }
    }

    /**
     * Verifies one request and returns it with its replay claim held, for callers that decide success later (an
     * HTTP status, an asynchronous result). The caller must {@link DeliveryLease#complete() complete} or
     * {@link DeliveryLease#close() close} the lease.
     *
     * @param request the request as received
     * @return the held lease (without a replay store, completing or closing it does nothing)
     * @throws WebhookVerificationException if the request is rejected or is a duplicate
     */
    public DeliveryLease lease(WebhookRequest request) throws WebhookVerificationException {
        Objects.requireNonNull(request, "request");
        try {
            Checked checked = check(request);
            Claim claim = claim(checked);
            DeliveryLease lease = new DeliveryLease(checked.delivery, config.replayStore, claim, retention);
            notifyVerified(checked.delivery);
            return lease;
        } catch (WebhookVerificationException e) {
            notifyRejected(e);
            throw e;
        }
    }

    /**
     * Answers a provider's probe of the endpoint, if this request is one of the {@link Builder#handshakes handshakes}
     * configured; adapters call this before verifying a delivery, write the answer and skip the handler. A signed
     * probe is answered only after its signature and timestamp verify (it is not recorded in the replay store).
     *
     * <p>Without handshakes configured this returns at once.
     *
     * @param request the request as received
     * @return the answer to write, or empty for an ordinary delivery (verify it as usual)
     * @throws WebhookVerificationException if the request is a probe that fails verification or is malformed
     */
    public Optional<HandshakeAnswer> answerHandshake(WebhookRequest request) throws WebhookVerificationException {
        Objects.requireNonNull(request, "request");
        for (Handshake handshake : config.handshakes) {
            if (!handshake.recognizes(request)) {
                continue;
            }
            try {
                HandshakeContext context;
                if (handshake.requiresSignature()) {
                    Checked checked = check(request);
                    context = new HandshakeContext(checked.delivery, checked.matchedKey);
                } else {
                    context = new HandshakeContext(null, null);
                }
                Optional<HandshakeAnswer> answer = handshake.answer(request, context);
                if (answer.isPresent()) {
                    return Optional.of(answer.get().answeredBy(handshake.id()));
                }
            } catch (WebhookVerificationException e) {
                notifyRejected(e);
                throw e;
            }
        }
        return Optional.empty();
    }

    /**
     * The handshakes this verifier answers, in the order they are tried.
     *
     * @return an unmodifiable list, empty unless configured
     */
    public List<Handshake> handshakes() {
        return config.handshakes;
    }

    private record Checked(
            VerifiedDelivery delivery, SignedParts parts, byte[] matchedSignature, VerificationKey matchedKey) {}

    private Claim claim(Checked checked) throws WebhookVerificationException {
        ReplayStore store = config.replayStore;
        if (store == null) {
            return null;
        }
        String key = replayKey(checked);
        Claim claim;
        try {
            claim = store.claim(key, config.replayLease);
        } catch (ReplayStoreException | RuntimeException e) {
            if (config.replayFailOpen) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "replay store unavailable (" + e.getClass().getSimpleName() + "); accepting a " + scheme.id()
                                + " delivery WITHOUT replay protection (replayStoreFailOpen)");
                return null;
            }
            throw failure(
                    FailureReason.STORE_UNAVAILABLE,
                    "replay store unavailable: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
        return switch (claim.status()) {
            case ACQUIRED -> claim;
            case DUPLICATE_COMPLETED ->
                throw new WebhookVerificationException(
                        FailureReason.REPLAYED, scheme.id(), "duplicate of a delivery already processed", true);
            case DUPLICATE_IN_FLIGHT ->
                throw new WebhookVerificationException(
                        FailureReason.REPLAYED, scheme.id(), "duplicate of a delivery still being processed", false);
        };
    }

    /**
     * The replay key comes from signed material only: the signed delivery id where the scheme signs one, else the
     * verified signature itself. An unsigned id (GitHub's X-GitHub-Delivery) could be changed by an attacker to
     * slip a captured request past the store.
     */
    private String replayKey(Checked checked) {
        SignedParts parts = checked.parts;
        if (parts.deliveryIdSigned) {
            String id = parts.deliveryId;
            return keyPrefix + "id:" + (id.length() <= MAX_ID_IN_KEY ? id : "sha256:" + sha256(id));
        }
        return keyPrefix + "sig:" + Base64.getUrlEncoder().withoutPadding().encodeToString(checked.matchedSignature);
    }

    private static String sha256(String text) {
        byte[] digest = Macs.sha256().digest(text.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    private Checked check(WebhookRequest request) throws WebhookVerificationException {
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
        VerificationKey matchedKey = null;
        byte[] matchedSignature = null;
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
            matchedSignature = k.key.matches(parts, body);
            if (matchedSignature != null) {
                matched = k.id;
                matchedKey = k.key;
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
            int offered = parts.offered();
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
        return new Checked(
                new VerifiedDelivery(scheme.id(), parts.deliveryId, parts.timestamp, body, matched),
                parts,
                matchedSignature,
                matchedKey);
    }

    private Key[] resolve(WebhookRequest request) throws WebhookVerificationException {
        SecretRing ring = config.resolver.resolve(request);
        if (ring == null) {
            throw failure(FailureReason.NO_SECRET, "the secret resolver found no secret for this request");
        }
        Key[] cached = resolved.get(ring);
        if (cached != null) {
            return cached;
        }
        Key[] decoded;
        try {
            decoded = decode(scheme, ring, config.allowWeakSecrets);
        } catch (IllegalArgumentException e) {
            throw failure(FailureReason.NO_SECRET, "a resolved secret is invalid: " + e.getMessage());
        }
        if (resolved.size() >= MAX_RESOLVED_RINGS) {
            resolved.clear();
        }
        resolved.put(ring, decoded);
        return decoded;
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

    /**
     * A request stays acceptable while its timestamp is within the tolerance of the clock, in both directions, so
     * a request dated at the future edge of the window verifies for twice the tolerance: keep it that long.
     */
    private static Duration replayRetention(Builder b) {
        if (b.replayStore == null) {
            return null;
        }
        if (b.replayRetention != null) {
            return b.replayRetention;
        }
        Duration tolerance = effectiveTolerance(b);
        return tolerance == null ? null : tolerance.multipliedBy(2);
    }

    private static Duration effectiveTolerance(Builder b) {
        if (b.timestampCheckDisabled || b.provider.scheme().defaultTolerance() == null) {
            return null;
        }
        return b.tolerance != null ? b.tolerance : b.provider.scheme().defaultTolerance();
    }

    /** This verifier's configuration for {@link WebhookDiagnostics}, which replays its checks step by step. */
    WebhookDiagnostics.Builder diagnostics() {
        WebhookDiagnostics.Builder b =
                WebhookDiagnostics.builder(config.provider).clock(config.clock).maxBodyBytes(config.maxBodyBytes);
        if (config.ring != null) {
            b.secrets(config.ring);
        } else {
            b.secretResolver(config.resolver);
        }
        if (config.allowWeakSecrets) {
            b.allowWeakSecrets();
        }
        if (config.timestampCheckDisabled) {
            b.disableTimestampCheck();
        } else if (config.tolerance != null) {
            b.tolerance(config.tolerance);
        }
        return b;
    }

    @Override
    public String toString() {
        return "WebhookVerifier[provider=" + scheme.id()
                + (config.ring == null ? ", secrets=<resolver>" : ", secrets=" + config.ring)
                + ", tolerance=" + tolerance().map(Duration::toString).orElse("none")
                + (config.replayStore == null ? "" : ", replay=" + config.replayStore + " for " + retention)
                + (config.handshakes.isEmpty()
                        ? ""
                        : ", handshakes="
                                + config.handshakes.stream().map(Handshake::id).toList())
                + "]";
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
        private ReplayStore replayStore;
        private Duration replayRetention;
        private Duration replayLease = DEFAULT_REPLAY_LEASE;
        private String replayScope;
        private boolean replayFailOpen;
        private List<Handshake> handshakes = List.of();

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
            b.replayStore = replayStore;
            b.replayRetention = replayRetention;
            b.replayLease = replayLease;
            b.replayScope = replayScope;
            b.replayFailOpen = replayFailOpen;
            b.handshakes = handshakes;
            return b;
        }

        /**
         * Rejects duplicates with {@link FailureReason#REPLAYED}, using this store. Keys are taken from signed
         * material only and touched only after the signature and timestamp checks pass.
         *
         * @param store the store; share one across endpoints (keys are scoped) or nodes (a Redis store)
         * @return this builder
         */
        public Builder replayStore(ReplayStore store) {
            this.replayStore = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * How long a processed delivery is recognised as a duplicate. Required for providers that sign no
         * timestamp (GitHub, Shopify: cover the provider's retry period); for the others the default is twice the
         * tolerance (the whole window in which a request verifies), and a shorter retention is refused.
         *
         * @param retention the retention
         * @return this builder
         */
        public Builder replayRetention(Duration retention) {
            this.replayRetention = Objects.requireNonNull(retention, "retention");
            return this;
        }

        /**
         * How long an in-flight claim lives if its handler never finishes (default 5 minutes); until then, the
         * provider's retries are answered as in flight (409).
         *
         * @param lease the lease, longer than your slowest handler
         * @return this builder
         */
        public Builder replayLease(Duration lease) {
            this.replayLease = Objects.requireNonNull(lease, "lease");
            return this;
        }

        /**
         * The namespace of this verifier's keys in a shared store (default: the provider id). Give each endpoint
         * of the same provider its own scope.
         *
         * @param scope letters, digits, {@code -_.}
         * @return this builder
         */
        public Builder replayScope(String scope) {
            if (scope == null || !scope.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalArgumentException("a replay scope is 1-64 characters of [A-Za-z0-9._-]");
            }
            this.replayScope = scope;
            return this;
        }

        /**
         * Accepts deliveries without replay protection while the store is unreachable, logging a warning each
         * time, instead of rejecting them with {@link FailureReason#STORE_UNAVAILABLE}.
         *
         * <p><b>Security:</b> during an outage captured requests can be replayed. Prefer the default (fail closed:
         * the provider retries later).
         *
         * @return this builder
         */
        public Builder replayStoreFailOpen() {
            this.replayFailOpen = true;
            return this;
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
         * Answers these providers' probes of the endpoint (opt-in): see {@link Handshake},
         * {@link Handshakes} and {@link WebhookVerifier#answerHandshake(WebhookRequest)}. Replaces any handshakes set
         * before; none by default.
         *
         * @param handshakes the handshakes, each for this verifier's provider
         * @return this builder
         */
        public Builder handshakes(Handshake... handshakes) {
            List<Handshake> list = List.of(handshakes);
            Set<String> ids = new HashSet<>();
            for (Handshake h : list) {
                if (!ids.add(h.id())) {
                    throw new IllegalArgumentException("handshake '" + h.id() + "' is configured twice");
                }
            }
            this.handshakes = list;
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
            checkReplay(id);
            for (Handshake h : handshakes) {
                if (!h.supports(provider)) {
                    throw new IllegalArgumentException(
                            "handshake '" + h.id() + "' does not apply to provider '" + id + "'");
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

        private void checkReplay(String id) {
            if (replayStore == null) {
                if (replayRetention != null || replayFailOpen || replayScope != null) {
                    throw new IllegalArgumentException(
                            "verifier for '" + id + "' configures replay options but no replayStore(...)");
                }
                return;
            }
            if (replayLease.isZero() || replayLease.isNegative()) {
                throw new IllegalArgumentException("replayLease must be positive");
            }
            Duration tolerance = effectiveTolerance(this);
            if (replayRetention == null && tolerance == null) {
                throw new IllegalArgumentException("provider '" + id + "' "
                        + (timestampCheckDisabled ? "has its timestamp check disabled" : "signs no timestamp")
                        + ", so nothing bounds how long a captured request verifies: give replayRetention(...) covering"
                        + " the provider's retry period (e.g. Duration.ofDays(3))");
            }
            if (replayRetention != null) {
                if (replayRetention.isZero() || replayRetention.isNegative()) {
                    throw new IllegalArgumentException("replayRetention must be positive");
                }
                if (tolerance != null && replayRetention.compareTo(tolerance.multipliedBy(2)) < 0) {
                    throw new IllegalArgumentException("replayRetention " + replayRetention
                            + " is shorter than the " + tolerance.multipliedBy(2) + " in which a request with a valid"
                            + " timestamp verifies; a replay after the retention would be accepted");
                }
            }
        }
    }
}
