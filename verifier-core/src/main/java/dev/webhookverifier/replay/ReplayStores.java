package dev.webhookverifier.replay;

import java.time.Clock;

/**
 * Factories for the replay stores in core.
 *
 * <p><b>Thread safety:</b> the stores returned are thread-safe.
 */
public final class ReplayStores {
    private ReplayStores() {}

    /**
     * A bounded, expiring store for one process, on the system clock.
     *
     * <p>When {@code maxEntries} unexpired keys are held it refuses new claims (the verifier answers
     * {@code STORE_UNAVAILABLE}, retryable) instead of forgetting old keys, which would reopen replays. Size it
     * for the peak number of deliveries per retention window; a key costs roughly 200 bytes.
     *
     * @param maxEntries the most keys held at once
     * @return the store
     */
    public static ReplayStore inMemory(int maxEntries) {
        return new InMemoryReplayStore(maxEntries, Clock.systemUTC());
    }

    /**
     * A bounded, expiring store for one process whose expiry follows {@code clock} (use the verifier's clock).
     *
     * @param maxEntries the most keys held at once
     * @param clock the clock for expiry
     * @return the store
     */
    public static ReplayStore inMemory(int maxEntries, Clock clock) {
        return new InMemoryReplayStore(maxEntries, clock);
    }
}
