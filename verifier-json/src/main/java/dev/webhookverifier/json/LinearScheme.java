package dev.webhookverifier.json;

import dev.webhookverifier.MacAlgorithm;
import dev.webhookverifier.TimestampFormat;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookVerificationException;
import dev.webhookverifier.internal.Headers;
import dev.webhookverifier.internal.Scheme;
import dev.webhookverifier.internal.SecretFormat;
import dev.webhookverifier.internal.SignedParts;
import dev.webhookverifier.internal.VerificationKey;
import dev.webhookverifier.internal.provider.HeaderScheme;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Linear: {@code Linear-Signature} = hex HMAC-SHA256 over the raw body (as core's {@code Providers.linear()}),
 * plus the {@code webhookTimestamp} (unix milliseconds) inside the signed body, checked against the verifier's
 * tolerance (60 seconds by default, as Linear's SDK).
 */
final class LinearScheme implements Scheme {
    static final String ID = "linear";
    private static final Scheme SIGNATURE = HeaderScheme.builder(ID, "https://linear.app/developers/webhooks")
            .signature("Linear-Signature", "", MacAlgorithm.HMAC_SHA256)
            .unsignedIdHeader("Linear-Delivery")
            .secretFormat(SecretFormat.text()
                    .mistake("lin_api_", "that is a Linear API key (lin_api_...), not the webhook's signing secret")
                    .mistake(
                            "lin_oauth_",
                            "that is a Linear OAuth token (lin_oauth_...), not the webhook's signing secret"))
            .build();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String documentationUrl() {
        return SIGNATURE.documentationUrl();
    }

    @Override
    public Duration defaultTolerance() {
        return Duration.ofSeconds(60);
    }

    @Override
    public boolean signsDeliveryId() {
        return false;
    }

    @Override
    public VerificationKey decodeKey(byte[] value, boolean raw, boolean allowWeak) {
        return SIGNATURE.decodeKey(value, raw, allowWeak);
    }

    @Override
    public SignedParts parse(WebhookRequest request) throws WebhookVerificationException {
        SignedParts p = SIGNATURE.parse(request);
        Map<String, Object> root = JsonBody.object(request.body(), ID, "the body");
        String ms = JsonBody.scalarText(root, "webhookTimestamp", ID, "webhookTimestamp");
        if (ms == null) {
            throw JsonBody.missing(ID, "the body has no webhookTimestamp");
        }
        Instant timestamp = Headers.timestamp(ms, TimestampFormat.UNIX_MILLIS, ID, "webhookTimestamp");
        return new SignedParts(
                p.prefixes,
                p.suffix,
                p.bodySigned,
                p.algorithm,
                p.macSignatures,
                p.ed25519Signatures,
                p.ecdsaSignatures,
                p.tokens,
                p.ignoredSignatures,
                timestamp,
                p.deliveryId,
                p.deliveryIdSigned);
    }

    @Override
    public Map<String, String> sign(
            byte[] value, boolean raw, WebhookRequest unsigned, String deliveryId, Instant timestamp) {
        // webhookTimestamp is part of the body the caller provides.
        return SIGNATURE.sign(value, raw, unsigned, deliveryId, timestamp);
    }
}
