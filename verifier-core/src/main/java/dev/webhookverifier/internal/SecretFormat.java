package dev.webhookverifier.internal;

import dev.webhookverifier.MacAlgorithm;
import dev.webhookverifier.SecretEncoding;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a provider's HMAC secret text becomes key bytes, with the common mistakes it recognises.
 *
 * <p>Immutable.
 */
public final class SecretFormat {
    private final SecretEncoding encoding;
    private final String prefix;
    private final boolean prefixRequired;
    private final boolean keepPrefix;
    private final Map<String, String> mistakes;

    private SecretFormat(
            SecretEncoding encoding,
            String prefix,
            boolean prefixRequired,
            boolean keepPrefix,
            Map<String, String> mistakes) {
        this.encoding = encoding;
        this.prefix = prefix;
        this.prefixRequired = prefixRequired;
        this.keepPrefix = keepPrefix;
        this.mistakes = mistakes;
    }

    /** The text's UTF-8 bytes are the key. */
    public static SecretFormat text() {
        return new SecretFormat(SecretEncoding.TEXT, "", false, true, Map.of());
    }

    /** Decoded per {@code encoding}. */
    public static SecretFormat of(SecretEncoding encoding) {
        return new SecretFormat(encoding, "", false, true, Map.of());
    }

    /** An optional prefix (like {@code whsec_}) stripped before decoding. */
    public SecretFormat optionalPrefix(String prefix) {
        return new SecretFormat(encoding, prefix, false, false, mistakes);
    }

    /** A prefix the provider always shows, kept as part of the key (Stripe's whole {@code whsec_...} string). */
    public SecretFormat requiredPrefixKept(String prefix) {
        return new SecretFormat(encoding, prefix, true, true, mistakes);
    }

    /** A known wrong kind of value, recognised by its prefix, and what to tell the user. */
    public SecretFormat mistake(String wrongPrefix, String hint) {
        Map<String, String> m = new LinkedHashMap<>(mistakes);
        m.put(wrongPrefix, hint);
        return new SecretFormat(encoding, prefix, prefixRequired, keepPrefix, Map.copyOf(m));
    }

    /** Decodes a secret to an HMAC key, or throws {@link IllegalArgumentException} with a hint. */
    public VerificationKey decode(byte[] value, boolean raw, boolean allowWeak, MacAlgorithm algorithm) {
        return VerificationKey.hmac(keyBytes(value, raw, allowWeak), algorithm);
    }

    /** The key bytes for a secret; the caller wipes them after use. */
    public byte[] keyBytes(byte[] value, boolean raw, boolean allowWeak) {
        if (raw) {
            return SecretText.raw(value, "the raw key", allowWeak);
        }
        String text = SecretText.text(value, "the secret");
        for (Map.Entry<String, String> m : mistakes.entrySet()) {
            if (text.startsWith(m.getKey())) {
                throw new IllegalArgumentException(m.getValue());
            }
        }
        if (!prefix.isEmpty() && text.startsWith(prefix) && text.length() == prefix.length()) {
            throw new IllegalArgumentException("the secret is only the prefix '" + prefix + "' with nothing after it");
        }
        if (prefixRequired && !text.startsWith(prefix)) {
            throw new IllegalArgumentException("the secret should start with '" + prefix
                    + "'; copy the whole signing secret from the provider's webhook settings");
        }
        String body =
                !keepPrefix && !prefix.isEmpty() && text.startsWith(prefix) ? text.substring(prefix.length()) : text;
        return switch (encoding) {
            case TEXT -> SecretText.textKey(body, "the secret", allowWeak);
            case BASE64 -> {
                byte[] key = Codec.decodeBase64(body, false);
                if (key == null) {
                    key = Codec.decodeBase64(body, true);
                }
                if (key == null) {
                    throw new IllegalArgumentException("the secret is not valid base64"
                            + (prefix.isEmpty() ? "" : " after '" + prefix + "'")
                            + "; copy it again without quotes, spaces or line breaks");
                }
                yield SecretText.decodedKey(key, "the secret", allowWeak);
            }
            case HEX -> {
                byte[] key = Codec.decodeHex(body, true);
                if (key == null) {
                    throw new IllegalArgumentException("the secret is not hexadecimal (0-9, a-f) of even length");
                }
                yield SecretText.decodedKey(key, "the secret", allowWeak);
            }
        };
    }
}
