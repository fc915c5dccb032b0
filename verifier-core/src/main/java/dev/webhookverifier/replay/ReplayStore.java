package dev.webhookverifier.replay;

import java.time.Duration;

/**
 * Remembers which deliveries were seen, so a captured or re-sent request is processed at most once, without
 * ever losing a genuine retry.
 *
 * <p>A delivery moves through three states: <em>absent</em>, <em>in flight</em> (claimed, its handler running)
 * and <em>completed</em> (handled successfully). {@link #claim} moves absent to in flight atomically; exactly
 * one of any number of concurrent callers wins. {@link #complete} moves the winner's claim to completed and
 * keeps it for the retention; {@link #release} forgets it, so the provider's retry after a failed handler is
 * processed. An in-flight claim whose holder died expires after its lease, for the same reason.
 *
 * <p>Keys are chosen by the verifier from signed material only, already scoped per endpoint, and are at most a
 * few hundred characters of printable ASCII.
 *
 * <p><b>Thread safety:</b> implementations must be thread-safe; across processes sharing a store (Redis), claims
 * must be atomic across all of them.
 *
 * <p><b>Failure:</b> an implementation that cannot reach its storage throws {@link ReplayStoreException} within
 * a bounded time; the verifier then rejects with {@code STORE_UNAVAILABLE} (retryable), never accepts.
 *
 * <p>Implementations: {@link ReplayStores#inMemory(int)} for one node; {@code verifier-redis} for a cluster.
 * {@code verifier-test} has {@code ReplayStoreContractTest}, which every implementation should pass.
 */
public interface ReplayStore {
    /**
     * Claims a key if nobody holds or completed it.
     *
     * @param key the scoped replay key
     * @param lease how long an in-flight claim lives if never completed or released
     * @return the outcome; {@link Claim#acquired()} only for the one caller that won
     * @throws ReplayStoreException if the store cannot be reached or is full
     */
    Claim claim(String key, Duration lease) throws ReplayStoreException;

    /**
     * Marks a claim this caller acquired as completed and keeps it for {@code retention} from now.
     * Does nothing if the claim has expired and the key was claimed by someone else since.
     *
     * @param claim an acquired claim
     * @param retention how long duplicates are recognised
     * @throws ReplayStoreException if the store cannot be reached
     */
    void complete(Claim claim, Duration retention) throws ReplayStoreException;

    /**
     * Forgets a claim this caller acquired, so the next delivery of the same key is processed. Does nothing if the
     * key is no longer held by this claim.
     *
     * @param claim an acquired claim
     * @throws ReplayStoreException if the store cannot be reached
     */
    void release(Claim claim) throws ReplayStoreException;
}
