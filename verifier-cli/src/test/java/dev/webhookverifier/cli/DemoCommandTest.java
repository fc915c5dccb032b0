package dev.webhookverifier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookverifier.Providers;
import org.junit.jupiter.api.Test;

class DemoCommandTest {
    @Test
    void everyVerdictIsAsExpected() {
        CliRun run = CliRun.run(null, "demo");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out())
                .contains("all verdicts as expected")
                .doesNotContain("UNEXPECTED")
                .doesNotContain("whsec_")
                .contains("n/a (no signed timestamp)")
                .contains("REPLAYED")
                .contains("TIMESTAMP_IN_FUTURE");
        for (String id : Providers.ids()) {
            assertThat(run.out()).contains(id + " ");
        }
    }
}
