package dev.webhookverifier.internal.provider;

import dev.webhookverifier.MacAlgorithm;
import dev.webhookverifier.SignatureEncoding;
import dev.webhookverifier.TimestampFormat;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookVerificationException;
import dev.webhookverifier.internal.Codec;
import dev.webhookverifier.internal.Ed25519Keys;
import dev.webhookverifier.internal.Headers;
import dev.webhookverifier.internal.Macs;
import dev.webhookverifier.internal.Scheme;
import dev.webhookverifier.internal.SecretText;
import dev.webhookverifier.internal.SignedParts;
import dev.webhookverifier.internal.VerificationKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An asymmetric signature in one header over {@code timestamp + body}, with the timestamp in another header:
 * Discord (Ed25519, hex signature, 32-byte hex public key) and SendGrid's Event Webhook (ECDSA P-256 with
 * SHA-256, base64 DER signature, base64 DER SubjectPublicKeyInfo public key).
 *
 * <p>A verifier holds only the public key. Signing (tests, the CLI) needs the private key: for Ed25519 the
 * 32-byte seed as 64 hex digits (Discord's and tweetnacl's {@code secretKey} of seed and public key, 128 hex
 * digits, works too), or for either algorithm a PKCS#8 private key as base64 DER (optionally PEM-armoured).
 */
public final class PublicKeyScheme implements Scheme {
    /** The signature algorithm and its key formats. */
    public enum Algorithm {
        ED25519,
        ECDSA_P256
    }

    private final String id;
    private final String documentationUrl;
    private final Algorithm algorithm;
    private final String signatureHeader;
    private final SignatureEncoding encoding;
    private final String timestampHeader;
    private final TimestampFormat timestampFormat;
    private final Duration defaultTolerance;
    private final String keyHint;

    /**
     * @param keyHint where the provider shows the public key, for error messages
     */
    public PublicKeyScheme(
            String id,
            String documentationUrl,
            Algorithm algorithm,
            String signatureHeader,
            SignatureEncoding encoding,
            String timestampHeader,
            TimestampFormat timestampFormat,
            Duration defaultTolerance,
            String keyHint) {
        this.id = Objects.requireNonNull(id, "id");
        this.documentationUrl = Objects.requireNonNull(documentationUrl, "documentationUrl");
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.signatureHeader = Objects.requireNonNull(signatureHeader, "signatureHeader");
        this.encoding = Objects.requireNonNull(encoding, "encoding");
        this.timestampHeader = Objects.requireNonNull(timestampHeader, "timestampHeader");
        this.timestampFormat = Objects.requireNonNull(timestampFormat, "timestampFormat");
        this.defaultTolerance = Objects.requireNonNull(defaultTolerance, "defaultTolerance");
        this.keyHint = Objects.requireNonNull(keyHint, "keyHint");
    }

    /** The signature algorithm, for generating a key pair of the right kind. */
    public Algorithm algorithm() {
        return algorithm;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String documentationUrl() {
        return documentationUrl;
    }

    @Override
    public Duration defaultTolerance() {
        return defaultTolerance;
    }

    @Override
    public boolean signsDeliveryId() {
        return false;
    }

    @Override
    public VerificationKey decodeKey(byte[] value, boolean raw, boolean allowWeak) {
        if (raw) {
            return algorithm == Algorithm.ED25519
                    ? VerificationKey.ed25519(value.clone())
                    : VerificationKey.ecdsaP256(value.clone());
        }
        String text = SecretText.text(value, "the public key");
        return algorithm == Algorithm.ED25519 ? ed25519PublicKey(text) : ecdsaPublicKey(text);
    }

    private VerificationKey ed25519PublicKey(String text) {
        byte[] key = Codec.decodeHex(text, true);
        if (key != null && key.length == 32) {
            return VerificationKey.ed25519(key);
        }
        if (key != null && key.length == 64) {
            throw new IllegalArgumentException("that is 64 bytes of hex, an Ed25519 private key (seed and public key);"
                    + " a receiver needs the 32-byte public key (" + keyHint + ")");
        }
        if (pkcs8(text) != null) {
            throw new IllegalArgumentException(
                    "that is a private key (PKCS#8); a receiver needs the public key (" + keyHint + ")");
        }
        throw new IllegalArgumentException("the public key is not 64 hexadecimal digits (" + keyHint + ")");
    }

    private VerificationKey ecdsaPublicKey(String text) {
        byte[] der = Codec.decodeBase64(unarmor(text), false);
        if (der == null) {
            throw new IllegalArgumentException("the public key is not base64 (" + keyHint
                    + "); copy it again without quotes, spaces or line breaks");
        }
        if (pkcs8(text) != null) {
            throw new IllegalArgumentException(
                    "that is a private key (PKCS#8); a receiver needs the public key (" + keyHint + ")");
        }
        try {
            return VerificationKey.ecdsaP256(der);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (" + keyHint + ")");
        }
    }

    /** Strips PEM armour and the line breaks inside it; other text is returned unchanged. */
    private static String unarmor(String text) {
        if (!text.startsWith("-----BEGIN ")) {
            return text;
        }
        String[] lines = text.split("\r?\n");
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            if (!line.startsWith("-----")) {
                sb.append(line.strip());
            }
        }
        return sb.toString();
    }

    /** A PKCS#8 private key (any algorithm) given as base64 DER, PEM or not; {@code null} if it is none. */
    private static byte[] pkcs8(String text) {
        byte[] der = Codec.decodeBase64(unarmor(text), false);
        if (der == null) {
            return null;
        }
        for (String alg : new String[] {"EC", "Ed25519"}) {
            try {
                KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
                return der;
            } catch (GeneralSecurityException | RuntimeException e) {
                // not this kind
            }
        }
        return null;
    }

    @Override
    public SignedParts parse(WebhookRequest request) throws WebhookVerificationException {
        String sigText = Headers.required(request, id, signatureHeader);
        String t = Headers.required(request, id, timestampHeader);
        byte[] signature = Codec.decode(sigText, encoding);
        boolean wellFormed = signature != null
                && (algorithm == Algorithm.ED25519
                        ? signature.length == 64
                        // A DER SEQUENCE of two INTEGERs of at most 33 bytes each.
                        : signature.length >= 8 && signature.length <= 72 && signature[0] == 0x30);
        if (!wellFormed) {
            throw Headers.malformed(
                    id,
                    "header " + signatureHeader + " does not hold a canonical " + encoding + " "
                            + (algorithm == Algorithm.ED25519 ? "Ed25519" : "DER ECDSA") + " signature");
        }
        Instant timestamp = Headers.timestamp(t, timestampFormat, id, timestampHeader);
        byte[][] sigs = {signature};
        return new SignedParts(
                new byte[][] {t.getBytes(StandardCharsets.ISO_8859_1)},
                null,
                true,
                MacAlgorithm.HMAC_SHA256,
                null,
                algorithm == Algorithm.ED25519 ? sigs : null,
                algorithm == Algorithm.ECDSA_P256 ? sigs : null,
                null,
                0,
                timestamp,
                null,
                false);
    }

    @Override
    public Map<String, String> sign(
            byte[] value, boolean raw, WebhookRequest unsigned, String deliveryId, Instant timestamp) {
        PrivateKey key = privateKey(value, raw);
        String t = TimestampText.format(timestamp, timestampFormat);
        try {
            Signature signer = Signature.getInstance(algorithm == Algorithm.ED25519 ? "Ed25519" : "SHA256withECDSA");
            signer.initSign(key);
            signer.update(t.getBytes(StandardCharsets.ISO_8859_1));
            signer.update(unsigned.body());
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put(timestampHeader, t);
            headers.put(signatureHeader, Macs.encode(signer.sign(), encoding));
            return headers;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " signing is not available in this JDK", e);
        }
    }

    private PrivateKey privateKey(byte[] value, boolean raw) {
        byte[] pkcs8;
        if (raw) {
            pkcs8 = algorithm == Algorithm.ED25519 && value.length == 32 ? Ed25519Keys.pkcs8(value) : value.clone();
        } else {
            String text = SecretText.text(value, "the private key");
            byte[] hex = algorithm == Algorithm.ED25519 ? Codec.decodeHex(text, true) : null;
            if (hex != null && (hex.length == 32 || hex.length == 64)) {
                // The seed, or tweetnacl's secretKey (seed || public key): a spliced pair would sign with a key
                // other than the one the receiver was given, so the public half must belong to the seed.
                byte[] seed = Arrays.copyOf(hex, 32);
                boolean consistent =
                        hex.length == 32 || Ed25519Keys.isPublicKeyOf(seed, Arrays.copyOfRange(hex, 32, 64));
                Arrays.fill(hex, (byte) 0);
                if (!consistent) {
                    Arrays.fill(seed, (byte) 0);
                    throw new IllegalArgumentException("the 128 hex digits are not an Ed25519 secretKey: the second"
                            + " half is not the public key of the first (seed); give the 32-byte seed alone");
                }
                pkcs8 = Ed25519Keys.pkcs8(seed);
                Arrays.fill(seed, (byte) 0);
            } else {
                pkcs8 = pkcs8(text);
            }
            if (pkcs8 == null) {
                throw new IllegalArgumentException(id + " signs with a private key: "
                        + (algorithm == Algorithm.ED25519
                                ? "the 32-byte Ed25519 seed as 64 hex digits, or a PKCS#8 key as base64 DER"
                                : "a PKCS#8 EC P-256 key as base64 DER")
                        + " (a public key verifies but cannot sign)");
            }
        }
        try {
            PrivateKey key = KeyFactory.getInstance(algorithm == Algorithm.ED25519 ? "Ed25519" : "EC")
                    .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            if (key instanceof ECPrivateKey ec && !VerificationKey.isP256(ec.getParams())) {
                throw new IllegalArgumentException("the private key is not on curve P-256 (secp256r1)");
            }
            return key;
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException(
                    "not a PKCS#8 " + (algorithm == Algorithm.ED25519 ? "Ed25519" : "EC") + " private key");
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }
}
