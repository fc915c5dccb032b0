package dev.webhookverifier;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The secrets a verifier accepts, tried in order; the first that matches is reported in
 * {@link VerifiedDelivery#secretId()}.
 *
 * <p>Every verifier holds a ring, even of one secret, so rotating is a configuration change: add the new
 * secret first, give the old one an {@link WebhookSecret#acceptUntil(java.time.Instant) acceptUntil}
 * deadline, and it stops being accepted without a redeploy.
 *
 * <p><b>Thread safety:</b> immutable.
 *
 * <p><b>Security:</b> {@link #toString()} lists ids only.
 */
public final class SecretRing {
    /** More would make every forged request cost that many MACs. */
    static final int MAX_SECRETS = 16;

    private final List<WebhookSecret> secrets;

    private SecretRing(List<WebhookSecret> secrets) {
        this.secrets = secrets;
    }

    /**
     * A ring of one or more secrets with distinct ids.
     *
     * @param secrets the secrets, newest first
     * @return the ring
     * @throws IllegalArgumentException if there is no secret, more than 16, or two share an id
     */
    public static SecretRing of(WebhookSecret... secrets) {
        return of(List.of(secrets));
    }

    /**
     * A ring of one or more secrets with distinct ids.
     *
     * @param secrets the secrets, newest first
     * @return the ring
     * @throws IllegalArgumentException if there is no secret, more than 16, or two share an id
     */
    public static SecretRing of(List<WebhookSecret> secrets) {
        Objects.requireNonNull(secrets, "secrets");
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("a secret ring needs at least one secret");
        }
        if (secrets.size() > MAX_SECRETS) {
            throw new IllegalArgumentException("a secret ring holds at most " + MAX_SECRETS + " secrets");
        }
        Set<String> ids = new HashSet<>();
        for (WebhookSecret s : secrets) {
            Objects.requireNonNull(s, "secret");
            if (!ids.add(s.id())) {
                throw new IllegalArgumentException("two secrets share the id '" + s.id() + "'; ids must be distinct");
            }
        }
        return new SecretRing(List.copyOf(secrets));
    }

    /**
     * The secrets in the order they are tried.
     *
     * @return an unmodifiable list
     */
    public List<WebhookSecret> secrets() {
        return secrets;
    }

    @Override
    public String toString() {
        return "SecretRing" + secrets.stream().map(WebhookSecret::id).toList();
    }
}
