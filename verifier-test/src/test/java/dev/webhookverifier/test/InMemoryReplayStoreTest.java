package dev.webhookverifier.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookverifier.FailureReason;
import dev.webhookverifier.Providers;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookSigner;
import dev.webhookverifier.WebhookVerificationException;
import dev.webhookverifier.WebhookVerifier;
import dev.webhookverifier.replay.Claim;
import dev.webhookverifier.replay.ReplayStore;
import dev.webhookverifier.replay.ReplayStoreException;
import dev.webhookverifier.replay.ReplayStores;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What the in-memory store does beyond the contract: bounded, refuses when full, evicts what expired. */
class InMemoryReplayStoreTest {
    private static final Duration LEASE = Duration.ofMinutes(5);

    private final TestClock clock = TestClock.at(Instant.parse("2026-11-27T08:00:00Z"));

    @Test
    void claimWhenFullOfUnexpiredKeysThenReplayStoreException() throws Exception {
        ReplayStore store = ReplayStores.inMemory(10, clock);
        for (int i = 0; i < 10; i++) {
            assertThat(store.claim("k" + i, LEASE).acquired()).isTrue();
        }

        assertThatThrownBy(() -> store.claim("k-new", LEASE))
                .isInstanceOf(ReplayStoreException.class)
                .hasMessageContaining("full");
        // The keys it holds are still recognised: refusing new keys never forgets old ones.
        assertThat(store.claim("k0", LEASE).status()).isEqualTo(Claim.Status.DUPLICATE_IN_FLIGHT);
    }

    @Test
    void claimWhenFullAndOneReleasedThenRoomForOneMore() throws Exception {
        ReplayStore store = ReplayStores.inMemory(3, clock);
        Claim first = store.claim("a", LEASE);
        store.claim("b", LEASE);
        store.claim("c", LEASE);
        assertThatThrownBy(() -> store.claim("d", LEASE)).isInstanceOf(ReplayStoreException.class);

        store.release(first);

        assertThat(store.claim("d", LEASE).acquired()).isTrue();
        assertThatThrownBy(() -> store.claim("e", LEASE)).isInstanceOf(ReplayStoreException.class);
    }

    @Test
    void claimWhenExpiredKeyQueuedBehindCompletedOneThenItIsSweptInsteadOfRefusing() throws Exception {
        ReplayStore store = ReplayStores.inMemory(2, clock);
        Claim a = store.claim("a", Duration.ofSeconds(1));
        store.complete(a, Duration.ofSeconds(100)); // now outlives "b", which was queued after it
        store.claim("b", Duration.ofSeconds(1)); // never completed: expires after its lease
        clock.advance(Duration.ofSeconds(5));

        assertThat(store.claim("c", LEASE).acquired()).isTrue();
        assertThat(store.claim("a", LEASE).status()).isEqualTo(Claim.Status.DUPLICATE_COMPLETED);
    }

    @Test
    void verifyWhenStoreFullThenStoreUnavailableAndHandlerNeverRuns() throws Exception {
        WebhookSecret secret = standardWebhooksSecret();
        WebhookSigner signer = WebhookSigner.of(Providers.standardWebhooks(), secret, clock);
        WebhookVerifier verifier = WebhookVerifier.builder(Providers.standardWebhooks())
                .secrets(secret)
                .clock(clock)
                .replayStore(ReplayStores.inMemory(2, clock))
                .build();
        AtomicInteger runs = new AtomicInteger();
        verifier.verify(signer.sign("{\"n\":1}"), d -> runs.incrementAndGet());
        verifier.verify(signer.sign("{\"n\":2}"), d -> runs.incrementAndGet());

        assertThatThrownBy(() -> verifier.verify(signer.sign("{\"n\":3}"), d -> runs.incrementAndGet()))
                .isInstanceOfSatisfying(WebhookVerificationException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.STORE_UNAVAILABLE);
                    assertThat(e.reason().retryable()).isTrue();
                });
        assertThatThrownBy(() -> verifier.verify(signer.sign("{\"n\":4}")))
                .isInstanceOfSatisfying(
                        WebhookVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(FailureReason.STORE_UNAVAILABLE));
        assertThat(runs).hasValue(2);
    }

    @Test
    void claimWhenKeysExpiredThenEvictedAndStoreDoesNotStayFull() throws Exception {
        int capacity = 100;
        ReplayStore store = ReplayStores.inMemory(capacity, clock);
        for (int cycle = 0; cycle < 50; cycle++) {
            for (int i = 0; i < capacity; i++) {
                Claim claim = store.claim("cycle-" + cycle + "-" + i, Duration.ofSeconds(10));
                assertThat(claim.acquired()).as("cycle %d key %d", cycle, i).isTrue();
                if (i % 2 == 0) {
                    store.complete(claim, Duration.ofSeconds(10));
                }
            }
            assertThatThrownBy(() -> store.claim("overflow", Duration.ofSeconds(10)))
                    .isInstanceOf(ReplayStoreException.class);
            clock.advance(Duration.ofSeconds(11));
        }
    }

    @Test
    void claimWhenExpiredKeyReclaimedThenSizeIsNotCountedTwice() throws Exception {
        ReplayStore store = ReplayStores.inMemory(2, clock);
        for (int round = 0; round < 100; round++) {
            assertThat(store.claim("same", Duration.ofSeconds(1)).acquired()).isTrue();
            clock.advance(Duration.ofSeconds(2));
        }
        assertThat(store.claim("other", LEASE).acquired()).isTrue();
    }

    private static WebhookSecret standardWebhooksSecret() {
        byte[] key = new byte[32];
        new Random(7).nextBytes(key);
        return WebhookSecret.of("current", "whsec_" + Base64.getEncoder().encodeToString(key));
    }
}
