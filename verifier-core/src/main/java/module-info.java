/**
 * webhook-verifier core: verify webhook signatures, timestamps and uniqueness with no dependency beyond the JDK.
 *
 * <p>Start at {@link dev.webhookverifier.WebhookVerifier} and {@link dev.webhookverifier.Providers}.
 */
module dev.webhookverifier {
    exports dev.webhookverifier;
    exports dev.webhookverifier.replay;
}
