/**
 * webhook-verifier core: verify webhook signatures, timestamps and uniqueness with no dependency beyond the JDK.
 *
 * <p>Start at {@link dev.webhookverifier.WebhookVerifier} and {@link dev.webhookverifier.Providers}.
 */
module dev.webhookverifier {
    exports dev.webhookverifier;
    exports dev.webhookverifier.replay;
    exports dev.webhookverifier.spi;

    uses dev.webhookverifier.spi.ProviderFactory;
    uses dev.webhookverifier.spi.HandshakeFactory;

    // Only for verifier-json's JSON-reading presets (ProviderAccess); not an API.
    exports dev.webhookverifier.internal to
            dev.webhookverifier.json;
    exports dev.webhookverifier.internal.provider to
            dev.webhookverifier.json;
}
