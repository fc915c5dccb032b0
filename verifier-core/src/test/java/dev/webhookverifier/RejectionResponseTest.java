package dev.webhookverifier;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RejectionResponseTest {
    @ParameterizedTest
    @EnumSource(
            value = FailureReason.class,
            names = {"REPLAYED", "STORE_UNAVAILABLE", "BODY_TOO_LARGE"},
            mode = EnumSource.Mode.EXCLUDE)
    void ofWhenVerificationFailureThen401NamingNoReason(FailureReason reason) {
        RejectionResponse answer = RejectionResponse.of(reason);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.retryAfter()).isEmpty();
        assertThat(new String(answer.problemJson(), UTF_8))
                .isEqualTo("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401}")
                .doesNotContain(reason.name());
    }

    @Test
    void ofWhenDuplicateOfProcessedDeliveryAndAcknowledgingThen200WithoutBody() {
        WebhookVerificationException duplicate =
                new WebhookVerificationException(FailureReason.REPLAYED, "stripe", "duplicate", true);

        RejectionResponse answer = RejectionResponse.of(duplicate, true);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.acknowledged()).isTrue();
        assertThat(answer.problemJson()).isEmpty();
        assertThat(RejectionResponse.of(duplicate, false).status()).isEqualTo(409);
    }

    @Test
    void ofWhenDuplicateStillInFlightThen409WithRetryAfterEvenWhenAcknowledging() {
        WebhookVerificationException inFlight =
                new WebhookVerificationException(FailureReason.REPLAYED, "stripe", "in flight", false);

        RejectionResponse answer = RejectionResponse.of(inFlight, true);

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.retryAfter()).hasValue("30");
    }

    @Test
    void ofWhenStoreUnavailableThen503RetryableAndLoggedAsWarning() {
        RejectionResponse answer = RejectionResponse.of(FailureReason.STORE_UNAVAILABLE);

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.retryAfter()).hasValue("30");
        assertThat(answer.logLevel()).isEqualTo(System.Logger.Level.WARNING);
        assertThat(RejectionResponse.of(FailureReason.BODY_TOO_LARGE).status()).isEqualTo(413);
    }
}
