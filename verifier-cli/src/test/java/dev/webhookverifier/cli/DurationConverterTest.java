package dev.webhookverifier.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DurationConverterTest {
    @Test
    void parsesNumbersWithUnits() {
        assertThat(DurationConverter.parse("300s")).isEqualTo(Duration.ofSeconds(300));
        assertThat(DurationConverter.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DurationConverter.parse("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(DurationConverter.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(DurationConverter.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(DurationConverter.parse("PT30M")).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void refusesBareNumbersAndUnknownUnits() {
        for (String bad : new String[] {"300", "5x", "", "m", "-5m", "P"}) {
            assertThatThrownBy(() -> DurationConverter.parse(bad))
                    .as(bad)
                    .isInstanceOf(CommandLine.TypeConversionException.class)
                    .hasMessageContaining("300s");
        }
    }
}
