package dev.webhookverifier;

import dev.webhookverifier.Diagnosis.Cause;
import dev.webhookverifier.Diagnosis.Hint;
import dev.webhookverifier.Diagnosis.Status;
import dev.webhookverifier.Diagnosis.Step;
import dev.webhookverifier.internal.Macs;
import dev.webhookverifier.internal.Scheme;
import dev.webhookverifier.internal.SignedParts;
import dev.webhookverifier.internal.VerificationKey;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Explains why a request fails verification (or confirms that it passes): runs the verifier's checks one by one and,
 * when the signature does not match, tries the usual culprits with the configured secrets: the body with a trailing
 * newline added or removed, CRLF and LF swapped, a UTF-8 BOM stripped, the wrong charset undone, JSON re-spaced
 * (compact, pretty-printed) or its non-ASCII characters escaped or unescaped; the secret trimmed or decoded the other
 * way (the whole {@code whsec_...} text versus base64 after the prefix); the URL with another scheme, port or
 * trailing slash (URL-signing providers). It also reports clock skew with its delta, signatures present only under
 * versions the verifier does not check, and secrets that are not webhook secrets at all (API keys).
 *
 * <p>Diagnostics never touch the replay store and never notify the verifier's listener.
 *
 * <p><b>Thread safety:</b> the static methods are thread-safe; a {@link Builder} is not.
 *
 * <p><b>Security:</b> the {@link Diagnosis} holds no secret, no expected or offered signature and no body content,
 * only short fingerprints. It costs dozens of MACs per request: use it in tooling and logs at DEBUG, never on every
 * request of a public endpoint, and never put it in an HTTP response.
 *
 * <p><b>Example:</b>
 *
 * <pre>{@code
 * Diagnosis d = WebhookDiagnostics.explain(verifier, request);
 * if (!d.verified()) {
 *     log.debug("webhook rejected:\n{}", d);
 * }
 * }</pre>
 */
public final class WebhookDiagnostics {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final Pattern SECRET_PREFIX = Pattern.compile("^([A-Za-z0-9]{2,12}_)(.+)$");
    private static final Set<String> KNOWN_PREFIXES = Set.of("whsec_", "whsk_", "whpk_");

    private WebhookDiagnostics() {}

    /**
     * Explains how a verifier judges a request, without touching its replay store or listener.
     *
     * @param verifier the verifier whose configuration (secrets, tolerance, clock) is used
     * @param request the request as received
     * @return the diagnosis
     */
    public static Diagnosis explain(WebhookVerifier verifier, WebhookRequest request) {
        Objects.requireNonNull(verifier, "verifier");
        return verifier.diagnostics().explain(request);
    }

    /**
     * The adapters' DEBUG line for a rejection: the diagnosis of a request answered 401 (signature, timestamp,
     * header or secret: what a diagnosis can explain), nothing for a duplicate, a store outage or an oversized body.
     * Never throws: a failing diagnosis gives {@code no diagnosis: <exception class>}.
     *
     * @param verifier the verifier that rejected the request
     * @param request the request as received
     * @param reason why it was rejected
     * @return the text to log, with no secret, signature or body; empty if there is nothing to explain
     */
    public static Optional<String> debugReport(WebhookVerifier verifier, WebhookRequest request, FailureReason reason) {
        if (RejectionResponse.of(reason).status() != 401) {
            return Optional.empty();
        }
        try {
            return Optional.of("diagnosis:\n" + explain(verifier, request));
        } catch (RuntimeException e) {
            return Optional.of("no diagnosis: " + e.getClass().getName());
        }
    }

    /**
     * Starts configuring diagnostics without building a verifier, so that a secret the verifier would refuse (with
     * whitespace, an API key) is diagnosed too.
     *
     * @param provider the provider
     * @return a builder
     */
    public static Builder builder(Provider provider) {
        return new Builder(Objects.requireNonNull(provider, "provider"));
    }

    /**
     * The configuration diagnostics replay; unlike {@link WebhookVerifier.Builder} it accepts invalid secrets so
     * that it can explain them.
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
        private boolean allowWeakSecrets;
        private int maxBodyBytes = WebhookVerifier.DEFAULT_MAX_BODY_BYTES;

        private Builder(Provider provider) {
            this.provider = provider;
        }

        /**
         * The secrets to try.
         *
         * @param ring the secrets
         * @return this builder
         */
        public Builder secrets(SecretRing ring) {
            this.ring = Objects.requireNonNull(ring, "ring");
            this.resolver = null;
            return this;
        }

        /**
         * Shorthand for a ring.
         *
         * @param secrets the secrets
         * @return this builder
         */
        public Builder secrets(WebhookSecret... secrets) {
            return secrets(SecretRing.of(secrets));
        }

        /**
         * Chooses the secrets per request.
         *
         * @param resolver the resolver
         * @return this builder
         */
        public Builder secretResolver(SecretResolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            this.ring = null;
            return this;
        }

        /**
         * The tolerance (default: the provider's).
         *
         * @param tolerance a positive duration
         * @return this builder
         */
        public Builder tolerance(Duration tolerance) {
            if (tolerance.isZero() || tolerance.isNegative()) {
                throw new IllegalArgumentException("tolerance must be positive");
            }
            this.tolerance = tolerance;
            return this;
        }

        /**
         * Reports the timestamp's delta without failing on it.
         *
         * @return this builder
         */
        public Builder disableTimestampCheck() {
            this.timestampCheckDisabled = true;
            return this;
        }

        /**
         * The clock timestamps are checked against.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Accepts short secrets, as {@link WebhookVerifier.Builder#allowWeakSecrets()}.
         *
         * @return this builder
         */
        public Builder allowWeakSecrets() {
            this.allowWeakSecrets = true;
            return this;
        }

        /**
         * The largest body accepted.
         *
         * @param maxBodyBytes at least 1
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
         * Explains one request.
         *
         * @param request the request as received
         * @return the diagnosis
         * @throws IllegalStateException if neither secrets nor a resolver were given
         */
        public Diagnosis explain(WebhookRequest request) {
            Objects.requireNonNull(request, "request");
            if (ring == null && resolver == null) {
                throw new IllegalStateException("diagnostics need secrets(...) or secretResolver(...)");
            }
            return new Run(this, request).run();
        }
    }

    /** A candidate key: a configured secret, or a variant of it (trimmed, decoded the other way, expired). */
    private record Candidate(String secretId, VerificationKey key, Cause cause, String how) {}

    /** A body variant and how it differs from the received body. */
    private record BodyVariant(byte[] body, Cause cause, String how) {}

    private static final class Run {
        private final Builder config;
        private final Scheme scheme;
        private final WebhookRequest request;
        private final byte[] body;
        private final List<Step> steps = new ArrayList<>();
        private final List<Hint> confirmed = new ArrayList<>();
        private final List<Hint> suspected = new ArrayList<>();
        private final Map<String, String> secretFingerprints = new LinkedHashMap<>();
        private final List<String> signatureFingerprints = new ArrayList<>();

        Run(Builder config, WebhookRequest request) {
            this.config = config;
            this.scheme = config.provider.scheme();
            this.request = request;
            this.body = request.bodyBytes();
        }

        Diagnosis run() {
            String id = scheme.id();
            if (body.length > config.maxBodyBytes) {
                steps.add(new Step(
                        "body",
                        Status.FAIL,
                        FailureReason.BODY_TOO_LARGE,
                        body.length + " bytes, over the limit of " + config.maxBodyBytes));
                skip("headers", "secret", "signature", "timestamp");
                skipReplay();
                return done(id);
            }
            steps.add(new Step("body", Status.PASS, null, body.length + " bytes" + describeBody()));

            SignedParts parts;
            try {
                parts = scheme.parse(request);
            } catch (WebhookVerificationException e) {
                steps.add(new Step("headers", Status.FAIL, e.reason(), e.getMessage()));
                if (e.reason() == FailureReason.UNSUPPORTED_SCHEME) {
                    confirmed.add(new Hint(
                            Cause.UNKNOWN_SIGNATURE_VERSION,
                            true,
                            "the request carries signatures, but only under versions or algorithms " + id
                                    + " verification does not check (a newer scheme version, or a test/v0 entry);"
                                    + " check the provider preset and the endpoint's signing settings"));
                } else if (e.reason() == FailureReason.MISSING_HEADER) {
                    suspected.add(new Hint(
                            Cause.HEADER_MISSING,
                            false,
                            "a header the provider always sends is absent: a proxy or load balancer may strip it,"
                                    + " or the request does not come from " + id));
                }
                secrets(null);
                skip("signature", "timestamp");
                skipReplay();
                return done(id);
            }
            fingerprintSignatures(parts);
            steps.add(new Step("headers", Status.PASS, null, describeParts(parts)));

            Instant now = config.clock.instant();
            List<Candidate> configured = new ArrayList<>();
            List<Candidate> variants = new ArrayList<>();
            SecretRing ring = secrets(parts);
            if (ring != null) {
                decodeSecrets(ring, now, parts, configured, variants);
            }
            boolean signatureOk = signature(parts, configured, variants);
            timestamp(parts, now, signatureOk);
            skipReplay();
            return done(id);
        }

        private Diagnosis done(String id) {
            List<Hint> hints = new ArrayList<>(confirmed);
            for (Hint h : suspected) {
                // A confirmed hint of the same cause says it better.
                if (confirmed.stream().noneMatch(c -> c.cause() == h.cause())) {
                    hints.add(h);
                }
            }
            return new Diagnosis(id, steps, dedupe(hints), secretFingerprints, signatureFingerprints);
        }

        private static List<Hint> dedupe(List<Hint> hints) {
            Set<String> seen = new LinkedHashSet<>();
            List<Hint> out = new ArrayList<>();
            for (Hint h : hints) {
                if (seen.add(h.cause() + "|" + h.message())) {
                    out.add(h);
                }
            }
            return out;
        }

        private void skip(String... names) {
            for (String name : names) {
                steps.add(new Step(name, Status.SKIPPED, null, "not checked: an earlier check failed"));
            }
        }

        private void skipReplay() {
            steps.add(new Step(
                    "replay",
                    Status.SKIPPED,
                    null,
                    "not consulted: diagnostics never touch the replay store (a duplicate would fail with "
                            + FailureReason.REPLAYED + ")"));
        }

        /** The ring, or {@code null} after recording why there is none; with {@code parts == null} only records. */
        private SecretRing secrets(SignedParts parts) {
            SecretRing ring;
            if (config.ring != null) {
                ring = config.ring;
            } else {
                try {
                    ring = config.resolver.resolve(request);
                } catch (WebhookVerificationException e) {
                    steps.add(new Step(
                            "secret", Status.FAIL, e.reason(), "the secret resolver failed: " + e.getMessage()));
                    return null;
                }
                if (ring == null) {
                    steps.add(new Step(
                            "secret", Status.FAIL, FailureReason.NO_SECRET, "the secret resolver found no secret"));
                    return null;
                }
            }
            for (WebhookSecret s : ring.secrets()) {
                secretFingerprints.put(s.id(), fingerprint(s.valueBytes()));
            }
            if (parts == null) {
                steps.add(new Step("secret", Status.SKIPPED, null, "not checked: the headers could not be read"));
            }
            return ring;
        }

        private void decodeSecrets(
                SecretRing ring, Instant now, SignedParts parts, List<Candidate> configured, List<Candidate> variants) {
            List<String> problems = new ArrayList<>();
            int ok = 0;
            int active = 0;
            for (WebhookSecret s : ring.secrets()) {
                boolean isActive = s.acceptUntil().map(d -> !now.isAfter(d)).orElse(true);
                VerificationKey key = null;
                try {
                    key = scheme.decodeKey(s.valueBytes(), s.raw(), config.allowWeakSecrets);
                    ok++;
                } catch (IllegalArgumentException e) {
                    problems.add("'" + s.id() + "': " + e.getMessage());
                    secretProblem(s, e.getMessage(), variants);
                }
                if (key != null) {
                    if (isActive) {
                        active++;
                        configured.add(new Candidate(s.id(), key, null, "as configured"));
                    } else {
                        variants.add(new Candidate(
                                s.id(),
                                key,
                                Cause.SECRET_EXPIRED,
                                "secret '" + s.id() + "' matches, but its acceptUntil deadline "
                                        + s.acceptUntil().orElseThrow() + " has passed; extend it or sign with"
                                        + " the current secret"));
                    }
                }
                if (!s.raw() && isActive) {
                    otherDecodings(s, parts, variants);
                }
            }
            int n = ring.secrets().size();
            if (problems.isEmpty()) {
                steps.add(new Step(
                        "secret",
                        active == 0 ? Status.FAIL : Status.PASS,
                        active == 0 ? FailureReason.NO_SECRET : null,
                        n + " secret(s) decode" + (active < n ? ", " + active + " active" : "")));
            } else {
                steps.add(new Step(
                        "secret",
                        Status.FAIL,
                        ok == 0 ? FailureReason.NO_SECRET : null,
                        (n - ok) + " of " + n + " secret(s) would be refused when building the verifier: "
                                + String.join("; ", problems)));
            }
        }

        /** Explains a secret the verifier would refuse; its hint messages never contain the value. */
        private void secretProblem(WebhookSecret s, String message, List<Candidate> variants) {
            String text = new String(s.valueBytes(), StandardCharsets.UTF_8);
            String stripped = text.strip();
            if (!s.raw() && !stripped.equals(text) && !stripped.isEmpty()) {
                try {
                    VerificationKey trimmed =
                            scheme.decodeKey(stripped.getBytes(StandardCharsets.UTF_8), false, config.allowWeakSecrets);
                    variants.add(new Candidate(
                            s.id(),
                            trimmed,
                            Cause.SECRET_WHITESPACE,
                            "secret '" + s.id() + "' matches once its surrounding whitespace is trimmed"));
                    suspected.add(new Hint(
                            Cause.SECRET_WHITESPACE,
                            false,
                            "secret '" + s.id() + "' has leading or trailing whitespace (a newline copied with it,"
                                    + " or read from a file); trim it"));
                    return;
                } catch (IllegalArgumentException e) {
                    // Trimming does not fix it; report the original message below.
                }
            }
            boolean wrongType = message.startsWith("that is a") || message.contains(" not the ");
            suspected.add(new Hint(
                    wrongType ? Cause.SECRET_WRONG_TYPE : Cause.SECRET_ENCODING,
                    wrongType,
                    "secret '" + s.id() + "': " + message));
        }

        /**
         * Keys made from the secret text the other ways senders use it: the whole text, the text after its prefix,
         * base64 after the prefix, base64 or hex of the whole: the Stripe versus Standard Webhooks mix-up.
         */
        private void otherDecodings(WebhookSecret s, SignedParts parts, List<Candidate> variants) {
            if (parts.macSignatures.length == 0) {
                return;
            }
            String text = new String(s.valueBytes(), StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                return;
            }
            Map<String, byte[]> keys = new LinkedHashMap<>();
            keys.put("the whole secret text (prefix included) used as the key", utf8(text));
            Matcher m = SECRET_PREFIX.matcher(text);
            if (m.matches()) {
                // Only a well-known prefix is named: anything else before a '_' is part of the secret itself.
                String prefix = KNOWN_PREFIXES.contains(m.group(1)) ? "'" + m.group(1) + "'" : "the first '_'";
                String rest = m.group(2);
                keys.put("the text after " + prefix + " used as the key", utf8(rest));
                byte[] b64 = base64(rest);
                if (b64 != null) {
                    keys.put("base64 after " + prefix + " decoded to the key (Standard Webhooks/Svix style)", b64);
                }
            }
            byte[] whole = base64(text);
            if (whole != null) {
                keys.put("the whole secret decoded as base64", whole);
            }
            if (text.length() % 2 == 0 && text.matches("[0-9a-fA-F]+")) {
                keys.put("the whole secret decoded as hex", HexFormat.of().parseHex(text));
            }
            List<MacAlgorithm> algorithms =
                    parts.algorithm != null ? List.of(parts.algorithm) : List.of(MacAlgorithm.values());
            for (Map.Entry<String, byte[]> e : keys.entrySet()) {
                if (e.getValue().length == 0) {
                    continue;
                }
                for (MacAlgorithm algorithm : algorithms) {
                    variants.add(new Candidate(
                            s.id(),
                            VerificationKey.hmac(e.getValue().clone(), algorithm),
                            Cause.SECRET_ENCODING,
                            "the signature matches secret '" + s.id() + "' with " + e.getKey() + ", which is not how "
                                    + scheme.id() + " decodes it: the sender uses another scheme's secret encoding"
                                    + " (Stripe uses the whole whsec_ text, Standard Webhooks/Svix base64 after"
                                    + " whsec_); choose the matching provider preset"));
                }
                java.util.Arrays.fill(e.getValue(), (byte) 0);
            }
        }

        private boolean signature(SignedParts parts, List<Candidate> configured, List<Candidate> variants) {
            if (configured.isEmpty() && variants.isEmpty()) {
                steps.add(new Step(
                        "signature",
                        Status.FAIL,
                        steps.get(steps.size() - 1).reason() == null
                                ? FailureReason.NO_SECRET
                                : steps.get(steps.size() - 1).reason(),
                        "no usable secret to check the signature with"));
                return false;
            }
            List<Candidate> checkable = new ArrayList<>();
            for (Candidate c : configured) {
                if (c.key.canCheck(parts)) {
                    checkable.add(c);
                }
            }
            if (!configured.isEmpty() && checkable.isEmpty()) {
                steps.add(new Step(
                        "signature",
                        Status.FAIL,
                        FailureReason.UNSUPPORTED_SCHEME,
                        "the offered signatures are of a kind no configured key checks"));
                confirmed.add(new Hint(
                        Cause.UNKNOWN_SIGNATURE_VERSION,
                        true,
                        "the request is signed with a kind of signature (e.g. an asymmetric v1a) that the configured"
                                + " secrets cannot check; configure the matching secret or public key"));
                return false;
            }
            for (Candidate c : checkable) {
                if (c.key.matches(parts, body) != null) {
                    steps.add(new Step("signature", Status.PASS, null, "matches secret '" + c.secretId + "'"));
                    return true;
                }
            }
            steps.add(new Step(
                    "signature",
                    Status.FAIL,
                    configured.isEmpty() ? null : FailureReason.SIGNATURE_MISMATCH,
                    "none of " + parts.offered() + " offered signature(s) matches "
                            + (configured.isEmpty() ? "a usable secret" : checkable.size() + " active secret(s)")));
            tryVariants(parts, checkable, variants);
            return false;
        }

        private void tryVariants(SignedParts parts, List<Candidate> checkable, List<Candidate> variantKeys) {
            List<Candidate> allKeys = new ArrayList<>(checkable);
            for (Candidate c : variantKeys) {
                if (c.key.canCheck(parts)) {
                    allKeys.add(c);
                }
            }
            boolean found = false;
            // The secret alone (body as received).
            for (Candidate c : variantKeys) {
                if (c.key.canCheck(parts) && c.key.matches(parts, body) != null) {
                    confirmed.add(new Hint(c.cause, true, c.how));
                    found = true;
                    break;
                }
            }
            // The body, with any key.
            if (!found && parts.bodySigned) {
                outer:
                for (BodyVariant v : bodyVariants(body)) {
                    for (Candidate c : allKeys) {
                        if (c.key.matches(parts, v.body) != null) {
                            confirmed.add(new Hint(v.cause, true, v.how + secretNote(c)));
                            found = true;
                            break outer;
                        }
                    }
                }
            }
            // The URL (URL-signing schemes), with any key and the body as received.
            if (!found) {
                found = tryUrls(allKeys);
            }
            if (!found) {
                if (parts.ignoredSignatures > 0) {
                    suspected.add(new Hint(
                            Cause.UNKNOWN_SIGNATURE_VERSION,
                            false,
                            parts.ignoredSignatures + " signature entr" + (parts.ignoredSignatures == 1 ? "y" : "ies")
                                    + " in versions or encodings " + scheme.id() + " does not check were ignored"));
                }
                if (looksLikeJson(body)) {
                    suspected.add(new Hint(
                            Cause.BODY_JSON_RESERIALIZED,
                            false,
                            "the body is JSON and looks " + (looksPretty(body) ? "pretty-printed" : "compact")
                                    + "; if your framework parsed and re-serialized it (key order, number format,"
                                    + " escapes), verify the raw bytes as received instead"));
                }
                suspected.add(new Hint(
                        Cause.SECRET_DIFFERENT,
                        false,
                        "no variant tried matches: the request was probably signed with another secret (another"
                                + " endpoint, the test-mode secret, a rotated one); compare the secret fingerprints"
                                + " with the secret you expect"));
            }
        }

        private static String secretNote(Candidate c) {
            return c.cause == null ? "" : " (and: " + c.how + ")";
        }

        private boolean tryUrls(List<Candidate> keys) {
            URI url = request.url().orElse(null);
            if (url == null || url.getHost() == null) {
                return false;
            }
            for (Map.Entry<URI, String> v : urlVariants(url).entrySet()) {
                WebhookRequest changed = WebhookRequest.of(request.method(), v.getKey(), request.headers(), body);
                SignedParts parts;
                try {
                    parts = scheme.parse(changed);
                } catch (WebhookVerificationException e) {
                    continue;
                }
                for (Candidate c : keys) {
                    if (c.key.canCheck(parts) && c.key.matches(parts, body) != null) {
                        confirmed.add(new Hint(
                                Cause.URL_CHANGED,
                                true,
                                "the signature matches the URL with " + v.getValue() + ": a proxy or load balancer"
                                        + " changed the URL; verify against the public URL the provider calls"
                                        + " (e.g. from X-Forwarded-Proto/-Host/-Port)" + secretNote(c)));
                        return true;
                    }
                }
            }
            return false;
        }

        private void timestamp(SignedParts parts, Instant now, boolean signatureOk) {
            if (parts.timestamp == null) {
                steps.add(new Step("timestamp", Status.SKIPPED, null, "the provider signs no timestamp"));
                return;
            }
            long skewMillis = now.toEpochMilli() - parts.timestamp.toEpochMilli();
            String delta = describeDelta(skewMillis);
            String unverified = signatureOk ? "" : " (unverified: the signature did not match)";
            Duration tolerance = config.timestampCheckDisabled
                    ? null
                    : config.tolerance != null ? config.tolerance : scheme.defaultTolerance();
            if (tolerance == null) {
                steps.add(new Step("timestamp", Status.SKIPPED, null, "check disabled; signed " + delta + unverified));
                return;
            }
            long tol = tolerance.toMillis();
            FailureReason reason = skewMillis > tol
                    ? FailureReason.TIMESTAMP_TOO_OLD
                    : -skewMillis > tol ? FailureReason.TIMESTAMP_IN_FUTURE : null;
            String detail = "signed " + delta + ", tolerance " + tolerance.toSeconds() + " s" + unverified;
            if (reason == null) {
                steps.add(new Step("timestamp", Status.PASS, null, detail));
                return;
            }
            steps.add(new Step("timestamp", Status.FAIL, reason, detail));
            String message = reason == FailureReason.TIMESTAMP_IN_FUTURE
                    ? "the timestamp is " + seconds(-skewMillis) + " s ahead of this receiver's clock (tolerance "
                            + tolerance.toSeconds() + " s): this server's clock is probably behind; sync it (NTP)"
                    : "the timestamp is " + seconds(skewMillis) + " s behind this receiver's clock (tolerance "
                            + tolerance.toSeconds() + " s): an old or replayed request, a queue that held it, or a"
                            + " clock running ahead; sync clocks (NTP)";
            (signatureOk ? confirmed : suspected).add(new Hint(Cause.CLOCK_SKEW, signatureOk, message));
        }

        private static String describeDelta(long skewMillis) {
            if (skewMillis == 0) {
                return "at the receiver's current time";
            }
            return skewMillis > 0
                    ? seconds(skewMillis) + " s before the receiver's clock"
                    : seconds(-skewMillis) + " s after the receiver's clock";
        }

        private static String seconds(long millis) {
            return millis % 1000 == 0
                    ? Long.toString(millis / 1000)
                    : String.format(Locale.ROOT, "%.3f", millis / 1000.0);
        }

        private String describeBody() {
            List<String> notes = new ArrayList<>();
            if (startsWith(body, BOM)) {
                notes.add("starts with a UTF-8 BOM");
            }
            if (body.length > 0 && body[body.length - 1] == '\n') {
                notes.add("ends with a newline");
            }
            if (indexOf(body, (byte) '\r') >= 0) {
                notes.add("has CR characters");
            }
            if (!validUtf8(body)) {
                notes.add("is not valid UTF-8");
            }
            if (looksLikeJson(body)) {
                notes.add(looksPretty(body) ? "looks like pretty-printed JSON" : "looks like JSON");
            }
            return notes.isEmpty() ? "" : "; " + String.join(", ", notes);
        }

        private static String describeParts(SignedParts parts) {
            StringBuilder s = new StringBuilder();
            s.append(parts.offered()).append(" signature(s) offered");
            if (parts.ignoredSignatures > 0) {
                s.append(", ")
                        .append(parts.ignoredSignatures)
                        .append(" entr")
                        .append(parts.ignoredSignatures == 1 ? "y" : "ies")
                        .append(" in other versions ignored");
            }
            if (parts.timestamp != null) {
                s.append(", timestamp ").append(parts.timestamp);
            }
            if (parts.deliveryId != null) {
                s.append(", delivery id ")
                        .append(parts.deliveryIdSigned ? "(signed) " : "(unsigned) ")
                        .append(
                                parts.deliveryId.length() <= 80
                                        ? parts.deliveryId
                                        : parts.deliveryId.substring(0, 80) + "...");
            }
            return s.toString();
        }

        private void fingerprintSignatures(SignedParts parts) {
            for (byte[][] group :
                    new byte[][][] {parts.macSignatures, parts.ed25519Signatures, parts.ecdsaSignatures, parts.tokens
                    }) {
                for (byte[] sig : group) {
                    signatureFingerprints.add(fingerprint(sig));
                }
            }
        }
    }

    // ---- Variants -------------------------------------------------------------------------------------------------

    /** Body variants, simplest first, each undoing one known mangling. */
    private static List<BodyVariant> bodyVariants(byte[] body) {
        List<BodyVariant> out = new ArrayList<>();
        if (startsWith(body, BOM)) {
            out.add(new BodyVariant(
                    java.util.Arrays.copyOfRange(body, 3, body.length),
                    Cause.BODY_BOM,
                    "the signature matches the body without its leading UTF-8 byte order mark: something (an editor, a"
                            + " proxy, a Windows tool) added a BOM; verify the bytes as the provider sent them"));
        }
        if (endsWith(body, "\r\n")) {
            out.add(new BodyVariant(
                    java.util.Arrays.copyOf(body, body.length - 2),
                    Cause.BODY_TRAILING_NEWLINE,
                    "the signature matches the body without its trailing CRLF: a newline was appended (a saved file,"
                            + " echo, a logging tool); verify the exact bytes"));
        }
        if (endsWith(body, "\n")) {
            out.add(new BodyVariant(
                    java.util.Arrays.copyOf(body, body.length - 1),
                    Cause.BODY_TRAILING_NEWLINE,
                    "the signature matches the body without its trailing newline: a newline was appended (a saved"
                            + " file, echo, a text editor); verify the exact bytes"));
        } else {
            out.add(new BodyVariant(
                    concat(body, new byte[] {'\n'}),
                    Cause.BODY_TRAILING_NEWLINE,
                    "the signature matches the body with a trailing newline: the provider's body ended with one"
                            + " that was dropped (read line by line, $(...) in a shell, strip()); verify the exact"
                            + " bytes"));
        }
        if (indexOf(body, (byte) '\n') >= 0) {
            String latin = new String(body, StandardCharsets.ISO_8859_1);
            if (latin.contains("\r\n")) {
                out.add(new BodyVariant(
                        latin.replace("\r\n", "\n").getBytes(StandardCharsets.ISO_8859_1),
                        Cause.BODY_LINE_ENDINGS,
                        "the signature matches the body with CRLF line endings turned into LF: something converted"
                                + " line endings (git autocrlf, a Windows tool, a text-mode read)"));
            }
            String crlf = latin.replace("\r\n", "\n").replace("\n", "\r\n");
            if (!crlf.equals(latin)) {
                out.add(new BodyVariant(
                        crlf.getBytes(StandardCharsets.ISO_8859_1),
                        Cause.BODY_LINE_ENDINGS,
                        "the signature matches the body with LF line endings turned into CRLF: something converted"
                                + " line endings (git autocrlf, a text-mode read)"));
            }
        }
        String utf8 = decodeUtf8(body);
        if (utf8 != null && utf8.chars().anyMatch(c -> c >= 0x80)) {
            // Received as UTF-8 of text that was wrongly decoded as ISO-8859-1 (mojibake): undo it.
            if (utf8.chars().allMatch(c -> c <= 0xFF)) {
                out.add(new BodyVariant(
                        utf8.getBytes(StandardCharsets.ISO_8859_1),
                        Cause.BODY_CHARSET,
                        "the signature matches once the body is decoded as UTF-8 and re-encoded as ISO-8859-1: the"
                                + " provider's UTF-8 bytes were decoded with the wrong charset (ISO-8859-1) and"
                                + " re-encoded; read the body as bytes, or with UTF-8"));
            }
        }
        boolean hasHigh = false;
        for (byte b : body) {
            hasHigh |= b < 0;
        }
        if (hasHigh) {
            byte[] asUtf8 = new String(body, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.UTF_8);
            out.add(new BodyVariant(
                    asUtf8,
                    Cause.BODY_CHARSET,
                    "the signature matches the body decoded as ISO-8859-1 and re-encoded as UTF-8: the body was"
                            + " re-encoded with the wrong charset on the way; read the body as bytes"));
        }
        if (utf8 != null && looksLikeJson(body)) {
            jsonVariants(utf8, out);
        }
        return out;
    }

    private enum JsonStyle {
        AS_RECEIVED(null, "as received"),
        COMPACT("", "compact (no whitespace)"),
        SPACED("", "with ', ' and ': ' separators (Python json.dumps default)"),
        PRETTY2("  ", "pretty-printed with 2-space indent (JSON.stringify(x, null, 2), Stripe)"),
        PRETTY4("    ", "pretty-printed with 4-space indent"),
        JACKSON("  ", "pretty-printed the Jackson way ('\"key\" : value', arrays on one line)");

        final String indent;
        final String description;

        JsonStyle(String indent, String description) {
            this.indent = indent;
            this.description = description;
        }
    }

    private enum Escapes {
        AS_RECEIVED,
        ESCAPE_LOWER,
        ESCAPE_UPPER,
        UNESCAPE
    }

    private static void jsonVariants(String json, List<BodyVariant> out) {
        String trailing = json.endsWith("\n") ? "\n" : "";
        boolean hasNonAscii = json.chars().anyMatch(c -> c >= 0x80);
        boolean hasEscapes = json.contains("\\u");
        Set<String> seen = new LinkedHashSet<>();
        seen.add(json);
        for (Escapes escapes : Escapes.values()) {
            if ((escapes == Escapes.ESCAPE_LOWER || escapes == Escapes.ESCAPE_UPPER) && !hasNonAscii
                    || escapes == Escapes.UNESCAPE && !hasEscapes) {
                continue;
            }
            String escaped = switch (escapes) {
                case AS_RECEIVED -> json;
                case ESCAPE_LOWER -> escapeNonAscii(json, false);
                case ESCAPE_UPPER -> escapeNonAscii(json, true);
                case UNESCAPE -> unescapeNonAscii(json);
            };
            if (escaped == null) {
                continue;
            }
            for (JsonStyle style : JsonStyle.values()) {
                String formatted = style == JsonStyle.AS_RECEIVED ? escaped : reformat(escaped, style);
                if (formatted == null) {
                    continue;
                }
                for (String end : new String[] {"", "\n"}) {
                    String candidate = style == JsonStyle.AS_RECEIVED ? formatted : formatted + end;
                    if (style == JsonStyle.AS_RECEIVED && !end.isEmpty() || !seen.add(candidate)) {
                        continue;
                    }
                    out.add(jsonVariant(candidate, style, escapes, !end.isEmpty() && trailing.isEmpty()));
                }
            }
        }
    }

    private static BodyVariant jsonVariant(String candidate, JsonStyle style, Escapes escapes, boolean newline) {
        String what = style == JsonStyle.AS_RECEIVED ? "" : "re-spaced " + style.description;
        String esc = switch (escapes) {
            case AS_RECEIVED -> "";
            case ESCAPE_LOWER, ESCAPE_UPPER -> "with non-ASCII characters escaped as \\u00e9-style";
            case UNESCAPE -> "with \\u00e9-style escapes of non-ASCII characters written as UTF-8";
        };
        String change = String.join(
                " and ", List.of(what, esc).stream().filter(s -> !s.isEmpty()).toList());
        Cause cause = style == JsonStyle.AS_RECEIVED ? Cause.BODY_JSON_UNICODE_ESCAPES : Cause.BODY_JSON_RESERIALIZED;
        return new BodyVariant(
                candidate.getBytes(StandardCharsets.UTF_8),
                cause,
                "the signature matches the JSON body " + change + (newline ? " plus a trailing newline" : "")
                        + ": the body was parsed and re-serialized before verification (a framework's JSON binding,"
                        + " a logging or proxy layer); verify the raw bytes as received, before any parsing");
    }

    /**
     * Re-spaces JSON without parsing it: whitespace outside string literals is dropped and re-inserted in the given
     * style. Key order and number formats are kept (they cannot be recovered without the original).
     */
    private static String reformat(String json, JsonStyle style) {
        List<String> tokens = tokens(json);
        if (tokens == null) {
            return null;
        }
        StringBuilder s = new StringBuilder(json.length() + 64);
        int depth = 0;
        // For the Jackson style: whether each open container is an array (written on one line).
        java.util.ArrayDeque<Boolean> arrays = new java.util.ArrayDeque<>();
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            String next = i + 1 < tokens.size() ? tokens.get(i + 1) : "";
            boolean inArray = !arrays.isEmpty() && arrays.peek();
            switch (style) {
                case COMPACT -> s.append(t);
                case SPACED -> s.append(t).append(t.equals(",") || t.equals(":") ? " " : "");
                case PRETTY2, PRETTY4 -> {
                    if (t.equals("{") || t.equals("[")) {
                        s.append(t);
                        depth++;
                        if (!next.equals("}") && !next.equals("]")) {
                            newline(s, style.indent, depth);
                        }
                    } else if (t.equals("}") || t.equals("]")) {
                        String prev = tokens.get(i - 1);
                        depth--;
                        if (!prev.equals("{") && !prev.equals("[")) {
                            newline(s, style.indent, depth);
                        }
                        s.append(t);
                    } else if (t.equals(",")) {
                        s.append(',');
                        newline(s, style.indent, depth);
                    } else if (t.equals(":")) {
                        s.append(": ");
                    } else {
                        s.append(t);
                    }
                }
                case JACKSON -> {
                    if (t.equals("{")) {
                        arrays.push(false);
                        depth++;
                        if (next.equals("}")) {
                            s.append("{ ");
                        } else {
                            s.append('{');
                            newline(s, style.indent, depth);
                        }
                    } else if (t.equals("[")) {
                        arrays.push(true);
                        s.append(next.equals("]") ? "[" : "[ ");
                    } else if (t.equals("}")) {
                        arrays.pop();
                        depth--;
                        if (!tokens.get(i - 1).equals("{")) {
                            newline(s, style.indent, depth);
                        }
                        s.append('}');
                    } else if (t.equals("]")) {
                        arrays.pop();
                        s.append(" ]");
                    } else if (t.equals(",")) {
                        s.append(',');
                        if (inArray) {
                            s.append(' ');
                        } else {
                            newline(s, style.indent, depth);
                        }
                    } else if (t.equals(":")) {
                        s.append(" : ");
                    } else {
                        s.append(t);
                    }
                }
                default -> throw new IllegalStateException();
            }
        }
        return s.toString();
    }

    private static void newline(StringBuilder s, String indent, int depth) {
        s.append('\n');
        s.append(indent.repeat(Math.max(0, depth)));
    }

    /** Splits JSON text into structural characters and literals; {@code null} if a string is unterminated. */
    private static List<String> tokens(String json) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = json.length();
        while (i < n) {
            char c = json.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                i++;
            } else if (c == '{' || c == '}' || c == '[' || c == ']' || c == ',' || c == ':') {
                out.add(String.valueOf(c));
                i++;
            } else if (c == '"') {
                int j = i + 1;
                while (j < n && json.charAt(j) != '"') {
                    j += json.charAt(j) == '\\' ? 2 : 1;
                }
                if (j >= n) {
                    return null;
                }
                out.add(json.substring(i, j + 1));
                i = j + 1;
            } else {
                int j = i;
                while (j < n && " \t\n\r{}[],:\"".indexOf(json.charAt(j)) < 0) {
                    j++;
                }
                out.add(json.substring(i, j));
                i = j;
            }
        }
        return out;
    }

    /** Escapes non-ASCII characters inside string literals as {@code \\u00e9-style}. */
    private static String escapeNonAscii(String json, boolean upper) {
        StringBuilder s = new StringBuilder(json.length() + 32);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c >= 0x80) {
                String hex = String.format(Locale.ROOT, "%04x", (int) c);
                s.append("\\u").append(upper ? hex.toUpperCase(Locale.ROOT) : hex);
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }

    private static final Pattern UNICODE_ESCAPE = Pattern.compile("(\\\\+)u([0-9a-fA-F]{4})");

    /** Writes {@code \\u00e9-style} escapes of non-ASCII characters as the characters (escaped backslashes are kept). */
    private static String unescapeNonAscii(String json) {
        Matcher m = UNICODE_ESCAPE.matcher(json);
        StringBuilder s = new StringBuilder(json.length());
        boolean changed = false;
        while (m.find()) {
            String slashes = m.group(1);
            int code = Integer.parseInt(m.group(2), 16);
            if (slashes.length() % 2 == 1 && code >= 0x80) {
                m.appendReplacement(s, Matcher.quoteReplacement(slashes.substring(1) + (char) code));
                changed = true;
            } else {
                m.appendReplacement(s, Matcher.quoteReplacement(m.group()));
            }
        }
        m.appendTail(s);
        return changed ? s.toString() : null;
    }

    /** URL variants a proxy typically produces, with what differs from the received URL. */
    private static Map<URI, String> urlVariants(URI url) {
        Map<URI, String> out = new LinkedHashMap<>();
        String scheme = url.getScheme() == null ? "https" : url.getScheme().toLowerCase(Locale.ROOT);
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String togglePath = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path + "/";
        int port = url.getPort();
        for (String s : List.of(scheme, scheme.equals("https") ? "http" : "https")) {
            int defaultPort = s.equals("https") ? 443 : 80;
            List<Integer> ports = new ArrayList<>();
            ports.add(-1);
            if (port != -1) {
                ports.add(port);
            }
            ports.add(defaultPort);
            for (int p : ports) {
                for (String pth : List.of(path, togglePath)) {
                    URI candidate = uri(url, s, p, pth);
                    if (candidate == null || candidate.equals(url) || out.containsKey(candidate)) {
                        continue;
                    }
                    List<String> changes = new ArrayList<>();
                    if (!s.equals(scheme)) {
                        changes.add("scheme " + s + " instead of " + scheme);
                    }
                    if (p != port) {
                        changes.add(
                                p == -1
                                        ? "no explicit port (received " + port + ")"
                                        : port == -1
                                                ? "explicit port " + p + " (received none)"
                                                : "port " + p + " instead of " + port);
                    }
                    if (!pth.equals(path)) {
                        changes.add(
                                pth.endsWith("/")
                                        ? "a trailing slash added to the path"
                                        : "the trailing slash removed");
                    }
                    if (!changes.isEmpty()) {
                        out.put(candidate, String.join(", ", changes));
                    }
                }
            }
        }
        return out;
    }

    private static URI uri(URI url, String scheme, int port, String rawPath) {
        try {
            StringBuilder s = new StringBuilder();
            s.append(scheme).append("://");
            if (url.getRawUserInfo() != null) {
                s.append(url.getRawUserInfo()).append('@');
            }
            s.append(url.getHost());
            if (port != -1) {
                s.append(':').append(port);
            }
            s.append(rawPath);
            if (url.getRawQuery() != null) {
                s.append('?').append(url.getRawQuery());
            }
            if (url.getRawFragment() != null) {
                s.append('#').append(url.getRawFragment());
            }
            return new URI(s.toString());
        } catch (URISyntaxException e) {
            return null;
        }
    }

    // ---- Helpers --------------------------------------------------------------------------------------------------

    /** The first 8 hex digits of the SHA-256 of the bytes: enough to compare, useless to forge. */
    static String fingerprint(byte[] bytes) {
        return HexFormat.of().formatHex(Macs.sha256().digest(bytes)).substring(0, 8);
    }

    private static boolean looksLikeJson(byte[] body) {
        int i = startsWith(body, BOM) ? 3 : 0;
        while (i < body.length && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t')) {
            i++;
        }
        return i < body.length && (body[i] == '{' || body[i] == '[');
    }

    private static boolean looksPretty(byte[] body) {
        String s = new String(body, StandardCharsets.ISO_8859_1).strip();
        return s.contains("\n") && (s.contains("\n  ") || s.contains("\n\t"));
    }

    private static String decodeUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean validUtf8(byte[] bytes) {
        return decodeUtf8(bytes) != null;
    }

    private static byte[] base64(String text) {
        for (Base64.Decoder d : List.of(Base64.getDecoder(), Base64.getUrlDecoder())) {
            try {
                return d.decode(text);
            } catch (IllegalArgumentException e) {
                // try the next alphabet
            }
        }
        return null;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean startsWith(byte[] body, byte[] prefix) {
        if (body.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (body[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean endsWith(byte[] body, String suffix) {
        byte[] s = suffix.getBytes(StandardCharsets.US_ASCII);
        if (body.length < s.length) {
            return false;
        }
        for (int i = 0; i < s.length; i++) {
            if (body[body.length - s.length + i] != s[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] body, byte b) {
        for (int i = 0; i < body.length; i++) {
            if (body[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
