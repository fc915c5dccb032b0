package dev.webhookverifier.json;

import dev.webhookverifier.MacAlgorithm;
import dev.webhookverifier.Provider;
import dev.webhookverifier.SignatureEncoding;
import dev.webhookverifier.internal.ProviderAccess;
import dev.webhookverifier.internal.provider.HeaderScheme;
import java.util.Objects;

/**
 * Presets whose signature, signed fields or timestamp lie inside a JSON body, read with Jackson's streaming
 * parser (bounded nesting, no duplicate member names, one top-level value). Use them like the presets in
 * {@link dev.webhookverifier.Providers}: {@code WebhookVerifier.builder(JsonProviders.mailgun())}.
 *
 * <p>A body that is not the JSON the provider sends fails with {@code MALFORMED_HEADER} (or {@code
 * MISSING_HEADER} for an absent field), never with an unchecked exception.
 *
 * <p><b>Thread safety:</b> every method returns an immutable {@link Provider}.
 */
public final class JsonProviders {
    private static final Provider MAILGUN = ProviderAccess.provider(new MailgunScheme());
    private static final Provider ADYEN = ProviderAccess.provider(new AdyenItemScheme());
    private static final Provider ADYEN_HMAC_HEADER = ProviderAccess.provider(HeaderScheme.builder(
                    "adyen-hmac-signature",
                    "https://docs.adyen.com/development-resources/webhooks/verify-hmac-signatures")
            .signature("HmacSignature", "", MacAlgorithm.HMAC_SHA256)
            .encoding(SignatureEncoding.BASE64)
            .secretFormat(AdyenItemScheme.SECRET)
            .build());
    private static final Provider NETLIFY = ProviderAccess.provider(new NetlifyScheme());
    private static final Provider LINEAR = ProviderAccess.provider(new LinearScheme());

    private JsonProviders() {}

    /**
     * <a href="https://documentation.mailgun.com/docs/mailgun/user-manual/webhooks/securing-webhooks">Mailgun</a>:
     * the body's {@code signature} object holds {@code timestamp} (unix seconds), {@code token} and {@code
     * signature} = hex HMAC-SHA256(HTTP webhook signing key, timestamp + token). Mailgun documents no window; the
     * preset uses 5 minutes. The token is the (signed) delivery id, so a replay store rejects a reused token.
     *
     * @return the preset (id {@code mailgun})
     */
    public static Provider mailgun() {
        return MAILGUN;
    }

    /**
     * <a href="https://docs.adyen.com/development-resources/webhooks/verify-hmac-signatures">Adyen</a> standard
     * notifications: {@code additionalData.hmacSignature} in the NotificationRequestItem is base64
     * HMAC-SHA256(hex-decoded HMAC key, {@code pspReference:originalReference:merchantAccountCode:
     * merchantReference:value:currency:eventCode:success}). The secret is the 64 hexadecimal digits Adyen shows. No
     * timestamp: use a replay store with a retention.
     *
     * <p>A batch of items verifies only if <em>every</em> item's signature matches: one bad item rejects the whole
     * request (fail closed: the request is accepted or rejected as a whole, and a handler could not tell an
     * unverified item from the verified ones). An empty array or more than 100 items is refused ({@code
     * MALFORMED_HEADER}). The replay key comes from the verified signatures only (for a batch, the SHA-256 of its
     * items' distinct signatures); an item resent inside a different batch is not caught by it, so deduplicate items
     * on {@code pspReference} and {@code eventCode} as Adyen recommends.
     *
     * @return the preset (id {@code adyen})
     */
    public static Provider adyen() {
        return ADYEN;
    }

    /**
     * <a href="https://docs.adyen.com/development-resources/webhooks/verify-hmac-signatures">Adyen</a> Balance
     * Platform and Management webhooks: {@code HmacSignature} header = base64 HMAC-SHA256(hex-decoded key, raw
     * body). No timestamp.
     *
     * @return the preset (id {@code adyen-hmac-signature})
     */
    public static Provider adyenHmacHeader() {
        return ADYEN_HMAC_HEADER;
    }

    /**
     * <a href="https://docs.netlify.com/site-deploys/deploy-notifications/#payload-signature">Netlify</a>: {@code
     * X-Webhook-Signature} is a compact JWS (HS256, keyed with the JWS secret token) whose claims must hold {@code
     * iss = netlify} and {@code sha256} = hex SHA-256 of the raw body. Other algorithms are refused ({@code
     * UNSUPPORTED_SCHEME}). No timestamp.
     *
     * @return the preset (id {@code netlify})
     */
    public static Provider netlify() {
        return NETLIFY;
    }

    /**
     * <a href="https://linear.app/developers/webhooks">Linear</a> with its body timestamp: {@code Linear-Signature}
     * = hex HMAC-SHA256 over the raw body (as {@link dev.webhookverifier.Providers#linear()}), and the signed
     * {@code webhookTimestamp} (unix milliseconds) must be within 60 seconds of the clock, as Linear's SDK checks.
     * A body without {@code webhookTimestamp} fails with {@code MISSING_HEADER}; for signature-only checking use
     * core's {@code Providers.linear()}.
     *
     * @return the preset (id {@code linear})
     */
    public static Provider linear() {
        return LINEAR;
    }

    /**
     * <a href="https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html">AWS SNS</a> with the
     * default {@link AwsSnsOptions}: certificates only from {@code https://sns.<region>.amazonaws.com}.
     *
     * @return a new preset (id {@code aws-sns}) with its own certificate cache
     * @see #awsSns(AwsSnsOptions)
     */
    public static Provider awsSns() {
        return awsSns(AwsSnsOptions.defaults());
    }

    /**
     * <a href="https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html">AWS SNS</a> HTTP(S)
     * deliveries ({@code Notification}, {@code SubscriptionConfirmation}, {@code UnsubscribeConfirmation}): the
     * body's {@code Signature} is RSA over the canonical field list, SHA-1 for {@code SignatureVersion 1}, SHA-256
     * for {@code 2}, checked with the certificate at {@code SigningCertURL}, fetched over HTTPS only from an
     * allowed host and cached. The secret is the {@code TopicArn} the endpoint accepts (several for several
     * topics). {@code MessageId} is the signed delivery id; {@code Timestamp} is checked within one hour.
     * A {@code SubscriptionConfirmation} is verified like any message (its {@code SubscribeURL} and {@code Token} are
     * signed) and handed to the application; to confirm subscriptions automatically, add {@link
     * JsonHandshakes#awsSnsSubscriptionConfirmation(java.util.Set, AwsSnsOptions)} with the same options.
     *
     * @param options certificate hosts, fetch timeout, cache size
     * @return a new preset (id {@code aws-sns}) with its own certificate cache; reuse it
     */
    public static Provider awsSns(AwsSnsOptions options) {
        return ProviderAccess.provider(new AwsSnsScheme(Objects.requireNonNull(options, "options")));
    }
}
