package dev.webhookverifier.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TestClockTest {
    private static final Instant START = Instant.parse("2026-11-27T09:00:00Z");

    @Test
    void instantWhenNotMovedThenStandsStill() throws Exception {
        TestClock clock = TestClock.at(START);
        Thread.sleep(5);
        assertThat(clock.instant()).isEqualTo(START);
        assertThat(clock.millis()).isEqualTo(START.toEpochMilli());
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void advanceWhenPositiveOrNegativeThenMovesBothWays() {
        TestClock clock = TestClock.at(START);
        clock.advance(Duration.ofMinutes(6)).advance(Duration.ofSeconds(-30));
        assertThat(clock.instant()).isEqualTo(START.plusSeconds(330));
        clock.set(START.minusSeconds(1));
        assertThat(clock.instant()).isEqualTo(START.minusSeconds(1));
    }

    @Test
    void nowWhenCreatedThenCurrentTimeInWholeSeconds() {
        Instant before = Instant.now().minusSeconds(1);
        TestClock clock = TestClock.now();
        assertThat(clock.instant()).isBetween(before, Instant.now());
        assertThat(clock.instant().getNano()).isZero();
    }

    @Test
    void withZoneWhenEitherMovesThenBothSeeIt() {
        TestClock utc = TestClock.at(START);
        TestClock paris = utc.withZone(ZoneId.of("Europe/Paris"));
        utc.advance(Duration.ofHours(1));
        assertThat(paris.instant()).isEqualTo(START.plusSeconds(3600));
        paris.advance(Duration.ofHours(1));
        assertThat(utc.instant()).isEqualTo(START.plusSeconds(7200));
        assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    }

    @Test
    void advanceWhenManyThreadsThenNoUpdateIsLost() throws Exception {
        TestClock clock = TestClock.at(START);
        int threads = 8;
        int perThread = 10_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        clock.advance(Duration.ofMillis(1));
                        clock.instant();
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(clock.instant()).isEqualTo(START.plusMillis((long) threads * perThread));
    }
}
