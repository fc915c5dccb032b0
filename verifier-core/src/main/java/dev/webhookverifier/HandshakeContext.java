package dev.webhookverifier;

import dev.webhookverifier.internal.VerificationKey;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Handshake} may use to answer a probe: the verified delivery of a signed probe, and an HMAC keyed
 * with the secret that verified it (for answers that prove the receiver knows the secret, like Zoom's
 * {@code encryptedToken}).
 *
 * <p><b>Security:</b> the key never leaves this object; {@link #hmac} exists only for signed probes, so an
 * unauthenticated caller can never make the endpoint sign text of its choosing.
 *
 * <p><b>Thread safety:</b> confined to the request being answered.
 */
public final class HandshakeContext {
    private final VerifiedDelivery delivery;
    private final VerificationKey key;

    HandshakeContext(VerifiedDelivery delivery, VerificationKey key) {
        this.delivery = delivery;
        this.key = key;
    }

    /**
     * The verified probe, for handshakes that {@link Handshake#requiresSignature() require a signature}.
     *
     * @return the delivery, or empty for an unsigned probe
     */
    public Optional<VerifiedDelivery> delivery() {
        return Optional.ofNullable(delivery);
    }

    /**
     * The HMAC of {@code data} keyed with the secret that verified this probe.
     *
     * @param algorithm the MAC algorithm
     * @param data the bytes to authenticate
     * @return a new array holding the MAC
     * @throws IllegalStateException for an unsigned probe, or if the endpoint's key is not an HMAC secret (a public
     *     key, a static token)
     */
    public byte[] hmac(MacAlgorithm algorithm, byte[] data) {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(data, "data");
        if (key == null) {
            throw new IllegalStateException("an unsigned probe cannot use the endpoint's secret");
        }
        return key.mac(algorithm, data);
    }

    @Override
    public String toString() {
        return "HandshakeContext[" + (delivery == null ? "unsigned" : "signed, " + delivery.providerId()) + "]";
    }
}
