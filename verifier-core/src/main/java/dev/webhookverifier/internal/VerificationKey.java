package dev.webhookverifier.internal;

import dev.webhookverifier.MacAlgorithm;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Decoded key material for one secret: an HMAC key or an Ed25519 public key. */
public abstract sealed class VerificationKey {
    private VerificationKey() {}

    /**
     * The offered signature that verifies {@code prefix || body || suffix} under this key, or {@code null}.
     *
     * <p>Computes at most one MAC, however many signatures the header offers.
     */
    public abstract byte[] matches(SignedParts parts, byte[] body);

    /** Whether this key can check any of the signatures offered. */
    public abstract boolean canCheck(SignedParts parts);

    /** An HMAC key. */
    public static VerificationKey hmac(byte[] key, MacAlgorithm defaultAlgorithm) {
        return new Hmac(key, defaultAlgorithm);
    }

    /** An Ed25519 public key from its 32 raw bytes. */
    public static VerificationKey ed25519(byte[] rawPublicKey) {
        if (rawPublicKey.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes, this one is " + rawPublicKey.length);
        }
        // X.509 SubjectPublicKeyInfo for Ed25519 is this fixed 12-byte header followed by the raw key.
        byte[] spki = new byte[44];
        byte[] header = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
        System.arraycopy(header, 0, spki, 0, 12);
        System.arraycopy(rawPublicKey, 0, spki, 12, 32);
        try {
            return new Ed25519(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a valid Ed25519 public key");
        }
    }

    static final class Hmac extends VerificationKey {
        private final MacAlgorithm defaultAlgorithm;
        private final Map<MacAlgorithm, ThreadLocal<Mac>> macs = new EnumMap<>(MacAlgorithm.class);

        Hmac(byte[] key, MacAlgorithm defaultAlgorithm) {
            this.defaultAlgorithm = defaultAlgorithm;
            for (MacAlgorithm algorithm : MacAlgorithm.values()) {
                Mac prototype = newMac(algorithm, key);
                // A Mac per thread, initialised once by cloning a keyed prototype: Mac.getInstance + init on
                // every request costs more than the MAC of a small body (see BENCHMARKS.md).
                macs.put(algorithm, ThreadLocal.withInitial(() -> copy(prototype)));
            }
            Arrays.fill(key, (byte) 0);
        }

        private static Mac newMac(MacAlgorithm algorithm, byte[] key) {
            try {
                Mac mac = Mac.getInstance(algorithm.jcaName());
                mac.init(new SecretKeySpec(key, algorithm.jcaName()));
                return mac;
            } catch (NoSuchAlgorithmException | InvalidKeyException e) {
                throw new IllegalStateException(algorithm.jcaName() + " is not available in this JDK", e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the decoded key is empty");
            }
        }

        private static Mac copy(Mac prototype) {
            try {
                return (Mac) prototype.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException(
                        "the JCE provider's " + prototype.getAlgorithm() + " cannot be cloned", e);
            }
        }

        @Override
        public boolean canCheck(SignedParts parts) {
            return parts.macSignatures.length > 0;
        }

        @Override
        public byte[] matches(SignedParts parts, byte[] body) {
            if (parts.macSignatures.length == 0) {
                return null;
            }
            MacAlgorithm algorithm = parts.algorithm == null ? defaultAlgorithm : parts.algorithm;
            Mac mac = macs.get(algorithm).get();
            mac.update(parts.prefix);
            mac.update(body);
            mac.update(parts.suffix);
            byte[] expected = mac.doFinal();
            boolean match = false;
            for (byte[] offered : parts.macSignatures) {
                // Constant time on decoded bytes; no early exit, so timing does not reveal which one matched.
                match |= MessageDigest.isEqual(expected, offered);
            }
            return match ? expected : null;
        }

        @Override
        public String toString() {
            return "HmacKey[<redacted>]";
        }
    }

    static final class Ed25519 extends VerificationKey {
        private final PublicKey publicKey;

        Ed25519(PublicKey publicKey) {
            this.publicKey = publicKey;
        }

        @Override
        public boolean canCheck(SignedParts parts) {
            return parts.ed25519Signatures.length > 0;
        }

        @Override
        public byte[] matches(SignedParts parts, byte[] body) {
            for (byte[] offered : parts.ed25519Signatures) {
                if (offered.length != 64) {
                    continue;
                }
                try {
                    Signature verifier = Signature.getInstance("Ed25519");
                    verifier.initVerify(publicKey);
                    verifier.update(parts.prefix);
                    verifier.update(body);
                    verifier.update(parts.suffix);
                    if (verifier.verify(offered)) {
                        return offered;
                    }
                } catch (SignatureException e) {
                    // A malformed signature is simply not a match.
                } catch (NoSuchAlgorithmException | InvalidKeyException e) {
                    throw new IllegalStateException("Ed25519 is not available in this JDK", e);
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return "Ed25519Key[public]";
        }
    }
}
