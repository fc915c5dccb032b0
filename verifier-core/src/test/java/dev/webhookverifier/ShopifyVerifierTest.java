package dev.webhookverifier;

import static dev.webhookverifier.Fixtures.assertAccepted;
import static dev.webhookverifier.Fixtures.assertRejected;
import static dev.webhookverifier.Fixtures.utf8;
import static dev.webhookverifier.Fixtures.withHeader;
import static dev.webhookverifier.Fixtures.withoutHeader;
import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookverifier.Fixtures.Preset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Shopify: base64 HMAC in {@code X-Shopify-Hmac-Sha256} (or {@code Shopify-Hmac-Sha256}), strict base64. */
class ShopifyVerifierTest {
    private static final byte[] BODY = utf8("{\"id\":820982911946154508,\"email\":\"jon@example.com\"}");
    private static final Preset SHOPIFY = Preset.SHOPIFY;

    @Test
    void verifyWhenUnprefixedHeaderNameUsedThenAccepted() {
        WebhookRequest signed = SHOPIFY.sign(BODY);
        String value = signed.firstHeader("X-Shopify-Hmac-Sha256").orElseThrow();
        WebhookRequest request = withoutHeader(signed, "X-Shopify-Hmac-Sha256");
        request = Fixtures.addHeader(request, "Shopify-Hmac-Sha256", value);

        assertAccepted(SHOPIFY.verifier(), request);
    }

    @Test
    void verifyWhenBase64HasUnusedBitsSetThenMalformedHeader() {
        WebhookRequest signed = SHOPIFY.sign(BODY);
        String good = SHOPIFY.signatureText(signed);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        String nonCanonical = good.substring(0, 42) + alphabet.charAt(alphabet.indexOf(good.charAt(42)) ^ 2) + "=";
        assertThat(Base64.getDecoder().decode(nonCanonical))
                .isEqualTo(Base64.getDecoder().decode(good));

        assertRejected(
                SHOPIFY.verifier(),
                withHeader(signed, SHOPIFY.signatureHeader, nonCanonical),
                FailureReason.MALFORMED_HEADER);
    }

    @Test
    void verifyWhenBase64PaddingMissingThenMalformedHeader() {
        WebhookRequest signed = SHOPIFY.sign(BODY);
        String good = SHOPIFY.signatureText(signed);

        assertRejected(
                SHOPIFY.verifier(),
                withHeader(signed, SHOPIFY.signatureHeader, good.replace("=", "")),
                FailureReason.MALFORMED_HEADER);
    }

    @Test
    void verifyWhenWebhookIdSentThenReportedAsUnsignedDeliveryId() {
        WebhookRequest signed = withHeader(SHOPIFY.sign(BODY), "X-Shopify-Webhook-Id", "b54557e4-bdd9");

        assertThat(assertAccepted(SHOPIFY.verifier(), signed).deliveryId()).contains("b54557e4-bdd9");
        assertThat(SHOPIFY.provider().signsDeliveryId()).isFalse();
        assertThat(SHOPIFY.provider().signsTimestamp()).isFalse();
    }
}
