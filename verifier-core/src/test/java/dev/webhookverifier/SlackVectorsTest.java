package dev.webhookverifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every case of {@code vectors/slack.json}: Slack's documented worked example, its SDK's negatives and a derived case. */
class SlackVectorsTest {
    static Stream<Arguments> cases() {
        return VectorCases.arguments("slack");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void verifyWhenVectorThenDecisionAndReasonAsPublished(VectorCases.Case vector) {
        vector.check();
    }

    @Test
    void loadWhenFileReadThenEveryCaseIsPresent() {
        assertThat(VectorCases.load("slack")).hasSize(4);
        assertThat(VectorCases.load("slack")).filteredOn(c -> !c.valid()).hasSize(2);
    }
}
