package dev.webhookverifier.internal;

import dev.webhookverifier.MacAlgorithm;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Decoded key material for one secret: an HMAC key, an Ed25519 or ECDSA P-256 public key, a secret-prefixed
 * digest key (HubSpot v1/v2) or a static token (GitLab).
 */
public abstract sealed class VerificationKey {
    private VerificationKey() {}

    /**
     * If an offered signature verifies {@code prefix || body || suffix} (for any of the alternative prefixes)
     * under this key, the bytes that identify the delivery for replay protection; otherwise {@code null}.
     *
     * <p>Those bytes are the verified signature itself, except where the signature is not unique to the message:
     * an ECDSA signature can be rewritten into another valid one (so the signed content's digest is used), and a
     * static token is the same for every delivery (so the body's digest is used).
     *
     * <p>An HMAC key computes one MAC per prefix (usually one), however many signatures the header offers. For
     * {@link SignedParts#everyMacRequired} parts it requires every item's MAC to match (only HMAC keys check those).
     */
    public abstract byte[] matches(SignedParts parts, byte[] body);

    /** Whether this key can check any of the signatures offered. */
    public abstract boolean canCheck(SignedParts parts);

    /**
     * The HMAC of {@code data} with this key, for handshake answers that prove knowledge of the secret (Zoom).
     *
     * @throws IllegalStateException if this is not an HMAC key
     */
    public byte[] mac(MacAlgorithm algorithm, byte[] data) {
        throw new IllegalStateException("the endpoint's key is not an HMAC secret");
    }

    /** An HMAC key. */
    public static VerificationKey hmac(byte[] key, MacAlgorithm defaultAlgorithm) {
        return new Hmac(key, defaultAlgorithm);
    }

    /** An Ed25519 public key from its 32 raw bytes. */
    public static VerificationKey ed25519(byte[] rawPublicKey) {
        if (rawPublicKey.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes, this one is " + rawPublicKey.length);
        }
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(Ed25519Keys.spki(rawPublicKey)));
            // 32 bytes that are not a curve point decode here but fail in initVerify: find out now, not per request.
            Signature probe = Signature.getInstance("Ed25519");
            probe.initVerify(key);
            probe.update(new byte[1]);
            probe.verify(new byte[64]);
            return new Ed25519(key);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not a valid Ed25519 public key (not a point on the curve)");
        }
    }

    /**
     * An ECDSA public key on NIST P-256 (secp256r1), verifying SHA-256 signatures.
     *
     * @param spki the DER-encoded X.509 SubjectPublicKeyInfo
     * @throws IllegalArgumentException if it is not a P-256 public key
     */
    public static VerificationKey ecdsaP256(byte[] spki) {
        PublicKey key;
        try {
            key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not a DER-encoded EC public key (X.509 SubjectPublicKeyInfo)");
        }
        if (!(key instanceof ECPublicKey ec) || !isP256(ec.getParams())) {
            throw new IllegalArgumentException("the public key is not on curve P-256 (secp256r1)");
        }
        return new Ecdsa(key);
    }

    /** Whether the parameters are those of NIST P-256. */
    public static boolean isP256(ECParameterSpec params) {
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec("secp256r1"));
            ECParameterSpec p256 = p.getParameterSpec(ECParameterSpec.class);
            return params.getCurve().equals(p256.getCurve())
                    && params.getGenerator().equals(p256.getGenerator())
                    && params.getOrder().equals(p256.getOrder())
                    && params.getCofactor() == p256.getCofactor();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is not available in this JDK", e);
        }
    }

    /**
     * A key whose "signature" is {@code SHA-256(secret || content)}, a plain digest rather than an HMAC (HubSpot's
     * legacy v1 and v2 signatures).
     *
     * @param secret the secret bytes; wiped after use
     */
    public static VerificationKey secretPrefixedSha256(byte[] secret) {
        return new SecretDigest(secret);
    }

    /**
     * A static token that the request must present verbatim (GitLab's {@code X-Gitlab-Token}).
     *
     * @param token the token bytes; wiped after use
     */
    public static VerificationKey token(byte[] token) {
        return new Token(token);
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
            if (parts.everyMacRequired) {
                return matchesEvery(parts, mac);
            }
            for (byte[] prefix : parts.prefixes) {
                mac.update(prefix);
                if (parts.bodySigned) {
                    mac.update(body);
                }
                mac.update(parts.suffix);
                byte[] expected = mac.doFinal();
                boolean match = false;
                for (byte[] offered : parts.macSignatures) {
                    // Constant time on decoded bytes; no early exit, so timing does not reveal which one matched.
                    match |= MessageDigest.isEqual(expected, offered);
                }
                if (match) {
                    return expected;
                }
            }
            return null;
        }

        /**
         * Every item's MAC must match; one bad item fails the request (a batch is never half-verified). Every MAC is
         * computed and compared, no early exit. The replay bytes: the MAC itself when all items are the same, else
         * the SHA-256 of the distinct MACs in sorted order, so reordering or repeating items gives the same key.
         */
        private static byte[] matchesEvery(SignedParts parts, Mac mac) {
            boolean all = true;
            TreeSet<byte[]> distinct = new TreeSet<>(Arrays::compare);
            for (int i = 0; i < parts.prefixes.length; i++) {
                mac.update(parts.prefixes[i]);
                mac.update(parts.suffix);
                byte[] expected = mac.doFinal();
                all &= MessageDigest.isEqual(expected, parts.macSignatures[i]);
                distinct.add(expected);
            }
            if (!all) {
                return null;
            }
            if (distinct.size() == 1) {
                return distinct.first();
            }
            MessageDigest digest = Macs.sha256();
            for (byte[] m : distinct) {
                digest.update(m);
            }
            return digest.digest();
        }

        @Override
        public byte[] mac(MacAlgorithm algorithm, byte[] data) {
            Mac mac = macs.get(algorithm).get();
            return mac.doFinal(data);
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
            for (byte[] prefix : parts.prefixes) {
                for (byte[] offered : parts.ed25519Signatures) {
                    if (offered.length == 64 && verify("Ed25519", publicKey, prefix, parts, body, offered)) {
                        // Ed25519 signatures are not malleable (the JDK rejects a non-canonical S), so the signature
                        // identifies the message.
                        return offered;
                    }
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return "Ed25519Key[public]";
        }
    }

    static final class Ecdsa extends VerificationKey {
        private final PublicKey publicKey;

        Ecdsa(PublicKey publicKey) {
            this.publicKey = publicKey;
        }

        @Override
        public boolean canCheck(SignedParts parts) {
            return parts.ecdsaSignatures.length > 0;
        }

        @Override
        public byte[] matches(SignedParts parts, byte[] body) {
            for (byte[] prefix : parts.prefixes) {
                for (byte[] offered : parts.ecdsaSignatures) {
                    if (verify("SHA256withECDSA", publicKey, prefix, parts, body, offered)) {
                        // Anyone can turn a valid ECDSA signature (r, s) into another valid one (r, n - s): the
                        // signature bytes are no replay key. The digest of what was signed is.
                        MessageDigest digest = Macs.sha256();
                        digest.update(prefix);
                        if (parts.bodySigned) {
                            digest.update(body);
                        }
                        digest.update(parts.suffix);
                        return digest.digest();
                    }
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return "EcdsaP256Key[public]";
        }
    }

    private static boolean verify(
            String algorithm, PublicKey key, byte[] prefix, SignedParts parts, byte[] body, byte[] offered) {
        try {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(key);
            verifier.update(prefix);
            if (parts.bodySigned) {
                verifier.update(body);
            }
            verifier.update(parts.suffix);
            return verifier.verify(offered);
        } catch (SignatureException | InvalidKeyException e) {
            // A malformed signature is simply not a match (and keys are checked when decoded).
            return false;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is not available in this JDK", e);
        }
    }

    static final class SecretDigest extends VerificationKey {
        /** SHA-256 with the secret already absorbed; cloned per request. */
        private final MessageDigest prototype;

        SecretDigest(byte[] secret) {
            if (secret.length == 0) {
                throw new IllegalArgumentException("the decoded key is empty");
            }
            prototype = Macs.sha256();
            prototype.update(secret);
            Arrays.fill(secret, (byte) 0);
            copy();
        }

        private MessageDigest copy() {
            try {
                return (MessageDigest) prototype.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("the JDK's SHA-256 cannot be cloned", e);
            }
        }

        @Override
        public boolean canCheck(SignedParts parts) {
            return parts.macSignatures.length > 0 && !parts.everyMacRequired;
        }

        @Override
        public byte[] matches(SignedParts parts, byte[] body) {
            if (parts.everyMacRequired) {
                return null;
            }
            for (byte[] prefix : parts.prefixes) {
                MessageDigest digest = copy();
                digest.update(prefix);
                if (parts.bodySigned) {
                    digest.update(body);
                }
                digest.update(parts.suffix);
                byte[] expected = digest.digest();
                boolean match = false;
                for (byte[] offered : parts.macSignatures) {
                    match |= MessageDigest.isEqual(expected, offered);
                }
                if (match) {
                    return expected;
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return "DigestKey[<redacted>]";
        }
    }

    static final class Token extends VerificationKey {
        private final byte[] tokenDigest;

        Token(byte[] token) {
            if (token.length == 0) {
                throw new IllegalArgumentException("the token is empty");
            }
            // Comparing digests keeps the comparison constant-time even in the token's length.
            tokenDigest = Macs.sha256().digest(token);
            Arrays.fill(token, (byte) 0);
        }

        @Override
        public boolean canCheck(SignedParts parts) {
            return parts.tokens.length > 0;
        }

        @Override
        public byte[] matches(SignedParts parts, byte[] body) {
            boolean match = false;
            for (byte[] offered : parts.tokens) {
                match |= MessageDigest.isEqual(tokenDigest, Macs.sha256().digest(offered));
            }
            // The token is the same for every delivery, so it cannot tell deliveries apart: the body's digest can.
            return match ? Macs.sha256().digest(body) : null;
        }

        @Override
        public String toString() {
            return "TokenKey[<redacted>]";
        }
    }
}
