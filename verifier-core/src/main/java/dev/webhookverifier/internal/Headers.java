package dev.webhookverifier.internal;

import dev.webhookverifier.FailureReason;
import dev.webhookverifier.TimestampFormat;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookVerificationException;
import java.time.Instant;
import java.util.List;

/** Strict header reading shared by every scheme: bounded length, single occurrence, visible ASCII only. */
public final class Headers {
    /** Longest signature header accepted; far above any provider's real headers (Stripe's rotation header is ~220). */
    public static final int MAX_HEADER_LENGTH = 4096;

    /** Most signatures accepted in one header; more is a flood, not a rotation. */
    public static final int MAX_SIGNATURES = 16;

    private Headers() {}

    /**
     * The single value of a required header.
     *
     * @throws WebhookVerificationException {@code MISSING_HEADER} if absent, {@code MALFORMED_HEADER} if repeated,
     *     too long, empty or not visible ASCII
     */
    public static String required(WebhookRequest request, String providerId, String name)
            throws WebhookVerificationException {
        String value = optional(request, providerId, name);
        if (value == null) {
            throw new WebhookVerificationException(
                    FailureReason.MISSING_HEADER, providerId, "header " + name + " is absent");
        }
        return value;
    }

    /** The single value of an optional header, or {@code null}; same checks as {@link #required}. */
    public static String optional(WebhookRequest request, String providerId, String name)
            throws WebhookVerificationException {
        List<String> values = request.headerValues(name);
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw malformed(providerId, "header " + name + " occurs " + values.size() + " times; expected once");
        }
        String v = values.get(0).strip();
        if (v.isEmpty()) {
            throw malformed(providerId, "header " + name + " is empty");
        }
        if (v.length() > MAX_HEADER_LENGTH) {
            throw malformed(providerId, "header " + name + " is longer than " + MAX_HEADER_LENGTH + " characters");
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw malformed(providerId, "header " + name + " contains a control or non-ASCII character");
            }
        }
        return v;
    }

    /**
     * Parses a canonical non-negative integer timestamp: digits only, no sign, no leading zero, bounded.
     *
     * @throws WebhookVerificationException {@code MALFORMED_HEADER} otherwise
     */
    public static Instant timestamp(String text, TimestampFormat format, String providerId, String headerName)
            throws WebhookVerificationException {
        int maxDigits = format == TimestampFormat.UNIX_SECONDS ? 11 : 14;
        int n = text.length();
        if (n == 0 || n > maxDigits || (n > 1 && text.charAt(0) == '0')) {
            throw malformed(
                    providerId, "timestamp in " + headerName + " is not a canonical " + unit(format) + " value");
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw malformed(
                        providerId, "timestamp in " + headerName + " is not a canonical " + unit(format) + " value");
            }
            v = v * 10 + (c - '0');
        }
        return format == TimestampFormat.UNIX_SECONDS ? Instant.ofEpochSecond(v) : Instant.ofEpochMilli(v);
    }

    private static String unit(TimestampFormat format) {
        return format == TimestampFormat.UNIX_SECONDS ? "unix-seconds" : "unix-milliseconds";
    }

    public static WebhookVerificationException malformed(String providerId, String message) {
        return new WebhookVerificationException(FailureReason.MALFORMED_HEADER, providerId, message);
    }
}
