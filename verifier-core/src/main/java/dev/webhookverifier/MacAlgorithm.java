package dev.webhookverifier;

/**
 * The HMAC algorithms webhook providers use.
 *
 * <p>The verifier's configuration decides the algorithm; a request can never choose a weaker one.
 */
public enum MacAlgorithm {
    /** HMAC-SHA1: legacy (GitHub's old header, Twilio, Intercom); only where the provider offers nothing better. */
    HMAC_SHA1("HmacSHA1", 20),
    /** HMAC-SHA256: what most providers use. */
    HMAC_SHA256("HmacSHA256", 32),
    /** HMAC-SHA512. */
    HMAC_SHA512("HmacSHA512", 64);

    private final String jcaName;
    private final int length;

    MacAlgorithm(String jcaName, int length) {
        this.jcaName = jcaName;
        this.length = length;
    }

    /**
     * The JCA algorithm name.
     *
     * @return e.g. {@code HmacSHA256}
     */
    public String jcaName() {
        return jcaName;
    }

    /**
     * The MAC length in bytes.
     *
     * @return e.g. 32 for HMAC-SHA256
     */
    public int macLength() {
        return length;
    }
}
