package dev.webhookverifier.internal.provider;

import dev.webhookverifier.TimestampFormat;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** Writes a timestamp the way a provider sends it. */
final class TimestampText {
    private TimestampText() {}

    static String format(Instant timestamp, TimestampFormat format) {
        return switch (format) {
            case UNIX_SECONDS -> Long.toString(timestamp.getEpochSecond());
            case UNIX_MILLIS -> Long.toString(timestamp.toEpochMilli());
            case RFC_3339 -> DateTimeFormatter.ISO_INSTANT.format(timestamp);
        };
    }
}
