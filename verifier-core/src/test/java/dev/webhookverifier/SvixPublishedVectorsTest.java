package dev.webhookverifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every case of {@code vectors/svix.json}: Svix's SDK vectors under {@code svix-*} and the unbranded {@code webhook-*} headers. */
class SvixPublishedVectorsTest {
    static Stream<Arguments> cases() {
        return VectorCases.arguments("svix");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void verifyWhenVectorThenDecisionAndReasonAsPublished(VectorCases.Case vector) {
        vector.check();
    }

    @Test
    void loadWhenFileReadThenEveryCaseIsPresent() {
        assertThat(VectorCases.load("svix")).hasSize(3);
        assertThat(VectorCases.load("svix")).filteredOn(c -> !c.valid()).hasSize(0);
    }
}
