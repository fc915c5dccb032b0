package dev.webhookverifier;

/** How a provider writes its signed timestamp. Only canonical integers are accepted (no sign, no leading zero). */
public enum TimestampFormat {
    /** Unix time in whole seconds, e.g. {@code 1700000000}. */
    UNIX_SECONDS,
    /** Unix time in milliseconds, e.g. {@code 1700000000000}. */
    UNIX_MILLIS
}
