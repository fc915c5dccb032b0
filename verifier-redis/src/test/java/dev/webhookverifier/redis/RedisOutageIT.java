package dev.webhookverifier.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookverifier.FailureReason;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookVerificationException;
import dev.webhookverifier.WebhookVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis fails under a stream of deliveries: a private redis-server (child process on a free port, not the shared
 * one) is killed or frozen mid-stream and brought back. While it is gone every delivery is refused with
 * {@code STORE_UNAVAILABLE} within the timeout and none is accepted; once it is back, the provider's retries of the
 * refused deliveries are processed: none lost, none processed twice.
 */
class RedisOutageIT {
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    /** Scheduling slack on a loaded 2-core CI machine; a hang would exceed it by far. */
    private static final Duration MARGIN = Duration.ofMillis(750);

    private static final Duration PROVIDER_BACKOFF = Duration.ofMillis(100);

    @TempDir
    Path dir;

    private RedisServerProcess server;
    private RedisReplayStore store;
    private TestDeliveries deliveries;
    private WebhookVerifier verifier;

    /** Delivery id to the number of times the handler ran for it. */
    private final Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();

    private final Queue<Long> handlerTimes = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void startRedis() throws Exception {
        server = new RedisServerProcess(RedisTestEnvironment.redisServer(), dir, RedisServerProcess.freePort()).start();
        RedisTestEnvironment.warmUp(RedisReplayStore.builder(server.uri()));
        store = RedisReplayStore.builder(server.uri()).timeout(TIMEOUT).build();
        deliveries = new TestDeliveries("outage");
        verifier = deliveries.verifier(store);
    }

    @AfterEach
    void stopRedis() {
        if (store != null) {
            store.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void verifyWhenRedisKilledMidStreamThenRefusedDuringOutageAndRetriesProcessedExactlyOnce() throws Exception {
        int total = 300;
        Provider provider = new Provider(4);
        provider.stream(total, Duration.ofMillis(10));

        provider.awaitAcknowledged(60, Duration.ofSeconds(20));
        server.kill();
        long outageStart = System.nanoTime();
        Thread.sleep(1500);
        long outageEnd = System.nanoTime();
        server.start();

        provider.awaitAcknowledged(total, Duration.ofSeconds(30));
        provider.stop();

        assertThat(handled).as("every delivery processed").hasSize(total);
        assertThat(handled.values())
                .as("none processed twice")
                .allSatisfy(n -> assertThat(n).hasValue(1));
        assertThat(handlerTimes)
                .as("nothing accepted during the outage")
                .noneMatch(t -> t > outageStart && t < outageEnd);
        List<Attempt> duringOutage = provider.attempts.stream()
                .filter(a -> a.start > outageStart && a.end < outageEnd)
                .toList();
        assertThat(duringOutage).as("attempts during the outage").hasSizeGreaterThan(20);
        assertThat(duringOutage).allSatisfy(a -> assertThat(a.outcome).isEqualTo("STORE_UNAVAILABLE"));
        assertBounded(provider.attempts);
        assertThat(provider.unexpected).isEmpty();
        System.out.println("RedisOutageIT kill: " + provider.summary() + ", during outage " + duringOutage.size());
    }

    @Test
    void verifyWhenRedisFrozenThenClaimsTimeOutAndRetriesAfterResumeAreProcessedExactlyOnce() throws Exception {
        List<WebhookRequest> before = requests(3);
        for (WebhookRequest request : before) {
            assertThat(deliver(request)).isEqualTo("handled");
        }

        server.pause();
        List<WebhookRequest> refused = requests(5);
        List<Attempt> frozen = new ArrayList<>();
        for (WebhookRequest request : refused) {
            long start = System.nanoTime();
            String outcome = deliver(request);
            frozen.add(new Attempt(start, System.nanoTime(), outcome));
        }
        assertThat(frozen).allSatisfy(a -> assertThat(a.outcome).isEqualTo("STORE_UNAVAILABLE"));
        assertThat(frozen)
                .allSatisfy(a ->
                        assertThat(Duration.ofNanos(a.end - a.start)).isGreaterThanOrEqualTo(TIMEOUT.minusMillis(20)));
        assertBounded(frozen);
        assertThat(handled).hasSize(3);
        server.resume();

        // The refused claims may reach Redis after the resume; the store sent a release behind each one, so the
        // retries are processed at once instead of being refused as "in flight" until the lease (5 min) expires.
        for (WebhookRequest request : refused) {
            assertThat(deliver(request)).isEqualTo("handled");
        }
        assertThat(handled).hasSize(8);
        assertThat(handled.values()).allSatisfy(n -> assertThat(n).hasValue(1));
    }

    @Test
    void verifyWhenStoreBuiltWhileRedisDownThenRefusedUntilRedisStarts() throws Exception {
        server.kill();
        store.close();
        store = RedisReplayStore.builder(server.uri()).timeout(TIMEOUT).build();
        verifier = deliveries.verifier(store);
        WebhookRequest request = deliveries.signer.sign("{\"n\":\"early\"}");

        long start = System.nanoTime();
        assertThat(deliver(request)).isEqualTo("STORE_UNAVAILABLE");
        assertBounded(List.of(new Attempt(start, System.nanoTime(), "STORE_UNAVAILABLE")));

        server.start();

        assertThat(deliver(request)).isEqualTo("handled");
        assertThat(deliver(request)).isEqualTo("REPLAYED completed");
        assertThat(handled).hasSize(1);
    }

    /**
     * A refused delivery waited for one store call at most (the claim); a handled one for two (claim and complete,
     * whose failure is logged but does not fail the delivery).
     */
    private static void assertBounded(Iterable<Attempt> attempts) {
        for (Attempt a : attempts) {
            Duration bound = a.outcome.equals("handled") ? TIMEOUT.multipliedBy(2) : TIMEOUT;
            assertThat(Duration.ofNanos(a.end - a.start))
                    .as("a delivery answered %s", a.outcome)
                    .isLessThan(bound.plus(MARGIN));
        }
    }

    private List<WebhookRequest> requests(int n) {
        List<WebhookRequest> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(deliveries.signer.sign("{\"n\":" + i + "}"));
        }
        return out;
    }

    /** One delivery attempt as the provider sees it: the handler's result or the rejection. */
    private String deliver(WebhookRequest request) {
        try {
            return verifier.verify(request, delivery -> {
                handlerTimes.add(System.nanoTime());
                handled.computeIfAbsent(delivery.deliveryId().orElseThrow(), id -> new AtomicInteger())
                        .incrementAndGet();
                return "handled";
            });
        } catch (WebhookVerificationException e) {
            return e.reason()
                    + (e.reason() == FailureReason.REPLAYED
                            ? (e.alreadyProcessed() ? " completed" : " in flight")
                            : "");
        }
    }

    private record Attempt(long start, long end, String outcome) {}

    /** A delivery due at a time: a fresh one from the stream or a retry after a refusal. */
    private record Due(WebhookRequest request, String id, long atNanos) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(atNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(atNanos, ((Due) other).atNanos);
        }
    }

    /**
     * The webhook provider: delivers a stream of distinct deliveries from a few threads and retries every refused
     * one (503 or 409) after a backoff, until it is acknowledged (2xx, including a duplicate of a processed one).
     */
    private final class Provider {
        final DelayQueue<Due> due = new DelayQueue<>();
        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        final Queue<Attempt> attempts = new ConcurrentLinkedQueue<>();
        final Queue<String> unexpected = new ConcurrentLinkedQueue<>();
        final ExecutorService workers;
        volatile boolean running = true;

        Provider(int threads) {
            workers = Executors.newFixedThreadPool(threads);
            for (int i = 0; i < threads; i++) {
                workers.submit(this::work);
            }
        }

        void stream(int n, Duration interval) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                String id = "msg_outage_" + i;
                WebhookRequest unsigned = WebhookRequest.builder()
                        .body("{\"n\":" + i + "}", StandardCharsets.UTF_8)
                        .build();
                WebhookRequest signed = deliveries.signer.sign(unsigned, id, Instant.now());
                due.add(new Due(signed, id, t0 + i * interval.toNanos()));
            }
        }

        private void work() {
            while (running) {
                Due next;
                try {
                    next = due.poll(50, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                if (next == null) {
                    continue;
                }
                long start = System.nanoTime();
                String outcome = deliver(next.request);
                attempts.add(new Attempt(start, System.nanoTime(), outcome));
                switch (outcome) {
                    case "handled", "REPLAYED completed" -> acknowledged.add(next.id);
                    case "STORE_UNAVAILABLE", "REPLAYED in flight" ->
                        due.add(new Due(next.request, next.id, System.nanoTime() + PROVIDER_BACKOFF.toNanos()));
                    default -> unexpected.add(next.id + ": " + outcome);
                }
            }
        }

        void awaitAcknowledged(int n, Duration max) throws InterruptedException {
            long deadline = System.nanoTime() + max.toNanos();
            while (acknowledged.size() < n && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(acknowledged)
                    .as("acknowledged deliveries (%s)", summary())
                    .hasSizeGreaterThanOrEqualTo(n);
        }

        void stop() throws InterruptedException {
            running = false;
            workers.shutdown();
            assertThat(workers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }

        String summary() {
            Map<String, Long> byOutcome =
                    attempts.stream().collect(Collectors.groupingBy(a -> a.outcome, Collectors.counting()));
            long slowest =
                    attempts.stream().mapToLong(a -> a.end - a.start).max().orElse(0);
            return attempts.size() + " attempts " + byOutcome + ", slowest "
                    + Duration.ofNanos(slowest).toMillis() + " ms";
        }
    }
}
