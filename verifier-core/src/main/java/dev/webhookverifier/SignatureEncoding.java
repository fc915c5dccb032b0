package dev.webhookverifier;

/**
 * How a provider writes signature bytes into a header.
 *
 * <p>Decoding is strict: a spelling the provider would never produce (upper-case hex where it sends lower
 * case, base64 with non-zero unused bits or missing padding) is rejected rather than decoded, so that two
 * different header texts can never stand for the same signature.
 */
public enum SignatureEncoding {
    /** Lower-case hexadecimal (GitHub, Stripe, Slack). */
    HEX,
    /** Hexadecimal in either case (providers documented to send either). */
    HEX_ANY_CASE,
    /** Standard base64 with padding (Standard Webhooks, Shopify). */
    BASE64,
    /** URL-safe base64, padding optional (some providers omit it). */
    BASE64URL
}
