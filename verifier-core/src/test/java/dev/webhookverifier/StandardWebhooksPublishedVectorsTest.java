package dev.webhookverifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every case of {@code vectors/standard-webhooks.json}: the Standard Webhooks reference vectors (HMAC {@code v1} and Ed25519 {@code v1a}) and their negatives. */
class StandardWebhooksPublishedVectorsTest {
    static Stream<Arguments> cases() {
        return VectorCases.arguments("standard-webhooks");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void verifyWhenVectorThenDecisionAndReasonAsPublished(VectorCases.Case vector) {
        vector.check();
    }

    @Test
    void loadWhenFileReadThenEveryCaseIsPresent() {
        assertThat(VectorCases.load("standard-webhooks")).hasSize(17);
        assertThat(VectorCases.load("standard-webhooks"))
                .filteredOn(c -> !c.valid())
                .hasSize(10);
    }
}
