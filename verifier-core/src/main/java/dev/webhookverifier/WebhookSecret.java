package dev.webhookverifier;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One webhook signing secret (or public key) with an id, exactly as the provider shows it.
 *
 * <p>The value is opaque: there is no getter, no {@code equals}/{@code hashCode}, and {@link #toString()}
 * prints only the id. How the value is decoded (the whole {@code whsec_...} string as UTF-8 for Stripe,
 * base64 after {@code whsec_} for Standard Webhooks, a {@code whpk_} Ed25519 public key, ...) is decided by
 * the {@link Provider}, which also rejects an obviously wrong value when the verifier is built.
 *
 * <p>A secret may carry a deadline ({@link #acceptUntil(Instant)}): after it, the verifier no longer accepts
 * signatures made with it, so a rotation expires without a redeploy.
 *
 * <p><b>Thread safety:</b> immutable.
 *
 * <p><b>Security:</b> byte arrays are copied in and never handed out. The value is kept as bytes, not as a
 * {@code String}, but the JVM cannot guarantee erasure from memory; treat the process as holding the secret.
 *
 * <p><b>Example:</b>
 *
 * <pre>{@code
 * SecretRing ring = SecretRing.of(
 *     WebhookSecret.of("2026-11", System.getenv("STRIPE_WEBHOOK_SECRET")),
 *     WebhookSecret.of("2026-05", System.getenv("STRIPE_WEBHOOK_SECRET_OLD"))
 *         .acceptUntil(Instant.parse("2026-12-01T00:00:00Z")));
 * }</pre>
 */
public final class WebhookSecret {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@/+-]{1,64}");

    private final String id;
    private final byte[] value;
    private final boolean raw;
    private final Instant acceptUntil;

    private WebhookSecret(String id, byte[] value, boolean raw, Instant acceptUntil) {
        this.id = id;
        this.value = value;
        this.raw = raw;
        this.acceptUntil = acceptUntil;
    }

    /**
     * A secret as text, exactly as the provider's dashboard shows it (prefix included).
     *
     * @param id a short, non-secret name for logs and {@link VerifiedDelivery#secretId()}, e.g. {@code 2026-11}
     * @param value the secret text; checked against the provider's format when the verifier is built
     * @return the secret
     * @throws IllegalArgumentException if the id is not 1-64 characters of {@code [A-Za-z0-9._:@/+-]} or the
     *     value is null
     */
    public static WebhookSecret of(String id, String value) {
        if (value == null) {
            throw new IllegalArgumentException(
                    "secret '" + checkId(id) + "' has no value (is the environment variable set?)");
        }
        return new WebhookSecret(checkId(id), value.getBytes(StandardCharsets.UTF_8), false, null);
    }

    /**
     * A secret given as the raw key bytes (for custom providers whose keys are not text).
     *
     * @param id a short, non-secret name
     * @param rawKey the key bytes; copied
     * @return the secret
     */
    public static WebhookSecret ofBytes(String id, byte[] rawKey) {
        Objects.requireNonNull(rawKey, "rawKey");
        return new WebhookSecret(checkId(id), rawKey.clone(), true, null);
    }

    private static String checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    "secret id must be 1-64 characters of [A-Za-z0-9._:@/+-] (it appears in logs, so never use the secret itself)");
        }
        return id;
    }

    /**
     * A copy of this secret that is accepted only until the given instant (inclusive), for rotations.
     *
     * @param deadline the last instant at which signatures made with this secret are accepted
     * @return a new secret with the deadline
     */
    public WebhookSecret acceptUntil(Instant deadline) {
        return new WebhookSecret(id, value, raw, Objects.requireNonNull(deadline, "deadline"));
    }

    /**
     * The non-secret id.
     *
     * @return the id given at creation
     */
    public String id() {
        return id;
    }

    /**
     * The deadline set by {@link #acceptUntil(Instant)}, if any.
     *
     * @return the deadline, or empty if the secret does not expire
     */
    public Optional<Instant> acceptUntil() {
        return Optional.ofNullable(acceptUntil);
    }

    /** The value bytes, not copied: callers in this package must not modify or leak them. */
    byte[] valueBytes() {
        return value;
    }

    boolean raw() {
        return raw;
    }

    /** Prints the id and deadline only, never the value. */
    @Override
    public String toString() {
        return "WebhookSecret[id=" + id + (acceptUntil == null ? "" : ", acceptUntil=" + acceptUntil)
                + ", value=<redacted>]";
    }
}
