package dev.webhookverifier.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Checks shared by every preset's secret decoding. Messages name the mistake and the fix, never the value.
 */
public final class SecretText {
    /** Below this many key bytes a secret is guessable; {@code allowWeakSecrets()} overrides. */
    public static final int MIN_TEXT_SECRET_BYTES = 12;

    public static final int MIN_DECODED_KEY_BYTES = 16;

    private SecretText() {}

    /** Decodes UTF-8 strictly; rejects empty values and surrounding whitespace. */
    public static String text(byte[] value, String what) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(what + " is not valid UTF-8 text");
        }
        if (text.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty (is the environment variable set?)");
        }
        if (!text.strip().equals(text)) {
            throw new IllegalArgumentException(
                    what
                            + " has leading or trailing whitespace (often a newline copied with it, or read from a file); trim it");
        }
        return text;
    }

    /** Rejects a text key shorter than {@link #MIN_TEXT_SECRET_BYTES} unless weak keys are allowed. */
    public static byte[] textKey(String text, String what, boolean allowWeak) {
        byte[] key = text.getBytes(StandardCharsets.UTF_8);
        if (!allowWeak && key.length < MIN_TEXT_SECRET_BYTES) {
            Arrays.fill(key, (byte) 0);
            throw new IllegalArgumentException(what + " is shorter than " + MIN_TEXT_SECRET_BYTES
                    + " bytes and easy to guess; use the provider's generated secret, or allowWeakSecrets() in tests");
        }
        return key;
    }

    /** Rejects a decoded key shorter than {@link #MIN_DECODED_KEY_BYTES} unless weak keys are allowed. */
    public static byte[] decodedKey(byte[] key, String what, boolean allowWeak) {
        if (key.length == 0) {
            throw new IllegalArgumentException(what + " decodes to an empty key");
        }
        if (!allowWeak && key.length < MIN_DECODED_KEY_BYTES) {
            throw new IllegalArgumentException(what + " decodes to only " + key.length + " bytes; expected at least "
                    + MIN_DECODED_KEY_BYTES + " (truncated when copied?)");
        }
        return key;
    }

    /** Copies raw key bytes, applying the weak-key rule. */
    public static byte[] raw(byte[] value, String what, boolean allowWeak) {
        return decodedKey(value.clone(), what, allowWeak);
    }
}
