package dev.webhookverifier.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookverifier.replay.Claim;
import dev.webhookverifier.replay.ReplayStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link ReplayStore} must pass: claim, duplicate detection in flight and after completion,
 * release, token checks, lease and retention expiry, many keys, and a many-thread race on one key where exactly one
 * caller wins.
 *
 * <p>Extend it once per implementation and implement {@link #newStore()} and {@link #advance(Duration)}:
 *
 * <pre>{@code
 * class InMemoryReplayStoreContractTest extends ReplayStoreContractTest {
 *     private final TestClock clock = TestClock.now(); // a java.time.Clock your test can move
 *
 *     protected ReplayStore newStore() {
 *         return ReplayStores.inMemory(20_000, clock);
 *     }
 *
 *     protected void advance(Duration duration) {
 *         clock.advance(duration);
 *     }
 * }
 * }</pre>
 *
 * <p>A store on real time (Redis) implements {@link #advance(Duration)} by sleeping; the contract keeps every such
 * wait short ({@link #shortDuration()}, 400 ms by default, a few times per run) and never asserts that something
 * has <em>not yet</em> expired after a short duration, so a slow machine cannot make it flaky.
 *
 * <p>Keys are unique per test instance (a random prefix), so stores backed by a shared server need no cleanup
 * between runs.
 *
 * <p>Requires JUnit Jupiter (5.x or 6) and AssertJ on the test class path; this artifact declares both as optional
 * so your own versions win.
 *
 * <p><b>Thread safety:</b> each test method gets a fresh instance and a fresh store, as JUnit does by default.
 */
public abstract class ReplayStoreContractTest {
    /** A duration no test outlives: used for leases and retentions that must not expire during a test. */
    protected static final Duration LONG = Duration.ofMinutes(5);

    private final String keyPrefix = "contract:" + UUID.randomUUID() + ":";

    /** The store under test, created by {@link #newStore()} before each test. */
    protected ReplayStore store;

    /** Creates the contract test. */
    protected ReplayStoreContractTest() {}

    /**
     * A fresh store (or a fresh view of a shared one) for one test. It must hold at least {@link #manyKeys()} keys
     * at once. If it is {@link AutoCloseable}, it is closed after the test.
     *
     * @return the store under test
     * @throws Exception if the store cannot be created
     */
    protected abstract ReplayStore newStore() throws Exception;

    /**
     * Lets at least {@code duration} pass in the store's notion of time: advance an injected clock, or sleep for a
     * store on real time.
     *
     * @param duration how much time must pass
     * @throws Exception if waiting fails
     */
    protected abstract void advance(Duration duration) throws Exception;

    /**
     * The lease or retention used by the expiry tests: long enough for a claim and a check to run well within it on
     * a loaded machine, short enough to wait out. Override for stores with a coarse expiry (default 400 ms).
     *
     * @return the short duration
     */
    protected Duration shortDuration() {
        return Duration.ofMillis(400);
    }

    /**
     * Extra time added when waiting an expiry out, for stores whose expiry is not exact (default 100 ms).
     *
     * @return the margin
     */
    protected Duration expiryMargin() {
        return Duration.ofMillis(100);
    }

    /**
     * How many distinct keys {@link #claimWhenManyDistinctKeysThenEveryOneAcquired()} claims (default 10,000).
     *
     * @return the number of keys
     */
    protected int manyKeys() {
        return 10_000;
    }

    /**
     * How many threads race for one key (default 16).
     *
     * @return the number of racing threads
     */
    protected int raceThreads() {
        return 16;
    }

    /**
     * How many rounds the race runs, each on a fresh key (default 50).
     *
     * @return the number of rounds
     */
    protected int raceRounds() {
        return 50;
    }

    /**
     * A key unique to this test instance.
     *
     * @param name a readable suffix
     * @return the key
     */
    protected final String key(String name) {
        return keyPrefix + name;
    }

    /**
     * Creates the store for one test.
     *
     * @throws Exception if {@link #newStore()} fails
     */
    @BeforeEach
    protected void createStore() throws Exception {
        store = newStore();
        assertThat(store).as("newStore()").isNotNull();
    }

    /**
     * Closes the store if it is {@link AutoCloseable}.
     *
     * @throws Exception if closing fails
     */
    @AfterEach
    protected void closeStore() throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /**
     * The first claim of a key wins and carries a token.
     *
     * @throws Exception if the store fails
     */
    @Test
    public void claimWhenKeyIsNewThenAcquiredWithToken() throws Exception {
        Claim claim = store.claim(key("first"), LONG);

        assertThat(claim.status()).isEqualTo(Claim.Status.ACQUIRED);
        assertThat(claim.acquired()).isTrue();
        assertThat(claim.key()).isEqualTo(key("first"));
        assertThat(claim.token()).isNotBlank();
    }

    /**
     * A claim of a key held by another caller is a duplicate in flight.
     *
     * @throws Exception if the store fails
     */
    @Test
    public void claimWhenHeldByAnotherThenDuplicateInFlight() throws Exception {
        store.claim(key("busy"), LONG);

        Claim second = store.claim(key("busy"), LONG);

        assertThat(second.status()).isEqualTo(Claim.Status.DUPLICATE_IN_FLIGHT);
        assertThat(second.acquired()).isFalse();
        assertThat(second.key()).isEqualTo(key("busy"));
    }

    /**
     * A claim of a completed key is a duplicate of a completed delivery, for as long as it is retained.
     *
     * @throws Exception if the store fails
     */
    @Test
    public void claimWhenCompletedThenDuplicateCompleted() throws Exception {
        Claim first = store.claim(key("done"), LONG);
        store.complete(first, LONG);

        assertThat(store.claim(key("done"), LONG).status()).isEqualTo(Claim.Status.DUPLICATE_COMPLETED);
        assertThat(store.claim(key("done"), LONG).status()).isEqualTo(Claim.Status.DUPLICATE_COMPLETED);
    }

    /**
     * Releasing a claim after completing it leaves the key completed: a {@code finally { release(claim); }} after a
     * successful {@code complete} must not reopen the delivery to replays.
     *
     * @throws Exception if the store fails
     */
    @Test
    public void releaseWhenAlreadyCompletedThenKeyStaysCompleted() throws Exception {
        Claim first = store.claim(key("completed-then-released"), LONG);
        store.complete(first, LONG);
        store.release(first);

        assertThat(store.claim(key("completed-then-released"), LONG).status())
                .isEqualTo(Claim.Status.DUPLICATE_COMPLETED);
    }

    /**
     * A released key can be claimed again, with a new token (the provider's retry after a failure).
     *
     * @throws Exception if the store fails
     */
    @Test
    public void claimWhenReleasedThenAcquiredAgainWithNewToken() throws Exception {
        Claim first = store.claim(key("retry"), LONG);
        store.release(first);

        Claim second = store.claim(key("retry"), LONG);

        assertThat(second.status()).isEqualTo(Claim.Status.ACQUIRED);
        assertThat(second.token()).isNotEqualTo(first.token());
        store.complete(second, LONG);
        assertThat(store.claim(key("retry"), LONG).status()).isEqualTo(Claim.Status.DUPLICATE_COMPLETED);
    }

    /**
     * Completing with a token that is not the holder's changes nothing.
     *
     * @throws Exception if the store fails
     */
    @Test
    public void completeWhenTokenIsNotTheHoldersThenNothingChanges() throws Exception {
        Claim holder = store.claim(key("forged"), LONG);
        Claim stranger = Claim.acquired(key("forged"), "not-the-holders-token");

        store.complete(stranger, LONG);

        assertThat(store.claim(key("forged"), LONG).status()).isEqualTo(Claim.Status.DUPLICATE_IN_FLIGHT);
        store.release(holder);
        assertThat(store.claim(key("forged"), LONG).status()).isEqualTo(Claim.Status.ACQUIRED);
    }

    /**
     * Releasing with a token that is not the holder's changes nothing, in flight or completed.
     *
     * @throws Exception if the store fails
     */
    @Test
    public void releaseWhenTokenIsNotTheHoldersThenNothingChanges() throws Exception {
        Claim holder = store.claim(key("forged-release"), LONG);
        Claim stranger = Claim.acquired(key("forged-release"), "not-the-holders-token");

        store.release(stranger);

        assertThat(store.claim(key("forged-release"), LONG).status()).isEqualTo(Claim.Status.DUPLICATE_IN_FLIGHT);
        store.complete(holder, LONG);
        store.release(stranger);
        assertThat(store.claim(key("forged-release"), LONG).status()).isEqualTo(Claim.Status.DUPLICATE_COMPLETED);
    }

    /**
     * Completing or releasing a key nobody claimed creates nothing.
     *
     * @throws Exception if the store fails
     */
    @Test
    public void completeOrReleaseWhenKeyWasNeverClaimedThenNothingHappens() throws Exception {
        Claim ghost = Claim.acquired(key("ghost"), "never-issued");

        store.complete(ghost, LONG);
        store.release(ghost);

        assertThat(store.claim(key("ghost"), LONG).status()).isEqualTo(Claim.Status.ACQUIRED);
    }

    /**
     * An in-flight claim whose lease expired (its holder crashed) can be claimed again; the stale holder can then
     * neither complete nor release the new claim.
     *
     * @throws Exception if the store fails
     */
    @Test
    public void claimWhenLeaseExpiredThenAcquiredAgainAndStaleHolderCannotTouchIt() throws Exception {
        Claim stale = store.claim(key("crashed"), shortDuration());
        advance(shortDuration().plus(expiryMargin()));

        Claim fresh = store.claim(key("crashed"), LONG);
        assertThat(fresh.status()).isEqualTo(Claim.Status.ACQUIRED);
        assertThat(fresh.token()).isNotEqualTo(stale.token());

        // The first holder wakes up late: it must neither complete nor release the new holder's claim.
        store.complete(stale, LONG);
        assertThat(store.claim(key("crashed"), LONG).status()).isEqualTo(Claim.Status.DUPLICATE_IN_FLIGHT);
        store.release(stale);
        assertThat(store.claim(key("crashed"), LONG).status()).isEqualTo(Claim.Status.DUPLICATE_IN_FLIGHT);

        store.release(fresh);
        assertThat(store.claim(key("crashed"), LONG).status()).isEqualTo(Claim.Status.ACQUIRED);
    }

    /**
     * A completed key is forgotten after its retention.
     *
     * @throws Exception if the store fails
     */
    @Test
    public void claimWhenRetentionExpiredThenAcquiredAgain() throws Exception {
        Claim first = store.claim(key("retained"), LONG);
        store.complete(first, shortDuration());
        assertThat(store.claim(key("retained"), LONG).status()).isEqualTo(Claim.Status.DUPLICATE_COMPLETED);

        advance(shortDuration().plus(expiryMargin()));

        assertThat(store.claim(key("retained"), LONG).status()).isEqualTo(Claim.Status.ACQUIRED);
    }

    /**
     * Completing replaces the lease with the retention: a completed key outlives the lease it was claimed with.
     *
     * @throws Exception if the store fails
     */
    @Test
    public void completeWhenRetentionOutlastsLeaseThenDuplicateAfterLeaseExpiry() throws Exception {
        Claim first = store.claim(key("outlasts"), shortDuration());
        store.complete(first, LONG);

        advance(shortDuration().plus(expiryMargin()));

        assertThat(store.claim(key("outlasts"), LONG).status()).isEqualTo(Claim.Status.DUPLICATE_COMPLETED);
    }

    /**
     * Many distinct keys are all acquired, with distinct tokens, and stay held.
     *
     * @throws Exception if the store fails
     */
    @Test
    public void claimWhenManyDistinctKeysThenEveryOneAcquired() throws Exception {
        int n = manyKeys();
        List<Claim> claims = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Claim claim = store.claim(key("many-" + i), Duration.ofMinutes(1));
            assertThat(claim.status()).as("claim of key %d", i).isEqualTo(Claim.Status.ACQUIRED);
            claims.add(claim);
        }
        assertThat(claims.stream().map(Claim::token).distinct().count())
                .as("distinct tokens")
                .isEqualTo(n);
        for (int i = 0; i < n; i += Math.max(1, n / 100)) {
            assertThat(store.claim(key("many-" + i), LONG).status()).isEqualTo(Claim.Status.DUPLICATE_IN_FLIGHT);
        }
    }

    /**
     * {@link #raceThreads()} threads released at once on a fresh key: exactly one wins, in every one of {@link
     * #raceRounds()} rounds.
     *
     * @throws Exception if the store fails
     */
    @Test
    public void claimWhenThreadsRaceForOneKeyThenExactlyOneWins() throws Exception {
        int threads = raceThreads();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < raceRounds(); round++) {
                String key = key("race-" + round);
                CountDownLatch ready = new CountDownLatch(threads);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Claim>> results = new ArrayList<>(threads);
                for (int t = 0; t < threads; t++) {
                    results.add(pool.submit(() -> {
                        ready.countDown();
                        start.await();
                        return store.claim(key, LONG);
                    }));
                }
                assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
                start.countDown();

                int acquired = 0;
                for (Future<Claim> result : results) {
                    Claim claim = result.get(30, TimeUnit.SECONDS);
                    if (claim.acquired()) {
                        acquired++;
                    } else {
                        assertThat(claim.status()).isEqualTo(Claim.Status.DUPLICATE_IN_FLIGHT);
                    }
                }
                assertThat(acquired).as("winners in round %d", round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Threads claiming one key over and over while the winner completes it: nobody wins a second time.
     *
     * @throws Exception if the store fails
     */
    @Test
    public void claimWhenThreadsRaceWhileWinnerCompletesThenNoSecondWinner() throws Exception {
        int threads = raceThreads();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < Math.max(1, raceRounds() / 5); round++) {
                String key = key("race-complete-" + round);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> results = new ArrayList<>(threads);
                for (int t = 0; t < threads; t++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        int won = 0;
                        for (int attempt = 0; attempt < 20; attempt++) {
                            Claim claim = store.claim(key, LONG);
                            if (claim.acquired()) {
                                won++;
                                store.complete(claim, LONG);
                            }
                        }
                        return won;
                    }));
                }
                start.countDown();
                int winners = 0;
                for (Future<Integer> result : results) {
                    winners += result.get(30, TimeUnit.SECONDS);
                }
                assertThat(winners).as("acquisitions in round %d", round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
