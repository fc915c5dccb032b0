package dev.webhookverifier;

import static dev.webhookverifier.Fixtures.assertAccepted;
import static dev.webhookverifier.Fixtures.assertRejected;
import static dev.webhookverifier.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookverifier.Fixtures.Preset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The listener sees every decision and cannot change one, even by throwing. */
class VerificationListenerTest {
    private static final byte[] BODY = utf8("{\"ok\":true}");

    static final class Recording implements VerificationListener {
        final List<VerifiedDelivery> verified = new CopyOnWriteArrayList<>();
        final List<WebhookVerificationException> rejected = new CopyOnWriteArrayList<>();

        @Override
        public void onVerified(VerifiedDelivery delivery) {
            verified.add(delivery);
        }

        @Override
        public void onRejected(WebhookVerificationException failure) {
            rejected.add(failure);
        }
    }

    @Test
    void verifyWhenAcceptedThenOnVerifiedReceivesTheDelivery() {
        Recording listener = new Recording();
        WebhookVerifier verifier = Preset.STRIPE.builder().listener(listener).build();

        VerifiedDelivery d = assertAccepted(verifier, Preset.STRIPE.sign(BODY));

        assertThat(listener.verified).containsExactly(d);
        assertThat(listener.rejected).isEmpty();
    }

    @Test
    void verifyWhenRejectedThenOnRejectedReceivesTheSameException() {
        Recording listener = new Recording();
        WebhookVerifier verifier =
                Preset.GITHUB.builder().listener(listener).maxBodyBytes(100).build();

        WebhookVerificationException missing =
                assertRejected(verifier, WebhookRequest.builder().body(BODY).build(), FailureReason.MISSING_HEADER);
        WebhookVerificationException large = assertRejected(
                verifier, WebhookRequest.builder().body(new byte[101]).build(), FailureReason.BODY_TOO_LARGE);
        WebhookVerificationException mismatch = assertRejected(
                verifier, Fixtures.withBody(Preset.GITHUB.sign(BODY), utf8("{}")), FailureReason.SIGNATURE_MISMATCH);

        assertThat(listener.verified).isEmpty();
        assertThat(listener.rejected).containsExactly(missing, large, mismatch);
    }

    @Test
    void verifyWhenListenerThrowsThenOutcomeUnchanged() {
        VerificationListener throwing = new VerificationListener() {
            @Override
            public void onVerified(VerifiedDelivery delivery) {
                throw new IllegalStateException("metrics backend down");
            }

            @Override
            public void onRejected(WebhookVerificationException failure) {
                throw new UnsupportedOperationException("metrics backend down");
            }
        };
        for (Preset preset : Preset.values()) {
            WebhookVerifier verifier = preset.builder().listener(throwing).build();
            WebhookRequest signed = preset.sign(BODY);

            assertThat(assertAccepted(verifier, signed).body()).isEqualTo(BODY);
            assertRejected(verifier, Fixtures.withBody(signed, utf8("{}")), FailureReason.SIGNATURE_MISMATCH);
            assertRejected(
                    verifier, Fixtures.withoutHeader(signed, preset.signatureHeader), FailureReason.MISSING_HEADER);
        }
    }

    @Test
    void verifyWhenNoListenerConfiguredThenDefaultDoesNothing() {
        VerificationListener.NONE.onVerified(null);
        VerificationListener.NONE.onRejected(null);

        assertAccepted(Preset.SLACK.verifier(), Preset.SLACK.sign(BODY));
    }
}
