package dev.webhookverifier.test;

import dev.webhookverifier.replay.ReplayStore;
import dev.webhookverifier.replay.ReplayStores;
import java.time.Duration;
import java.time.Instant;

/** The core in-memory store passes the contract, on a clock the test moves (no sleeping). */
class InMemoryReplayStoreContractTest extends ReplayStoreContractTest {
    private final TestClock clock = TestClock.at(Instant.parse("2026-11-27T08:00:00Z"));

    @Override
    protected ReplayStore newStore() {
        return ReplayStores.inMemory(2 * manyKeys(), clock);
    }

    @Override
    protected void advance(Duration duration) {
        clock.advance(duration);
    }
}
