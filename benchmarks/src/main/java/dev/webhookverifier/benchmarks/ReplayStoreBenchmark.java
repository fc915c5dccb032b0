package dev.webhookverifier.benchmarks;

import dev.webhookverifier.redis.RedisReplayStore;
import dev.webhookverifier.replay.Claim;
import dev.webhookverifier.replay.ReplayStore;
import dev.webhookverifier.replay.ReplayStoreException;
import dev.webhookverifier.replay.ReplayStores;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Replay stores (issue 3): the in-memory store's claim + complete throughput on one and two threads, and the
 * latency of one Redis claim on loopback (percentiles from {@link Mode#SampleTime}).
 *
 * <p>Every operation claims a fresh key, as a stream of distinct deliveries does. The in-memory store keeps keys for
 * 50 ms so that the benchmark measures the steady state of a bounded store that evicts as it goes, not a map
 * growing to the heap's size. Redis is found through {@code WEBHOOK_VERIFIER_REDIS_URI} (default
 * {@code redis://127.0.0.1:6379}); without it the Redis benchmark fails in setup.
 */
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 2,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class ReplayStoreBenchmark {
    private static final Duration LEASE = Duration.ofMillis(50);
    private static final Duration RETENTION = Duration.ofMillis(50);

    /** One in-memory store shared by the benchmark's threads. */
    @State(Scope.Benchmark)
    public static class InMemory {
        ReplayStore store;

        @Setup(Level.Trial)
        public void setup() {
            store = ReplayStores.inMemory(1 << 20);
        }
    }

    /** A per-thread key sequence, so threads never collide on a key. */
    @State(Scope.Thread)
    public static class Keys {
        private final String prefix = "wv:bench:" + UUID.randomUUID() + ":";
        private long next;

        String next() {
            return prefix + next++;
        }
    }

    /** One Redis store (one multiplexed connection) shared by the benchmark's threads. */
    @State(Scope.Benchmark)
    public static class Redis {
        RedisReplayStore store;

        @Setup(Level.Trial)
        public void setup() throws ReplayStoreException {
            String uri = System.getenv().getOrDefault("WEBHOOK_VERIFIER_REDIS_URI", "redis://127.0.0.1:6379");
            store = RedisReplayStore.of(uri);
            store.release(store.claim("wv:bench:warm-up", LEASE)); // fail here, loudly, if Redis is not there
        }

        @TearDown(Level.Trial)
        public void close() {
            store.close();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(1)
    public Claim inMemoryClaimAndCompleteOneThread(InMemory memory, Keys keys) throws ReplayStoreException {
        return claimAndComplete(memory.store, keys.next());
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(2)
    public Claim inMemoryClaimAndCompleteTwoThreads(InMemory memory, Keys keys) throws ReplayStoreException {
        return claimAndComplete(memory.store, keys.next());
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(1)
    public Claim redisClaim(Redis redis, Keys keys) throws ReplayStoreException {
        return redis.store.claim(keys.next(), Duration.ofSeconds(5));
    }

    private static Claim claimAndComplete(ReplayStore store, String key) throws ReplayStoreException {
        Claim claim = store.claim(key, LEASE);
        store.complete(claim, RETENTION);
        return claim;
    }
}
