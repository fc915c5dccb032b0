package dev.webhookverifier;

/**
 * How a provider writes its signed timestamp. Parsing is strict: integers must be canonical (no sign, no leading
 * zero), RFC 3339 date-times must be complete.
 */
public enum TimestampFormat {
    /** Unix time in whole seconds, e.g. {@code 1700000000}. */
    UNIX_SECONDS,
    /** Unix time in milliseconds, e.g. {@code 1700000000000}. */
    UNIX_MILLIS,
    /**
     * An RFC 3339 date-time with seconds, an optional fraction of up to nine digits and {@code Z} or a numeric
     * offset, e.g. {@code 2023-11-14T22:13:20.123456789Z} (Twitch, Box, Zendesk). The text is signed exactly as
     * received.
     */
    RFC_3339
}
