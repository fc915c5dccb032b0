package dev.webhookverifier.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that stands still until the test moves it: sign a webhook "five minutes ago", advance past a
 * tolerance, expire a replay claim, without sleeping.
 *
 * <p>Hand the same clock to the signer ({@code WebhookSigner.of(provider, secret, clock)}) and to the verifier
 * ({@code WebhookVerifier.Builder#clock(Clock)}) when both run in the test; when the receiver runs on the system
 * clock (a real server), start the test clock at {@link #now()} so its signatures are fresh.
 *
 * <p><b>Thread safety:</b> thread-safe; {@link #set(Instant)} and {@link #advance(Duration)} are atomic and visible
 * to every thread at once. {@link #withZone(ZoneId)} returns a view on the same time.
 *
 * <p><b>Example:</b>
 *
 * <pre>{@code
 * TestClock clock = TestClock.at(Instant.parse("2026-11-27T09:00:00Z"));
 * WebhookSigner signer = WebhookSigner.of(Providers.stripe(), secret, clock);
 * WebhookRequest signed = signer.sign(json);
 * clock.advance(Duration.ofMinutes(6)); // now the verifier on this clock rejects it as stale
 * }</pre>
 */
public final class TestClock extends Clock {
    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private TestClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /**
     * A UTC clock standing at {@code start}.
     *
     * @param start the initial instant
     * @return the clock
     */
    public static TestClock at(Instant start) {
        return new TestClock(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    /**
     * A UTC clock standing at the current system time, truncated to whole seconds (what most providers sign).
     *
     * @return the clock
     */
    public static TestClock now() {
        return at(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * Moves the clock to an instant (backwards too).
     *
     * @param instant the new time
     * @return this clock
     */
    public TestClock set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
        return this;
    }

    /**
     * Moves the clock by a duration; a negative duration moves it back.
     *
     * @param duration how far to move
     * @return this clock
     */
    public TestClock advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        now.updateAndGet(t -> t.plus(duration));
        return this;
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** A view in another zone that shares this clock's time: moving either moves both. */
    @Override
    public TestClock withZone(ZoneId zone) {
        return new TestClock(now, Objects.requireNonNull(zone, "zone"));
    }

    @Override
    public String toString() {
        return "TestClock[" + now.get() + ", " + zone + "]";
    }
}
