package dev.webhookverifier.internal;

import dev.webhookverifier.MacAlgorithm;
import java.time.Instant;
import java.util.Arrays;

/**
 * What a scheme read from a request's headers: the bytes signed around the body, the offered signatures
 * (already strictly decoded), and the signed timestamp and delivery id.
 *
 * <p>The signed content is {@code prefix || body || suffix}; building it this way lets the verifier stream
 * the body into the MAC without copying or converting it. A few schemes sign one of several spellings of the
 * same request (Twilio's URL with and without its port): they offer alternative {@link #prefixes}, tried in turn.
 * Twilio also signs its form parameters rather than the body bytes ({@link #bodySigned} is then {@code false}).
 */
public final class SignedParts {
    private static final byte[][] NONE = new byte[0][];
    private static final byte[] EMPTY = new byte[0];

    public final byte[] prefix;
    /** The prefixes to try, in order; {@code prefixes[0] == prefix}. Usually just one. */
    public final byte[][] prefixes;

    public final byte[] suffix;
    /** Whether the body bytes lie between prefix and suffix (otherwise the message is {@code prefix || suffix}). */
    public final boolean bodySigned;

    public final MacAlgorithm algorithm;
    /** HMAC values (or, for HubSpot v1/v2, secret-prefixed SHA-256 digests). */
    public final byte[][] macSignatures;

    public final byte[][] ed25519Signatures;
    /** DER-encoded ECDSA P-256 / SHA-256 signatures (SendGrid). */
    public final byte[][] ecdsaSignatures;
    /** Static tokens compared with the secret itself (GitLab). */
    public final byte[][] tokens;
    /** Entries in the header that this scheme does not check (unknown versions, {@code v0}, ...). */
    public final int ignoredSignatures;

    public final Instant timestamp;
    public final String deliveryId;
    public final boolean deliveryIdSigned;

    /**
     * Whether {@code macSignatures[i]} must be the MAC of {@code prefixes[i]} for <em>every</em> {@code i} (a batch
     * whose items each carry their own signature: Adyen), instead of any offered signature over any prefix.
     */
    public final boolean everyMacRequired;

    public SignedParts(
            byte[] prefix,
            byte[] suffix,
            MacAlgorithm algorithm,
            byte[][] macSignatures,
            byte[][] ed25519Signatures,
            int ignoredSignatures,
            Instant timestamp,
            String deliveryId,
            boolean deliveryIdSigned) {
        this(
                new byte[][] {prefix == null ? EMPTY : prefix},
                suffix,
                true,
                algorithm,
                macSignatures,
                ed25519Signatures,
                null,
                null,
                ignoredSignatures,
                timestamp,
                deliveryId,
                deliveryIdSigned);
    }

    /**
     * Every field.
     *
     * @param prefixes one or more alternative prefixes (each may be empty, none {@code null})
     */
    public SignedParts(
            byte[][] prefixes,
            byte[] suffix,
            boolean bodySigned,
            MacAlgorithm algorithm,
            byte[][] macSignatures,
            byte[][] ed25519Signatures,
            byte[][] ecdsaSignatures,
            byte[][] tokens,
            int ignoredSignatures,
            Instant timestamp,
            String deliveryId,
            boolean deliveryIdSigned) {
        this(
                prefixes,
                suffix,
                bodySigned,
                algorithm,
                macSignatures,
                ed25519Signatures,
                ecdsaSignatures,
                tokens,
                ignoredSignatures,
                timestamp,
                deliveryId,
                deliveryIdSigned,
                false);
    }

    private SignedParts(
            byte[][] prefixes,
            byte[] suffix,
            boolean bodySigned,
            MacAlgorithm algorithm,
            byte[][] macSignatures,
            byte[][] ed25519Signatures,
            byte[][] ecdsaSignatures,
            byte[][] tokens,
            int ignoredSignatures,
            Instant timestamp,
            String deliveryId,
            boolean deliveryIdSigned,
            boolean everyMacRequired) {
        if (prefixes.length == 0) {
            throw new IllegalArgumentException("at least one prefix");
        }
        this.prefixes = prefixes;
        this.prefix = prefixes[0];
        this.suffix = suffix == null ? EMPTY : suffix;
        this.bodySigned = bodySigned;
        this.algorithm = algorithm;
        this.macSignatures = macSignatures == null ? NONE : macSignatures;
        this.ed25519Signatures = ed25519Signatures == null ? NONE : ed25519Signatures;
        this.ecdsaSignatures = ecdsaSignatures == null ? NONE : ecdsaSignatures;
        this.tokens = tokens == null ? NONE : tokens;
        this.ignoredSignatures = ignoredSignatures;
        this.timestamp = timestamp;
        this.deliveryId = deliveryId;
        this.deliveryIdSigned = deliveryIdSigned;
        this.everyMacRequired = everyMacRequired;
    }

    /**
     * Messages that must each carry a valid MAC ({@link #everyMacRequired}): the request verifies only if
     * {@code signatures[i]} is the MAC of {@code messages[i]} for every {@code i}. No body bytes are signed.
     *
     * @param messages the signed content of each item, at least one
     * @param signatures the MAC offered for each item, as many as messages
     */
    public static SignedParts everyMac(
            MacAlgorithm algorithm, byte[][] messages, byte[][] signatures, String deliveryId) {
        if (messages.length == 0 || messages.length != signatures.length) {
            throw new IllegalArgumentException("one signature per message, at least one");
        }
        return new SignedParts(
                messages, null, false, algorithm, signatures, null, null, null, 0, null, deliveryId, false, true);
    }

    /** A scheme with a single HMAC signature and no timestamp. */
    public static SignedParts mac(MacAlgorithm algorithm, byte[] signature, String deliveryId) {
        return new SignedParts(null, null, algorithm, new byte[][] {signature}, null, 0, null, deliveryId, false);
    }

    /**
     * {@code signatures} with {@code signature} added, in a new array of exactly the new length: headers carry one
     * signature, rarely two while a secret is rolled, so arrays sized to what was found beat a full-size buffer
     * trimmed at the end.
     *
     * @param signatures the signatures so far, or {@code null} for none
     * @param signature the one to add
     * @return a new array
     */
    public static byte[][] append(byte[][] signatures, byte[] signature) {
        if (signatures == null) {
            return new byte[][] {signature};
        }
        byte[][] grown = Arrays.copyOf(signatures, signatures.length + 1);
        grown[signatures.length] = signature;
        return grown;
    }

    /** How many signatures (of any kind) the request offered. */
    public int offered() {
        return macSignatures.length + ed25519Signatures.length + ecdsaSignatures.length + tokens.length;
    }
}
