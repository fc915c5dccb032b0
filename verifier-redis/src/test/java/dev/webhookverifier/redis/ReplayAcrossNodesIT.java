package dev.webhookverifier.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookverifier.FailureReason;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookVerificationException;
import dev.webhookverifier.WebhookVerifier;
import io.lettuce.core.RedisURI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two receiver nodes, each with its own verifier, Redis store and connection, share one Redis: a delivery is
 * processed once however the provider's copies are spread over them.
 */
class ReplayAcrossNodesIT {
    private static final int DELIVERIES = 1_000;
    private static final int THREADS = 32;

    private static RedisURI redis;

    private RedisReplayStore storeA;
    private RedisReplayStore storeB;
    private WebhookVerifier nodeA;
    private WebhookVerifier nodeB;
    private TestDeliveries deliveries;
    private ExecutorService pool;

    @BeforeAll
    static void findRedis() throws Exception {
        redis = RedisTestEnvironment.sharedRedis();
        RedisTestEnvironment.warmUp(RedisReplayStore.builder(redis));
    }

    @BeforeEach
    void startNodes() {
        deliveries = new TestDeliveries("nodes");
        storeA = RedisReplayStore.builder(redis).build();
        storeB = RedisReplayStore.builder(redis).build();
        nodeA = deliveries.verifier(storeA);
        nodeB = deliveries.verifier(storeB);
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void stopNodes() {
        pool.shutdownNow();
        storeA.close();
        storeB.close();
    }

    @Test
    void verifyWhenSameDeliveryHitsBothNodesConcurrentlyThenHandlerRunsOnce() throws Exception {
        WebhookRequest request = deliveries.signer.sign("{\"type\":\"invoice.paid\",\"n\":1}");
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> outcomes = new ArrayList<>();
        for (int i = 0; i < DELIVERIES; i++) {
            WebhookVerifier node = i % 2 == 0 ? nodeA : nodeB;
            outcomes.add(pool.submit(() -> {
                start.await();
                return outcome(() -> node.verify(request, delivery -> {
                    runs.incrementAndGet();
                    Thread.sleep(5); // a handler that takes a moment keeps copies arriving while it runs
                    return "handled";
                }));
            }));
        }
        start.countDown();

        Map<String, Long> counts = count(outcomes);
        assertThat(runs).hasValue(1);
        assertThat(counts.get("handled")).isEqualTo(1);
        assertThat(counts.getOrDefault("REPLAYED completed", 0L) + counts.getOrDefault("REPLAYED in flight", 0L))
                .as("outcomes %s", counts)
                .isEqualTo(DELIVERIES - 1);
        assertThat(counts).containsOnlyKeys("handled", "REPLAYED completed", "REPLAYED in flight");

        for (WebhookVerifier node : List.of(nodeA, nodeB)) {
            assertThatThrownBy(() -> node.verify(request, d -> runs.incrementAndGet()))
                    .isInstanceOfSatisfying(WebhookVerificationException.class, e -> {
                        assertThat(e.reason()).isEqualTo(FailureReason.REPLAYED);
                        assertThat(e.alreadyProcessed()).isTrue();
                    });
        }
        assertThat(runs).hasValue(1);
    }

    @Test
    void verifyWhenDistinctDeliveriesSpreadOverBothNodesThenEachRunsOnce() throws Exception {
        List<WebhookRequest> requests = new ArrayList<>();
        for (int i = 0; i < DELIVERIES; i++) {
            requests.add(deliveries.signer.sign("{\"n\":" + i + "}"));
        }
        Map<String, AtomicInteger> runsById = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> outcomes = new ArrayList<>();
        for (int i = 0; i < DELIVERIES; i++) {
            WebhookVerifier node = i % 2 == 0 ? nodeA : nodeB;
            WebhookRequest request = requests.get(i);
            outcomes.add(pool.submit(() -> {
                start.await();
                return outcome(() -> node.verify(request, delivery -> {
                    runsById.computeIfAbsent(delivery.deliveryId().orElseThrow(), id -> new AtomicInteger())
                            .incrementAndGet();
                    return "handled";
                }));
            }));
        }
        start.countDown();

        assertThat(count(outcomes)).containsExactly(Map.entry("handled", (long) DELIVERIES));
        assertThat(runsById).hasSize(DELIVERIES);
        assertThat(runsById.values()).allSatisfy(runs -> assertThat(runs).hasValue(1));
    }

    @Test
    void verifyWhenHandlerFailsOnOneNodeThenRetryOnOtherNodeIsProcessed() throws Exception {
        WebhookRequest request = deliveries.signer.sign("{\"n\":\"retry\"}");

        assertThatThrownBy(() -> nodeA.verify(request, delivery -> {
                    throw new IllegalStateException("database down");
                }))
                .isInstanceOf(IllegalStateException.class);

        String onB = nodeB.verify(request, delivery -> "handled on B");
        assertThat(onB).isEqualTo("handled on B");
        assertThatThrownBy(() -> nodeA.verify(request, delivery -> "again"))
                .isInstanceOfSatisfying(
                        WebhookVerificationException.class,
                        e -> assertThat(e.alreadyProcessed()).isTrue());
    }

    private interface Delivery {
        String run() throws Exception;
    }

    private static String outcome(Delivery delivery) throws Exception {
        try {
            return delivery.run();
        } catch (WebhookVerificationException e) {
            return e.reason()
                    + (e.reason() == FailureReason.REPLAYED
                            ? (e.alreadyProcessed() ? " completed" : " in flight")
                            : "");
        }
    }

    private static Map<String, Long> count(List<Future<String>> outcomes) throws Exception {
        List<String> all = new ArrayList<>();
        for (Future<String> outcome : outcomes) {
            all.add(outcome.get(60, TimeUnit.SECONDS));
        }
        return all.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
