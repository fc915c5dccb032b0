package dev.webhookverifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every case of {@code vectors/github.json}: GitHub's documented test values and a derived case. */
class GitHubVectorsTest {
    static Stream<Arguments> cases() {
        return VectorCases.arguments("github");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void verifyWhenVectorThenDecisionAndReasonAsPublished(VectorCases.Case vector) {
        vector.check();
    }

    @Test
    void loadWhenFileReadThenEveryCaseIsPresent() {
        assertThat(VectorCases.load("github")).hasSize(2);
        assertThat(VectorCases.load("github")).filteredOn(c -> !c.valid()).hasSize(0);
    }
}
