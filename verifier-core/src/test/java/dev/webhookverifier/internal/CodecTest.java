package dev.webhookverifier.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookverifier.SignatureEncoding;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The range overloads of {@link Codec} ({@code decode(text, from, to, encoding)}), which the list and Standard
 * Webhooks parsers use to decode a signature straight out of its header: a range must decode exactly as the same
 * characters do on their own, rejections included, whatever surrounds it.
 */
class CodecTest {
    private static final int ITERATIONS = 20_000;

    /** Characters around a range: every alphabet's digits and padding, separators, spaces and non-ASCII. */
    private static final String NEIGHBOURS = "0123456789abcdefABCDEF+/-_=,; .:\u00e9\u0000\u2028";

    private static final byte[] BYTES = "any carnal pleas".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @EnumSource(SignatureEncoding.class)
    void decodeWhenRangeInsideOtherTextThenSameAsWholeDecodeIncludingRejections(SignatureEncoding encoding) {
        Random random = new Random(0x5EED + encoding.ordinal());
        Map<Outcome, Integer> seen = new EnumMap<>(Outcome.class);
        for (int i = 0; i < ITERATIONS; i++) {
            String x = candidate(random, encoding);
            String prefix = surrounding(random);
            String suffix = surrounding(random);
            String text = prefix + x + suffix;
            int from = prefix.length();
            int to = from + x.length();

            byte[] whole = Codec.decode(x, encoding);
            byte[] range = Codec.decode(text, from, to, encoding);
            assertThat(range)
                    .as("%s of '%s' at [%d, %d) in '%s'", encoding, x, from, to, text)
                    .isEqualTo(whole);
            assertThat(Codec.decode(new StringBuilder(text), from, to, encoding))
                    .as("same range of a StringBuilder")
                    .isEqualTo(whole);
            seen.merge(whole == null ? Outcome.REJECTED : Outcome.DECODED, 1, Integer::sum);
        }
        // Both sides of the strictness boundary are exercised in earnest.
        assertThat(seen.getOrDefault(Outcome.DECODED, 0)).isGreaterThan(ITERATIONS / 10);
        assertThat(seen.getOrDefault(Outcome.REJECTED, 0)).isGreaterThan(ITERATIONS / 10);
    }

    @ParameterizedTest
    @EnumSource(SignatureEncoding.class)
    void decodeWhenRangeDecodesThenTextIsTheCanonicalSpellingOfTheBytes(SignatureEncoding encoding) {
        Random random = new Random(0xCA11 + encoding.ordinal());
        for (int i = 0; i < ITERATIONS; i++) {
            String x = candidate(random, encoding);
            String text = surrounding(random) + x + surrounding(random);
            int from = text.indexOf(x);
            byte[] decoded = Codec.decode(text, from, from + x.length(), encoding);
            if (decoded != null) {
                assertThat(canonical(decoded, encoding, x))
                        .as("%s '%s'", encoding, x)
                        .isTrue();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SignatureEncoding.class)
    void decodeWhenRangeIsAnEncoderOutputThenTheEncodedBytes(SignatureEncoding encoding) {
        Random random = new Random(0xB17E + encoding.ordinal());
        for (int i = 0; i < ITERATIONS / 4; i++) {
            byte[] bytes = new byte[1 + random.nextInt(80)];
            random.nextBytes(bytes);
            String x = encode(bytes, encoding, random);
            String prefix = surrounding(random);
            String text = prefix + x + surrounding(random);
            assertThat(Codec.decode(text, prefix.length(), prefix.length() + x.length(), encoding))
                    .as("%s '%s' in '%s'", encoding, x, text)
                    .isEqualTo(bytes);
        }
    }

    @Test
    void decodeHexWhenRangeThenOnlyTheRangeIsRead() {
        assertThat(Codec.decodeHex("abcd", 1, 3, false)).containsExactly(0xbc);
        assertThat(Codec.decodeHex("abcd", 0, 4, false)).containsExactly(0xab, 0xcd);
        assertThat(Codec.decodeHex("zz0fzz", 2, 4, false)).containsExactly(0x0f);
        assertThat(Codec.decodeHex("v1=0F", 3, 5, false)).isNull();
        assertThat(Codec.decodeHex("v1=0F", 3, 5, true)).containsExactly(0x0f);
        assertThat(Codec.decodeHex("v1=0f", 3, 4, false)).as("odd length").isNull();
        assertThat(Codec.decodeHex("abcd", 2, 2, false)).as("empty range").isNull();
    }

    @Test
    void decodeBase64WhenRangeThenPaddingAndUnusedBitsAreJudgedWithinTheRange() {
        String text = "x" + Base64.getEncoder().encodeToString(BYTES) + "y";
        assertThat(Codec.decodeBase64(text, 1, text.length() - 1, false)).isEqualTo(BYTES);
        // "QQ==" is 'A'; the same characters without their padding are a different spelling.
        assertThat(Codec.decodeBase64("xQQ==y", 1, 5, false)).containsExactly('A');
        assertThat(Codec.decodeBase64("xQQ==y", 1, 3, false))
                .as("padding left outside")
                .isNull();
        assertThat(Codec.decodeBase64("xQQ==y", 1, 3, true)).containsExactly('A');
        assertThat(Codec.decodeBase64("xQQ==y", 1, 4, true))
                .as("half the padding")
                .isNull();
        // 'QR==' decodes to 'A' in the JDK too, but the unused bits are not zero.
        assertThat(Codec.decodeBase64("QR==QQ==", 0, 4, false)).isNull();
        assertThat(Codec.decodeBase64("QR==QQ==", 4, 8, false)).containsExactly('A');
        // Padding is counted from the end of the range, not of the text.
        assertThat(Codec.decodeBase64("QUI=====", 0, 4, false)).containsExactly('A', 'B');
        assertThat(Codec.decodeBase64("-_8=", 0, 4, true)).containsExactly(0xfb, 0xff);
        assertThat(Codec.decodeBase64("-_8=", 0, 4, false))
                .as("URL-safe digits in standard base64")
                .isNull();
        assertThat(Codec.decodeBase64("abcd", 4, 4, false)).as("empty range").isNull();
    }

    @Test
    void decodeWhenRangeIsTheWholeTextThenSameAsWholeDecode() {
        String hex = "00ff10";
        String base64 = Base64.getEncoder().encodeToString(BYTES);
        assertThat(Codec.decode(hex, 0, hex.length(), SignatureEncoding.HEX))
                .isEqualTo(Codec.decode(hex, SignatureEncoding.HEX))
                .containsExactly(0x00, 0xff, 0x10);
        assertThat(Codec.decode(base64, 0, base64.length(), SignatureEncoding.BASE64))
                .isEqualTo(Codec.decode(base64, SignatureEncoding.BASE64))
                .isEqualTo(BYTES);
    }

    @ParameterizedTest
    @EnumSource(SignatureEncoding.class)
    void decodeWhenRangeOutsideTextThenIndexOutOfBounds(SignatureEncoding encoding) {
        assertThatThrownBy(() -> Codec.decode("abcd", -1, 2, encoding)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Codec.decode("abcd", 2, 5, encoding)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Codec.decode("abcd", 3, 2, encoding)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(Codec.decode("abcd", 4, 4, encoding))
                .as("empty range at the end")
                .isNull();
    }

    private enum Outcome {
        DECODED,
        REJECTED
    }

    /** A canonical encoding of random bytes, often garbled in a way strict decoding must notice. */
    private static String candidate(Random random, SignatureEncoding encoding) {
        byte[] bytes = new byte[random.nextInt(4) == 0 ? random.nextInt(6) : 32 + random.nextInt(3) * 16];
        random.nextBytes(bytes);
        String x = encode(bytes, encoding, random);
        return random.nextInt(5) < 2 ? x : garble(x, random);
    }

    /** One of the spellings the encoding accepts (either case for any-case hex, padding optional for URL-safe). */
    private static String encode(byte[] bytes, SignatureEncoding encoding, Random random) {
        return switch (encoding) {
            case HEX -> HexFormat.of().formatHex(bytes);
            case HEX_ANY_CASE ->
                random.nextBoolean()
                        ? HexFormat.of().withUpperCase().formatHex(bytes)
                        : HexFormat.of().formatHex(bytes);
            case BASE64 -> Base64.getEncoder().encodeToString(bytes);
            case BASE64URL ->
                random.nextBoolean()
                        ? Base64.getUrlEncoder().encodeToString(bytes)
                        : Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        };
    }

    private static String garble(String x, Random random) {
        StringBuilder sb = new StringBuilder(x);
        int at = sb.length() == 0 ? 0 : random.nextInt(sb.length());
        switch (random.nextInt(10)) {
            case 0 -> sb.insert(at, NEIGHBOURS.charAt(random.nextInt(NEIGHBOURS.length())));
            case 1 -> {
                if (sb.length() > 0) {
                    sb.deleteCharAt(at);
                }
            }
            case 2 -> {
                if (sb.length() > 0) {
                    sb.setCharAt(at, NEIGHBOURS.charAt(random.nextInt(NEIGHBOURS.length())));
                }
            }
            case 3 -> sb.append('=');
            case 4 -> {
                // Strip padding, or flip the case of everything.
                while (sb.length() > 0 && sb.charAt(sb.length() - 1) == '=') {
                    sb.setLength(sb.length() - 1);
                }
                if (random.nextBoolean()) {
                    return sb.toString().toUpperCase(Locale.ROOT);
                }
            }
            case 5 -> {
                // Change the last data character: in base64 that often sets unused bits.
                int last = sb.length() - 1;
                while (last >= 0 && sb.charAt(last) == '=') {
                    last--;
                }
                if (last >= 0) {
                    sb.setCharAt(last, (char) (sb.charAt(last) + 1));
                }
            }
            case 6 -> sb.insert(0, ' ').append(' ');
            case 7 -> sb.setLength(random.nextInt(sb.length() + 1));
            case 8 -> sb.append(sb, 0, Math.min(sb.length(), 1 + random.nextInt(4)));
            default -> {
                for (int i = random.nextInt(8); i > 0; i--) {
                    sb.append(NEIGHBOURS.charAt(random.nextInt(NEIGHBOURS.length())));
                }
            }
        }
        return sb.toString();
    }

    private static String surrounding(Random random) {
        StringBuilder sb = new StringBuilder();
        for (int i = random.nextInt(6); i > 0; i--) {
            sb.append(NEIGHBOURS.charAt(random.nextInt(NEIGHBOURS.length())));
        }
        return sb.toString();
    }

    private static boolean canonical(byte[] bytes, SignatureEncoding encoding, String x) {
        return switch (encoding) {
            case HEX -> HexFormat.of().formatHex(bytes).equals(x);
            case HEX_ANY_CASE -> HexFormat.of().formatHex(bytes).equalsIgnoreCase(x);
            case BASE64 -> Base64.getEncoder().encodeToString(bytes).equals(x);
            case BASE64URL ->
                Base64.getUrlEncoder().encodeToString(bytes).equals(x)
                        || Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString(bytes)
                                .equals(x);
        };
    }
}
