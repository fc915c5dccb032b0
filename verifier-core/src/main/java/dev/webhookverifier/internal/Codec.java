package dev.webhookverifier.internal;

import dev.webhookverifier.SignatureEncoding;
import java.util.Base64;

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
        return switch (encoding) {
            case HEX -> decodeHex(text, false);
            case HEX_ANY_CASE -> decodeHex(text, true);
            case BASE64 -> decodeBase64(text, false);
            case BASE64URL -> decodeBase64(text, true);
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
        int n = text.length();
        if (n == 0 || (n & 1) != 0) {
            return null;
        }
        byte[] out = new byte[n / 2];
        for (int i = 0; i < n; i += 2) {
            int hi = hexDigit(text.charAt(i), anyCase);
            int lo = hexDigit(text.charAt(i + 1), anyCase);
            if ((hi | lo) < 0) {
                return null;
            }
            out[i / 2] = (byte) ((hi << 4) | lo);
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
        int n = text.length();
        if (n == 0) {
            return null;
        }
        int pad = 0;
        while (pad < 2 && pad < n && text.charAt(n - 1 - pad) == '=') {
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
        for (int i = 0; i < dataChars; i++) {
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
