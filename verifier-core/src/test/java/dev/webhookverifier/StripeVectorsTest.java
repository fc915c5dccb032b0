package dev.webhookverifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every case of {@code vectors/stripe.json}: derived Stripe vectors (rotation with two {@code v1}, {@code v0} ignored). */
class StripeVectorsTest {
    static Stream<Arguments> cases() {
        return VectorCases.arguments("stripe");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void verifyWhenVectorThenDecisionAndReasonAsPublished(VectorCases.Case vector) {
        vector.check();
    }

    @Test
    void loadWhenFileReadThenEveryCaseIsPresent() {
        assertThat(VectorCases.load("stripe")).hasSize(3);
        assertThat(VectorCases.load("stripe")).filteredOn(c -> !c.valid()).hasSize(1);
    }
}
