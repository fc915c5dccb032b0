package dev.webhookverifier.cli;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A clock that reads whatever instant it was last set to: {@code verify-batch} sets it to each line's
 * {@code received_at_epoch_seconds}, so one replay store can follow the corpus's time line.
 *
 * <p><b>Thread safety:</b> reads see the latest {@link #set(Instant)} (volatile).
 */
final class SettableClock extends Clock {
    private volatile Instant now;

    SettableClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    void set(Instant instant) {
        this.now = Objects.requireNonNull(instant, "instant");
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (ZoneOffset.UTC.equals(zone)) {
            return this;
        }
        throw new UnsupportedOperationException("a settable clock is in UTC only");
    }
}
