package dev.webhookverifier.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Converts durations such as {@code 300s}, {@code 5m}, {@code 12h}, {@code 1d} or {@code 500ms} (or ISO-8601
 * such as {@code PT5M}) for picocli options. A bare number is refused: its unit would be a guess.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    /** Creates the converter (picocli instantiates it). */
    public DurationConverter() {}

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /**
     * Parses a duration.
     *
     * @param value e.g. {@code 5m}
     * @return the duration
     * @throws CommandLine.TypeConversionException if the text is not a duration with a unit
     */
    public static Duration parse(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT.matcher(text);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        if (text.startsWith("p")) {
            try {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                // fall through to the message below
            }
        }
        throw new CommandLine.TypeConversionException(
                "'" + value + "' is not a duration; use a number with a unit, e.g. 300s, 5m, 12h, 1d");
    }
}
