package dev.webhookverifier.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * Raw Ed25519 keys (the 32-byte seed, the 32-byte public key) as JDK keys, for the presets that give keys in raw
 * form (Standard Webhooks {@code whsk_}/{@code whpk_}, Discord).
 */
public final class Ed25519Keys {
    /** PKCS#8 PrivateKeyInfo for Ed25519 is this fixed 16-byte header followed by the 32-byte seed. */
    private static final byte[] PKCS8_HEADER = {
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20
    };
    /** X.509 SubjectPublicKeyInfo for Ed25519 is this fixed 12-byte header followed by the 32-byte key. */
    private static final byte[] SPKI_HEADER = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private static final byte[] PROBE = "webhook-verifier key check".getBytes(StandardCharsets.US_ASCII);

    private Ed25519Keys() {}

    /**
     * The PKCS#8 encoding of a seed; the caller wipes it after use.
     *
     * @param seed the 32-byte seed
     */
    public static byte[] pkcs8(byte[] seed) {
        if (seed.length != 32) {
            throw new IllegalArgumentException("an Ed25519 seed is 32 bytes, this one is " + seed.length);
        }
        byte[] out = Arrays.copyOf(PKCS8_HEADER, PKCS8_HEADER.length + 32);
        System.arraycopy(seed, 0, out, PKCS8_HEADER.length, 32);
        return out;
    }

    /**
     * The X.509 SubjectPublicKeyInfo encoding of a raw public key.
     *
     * @param rawPublicKey the 32-byte public key
     */
    public static byte[] spki(byte[] rawPublicKey) {
        if (rawPublicKey.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes, this one is " + rawPublicKey.length);
        }
        byte[] out = Arrays.copyOf(SPKI_HEADER, SPKI_HEADER.length + 32);
        System.arraycopy(rawPublicKey, 0, out, SPKI_HEADER.length, 32);
        return out;
    }

    /**
     * The private key of a seed.
     *
     * @param seed the 32-byte seed; not retained
     * @throws IllegalStateException if this JDK has no Ed25519
     */
    public static PrivateKey privateKey(byte[] seed) {
        byte[] der = pkcs8(seed);
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available in this JDK", e);
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    /**
     * Whether {@code rawPublicKey} is the public key of {@code seed}. The JDK (17) cannot derive a public key from a
     * private one, so this signs a fixed message with the seed and verifies it under the given public key: under any
     * other key (or a value that is no curve point) it fails.
     *
     * @param seed the 32-byte seed; not retained
     * @param rawPublicKey the claimed 32-byte public key
     */
    public static boolean isPublicKeyOf(byte[] seed, byte[] rawPublicKey) {
        byte[] signature = sign(privateKey(seed), PROBE);
        try {
            PublicKey publicKey =
                    KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki(rawPublicKey)));
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey);
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /**
     * An Ed25519 signature over the concatenated parts.
     *
     * @param key the private key
     * @param parts the signed content, in order
     * @return the 64-byte signature
     * @throws IllegalStateException if this JDK has no Ed25519
     */
    public static byte[] sign(PrivateKey key, byte[]... parts) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            for (byte[] part : parts) {
                signer.update(part);
            }
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing is not available in this JDK", e);
        }
    }
}
