package dev.webhookverifier.internal;

import dev.webhookverifier.FailureReason;
import dev.webhookverifier.WebhookVerificationException;

/** The one rule for text a handshake echoes (core's GET challenges and verifier-json's JSON probes). */
public final class Challenge {
    /** The longest challenge or token echoed; providers send short random tokens. */
    public static final int MAX_LENGTH = 1024;

    private Challenge() {}

    /**
     * The value if it is 1..{@value #MAX_LENGTH} characters of the token alphabet, so an echo can never carry markup
     * or split a response.
     *
     * @param field how the message names the value, e.g. {@code the challenge}
     * @throws WebhookVerificationException MALFORMED_HEADER otherwise (the value itself is not repeated)
     */
    public static String check(String value, String providerId, String handshakeId, String field)
            throws WebhookVerificationException {
        if (value.isEmpty() || value.length() > MAX_LENGTH || !value.chars().allMatch(Challenge::isTokenChar)) {
            throw new WebhookVerificationException(
                    FailureReason.MALFORMED_HEADER,
                    providerId,
                    handshakeId + ": " + field + " must be 1.." + MAX_LENGTH
                            + " letters, digits or -._~+/= (providers send random tokens)");
        }
        return value;
    }

    /** Random tokens and numbers only: an echo can then never carry markup, whatever the client sniffs. */
    private static boolean isTokenChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~+/=".indexOf(c) >= 0;
    }
}
