package dev.webhookverifier.internal.provider;

import dev.webhookverifier.TimestampFormat;
import java.time.Instant;

/** Writes a timestamp the way a provider sends it. */
final class TimestampText {
    private TimestampText() {}

    static String format(Instant timestamp, TimestampFormat format) {
        return switch (format) {
            case UNIX_SECONDS -> Long.toString(timestamp.getEpochSecond());
            case UNIX_MILLIS -> Long.toString(timestamp.toEpochMilli());
        };
    }
}
