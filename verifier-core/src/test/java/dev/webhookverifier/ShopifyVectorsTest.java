package dev.webhookverifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every case of {@code vectors/shopify.json}: a derived Shopify case. */
class ShopifyVectorsTest {
    static Stream<Arguments> cases() {
        return VectorCases.arguments("shopify");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void verifyWhenVectorThenDecisionAndReasonAsPublished(VectorCases.Case vector) {
        vector.check();
    }

    @Test
    void loadWhenFileReadThenEveryCaseIsPresent() {
        assertThat(VectorCases.load("shopify")).hasSize(1);
        assertThat(VectorCases.load("shopify")).filteredOn(c -> !c.valid()).hasSize(0);
    }
}
