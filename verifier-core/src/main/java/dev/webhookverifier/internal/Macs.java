package dev.webhookverifier.internal;

import dev.webhookverifier.MacAlgorithm;
import dev.webhookverifier.SignatureEncoding;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** One-off MACs for signing (tests, the CLI); the verifier's hot path uses {@link VerificationKey}. */
public final class Macs {
    private Macs() {}

    /** A new SHA-256 digest (every JDK has it). */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JDK", e);
        }
    }

    /** HMAC of {@code prefix || body || suffix}; wipes nothing, the caller owns {@code key}. */
    public static byte[] mac(MacAlgorithm algorithm, byte[] key, byte[] prefix, byte[] body, byte[] suffix) {
        try {
            Mac mac = Mac.getInstance(algorithm.jcaName());
            mac.init(new SecretKeySpec(key, algorithm.jcaName()));
            mac.update(prefix);
            mac.update(body);
            mac.update(suffix);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm.jcaName() + " is not available", e);
        }
    }

    /** The canonical text of signature bytes in an encoding. */
    public static String encode(byte[] signature, SignatureEncoding encoding) {
        return switch (encoding) {
            case HEX, HEX_ANY_CASE -> HexFormat.of().formatHex(signature);
            case BASE64 -> Base64.getEncoder().encodeToString(signature);
            case BASE64URL -> Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        };
    }
}
