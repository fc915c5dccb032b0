package dev.webhookverifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The reason names are a contract (DESIGN.md): adapters, metrics, the CLI's JSON and dashboards rely on them. */
class FailureReasonTest {
    @Test
    void valueOfWhenContractNameThenExists() {
        String[] contract = {
            "MISSING_HEADER",
            "MALFORMED_HEADER",
            "UNSUPPORTED_SCHEME",
            "SIGNATURE_MISMATCH",
            "TIMESTAMP_TOO_OLD",
            "TIMESTAMP_IN_FUTURE",
            "REPLAYED",
            "BODY_TOO_LARGE",
            "BODY_ALREADY_CONSUMED",
            "NO_SECRET",
            "STORE_UNAVAILABLE"
        };
        for (String name : contract) {
            assertThat(FailureReason.valueOf(name).name()).isEqualTo(name);
        }
        assertThat(Arrays.stream(FailureReason.values()).map(Enum::name)).contains(contract);
    }

    @Test
    void retryableWhenStoreUnavailableThenTrueOtherwiseFalse() {
        for (FailureReason r : FailureReason.values()) {
            assertThat(r.retryable()).as(r.name()).isEqualTo(r == FailureReason.STORE_UNAVAILABLE);
        }
    }

    @Test
    void exceptionWhenCreatedThenCarriesReasonProviderAndPrefixedMessage() {
        WebhookVerificationException e =
                new WebhookVerificationException(FailureReason.NO_SECRET, "acme", "no tenant for this path");

        assertThat(e.reason()).isEqualTo(FailureReason.NO_SECRET);
        assertThat(e.providerId()).isEqualTo("acme");
        assertThat(e.getMessage()).isEqualTo("NO_SECRET (acme): no tenant for this path");
        assertThat(e.detail()).isEqualTo("no tenant for this path");
        // No stack trace: rejections are expected on an attacker-driven path.
        assertThat(e.getStackTrace()).isEmpty();
    }
}
