package dev.webhookverifier.internal;

import dev.webhookverifier.SignatureEncoding;
import java.util.Base64;
import java.util.Objects;

/**
 * Strict decoders for signature text.
 *
 * <p>Why strict: {@link Base64.Decoder} ignores the unused low bits of the last character, so two different
 * header texts decode to the same bytes (Sanity's published negative vector relies on rejecting that), and
 * replay keys built from signature text could be bypassed. Every decoder here returns {@code null} for any
 * text the encoder would not have produced.
 */
public final class Codec {
    private static final Base64.Encoder B64 = Base64.getEncoder();

    private Codec() {}

    /**
     * Decodes strictly, or returns {@code null}.
     *
     * @param text the text, already stripped of any prefix
     * @param encoding the encoding
     * @return the bytes, or {@code null} if the text is not the canonical spelling of some bytes
     */
    public static byte[] decode(CharSequence text, SignatureEncoding encoding) {
        return decode(text, 0, text.length(), encoding);
    }

    /**
     * Decodes {@code text[from, to)} strictly, exactly as {@link #decode(CharSequence, SignatureEncoding)} decodes
     * {@code text.subSequence(from, to)}, without copying the range out of a header first.
     *
     * @param text the text holding the signature
     * @param from the first character of the signature
     * @param to one past its last character
     * @param encoding the encoding
     * @return the bytes, or {@code null} if the range is not the canonical spelling of some bytes
     * @throws IndexOutOfBoundsException if the range is not within {@code text}
     */
    public static byte[] decode(CharSequence text, int from, int to, SignatureEncoding encoding) {
        return switch (encoding) {
            case HEX -> decodeHex(text, from, to, false);
            case HEX_ANY_CASE -> decodeHex(text, from, to, true);
            case BASE64 -> decodeBase64(text, from, to, false);
            case BASE64URL -> decodeBase64(text, from, to, true);
        };
    }

    /**
     * Decodes hexadecimal.
     *
     * @param text the text
     * @param anyCase whether upper-case digits are accepted
     * @return the bytes or {@code null}
     */
    public static byte[] decodeHex(CharSequence text, boolean anyCase) {
        return decodeHex(text, 0, text.length(), anyCase);
    }

    /**
     * Decodes the hexadecimal in {@code text[from, to)}.
     *
     * @param text the text
     * @param from the first character
     * @param to one past the last character
     * @param anyCase whether upper-case digits are accepted
     * @return the bytes or {@code null}
     * @throws IndexOutOfBoundsException if the range is not within {@code text}
     */
    public static byte[] decodeHex(CharSequence text, int from, int to, boolean anyCase) {
        Objects.checkFromToIndex(from, to, text.length());
        int n = to - from;
        if (n == 0 || (n & 1) != 0) {
            return null;
        }
        byte[] out = new byte[n / 2];
        for (int i = from, o = 0; i < to; i += 2, o++) {
            int hi = hexDigit(text.charAt(i), anyCase);
            int lo = hexDigit(text.charAt(i + 1), anyCase);
            if ((hi | lo) < 0) {
                return null;
            }
            out[o] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    private static int hexDigit(char c, boolean anyCase) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (anyCase && c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /**
     * Decodes base64 (standard alphabet with required padding, or URL-safe with optional padding), rejecting
     * non-canonical text.
     *
     * @param text the text
     * @param urlSafe whether the URL-safe alphabet is used
     * @return the bytes or {@code null}
     */
    public static byte[] decodeBase64(CharSequence text, boolean urlSafe) {
        return decodeBase64(text, 0, text.length(), urlSafe);
    }

    /**
     * Decodes the base64 in {@code text[from, to)}, with the rules of {@link #decodeBase64(CharSequence, boolean)}.
     *
     * @param text the text
     * @param from the first character
     * @param to one past the last character
     * @param urlSafe whether the URL-safe alphabet is used
     * @return the bytes or {@code null}
     * @throws IndexOutOfBoundsException if the range is not within {@code text}
     */
    public static byte[] decodeBase64(CharSequence text, int from, int to, boolean urlSafe) {
        Objects.checkFromToIndex(from, to, text.length());
        int n = to - from;
        if (n == 0) {
            return null;
        }
        int pad = 0;
        while (pad < 2 && pad < n && text.charAt(to - 1 - pad) == '=') {
            pad++;
        }
        int dataChars = n - pad;
        if (!urlSafe && (n & 3) != 0) {
            return null;
        }
        if (urlSafe && pad > 0 && (n & 3) != 0) {
            return null;
        }
        int rem = dataChars & 3;
        if (rem == 1 || (pad > 0 && pad != 4 - rem)) {
            return null;
        }
        int outLen = dataChars / 4 * 3 + (rem == 0 ? 0 : rem - 1);
        byte[] out = new byte[outLen];
        int acc = 0;
        int bits = 0;
        int o = 0;
        for (int i = from, end = from + dataChars; i < end; i++) {
            int v = base64Digit(text.charAt(i), urlSafe);
            if (v < 0) {
                return null;
            }
            acc = (acc << 6) | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out[o++] = (byte) (acc >> bits);
                acc &= (1 << bits) - 1;
            }
        }
        // Leftover bits must be zero: otherwise another spelling decodes to the same bytes.
        return acc == 0 ? out : null;
    }

    private static int base64Digit(char c, boolean urlSafe) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == (urlSafe ? '-' : '+')) {
            return 62;
        }
        if (c == (urlSafe ? '_' : '/')) {
            return 63;
        }
        return -1;
    }

    /**
     * Standard base64 with padding, for signers and fingerprints.
     *
     * @param bytes the bytes
     * @return the text
     */
    public static String base64(byte[] bytes) {
        return B64.encodeToString(bytes);
    }
}
