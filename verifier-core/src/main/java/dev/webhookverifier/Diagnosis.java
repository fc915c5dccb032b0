package dev.webhookverifier;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link WebhookDiagnostics} found about one request: each check with its outcome, the {@link FailureReason}
 * verification would give, and the likely causes it confirmed by trying variants of the body, the secret and the
 * URL.
 *
 * <p><b>Thread safety:</b> immutable.
 *
 * <p><b>Security:</b> contains no secret, no signature (offered or expected) and no body content: secrets and
 * offered signatures appear only as short fingerprints (the first 8 hex digits of the SHA-256 of the secret text as
 * configured, or of the decoded signature bytes). Still, keep it out of HTTP responses: it tells whoever reads it
 * which check failed.
 */
public final class Diagnosis {
    /** The outcome of one check. */
    public enum Status {
        /** The check passed. */
        PASS,
        /** The check failed; verification would reject the request. */
        FAIL,
        /** The check was not run (an earlier one failed, or it does not apply). */
        SKIPPED
    }

    /** A likely cause of a failure. */
    public enum Cause {
        /** A newline was added to or removed from the end of the body. */
        BODY_TRAILING_NEWLINE,
        /** Line endings were converted (CRLF to LF or back). */
        BODY_LINE_ENDINGS,
        /** A UTF-8 byte order mark was added in front of the body. */
        BODY_BOM,
        /** The body was decoded with the wrong charset (ISO-8859-1 instead of UTF-8, or back) and re-encoded. */
        BODY_CHARSET,
        /** The JSON body was parsed and re-serialized (compact, pretty-printed, other spacing or key order). */
        BODY_JSON_RESERIALIZED,
        /** Non-ASCII characters of the JSON body were escaped as {@code \\u00e9-style} (or unescaped). */
        BODY_JSON_UNICODE_ESCAPES,
        /** The secret has surrounding whitespace (a copied newline). */
        SECRET_WHITESPACE,
        /** The secret text is decoded the wrong way for the sender (whole text versus base64 after its prefix). */
        SECRET_ENCODING,
        /** The value is not a webhook signing secret (an API key, a token of another kind). */
        SECRET_WRONG_TYPE,
        /** The signature matches a secret whose acceptUntil deadline has passed. */
        SECRET_EXPIRED,
        /** The configured secret does not match and no variant tried does: another secret signed the request. */
        SECRET_DIFFERENT,
        /** The signed timestamp is outside the tolerance: a clock is off, or the request is old. */
        CLOCK_SKEW,
        /** A proxy changed the URL (scheme, port, trailing slash) between the provider and the receiver. */
        URL_CHANGED,
        /** The request carries signatures only under versions or algorithms this verifier does not check. */
        UNKNOWN_SIGNATURE_VERSION,
        /** A required header is absent (stripped by a proxy, or the request is not from the provider). */
        HEADER_MISSING
    }

    /**
     * One check.
     *
     * @param name a short name: {@code body}, {@code headers}, {@code secret}, {@code signature},
     *     {@code timestamp}, {@code replay}
     * @param status the outcome
     * @param reason the reason verification gives when this check fails, or {@code null}
     * @param detail what was found, without secrets, signatures or body content
     */
    public record Step(String name, Status status, FailureReason reason, String detail) {
        /**
         * Checks the fields.
         *
         * @param name the name
         * @param status the status
         * @param reason the reason, or {@code null}
         * @param detail the detail
         */
        public Step {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * A likely cause.
     *
     * @param cause the kind of cause
     * @param confirmed {@code true} if a variant of the request or secret with this cause undone verifies; otherwise
     *     a suspicion
     * @param message what happened and what to do
     */
    public record Hint(Cause cause, boolean confirmed, String message) {
        /**
         * Checks the fields.
         *
         * @param cause the cause
         * @param confirmed whether confirmed
         * @param message the message
         */
        public Hint {
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(message, "message");
        }
    }

    private final String providerId;
    private final List<Step> steps;
    private final List<Hint> hints;
    private final Map<String, String> secretFingerprints;
    private final List<String> signatureFingerprints;

    Diagnosis(
            String providerId,
            List<Step> steps,
            List<Hint> hints,
            Map<String, String> secretFingerprints,
            List<String> signatureFingerprints) {
        this.providerId = providerId;
        this.steps = List.copyOf(steps);
        this.hints = List.copyOf(hints);
        this.secretFingerprints =
                java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(secretFingerprints));
        this.signatureFingerprints = List.copyOf(signatureFingerprints);
    }

    /**
     * The provider id.
     *
     * @return e.g. {@code stripe}
     */
    public String providerId() {
        return providerId;
    }

    /**
     * Whether the request verifies (every check passed; the replay store was not consulted).
     *
     * @return {@code true} if verification would accept it
     */
    public boolean verified() {
        return steps.stream().noneMatch(s -> s.status() == Status.FAIL);
    }

    /**
     * The reason verification gives: that of the first failed check.
     *
     * @return the reason; empty if the request verifies (or only the configuration is wrong)
     */
    public Optional<FailureReason> reason() {
        return steps.stream()
                .filter(s -> s.status() == Status.FAIL && s.reason() != null)
                .map(Step::reason)
                .findFirst();
    }

    /**
     * The checks in the order verification runs them.
     *
     * @return an unmodifiable list
     */
    public List<Step> steps() {
        return steps;
    }

    /**
     * The likely causes, confirmed ones first.
     *
     * @return an unmodifiable list; empty if nothing was found
     */
    public List<Hint> hints() {
        return hints;
    }

    /**
     * Whether a hint of this cause was found.
     *
     * @param cause the cause
     * @return {@code true} if {@link #hints()} has one
     */
    public boolean has(Cause cause) {
        return hints.stream().anyMatch(h -> h.cause() == cause);
    }

    /**
     * A fingerprint per configured secret id: the first 8 hex digits of the SHA-256 of the secret exactly as
     * configured (compare with {@code printf '%s' "$SECRET" | sha256sum | cut -c1-8}).
     *
     * @return secret id to fingerprint, in ring order
     */
    public Map<String, String> secretFingerprints() {
        return secretFingerprints;
    }

    /**
     * A fingerprint per offered signature: the first 8 hex digits of the SHA-256 of its decoded bytes.
     *
     * @return the fingerprints, in header order
     */
    public List<String> signatureFingerprints() {
        return signatureFingerprints;
    }

    /** A readable multi-line explanation. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append(verified() ? "VERIFIES" : "FAILS")
                .append(": ")
                .append(providerId)
                .append(" request");
        reason().ifPresent(r -> s.append(" (").append(r).append(')'));
        s.append('\n');
        for (Step step : steps) {
            s.append("  [")
                    .append(
                            switch (step.status()) {
                                case PASS -> "pass";
                                case FAIL -> "FAIL";
                                case SKIPPED -> "skip";
                            })
                    .append("] ")
                    .append(step.name());
            if (step.status() == Status.FAIL && step.reason() != null) {
                s.append(" (").append(step.reason()).append(')');
            }
            s.append(": ").append(step.detail()).append('\n');
        }
        if (!secretFingerprints.isEmpty()) {
            s.append("  secrets:    ");
            secretFingerprints.forEach(
                    (id, fp) -> s.append(id).append("=sha256:").append(fp).append(' '));
            s.setLength(s.length() - 1);
            s.append('\n');
        }
        if (!signatureFingerprints.isEmpty()) {
            s.append("  signatures: ");
            for (String fp : signatureFingerprints) {
                s.append("sha256:").append(fp).append(' ');
            }
            s.setLength(s.length() - 1);
            s.append('\n');
        }
        if (!hints.isEmpty()) {
            s.append("Likely causes:\n");
            for (Hint h : hints) {
                s.append("  - ")
                        .append(h.confirmed() ? "" : "possibly: ")
                        .append(h.message())
                        .append(" [")
                        .append(h.cause())
                        .append("]\n");
            }
        }
        return s.toString().stripTrailing();
    }
}
