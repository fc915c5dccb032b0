package dev.webhookverifier.internal;

import dev.webhookverifier.FailureReason;
import dev.webhookverifier.TimestampFormat;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookVerificationException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
        return checked(values.get(0), providerId, name);
    }

    /**
     * Every value of a header that may repeat (or arrive folded into one comma-separated line), split at commas:
     * at most {@link #MAX_SIGNATURES} entries, each checked like {@link #optional}.
     *
     * @return the entries, stripped; empty if the header is absent
     * @throws WebhookVerificationException {@code MALFORMED_HEADER} on too many entries or a bad value
     */
    public static List<String> list(WebhookRequest request, String providerId, String name)
            throws WebhookVerificationException {
        List<String> values = request.headerValues(name);
        if (values.isEmpty()) {
            return List.of();
        }
        if (values.size() > MAX_SIGNATURES) {
            throw malformed(providerId, "header " + name + " occurs more than " + MAX_SIGNATURES + " times");
        }
        List<String> entries = new ArrayList<>();
        for (String raw : values) {
            String v = checked(raw, providerId, name);
            int start = 0;
            while (start <= v.length()) {
                int end = v.indexOf(',', start);
                if (end < 0) {
                    end = v.length();
                }
                String entry = v.substring(start, end).strip();
                if (!entry.isEmpty()) {
                    if (entries.size() == MAX_SIGNATURES) {
                        throw malformed(
                                providerId, "header " + name + " carries more than " + MAX_SIGNATURES + " entries");
                    }
                    entries.add(entry);
                }
                start = end + 1;
            }
        }
        if (entries.isEmpty()) {
            throw malformed(providerId, "header " + name + " is empty");
        }
        return entries;
    }

    private static String checked(String raw, String providerId, String name) throws WebhookVerificationException {
        String v = raw.strip();
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
     * Parses a timestamp strictly: a canonical non-negative integer (digits only, no sign, no leading zero,
     * bounded) for the unix formats, a complete RFC 3339 date-time for {@link TimestampFormat#RFC_3339}.
     *
     * @throws WebhookVerificationException {@code MALFORMED_HEADER} otherwise
     */
    public static Instant timestamp(String text, TimestampFormat format, String providerId, String headerName)
            throws WebhookVerificationException {
        if (format == TimestampFormat.RFC_3339) {
            return rfc3339(text, providerId, headerName);
        }
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

    /**
     * {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|+HH:mm|-HH:mm)}, nothing else: no lower-case {@code t}/{@code z}, no
     * missing seconds, no leap second, no space instead of {@code T}.
     */
    private static Instant rfc3339(String t, String providerId, String headerName) throws WebhookVerificationException {
        int n = t.length();
        if (n < 20 || n > 35) {
            throw notRfc3339(providerId, headerName);
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        if ((year | month | day | hour | minute | second) < 0
                || t.charAt(4) != '-'
                || t.charAt(7) != '-'
                || t.charAt(10) != 'T'
                || t.charAt(13) != ':'
                || t.charAt(16) != ':') {
            throw notRfc3339(providerId, headerName);
        }
        int i = 19;
        int nanos = 0;
        if (t.charAt(i) == '.') {
            int start = ++i;
            while (i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
                i++;
            }
            int count = i - start;
            if (count == 0 || count > 9) {
                throw notRfc3339(providerId, headerName);
            }
            nanos = digits(t, start, count);
            for (int k = count; k < 9; k++) {
                nanos *= 10;
            }
        }
        ZoneOffset offset;
        if (i == n - 1 && t.charAt(i) == 'Z') {
            offset = ZoneOffset.UTC;
        } else if (i == n - 6 && (t.charAt(i) == '+' || t.charAt(i) == '-') && t.charAt(i + 3) == ':') {
            int hh = digits(t, i + 1, 2);
            int mm = digits(t, i + 4, 2);
            if ((hh | mm) < 0) {
                throw notRfc3339(providerId, headerName);
            }
            int sign = t.charAt(i) == '-' ? -1 : 1;
            try {
                offset = ZoneOffset.ofHoursMinutes(sign * hh, sign * mm);
            } catch (DateTimeException e) {
                throw notRfc3339(providerId, headerName);
            }
        } else {
            throw notRfc3339(providerId, headerName);
        }
        try {
            return OffsetDateTime.of(year, month, day, hour, minute, second, nanos, offset)
                    .toInstant();
        } catch (DateTimeException e) {
            throw notRfc3339(providerId, headerName);
        }
    }

    /** The non-negative value of {@code count} ASCII digits at {@code start}, or -1. */
    private static int digits(String t, int start, int count) {
        int v = 0;
        for (int i = start; i < start + count; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static WebhookVerificationException notRfc3339(String providerId, String headerName) {
        return malformed(providerId, "timestamp in " + headerName + " is not an RFC 3339 date-time");
    }

    private static String unit(TimestampFormat format) {
        return format == TimestampFormat.UNIX_SECONDS ? "unix-seconds" : "unix-milliseconds";
    }

    public static WebhookVerificationException malformed(String providerId, String message) {
        return new WebhookVerificationException(FailureReason.MALFORMED_HEADER, providerId, message);
    }
}
