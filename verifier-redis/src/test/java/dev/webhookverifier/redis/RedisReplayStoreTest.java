package dev.webhookverifier.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookverifier.FailureReason;
import dev.webhookverifier.WebhookVerificationException;
import dev.webhookverifier.WebhookVerifier;
import dev.webhookverifier.replay.Claim;
import dev.webhookverifier.replay.ReplayStoreException;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the store does without a Redis: validation, redaction, and failing fast when nothing listens. */
class RedisReplayStoreTest {
    @Test
    void toStringWhenUriHasPasswordThenPasswordIsNotShown() throws Exception {
        int port = RedisServerProcess.freePort(); // nothing listens: the background connect fails harmlessly
        try (RedisReplayStore store = RedisReplayStore.of("redis://alice:s3cr3t-pa55@127.0.0.1:" + port + "/2")) {
            assertThat(store.toString())
                    .contains("127.0.0.1:" + port + "/2")
                    .doesNotContain("s3cr3t-pa55")
                    .doesNotContain("alice");
        }
        try (RedisReplayStore store = RedisReplayStore.clusterBuilder(
                        RedisURI.create("redis://:hunter22@127.0.0.1:" + port),
                        RedisURI.create("redis://127.0.0.1:" + (port + 1)))
                .build()) {
            assertThat(store.toString())
                    .contains("cluster", "127.0.0.1:" + port)
                    .doesNotContain("hunter22");
        }
    }

    @Test
    void timeoutWhenNotPositiveThenRejected() {
        assertThatThrownBy(
                        () -> RedisReplayStore.builder("redis://127.0.0.1:6379").timeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () -> RedisReplayStore.builder("redis://127.0.0.1:6379").timeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(RedisReplayStore.DEFAULT_TIMEOUT).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void claimWhenNothingListensThenReplayStoreExceptionWithinTimeout() throws Exception {
        int port = RedisServerProcess.freePort();
        Duration timeout = Duration.ofMillis(400);
        try (RedisReplayStore store = RedisReplayStore.builder("redis://127.0.0.1:" + port)
                .timeout(timeout)
                .build()) {
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                assertThatThrownBy(() -> store.claim("k", Duration.ofMinutes(1)))
                        .isInstanceOf(ReplayStoreException.class)
                        .hasMessageContaining("127.0.0.1:" + port);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusSeconds(1));
            }
        }
    }

    @Test
    void verifyWhenNothingListensThenStoreUnavailableAndHandlerNeverRuns() throws Exception {
        TestDeliveries deliveries = new TestDeliveries("unit");
        try (RedisReplayStore store = RedisReplayStore.builder("redis://127.0.0.1:" + RedisServerProcess.freePort())
                .timeout(Duration.ofMillis(400))
                .build()) {
            WebhookVerifier verifier = deliveries.verifier(store);
            assertThatThrownBy(() -> verifier.verify(deliveries.signer.sign("{}"), d -> {
                        throw new AssertionError("handler must not run");
                    }))
                    .isInstanceOfSatisfying(
                            WebhookVerificationException.class,
                            e -> assertThat(e.reason()).isEqualTo(FailureReason.STORE_UNAVAILABLE));
        }
    }

    @Test
    void claimWhenClosedThenReplayStoreException() throws Exception {
        RedisReplayStore store = RedisReplayStore.of("redis://127.0.0.1:" + RedisServerProcess.freePort());
        store.close();
        assertThatThrownBy(() -> store.claim("k", Duration.ofMinutes(1)))
                .isInstanceOf(ReplayStoreException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> store.release(Claim.acquired("k", "t"))).isInstanceOf(ReplayStoreException.class);
    }

    @Test
    void completeWhenClaimIsADuplicateThenIllegalArgument() throws Exception {
        try (RedisReplayStore store = RedisReplayStore.of("redis://127.0.0.1:" + RedisServerProcess.freePort())) {
            assertThatThrownBy(() -> store.complete(Claim.duplicate("k", true), Duration.ofMinutes(1)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
