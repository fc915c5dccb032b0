package dev.webhookverifier.replay;

import java.util.Objects;

/**
 * The outcome of {@link ReplayStore#claim}: acquired by this caller (with the token that proves it), or a
 * duplicate of a delivery that completed or is still in flight.
 *
 * <p><b>Thread safety:</b> immutable.
 */
public final class Claim {
    /** What a claim found. */
    public enum Status {
        /** This caller holds the claim and must complete or release it. */
        ACQUIRED,
        /** The key was completed before: a duplicate of a delivery already handled successfully. */
        DUPLICATE_COMPLETED,
        /** The key is held by another caller whose handler is still running. */
        DUPLICATE_IN_FLIGHT
    }

    private final String key;
    private final String token;
    private final Status status;

    private Claim(String key, String token, Status status) {
        this.key = Objects.requireNonNull(key, "key");
        this.token = token;
        this.status = Objects.requireNonNull(status, "status");
    }

    /**
     * A claim this caller won.
     *
     * @param key the key
     * @param token a value unique to this claim, so only its holder can complete or release it
     * @return the claim
     */
    public static Claim acquired(String key, String token) {
        return new Claim(key, Objects.requireNonNull(token, "token"), Status.ACQUIRED);
    }

    /**
     * A duplicate.
     *
     * @param key the key
     * @param completed whether the first delivery completed ({@code false}: still in flight)
     * @return the claim
     */
    public static Claim duplicate(String key, boolean completed) {
        return new Claim(key, null, completed ? Status.DUPLICATE_COMPLETED : Status.DUPLICATE_IN_FLIGHT);
    }

    /**
     * The key.
     *
     * @return the scoped replay key
     */
    public String key() {
        return key;
    }

    /**
     * The holder's token.
     *
     * @return the token, or {@code null} for a duplicate
     */
    public String token() {
        return token;
    }

    /**
     * What the claim found.
     *
     * @return the status
     */
    public Status status() {
        return status;
    }

    /**
     * Whether this caller won the claim.
     *
     * @return {@code true} for {@link Status#ACQUIRED}
     */
    public boolean acquired() {
        return status == Status.ACQUIRED;
    }

    @Override
    public String toString() {
        // The key of an unsigned-id delivery is its verified signature: not for logs.
        return "Claim[" + status + "]";
    }
}
