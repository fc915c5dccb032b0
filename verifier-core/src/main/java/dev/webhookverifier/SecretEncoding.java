package dev.webhookverifier;

/** How a custom provider's secret text is turned into key bytes. */
public enum SecretEncoding {
    /** The text's UTF-8 bytes are the key (GitHub, Stripe, Slack, Shopify). */
    TEXT,
    /** The text (after an optional prefix) is standard base64 of the key (Standard Webhooks). */
    BASE64,
    /** The text is hexadecimal of the key (Adyen). */
    HEX
}
