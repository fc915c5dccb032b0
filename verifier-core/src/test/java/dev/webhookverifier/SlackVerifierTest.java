package dev.webhookverifier;

import static dev.webhookverifier.Fixtures.assertAccepted;
import static dev.webhookverifier.Fixtures.assertRejected;
import static dev.webhookverifier.Fixtures.utf8;
import static dev.webhookverifier.Fixtures.withHeader;

import dev.webhookverifier.Fixtures.Preset;
import org.junit.jupiter.api.Test;

/** Slack: {@code X-Slack-Signature: v0=<hex>} over {@code v0:<timestamp>:<body>}. */
class SlackVerifierTest {
    private static final byte[] BODY = utf8("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&text=");
    private static final Preset SLACK = Preset.SLACK;

    @Test
    void verifyWhenFormBodySignedThenAccepted() {
        assertAccepted(SLACK.verifier(), SLACK.sign(BODY));
    }

    @Test
    void verifyWhenOtherVersionPrefixThenUnsupportedScheme() {
        WebhookRequest signed = SLACK.sign(BODY);
        String sig = SLACK.signatureText(signed);

        assertRejected(
                SLACK.verifier(),
                withHeader(signed, SLACK.signatureHeader, "v1=" + sig),
                FailureReason.UNSUPPORTED_SCHEME);
    }

    @Test
    void verifyWhenPrefixMalformedThenMalformedHeader() {
        WebhookRequest signed = SLACK.sign(BODY);
        String sig = SLACK.signatureText(signed);
        WebhookVerifier verifier = SLACK.verifier();

        assertRejected(
                verifier, withHeader(signed, SLACK.signatureHeader, "v0:" + sig), FailureReason.MALFORMED_HEADER);
        assertRejected(verifier, withHeader(signed, SLACK.signatureHeader, sig), FailureReason.MALFORMED_HEADER);
        assertRejected(
                verifier, withHeader(signed, SLACK.signatureHeader, "v0=v0=" + sig), FailureReason.MALFORMED_HEADER);
    }

    @Test
    void verifyWhenTimestampHeaderChangedThenSignatureMismatch() {
        WebhookRequest signed = SLACK.sign(BODY);
        String t = Long.toString(Fixtures.NOW.getEpochSecond() - 1);

        assertRejected(
                SLACK.verifier(), withHeader(signed, SLACK.timestampHeader, t), FailureReason.SIGNATURE_MISMATCH);
    }
}
