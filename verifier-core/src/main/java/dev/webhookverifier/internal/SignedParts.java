package dev.webhookverifier.internal;

import dev.webhookverifier.MacAlgorithm;
import java.time.Instant;

/**
 * What a scheme read from a request's headers: the bytes signed around the body, the offered signatures
 * (already strictly decoded), and the signed timestamp and delivery id.
 *
 * <p>The signed content is {@code prefix || body || suffix}; building it this way lets the verifier stream
 * the body into the MAC without copying or converting it.
 */
public final class SignedParts {
    private static final byte[][] NONE = new byte[0][];
    private static final byte[] EMPTY = new byte[0];

    public final byte[] prefix;
    public final byte[] suffix;
    public final MacAlgorithm algorithm;
    public final byte[][] macSignatures;
    public final byte[][] ed25519Signatures;
    /** Entries in the header that this scheme does not check (unknown versions, {@code v0}, ...). */
    public final int ignoredSignatures;

    public final Instant timestamp;
    public final String deliveryId;
    public final boolean deliveryIdSigned;

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
        this.prefix = prefix == null ? EMPTY : prefix;
        this.suffix = suffix == null ? EMPTY : suffix;
        this.algorithm = algorithm;
        this.macSignatures = macSignatures == null ? NONE : macSignatures;
        this.ed25519Signatures = ed25519Signatures == null ? NONE : ed25519Signatures;
        this.ignoredSignatures = ignoredSignatures;
        this.timestamp = timestamp;
        this.deliveryId = deliveryId;
        this.deliveryIdSigned = deliveryIdSigned;
    }

    /** A scheme with a single HMAC signature and no timestamp. */
    public static SignedParts mac(MacAlgorithm algorithm, byte[] signature, String deliveryId) {
        return new SignedParts(null, null, algorithm, new byte[][] {signature}, null, 0, null, deliveryId, false);
    }
}
