package dev.webhookverifier;

import dev.webhookverifier.internal.SecretFormat;
import dev.webhookverifier.internal.SignedContent;
import dev.webhookverifier.internal.provider.ContentfulScheme;
import dev.webhookverifier.internal.provider.HeaderScheme;
import dev.webhookverifier.internal.provider.HeaderScheme.KeyKind;
import dev.webhookverifier.internal.provider.HeaderScheme.SignatureSource;
import dev.webhookverifier.internal.provider.ListScheme;
import dev.webhookverifier.internal.provider.PublicKeyScheme;
import dev.webhookverifier.internal.provider.StandardWebhooksScheme;
import dev.webhookverifier.internal.provider.TokenScheme;
import dev.webhookverifier.internal.provider.TwilioScheme;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Presets for webhook providers, each with the provider's documented headers, signed content, secret format
 * and timestamp tolerance. Find a provider by its name; use {@link #custom(String)} for any other.
 *
 * <p>Where a provider documents no timestamp window, the preset's default is stated in its javadoc; change it
 * with {@link WebhookVerifier.Builder#tolerance(Duration)}. Presets without a signed timestamp need a replay store
 * with a retention to stop replays.
 *
 * <p>Presets that read fields inside a JSON body live in {@code verifier-json} ({@code JsonProviders}), so that
 * core keeps no dependency: Mailgun, Adyen, AWS SNS, Netlify's JWS claims and Linear's {@code webhookTimestamp}
 * check (the {@link #linear()} preset here verifies Linear's signature header only). With {@code verifier-json} on
 * the class path, {@link #byId(String)} finds them too. The JSON handshakes (Zoom {@code endpoint.url_validation},
 * Slack {@code url_verification}, ...) are not answered yet.
 *
 * <p><b>Thread safety:</b> every method returns an immutable {@link Provider}.
 */
public final class Providers {

    private static final Provider STANDARD_WEBHOOKS = new Provider(new StandardWebhooksScheme(
            "standard-webhooks",
            "https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md",
            null,
            true));
    // Svix's receiver documentation covers v1 HMAC only: its signer takes whsec_ secrets, not whsk_ keys.
    private static final Provider SVIX = new Provider(new StandardWebhooksScheme(
            "svix", "https://docs.svix.com/receiving/verifying-payloads/how-manual", "svix-", false));
    private static final Provider STRIPE = new Provider(new ListScheme(
            "stripe",
            "https://docs.stripe.com/webhooks#verify-manually",
            "Stripe-Signature",
            ',',
            "t",
            TimestampFormat.UNIX_SECONDS,
            ".",
            "v1",
            SignatureEncoding.HEX,
            MacAlgorithm.HMAC_SHA256,
            Duration.ofMinutes(5),
            SecretFormat.text()
                    .mistake(
                            "sk_",
                            "that is a Stripe secret API key (sk_...), not the webhook signing secret (whsec_...) shown"
                                    + " for the endpoint in the Stripe dashboard or by 'stripe listen'")
                    .mistake(
                            "rk_",
                            "that is a Stripe restricted API key (rk_...), not the webhook signing secret (whsec_...)")
                    .mistake(
                            "pk_",
                            "that is a Stripe publishable key (pk_...), not the webhook signing secret (whsec_...)")
                    .requiredPrefixKept("whsec_")));
    private static final Provider GITHUB = github(false);
    private static final Provider GITHUB_LEGACY = github(true);
    private static final Provider SLACK = new Provider(new HeaderScheme(
            "slack",
            "https://api.slack.com/authentication/verifying-requests-from-slack",
            List.of(new SignatureSource("X-Slack-Signature", "v0=", MacAlgorithm.HMAC_SHA256)),
            SignatureEncoding.HEX,
            SignedContent.parse("v0:{timestamp}:{body}"),
            "X-Slack-Request-Timestamp",
            TimestampFormat.UNIX_SECONDS,
            Duration.ofMinutes(5),
            null,
            null,
            SecretFormat.text()
                    .mistake(
                            "xoxb-",
                            "that is a Slack bot token (xoxb-...), not the app's Signing Secret (Basic Information page)")
                    .mistake(
                            "xoxp-",
                            "that is a Slack user token (xoxp-...), not the app's Signing Secret (Basic Information page)")
                    .mistake("xapp-", "that is a Slack app-level token (xapp-...), not the app's Signing Secret")));
    private static final Provider SHOPIFY = new Provider(new HeaderScheme(
            "shopify",
            "https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-5-verify-the-webhook",
            List.of(
                    new SignatureSource("X-Shopify-Hmac-Sha256", "", MacAlgorithm.HMAC_SHA256),
                    new SignatureSource("Shopify-Hmac-Sha256", "", MacAlgorithm.HMAC_SHA256)),
            SignatureEncoding.BASE64,
            SignedContent.parse("{body}"),
            null,
            null,
            null,
            null,
            "X-Shopify-Webhook-Id",
            SecretFormat.text()
                    .mistake(
                            "shpat_",
                            "that is a Shopify Admin API access token (shpat_...), not the app's client secret")));

    // ---- Second wave: one signature header over the body, URL, method, timestamp or id ----

    private static final Provider ZOOM = new Provider(
            HeaderScheme.builder("zoom", "https://developers.zoom.us/docs/api/webhooks/#verify-webhook-events")
                    .signature("x-zm-signature", "v0=", MacAlgorithm.HMAC_SHA256)
                    .content("v0:{timestamp}:{body}")
                    .timestamp("x-zm-request-timestamp", TimestampFormat.UNIX_SECONDS, Duration.ofMinutes(5))
                    .build());

    private static final Provider TWITCH = new Provider(HeaderScheme.builder(
                    "twitch",
                    "https://dev.twitch.tv/docs/eventsub/handling-webhook-events/#verifying-the-event-message")
            .signature("Twitch-Eventsub-Message-Signature", "sha256=", MacAlgorithm.HMAC_SHA256)
            .encoding(SignatureEncoding.HEX_ANY_CASE)
            .content("{id}{timestamp}{body}")
            .idHeader("Twitch-Eventsub-Message-Id")
            .timestamp("Twitch-Eventsub-Message-Timestamp", TimestampFormat.RFC_3339, Duration.ofMinutes(10))
            .secretFormat(SecretFormat.text()
                    .mistake(
                            "oauth:",
                            "that is a Twitch OAuth token, not the secret you chose when creating the EventSub"
                                    + " subscription"))
            .build());

    private static final String HUBSPOT_DOCS = "https://developers.hubspot.com/docs/api/webhooks/validating-requests";
    private static final SecretFormat HUBSPOT_SECRET = SecretFormat.text()
            .mistake(
                    "pat-",
                    "that is a HubSpot private app access token (pat-...), not the app's client secret (Auth tab)");

    private static final Provider HUBSPOT = new Provider(HeaderScheme.builder("hubspot", HUBSPOT_DOCS)
            .signature("X-HubSpot-Signature-v3", "", MacAlgorithm.HMAC_SHA256)
            .encoding(SignatureEncoding.BASE64)
            .content("{method}{url}{body}{timestamp}")
            .alternativeUrl(Providers::hubspotDecodedUrl)
            .timestamp("X-HubSpot-Request-Timestamp", TimestampFormat.UNIX_MILLIS, Duration.ofMinutes(5))
            .secretFormat(HUBSPOT_SECRET)
            .build());

    private static final Provider HUBSPOT_V1 = new Provider(HeaderScheme.builder("hubspot-v1", HUBSPOT_DOCS)
            .signature("X-HubSpot-Signature", "", MacAlgorithm.HMAC_SHA256)
            .keyKind(KeyKind.SECRET_PREFIXED_SHA256)
            .expectHeader("X-HubSpot-Signature-Version", "v1")
            .secretFormat(HUBSPOT_SECRET)
            .build());

    private static final Provider HUBSPOT_V2 = new Provider(HeaderScheme.builder("hubspot-v2", HUBSPOT_DOCS)
            .signature("X-HubSpot-Signature", "", MacAlgorithm.HMAC_SHA256)
            .keyKind(KeyKind.SECRET_PREFIXED_SHA256)
            .content("{method}{url}{body}")
            .expectHeader("X-HubSpot-Signature-Version", "v2")
            .secretFormat(HUBSPOT_SECRET)
            .build());

    private static final Provider INTERCOM = new Provider(HeaderScheme.builder(
                    "intercom", "https://developers.intercom.com/docs/webhooks/webhook-notifications")
            .signature("X-Hub-Signature", "sha1=", MacAlgorithm.HMAC_SHA1)
            .secretFormat(SecretFormat.text()
                    .mistake(
                            "dG9rO",
                            "that is an Intercom access token, not the app's client secret (Basic Information page)"))
            .build());

    private static final Provider TYPEFORM = new Provider(HeaderScheme.builder(
                    "typeform", "https://www.typeform.com/developers/webhooks/secure-your-webhooks/")
            .signature("Typeform-Signature", "sha256=", MacAlgorithm.HMAC_SHA256)
            .encoding(SignatureEncoding.BASE64)
            .secretFormat(SecretFormat.text()
                    .mistake(
                            "tfp_",
                            "that is a Typeform personal access token (tfp_...), not the secret set on the webhook"))
            .build());

    private static final Provider RAZORPAY =
            new Provider(HeaderScheme.builder("razorpay", "https://razorpay.com/docs/webhooks/validate-test/")
                    .signature("X-Razorpay-Signature", "", MacAlgorithm.HMAC_SHA256)
                    .unsignedIdHeader("X-Razorpay-Event-Id")
                    .secretFormat(SecretFormat.text()
                            .mistake(
                                    "rzp_",
                                    "that is a Razorpay API key id (rzp_...), not the secret you entered when creating the"
                                            + " webhook"))
                    .build());

    private static final Provider PAYSTACK =
            new Provider(HeaderScheme.builder("paystack", "https://paystack.com/docs/payments/webhooks/")
                    .signature("x-paystack-signature", "", MacAlgorithm.HMAC_SHA512)
                    .secretFormat(SecretFormat.text()
                            .mistake(
                                    "pk_",
                                    "that is a Paystack public key (pk_...); Paystack signs webhooks with your secret key"
                                            + " (sk_live_... or sk_test_...)"))
                    .build());

    private static final Provider META = new Provider(HeaderScheme.builder(
                    "meta", "https://developers.facebook.com/docs/graph-api/webhooks/getting-started")
            .signature("X-Hub-Signature-256", "sha256=", MacAlgorithm.HMAC_SHA256)
            .secretFormat(SecretFormat.text()
                    .mistake("EAA", "that is a Meta access token (EAA...), not the App Secret (App settings > Basic)"))
            .build());

    private static final Provider SQUARE =
            new Provider(HeaderScheme.builder("square", "https://developer.squareup.com/docs/webhooks/step3validate")
                    .signature("x-square-hmacsha256-signature", "", MacAlgorithm.HMAC_SHA256)
                    .encoding(SignatureEncoding.BASE64)
                    .content("{url}{body}")
                    .secretFormat(SecretFormat.text()
                            .mistake(
                                    "EAAA",
                                    "that is a Square access token, not the subscription's signature key (Webhooks >"
                                            + " Subscriptions)")
                            .mistake(
                                    "sq0atp-",
                                    "that is a Square access token, not the subscription's signature key (Webhooks >"
                                            + " Subscriptions)")
                            .mistake(
                                    "sq0idp-",
                                    "that is a Square application ID, not the subscription's signature key (Webhooks >"
                                            + " Subscriptions)")
                            .mistake(
                                    "sq0csp-",
                                    "that is a Square application secret, not the subscription's signature key (Webhooks >"
                                            + " Subscriptions)"))
                    .build());

    private static final Provider ASANA =
            new Provider(HeaderScheme.builder("asana", "https://developers.asana.com/docs/webhooks-guide")
                    .signature("X-Hook-Signature", "", MacAlgorithm.HMAC_SHA256)
                    .secretFormat(SecretFormat.text()
                            .mistake(
                                    "1/",
                                    "that is an Asana personal access token, not the X-Hook-Secret Asana sent in the"
                                            + " webhook handshake")
                            .mistake(
                                    "2/",
                                    "that is an Asana personal access token, not the X-Hook-Secret Asana sent in the"
                                            + " webhook handshake"))
                    .build());

    private static final Provider BITBUCKET = new Provider(
            HeaderScheme.builder("bitbucket", "https://support.atlassian.com/bitbucket-cloud/docs/manage-webhooks/")
                    .signature("X-Hub-Signature", "sha256=", MacAlgorithm.HMAC_SHA256)
                    .unsignedIdHeader("X-Request-UUID")
                    .build());

    private static final Provider BOX =
            new Provider(HeaderScheme.builder("box", "https://developer.box.com/guides/webhooks/v2/signatures-v2/")
                    .sources(List.of(
                            new SignatureSource("BOX-SIGNATURE-PRIMARY", "", MacAlgorithm.HMAC_SHA256),
                            new SignatureSource("BOX-SIGNATURE-SECONDARY", "", MacAlgorithm.HMAC_SHA256)))
                    .allSources()
                    .encoding(SignatureEncoding.BASE64)
                    .content("{body}{timestamp}")
                    .timestamp("BOX-DELIVERY-TIMESTAMP", TimestampFormat.RFC_3339, Duration.ofMinutes(10))
                    .unsignedIdHeader("BOX-DELIVERY-ID")
                    .expectHeader("BOX-SIGNATURE-VERSION", "1")
                    .expectHeader("BOX-SIGNATURE-ALGORITHM", "HmacSHA256")
                    .build());

    private static final Provider COINBASE_COMMERCE = new Provider(
            HeaderScheme.builder("coinbase-commerce", "https://docs.cdp.coinbase.com/commerce/docs/webhooks-security")
                    .signature("X-CC-Webhook-Signature", "", MacAlgorithm.HMAC_SHA256)
                    .build());

    private static final Provider DROPBOX =
            new Provider(HeaderScheme.builder("dropbox", "https://www.dropbox.com/developers/reference/webhooks")
                    .signature("X-Dropbox-Signature", "", MacAlgorithm.HMAC_SHA256)
                    .build());

    private static final Provider DOCUSIGN = new Provider(
            HeaderScheme.builder("docusign", "https://developers.docusign.com/platform/webhooks/connect/hmac/")
                    .sources(docusignSources())
                    .allSources()
                    .encoding(SignatureEncoding.BASE64)
                    .expectHeader("X-Authorization-Digest", "HMACSHA256")
                    .build());

    private static final Provider MOLLIE =
            new Provider(HeaderScheme.builder("mollie", "https://docs.mollie.com/reference/webhooks")
                    .signature("X-Mollie-Signature", "sha256=", MacAlgorithm.HMAC_SHA256)
                    .repeatable()
                    .secretFormat(SecretFormat.text()
                            .mistake("live_", "that is a Mollie API key (live_...), not the webhook's signing secret")
                            .mistake("test_", "that is a Mollie API key (test_...), not the webhook's signing secret")
                            .mistake("access_", "that is a Mollie access token, not the webhook's signing secret"))
                    .build());

    private static final Provider NOTION = new Provider(HeaderScheme.builder(
                    "notion", "https://developers.notion.com/reference/webhooks")
            .signature("X-Notion-Signature", "sha256=", MacAlgorithm.HMAC_SHA256)
            .secretFormat(SecretFormat.text()
                    .mistake(
                            "ntn_",
                            "that is a Notion integration token (ntn_...), not the webhook's verification_token"))
            .build());

    private static final Provider QUICKBOOKS = new Provider(
            HeaderScheme.builder("quickbooks", "https://developer.intuit.com/app/developer/qbo/docs/develop/webhooks")
                    .signature("intuit-signature", "", MacAlgorithm.HMAC_SHA256)
                    .encoding(SignatureEncoding.BASE64)
                    .build());

    private static final Provider SENTRY = new Provider(HeaderScheme.builder(
                    "sentry", "https://docs.sentry.io/organization/integrations/integration-platform/webhooks/")
            .signature("Sentry-Hook-Signature", "", MacAlgorithm.HMAC_SHA256)
            .unsignedIdHeader("Request-ID")
            .build());

    private static final Provider TRELLO = new Provider(
            HeaderScheme.builder("trello", "https://developer.atlassian.com/cloud/trello/guides/rest-api/webhooks/")
                    .signature("X-Trello-Webhook", "", MacAlgorithm.HMAC_SHA1)
                    .encoding(SignatureEncoding.BASE64)
                    .content("{body}{url}")
                    .build());

    private static final Provider VERCEL = new Provider(
            HeaderScheme.builder("vercel", "https://vercel.com/docs/webhooks/webhooks-api#securing-webhooks")
                    .signature("x-vercel-signature", "", MacAlgorithm.HMAC_SHA1)
                    .build());

    private static final Provider WEBFLOW = new Provider(
            HeaderScheme.builder("webflow", "https://developers.webflow.com/data/docs/working-with-webhooks")
                    .signature("x-webflow-signature", "", MacAlgorithm.HMAC_SHA256)
                    .content("{timestamp}:{body}")
                    .timestamp("x-webflow-timestamp", TimestampFormat.UNIX_MILLIS, Duration.ofMinutes(5))
                    .build());

    private static final Provider XERO = new Provider(
            HeaderScheme.builder("xero", "https://developer.xero.com/documentation/guides/webhooks/overview/")
                    .signature("x-xero-signature", "", MacAlgorithm.HMAC_SHA256)
                    .encoding(SignatureEncoding.BASE64)
                    .build());

    private static final Provider ZENDESK = new Provider(
            HeaderScheme.builder("zendesk", "https://developer.zendesk.com/documentation/webhooks/verifying/")
                    .signature("X-Zendesk-Webhook-Signature", "", MacAlgorithm.HMAC_SHA256)
                    .encoding(SignatureEncoding.BASE64)
                    .content("{timestamp}{body}")
                    .timestamp("X-Zendesk-Webhook-Signature-Timestamp", TimestampFormat.RFC_3339, Duration.ofMinutes(5))
                    .unsignedIdHeader("X-Zendesk-Webhook-Invocation-Id")
                    .build());

    private static final Provider LINEAR = new Provider(HeaderScheme.builder(
                    "linear", "https://linear.app/developers/webhooks")
            .signature("Linear-Signature", "", MacAlgorithm.HMAC_SHA256)
            .unsignedIdHeader("Linear-Delivery")
            .secretFormat(SecretFormat.text()
                    .mistake("lin_api_", "that is a Linear API key (lin_api_...), not the webhook's signing secret")
                    .mistake(
                            "lin_oauth_",
                            "that is a Linear OAuth token (lin_oauth_...), not the webhook's signing secret"))
            .build());

    private static final Provider GITLAB = new Provider(new TokenScheme(
            "gitlab",
            "https://docs.gitlab.com/user/project/integrations/webhooks/#validate-requests-with-a-secret-token",
            "X-Gitlab-Token",
            "X-Gitlab-Event-UUID",
            SecretFormat.text()
                    .mistake(
                            "glpat-",
                            "that is a GitLab personal access token (glpat-...), not the webhook's secret token")
                    .mistake("gldt-", "that is a GitLab deploy token (gldt-...), not the webhook's secret token")
                    .mistake(
                            "glptt-",
                            "that is a GitLab pipeline trigger token (glptt-...), not the webhook's secret token")
                    .mistake("glrt-", "that is a GitLab runner token (glrt-...), not the webhook's secret token")));

    // ---- Second wave: key=value lists ----

    private static final Provider PADDLE = new Provider(new ListScheme(
            "paddle",
            "https://developer.paddle.com/webhooks/signature-verification",
            "Paddle-Signature",
            ';',
            "ts",
            TimestampFormat.UNIX_SECONDS,
            ":",
            "h1",
            SignatureEncoding.HEX,
            MacAlgorithm.HMAC_SHA256,
            Duration.ofSeconds(5),
            SecretFormat.text()
                    .mistake(
                            "pdl_live_apikey_",
                            "that is a Paddle API key, not the notification destination's secret key"
                                    + " (pdl_ntfset_...)")
                    .mistake(
                            "pdl_sdbx_apikey_",
                            "that is a Paddle sandbox API key, not the notification destination's secret key"
                                    + " (pdl_ntfset_...)")));

    private static final Provider CALENDLY = new Provider(new ListScheme(
            "calendly",
            "https://developer.calendly.com/api-docs/4c305798a61d3-webhook-signatures",
            "Calendly-Webhook-Signature",
            ',',
            "t",
            TimestampFormat.UNIX_SECONDS,
            ".",
            "v1",
            SignatureEncoding.HEX,
            MacAlgorithm.HMAC_SHA256,
            Duration.ofMinutes(3),
            SecretFormat.text()
                    .mistake(
                            "eyJ",
                            "that looks like a JWT (a Calendly personal access token), not the webhook signing key")));

    private static final Provider PAGERDUTY = new Provider(new ListScheme(
            "pagerduty",
            "https://developer.pagerduty.com/docs/webhooks/webhook-signatures/",
            "X-PagerDuty-Signature",
            ',',
            null,
            null,
            null,
            "v1",
            SignatureEncoding.HEX,
            MacAlgorithm.HMAC_SHA256,
            null,
            SecretFormat.text()));

    private static final Provider SANITY = new Provider(new ListScheme(
            "sanity",
            "https://www.sanity.io/docs/webhooks",
            "sanity-webhook-signature",
            ',',
            "t",
            TimestampFormat.UNIX_MILLIS,
            ".",
            "v1",
            SignatureEncoding.BASE64URL,
            MacAlgorithm.HMAC_SHA256,
            Duration.ofMinutes(5),
            SecretFormat.text()));

    // ---- Second wave: URL and form parameters; public keys ----

    private static final Provider TWILIO = new Provider(new TwilioScheme());

    private static final Provider CONTENTFUL = new Provider(new ContentfulScheme());

    private static final Provider DISCORD = new Provider(new PublicKeyScheme(
            "discord",
            "https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers",
            PublicKeyScheme.Algorithm.ED25519,
            "X-Signature-Ed25519",
            SignatureEncoding.HEX_ANY_CASE,
            "X-Signature-Timestamp",
            TimestampFormat.UNIX_SECONDS,
            Duration.ofMinutes(5),
            "Developer Portal > your application > General Information > Public Key"));

    private static final Provider SENDGRID = new Provider(new PublicKeyScheme(
            "sendgrid",
            "https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features",
            PublicKeyScheme.Algorithm.ECDSA_P256,
            "X-Twilio-Email-Event-Webhook-Signature",
            SignatureEncoding.BASE64,
            "X-Twilio-Email-Event-Webhook-Timestamp",
            TimestampFormat.UNIX_SECONDS,
            Duration.ofMinutes(5),
            "Settings > Mail Settings > Event Webhook > Signature Verification: the verification key"));

    /** Every preset by id, in the order {@link #ids()} lists them. */
    private static final Map<String, Provider> BY_ID = byId(
            STANDARD_WEBHOOKS,
            SVIX,
            STRIPE,
            GITHUB,
            GITHUB_LEGACY,
            SLACK,
            SHOPIFY,
            ASANA,
            BITBUCKET,
            BOX,
            CALENDLY,
            COINBASE_COMMERCE,
            CONTENTFUL,
            DISCORD,
            DOCUSIGN,
            DROPBOX,
            GITLAB,
            HUBSPOT,
            HUBSPOT_V1,
            HUBSPOT_V2,
            INTERCOM,
            LINEAR,
            META,
            MOLLIE,
            NOTION,
            PADDLE,
            PAGERDUTY,
            PAYSTACK,
            QUICKBOOKS,
            RAZORPAY,
            SANITY,
            SENDGRID,
            SENTRY,
            SQUARE,
            TRELLO,
            TWILIO,
            TWITCH,
            TYPEFORM,
            VERCEL,
            WEBFLOW,
            XERO,
            ZENDESK,
            ZOOM);

    private static final List<String> IDS = List.copyOf(BY_ID.keySet());

    private Providers() {}

    /**
     * <a href="https://www.standardwebhooks.com/">Standard Webhooks</a>: {@code webhook-id},
     * {@code webhook-timestamp}, {@code webhook-signature} ({@code v1,<base64>} HMAC-SHA256 with a {@code whsec_}
     * secret, or {@code v1a,<base64>} Ed25519 with a {@code whpk_} public key); tolerance 5 minutes.
     *
     * <p>{@link WebhookSigner} signs {@code v1} with a {@code whsec_} secret and {@code v1a} with a {@code whsk_}
     * private key: base64 of the 64 bytes seed‖public key (as Svix serializes it; the public half must belong to the
     * seed) or of the 32-byte seed. {@link WebhookKeyPair#generate(Provider)} makes a {@code whsk_}/{@code whpk_}
     * pair. A verifier given a {@code whsk_} key refuses it: a receiver needs the public key.
     *
     * @return the preset
     * @see <a href="https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md">spec</a>
     */
    public static Provider standardWebhooks() {
        return STANDARD_WEBHOOKS;
    }

    /**
     * <a href="https://docs.svix.com/receiving/verifying-payloads/how-manual">Svix</a>: Standard Webhooks under
     * {@code svix-id}, {@code svix-timestamp}, {@code svix-signature} (the unbranded {@code webhook-*} headers are
     * accepted too); {@code whsec_} secrets; tolerance 5 minutes.
     *
     * @return the preset
     */
    public static Provider svix() {
        return SVIX;
    }

    /**
     * <a href="https://docs.stripe.com/webhooks#verify-manually">Stripe</a>:
     * {@code Stripe-Signature: t=...,v1=<hex>}, HMAC-SHA256 keyed with the whole {@code whsec_...} string;
     * several {@code v1} accepted (secret roll), {@code v0} ignored; tolerance 5 minutes (both directions here).
     *
     * @return the preset
     */
    public static Provider stripe() {
        return STRIPE;
    }

    /**
     * <a href="https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries">GitHub</a>:
     * {@code X-Hub-Signature-256: sha256=<hex>} over the body. GitHub signs no timestamp: pair it with a replay
     * store and a retention. {@code X-GitHub-Delivery} is reported as the (unsigned) delivery id.
     *
     * @return the preset
     */
    public static Provider github() {
        return GITHUB;
    }

    /**
     * GitHub, additionally accepting the legacy {@code X-Hub-Signature: sha1=<hex>} header when the SHA-256 header
     * is absent (GitHub Enterprise Server before 3.0 sends only that).
     *
     * <p><b>Security:</b> HMAC-SHA1 is weaker and this lets a request choose it. Use only for servers that cannot
     * send {@code X-Hub-Signature-256}.
     *
     * @return the preset
     */
    public static Provider githubWithLegacySha1() {
        return GITHUB_LEGACY;
    }

    /**
     * <a href="https://api.slack.com/authentication/verifying-requests-from-slack">Slack</a>:
     * {@code X-Slack-Signature: v0=<hex>} over {@code v0:<timestamp>:<body>} with
     * {@code X-Slack-Request-Timestamp}; the app's Signing Secret as text; tolerance 5 minutes. The Events API's
     * {@code url_verification} probe is answered by {@code JsonHandshakes.slackUrlVerification()} from verifier-json
     * (id {@code slack-url-verification}).
     *
     * @return the preset
     */
    public static Provider slack() {
        return SLACK;
    }

    /**
     * <a href="https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-5-verify-the-webhook">Shopify</a>:
     * {@code X-Shopify-Hmac-Sha256: <base64>} over the body, keyed with the app's client secret. No signed
     * timestamp: pair it with a replay store and a retention.
     *
     * @return the preset
     */
    public static Provider shopify() {
        return SHOPIFY;
    }

    /**
     * <a href="https://developers.zoom.us/docs/api/webhooks/#verify-webhook-events">Zoom</a>:
     * {@code x-zm-signature: v0=<hex>} HMAC-SHA256 over {@code v0:<timestamp>:<body>} with
     * {@code x-zm-request-timestamp} (unix seconds); the app's Secret Token as text. Zoom documents no window; 5
     * minutes here, as in Zoom's sample code. The {@code endpoint.url_validation} handshake reads the JSON body: enable
     * {@code JsonHandshakes.zoomUrlValidation()} from verifier-json (id {@code zoom-url-validation}).
     *
     * @return the preset
     */
    public static Provider zoom() {
        return ZOOM;
    }

    /**
     * <a href="https://dev.twitch.tv/docs/eventsub/handling-webhook-events/#verifying-the-event-message">Twitch
     * EventSub</a>: {@code Twitch-Eventsub-Message-Signature: sha256=<hex>} (either case) over message id +
     * timestamp + body, with {@code Twitch-Eventsub-Message-Id} and {@code Twitch-Eventsub-Message-Timestamp} (RFC
     * 3339, up to nanoseconds, signed as sent); the subscription's secret as text; tolerance 10 minutes, as Twitch
     * documents. The message id is signed, so it is the replay key (Twitch tells receivers to deduplicate by it).
     * The {@code webhook_callback_verification} challenge is answered by
     * {@code JsonHandshakes.twitchCallbackVerification()} from verifier-json (id {@code twitch-callback-verification}).
     *
     * @return the preset
     */
    public static Provider twitch() {
        return TWITCH;
    }

    /**
     * <a href="https://developers.hubspot.com/docs/api/webhooks/validating-requests">HubSpot</a> signature v3:
     * {@code X-HubSpot-Signature-v3: <base64>} HMAC-SHA256 over method + URI + body + timestamp, with
     * {@code X-HubSpot-Request-Timestamp} (unix milliseconds); the app's client secret as text; tolerance 5
     * minutes. The URI is the full URL HubSpot called (configure the public URL; see {@link WebhookRequest}); it is
     * checked as given and with the percent-escapes HubSpot's instructions decode ({@code %3A}, {@code %2F}, ...).
     * Requests carrying only the legacy v1/v2 header are rejected: see {@link #hubspotV1()} and {@link
     * #hubspotV2()}.
     *
     * @return the preset
     */
    public static Provider hubspot() {
        return HUBSPOT;
    }

    /**
     * <a href="https://developers.hubspot.com/docs/api/webhooks/validating-requests">HubSpot</a> legacy signature
     * v1: {@code X-HubSpot-Signature: <hex>} = SHA-256 (a plain digest, not an HMAC) of client secret + body, with
     * {@code X-HubSpot-Signature-Version: v1}. No timestamp, and neither URL nor method is signed: prefer v3 where
     * HubSpot offers it; pair this with a replay store and a retention.
     *
     * @return the preset
     */
    public static Provider hubspotV1() {
        return HUBSPOT_V1;
    }

    /**
     * <a href="https://developers.hubspot.com/docs/api/webhooks/validating-requests">HubSpot</a> legacy signature
     * v2: {@code X-HubSpot-Signature: <hex>} = SHA-256 of client secret + method + URI + body, with {@code
     * X-HubSpot-Signature-Version: v2}. No timestamp: pair it with a replay store and a retention.
     *
     * @return the preset
     */
    public static Provider hubspotV2() {
        return HUBSPOT_V2;
    }

    /**
     * <a href="https://developers.intercom.com/docs/webhooks/webhook-notifications">Intercom</a>:
     * {@code X-Hub-Signature: sha1=<hex>} HMAC-SHA1 over the body, keyed with the app's client secret. HMAC-SHA1 is
     * all Intercom offers. No timestamp: pair it with a replay store and a retention.
     *
     * @return the preset
     */
    public static Provider intercom() {
        return INTERCOM;
    }

    /**
     * <a href="https://www.typeform.com/developers/webhooks/secure-your-webhooks/">Typeform</a>:
     * {@code Typeform-Signature: sha256=<base64>} (base64, not hex) HMAC-SHA256 over the body, keyed with the
     * secret set on the webhook. No timestamp: pair it with a replay store and a retention.
     *
     * @return the preset
     */
    public static Provider typeform() {
        return TYPEFORM;
    }

    /**
     * <a href="https://razorpay.com/docs/webhooks/validate-test/">Razorpay</a>: {@code X-Razorpay-Signature: <hex>}
     * HMAC-SHA256 over the body (including its final newline), keyed with the webhook secret. No timestamp: pair it
     * with a replay store and a retention. {@code X-Razorpay-Event-Id} is reported as the (unsigned) delivery id.
     *
     * @return the preset
     */
    public static Provider razorpay() {
        return RAZORPAY;
    }

    /**
     * <a href="https://paystack.com/docs/payments/webhooks/">Paystack</a>: {@code x-paystack-signature: <hex>}
     * HMAC-SHA512 over the body, keyed with your secret key ({@code sk_live_...} or {@code sk_test_...}). No
     * timestamp: pair it with a replay store and a retention.
     *
     * @return the preset
     */
    public static Provider paystack() {
        return PAYSTACK;
    }

    /**
     * <a href="https://developers.facebook.com/docs/graph-api/webhooks/getting-started">Meta</a> (Facebook,
     * Instagram, WhatsApp Cloud API): {@code X-Hub-Signature-256: sha256=<hex>} HMAC-SHA256 over the body as sent
     * (escaped-unicode JSON: never re-serialize it), keyed with the App Secret. No timestamp: pair it with a replay
     * store and a retention. To answer the {@code GET} verification challenge, enable
     * {@link Handshakes#metaVerifyToken(WebhookSecret)} on the endpoint.
     *
     * @return the preset
     */
    public static Provider meta() {
        return META;
    }

    /**
     * <a href="https://developer.squareup.com/docs/webhooks/step3validate">Square</a>:
     * {@code x-square-hmacsha256-signature: <base64>} HMAC-SHA256 over the notification URL + body, keyed with the
     * subscription's signature key as text. The URL is the request's: it must be the notification URL exactly as
     * registered at Square (behind a proxy, give the public URL). No timestamp: pair it with a replay store and a
     * retention.
     *
     * @return the preset
     */
    public static Provider square() {
        return SQUARE;
    }

    /**
     * <a href="https://developers.asana.com/docs/webhooks-guide">Asana</a>: {@code X-Hook-Signature: <hex>}
     * HMAC-SHA256 over the body, keyed with the {@code X-Hook-Secret} Asana sent in the webhook's handshake: answer it
     * with {@link Handshakes#asanaHookSecret(HookSecretReceiver)}, which hands the secret to your receiver to store. No timestamp: pair it with a replay store and a retention.
     *
     * @return the preset
     */
    public static Provider asana() {
        return ASANA;
    }

    /**
     * <a href="https://support.atlassian.com/bitbucket-cloud/docs/manage-webhooks/">Bitbucket</a> (Cloud and Data
     * Center; Jira admin webhooks with a secret use the same construction): {@code X-Hub-Signature: sha256=<hex>}
     * HMAC-SHA256 over the body. No timestamp: pair it with a replay store and a retention.
     *
     * @return the preset
     */
    public static Provider bitbucket() {
        return BITBUCKET;
    }

    /**
     * <a href="https://developer.box.com/guides/webhooks/v2/signatures-v2/">Box</a>: {@code BOX-SIGNATURE-PRIMARY}
     * and {@code BOX-SIGNATURE-SECONDARY} = base64 HMAC-SHA256 over body + {@code BOX-DELIVERY-TIMESTAMP} (RFC 3339),
     * one per key; put both keys in the ring (either signature may match either key). Tolerance 10 minutes, as Box
     * documents.
     *
     * @return the preset
     */
    public static Provider box() {
        return BOX;
    }

    /**
     * <a href="https://docs.cdp.coinbase.com/commerce/docs/webhooks-security">Coinbase Commerce</a>:
     * {@code X-CC-Webhook-Signature: <hex>} HMAC-SHA256 over the body, keyed with the shared secret. No timestamp:
     * pair it with a replay store and a retention.
     *
     * @return the preset
     */
    public static Provider coinbaseCommerce() {
        return COINBASE_COMMERCE;
    }

    /**
     * <a href="https://www.dropbox.com/developers/reference/webhooks">Dropbox</a>: {@code X-Dropbox-Signature:
     * <hex>} HMAC-SHA256 over the body, keyed with the app secret. No timestamp: pair it with a replay store and a
     * retention. To answer the {@code GET} challenge, enable {@link Handshakes#dropboxChallenge()} on the endpoint.
     *
     * @return the preset
     */
    public static Provider dropbox() {
        return DROPBOX;
    }

    /**
     * <a href="https://developers.docusign.com/platform/webhooks/connect/hmac/">DocuSign Connect</a>:
     * {@code X-DocuSign-Signature-1}, {@code -2}, ... (one per active HMAC key, up to 16 read here) = base64
     * HMAC-SHA256 over the body; any header may match any key in the ring. No timestamp: pair it with a replay store
     * and a retention.
     *
     * @return the preset
     */
    public static Provider docusign() {
        return DOCUSIGN;
    }

    /**
     * <a href="https://docs.mollie.com/reference/webhooks">Mollie</a> (next-generation webhooks):
     * {@code X-Mollie-Signature: sha256=<hex>} HMAC-SHA256 over the body, keyed with the signing secret; the header
     * repeats while a secret is rotated and any value may match. Classic Mollie webhooks are unsigned and fail
     * here. No timestamp: pair it with a replay store and a retention.
     *
     * @return the preset
     */
    public static Provider mollie() {
        return MOLLIE;
    }

    /**
     * <a href="https://developers.notion.com/reference/webhooks">Notion</a>: {@code X-Notion-Signature:
     * sha256=<hex>} HMAC-SHA256 over the body, keyed with the subscription's {@code verification_token}. No
     * timestamp: pair it with a replay store and a retention.
     *
     * @return the preset
     */
    public static Provider notion() {
        return NOTION;
    }

    /**
     * <a href="https://developer.intuit.com/app/developer/qbo/docs/develop/webhooks">QuickBooks Online</a> (Intuit):
     * {@code intuit-signature: <base64>} HMAC-SHA256 over the body, keyed with the app's Verifier Token. No
     * timestamp: pair it with a replay store and a retention.
     *
     * @return the preset
     */
    public static Provider quickbooks() {
        return QUICKBOOKS;
    }

    /**
     * <a href="https://docs.sentry.io/organization/integrations/integration-platform/webhooks/">Sentry</a>
     * integration platform: {@code Sentry-Hook-Signature: <hex>} HMAC-SHA256 over the body, keyed with the
     * integration's client secret. {@code Sentry-Hook-Timestamp} is not signed and therefore not checked; pair the
     * preset with a replay store and a retention.
     *
     * @return the preset
     */
    public static Provider sentry() {
        return SENTRY;
    }

    /**
     * <a href="https://developer.atlassian.com/cloud/trello/guides/rest-api/webhooks/">Trello</a>:
     * {@code X-Trello-Webhook: <base64>} HMAC-SHA1 over body + callback URL, keyed with the application secret. The
     * URL is the request's: it must be the callback URL exactly as registered. No timestamp: pair it with a replay
     * store and a retention.
     *
     * @return the preset
     */
    public static Provider trello() {
        return TRELLO;
    }

    /**
     * <a href="https://vercel.com/docs/webhooks/webhooks-api#securing-webhooks">Vercel</a>:
     * {@code x-vercel-signature: <hex>} HMAC-SHA1 over the body, keyed with the integration's client secret or the
     * webhook secret. No timestamp: pair it with a replay store and a retention.
     *
     * @return the preset
     */
    public static Provider vercel() {
        return VERCEL;
    }

    /**
     * <a href="https://developers.webflow.com/data/docs/working-with-webhooks">Webflow</a>:
     * {@code x-webflow-signature: <hex>} HMAC-SHA256 over {@code <timestamp>:<body>} with {@code
     * x-webflow-timestamp} (unix milliseconds); the client or webhook secret as text; tolerance 5 minutes.
     *
     * @return the preset
     */
    public static Provider webflow() {
        return WEBFLOW;
    }

    /**
     * <a href="https://developer.xero.com/documentation/guides/webhooks/overview/">Xero</a>: {@code
     * x-xero-signature: <base64>} HMAC-SHA256 over the body, keyed with the webhook key. Xero's intent-to-receive
     * check needs a 401 for a bad signature, which every adapter answers. No timestamp: pair it with a replay store
     * and a retention.
     *
     * @return the preset
     */
    public static Provider xero() {
        return XERO;
    }

    /**
     * <a href="https://developer.zendesk.com/documentation/webhooks/verifying/">Zendesk</a>:
     * {@code X-Zendesk-Webhook-Signature: <base64>} HMAC-SHA256 over timestamp + body, with {@code
     * X-Zendesk-Webhook-Signature-Timestamp} (RFC 3339); the signing secret used verbatim as text (it looks like
     * base64 but is not decoded). Zendesk prescribes no window; 5 minutes here.
     *
     * @return the preset
     */
    public static Provider zendesk() {
        return ZENDESK;
    }

    /**
     * <a href="https://linear.app/developers/webhooks">Linear</a>: {@code Linear-Signature: <hex>} HMAC-SHA256 over
     * the body, keyed with the webhook's signing secret. Linear's timestamp ({@code webhookTimestamp}, milliseconds)
     * lies inside the JSON body, which core does not parse: this preset checks the signature only, so pair it with
     * a replay store and a retention (or check {@code webhookTimestamp} in your handler, within 60 seconds as
     * Linear's SDK does). {@code Linear-Delivery} is reported as the (unsigned) delivery id.
     *
     * @return the preset
     */
    public static Provider linear() {
        return LINEAR;
    }

    /**
     * <a href="https://docs.gitlab.com/user/project/integrations/webhooks/#validate-requests-with-a-secret-token">
     * GitLab</a>: {@code X-Gitlab-Token} carries the webhook's secret token verbatim; it is compared with the
     * configured token in constant time (as SHA-256 digests, so not even its length leaks). Nothing is signed: the
     * token authenticates the sender but not the body, and there is no timestamp. Use HTTPS only.
     *
     * <p><b>Replay protection:</b> a replay store keys GitLab deliveries by the SHA-256 of the body, since the token
     * is the same for every delivery (keying by it would make every delivery a duplicate of the first). That
     * deduplicates GitLab's retries, which repeat the body exactly; it adds no protection against someone who holds
     * the token, who can send any body. Requires a retention.
     *
     * @return the preset
     */
    public static Provider gitlab() {
        return GITLAB;
    }

    /**
     * <a href="https://developer.paddle.com/webhooks/signature-verification">Paddle Billing</a>:
     * {@code Paddle-Signature: ts=<unix s>;h1=<hex>[;h1=...]} HMAC-SHA256 over {@code <ts>:<body>}, keyed with the
     * whole secret key as text ({@code pdl_ntfset_...}, prefix included); any {@code h1} may match, and one that does
     * not decode is ignored beside one that does. Tolerance 5 seconds, the default of Paddle's SDKs: widen it with
     * {@link WebhookVerifier.Builder#tolerance(Duration)} if your clock may drift.
     *
     * @return the preset
     */
    public static Provider paddle() {
        return PADDLE;
    }

    /**
     * <a href="https://developer.calendly.com/api-docs/4c305798a61d3-webhook-signatures">Calendly</a>:
     * {@code Calendly-Webhook-Signature: t=<unix s>,v1=<hex>} HMAC-SHA256 over {@code <t>.<body>}, keyed with the
     * webhook signing key; tolerance 3 minutes, as in Calendly's example.
     *
     * @return the preset
     */
    public static Provider calendly() {
        return CALENDLY;
    }

    /**
     * <a href="https://developer.pagerduty.com/docs/webhooks/webhook-signatures/">PagerDuty</a> (v3 webhooks):
     * {@code X-PagerDuty-Signature: v1=<hex>[,v1=<hex>...]} HMAC-SHA256 over the body, keyed with the secret as text
     * (it looks like base64 but is not decoded); any listed signature may match. No timestamp: pair it with a
     * replay store and a retention.
     *
     * @return the preset
     */
    public static Provider pagerduty() {
        return PAGERDUTY;
    }

    /**
     * <a href="https://www.sanity.io/docs/webhooks">Sanity</a> GROQ-powered webhooks:
     * {@code sanity-webhook-signature: t=<unix ms>,v1=<base64url>} HMAC-SHA256 over {@code <t>.<body>}, keyed with
     * the webhook's secret as text. Signatures are checked strictly (Sanity's own negative vector differs from a
     * valid one only in unused base64 bits). Sanity's toolkit applies no window; 5 minutes here.
     *
     * @return the preset
     */
    public static Provider sanity() {
        return SANITY;
    }

    /**
     * <a href="https://www.twilio.com/docs/usage/webhooks/webhooks-security">Twilio</a>: {@code X-Twilio-Signature:
     * <base64>} HMAC-SHA1, keyed with the Auth Token, over the full URL followed by each form parameter's name and
     * value, sorted by name (a repeated name contributes each distinct value once, sorted). For JSON bodies Twilio
     * appends {@code bodySHA256=<hex>} to the URL and signs the URL alone; the verifier then also checks the body's
     * SHA-256.
     *
     * <p>The URL is the request's and must be the public URL configured at Twilio: behind a TLS-terminating proxy,
     * build the request with the public {@code https} URL, never trusting {@code X-Forwarded-*} blindly. Like
     * Twilio's SDKs, the verifier tries it as given, without its port and with the default port, and with {@code '}
     * in the query as {@code %27}. Put the primary and the secondary Auth Token in the ring during a rotation. No
     * timestamp: pair it with a replay store and a retention. Signing a body that is not form-encoded gives a
     * request whose URL carries {@code bodySHA256}, as Twilio's would.
     *
     * @return the preset
     */
    public static Provider twilio() {
        return TWILIO;
    }

    /**
     * <a href="https://www.contentful.com/developers/docs/webhooks/request-verification/">Contentful</a> request
     * verification (webhooks, app actions, app events): {@code x-contentful-signature: <hex>} HMAC-SHA256 over the
     * canonical request (method, path with query, the headers listed in {@code x-contentful-signed-headers}, body),
     * with {@code x-contentful-timestamp} in milliseconds; the 64-character request verification secret as text;
     * tolerance 30 seconds, the default of Contentful's toolkit. The URL is the request's (only its path and query
     * are signed).
     *
     * @return the preset
     */
    public static Provider contentful() {
        return CONTENTFUL;
    }

    /**
     * <a href="https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers">
     * Discord</a> interactions: {@code X-Signature-Ed25519: <hex>} Ed25519 over {@code X-Signature-Timestamp} (unix
     * seconds) + body, verified with the application's public key as 64 hex digits (Developer Portal, General
     * Information). Discord documents no window; 5 minutes here.
     *
     * <p>Signing (tests, local development) needs the private key: the 32-byte seed as 64 hex digits (tweetnacl's
     * 64-byte {@code secretKey} as 128 hex digits works too), or a PKCS#8 Ed25519 key as base64 DER. A verifier
     * given a private key it recognises refuses it with a hint; note that a 64-hex-digit seed cannot be told apart
     * from a public key.
     *
     * @return the preset
     */
    public static Provider discord() {
        return DISCORD;
    }

    /**
     * <a href="https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features">
     * SendGrid</a> signed Event Webhook: {@code X-Twilio-Email-Event-Webhook-Signature: <base64 DER>} ECDSA P-256
     * with SHA-256 over {@code X-Twilio-Email-Event-Webhook-Timestamp} (unix seconds) + body, verified with the
     * verification key as base64 DER SubjectPublicKeyInfo (PEM armour accepted). SendGrid documents no window; 5
     * minutes here. ECDSA signatures can be rewritten into other valid ones, so the replay key is the digest of the
     * signed content, not the signature.
     *
     * <p>Signing needs the private key as a PKCS#8 EC P-256 key in base64 DER (PEM armour accepted).
     *
     * @return the preset
     */
    public static Provider sendgrid() {
        return SENDGRID;
    }

    /**
     * Starts describing a provider that has no preset.
     *
     * @param id a lower-case, hyphenated id for logs and metrics
     * @return a builder
     */
    public static CustomProviderBuilder custom(String id) {
        return new CustomProviderBuilder(id);
    }

    /**
     * The preset with this id, as used by the CLI and configuration properties.
     *
     * @param id e.g. {@code stripe}; case-insensitive
     * @return the preset
     * @throws IllegalArgumentException listing the known ids if there is no such preset
     */
    public static Provider byId(String id) {
        Provider p = BY_ID.get(id == null ? "" : id.toLowerCase(Locale.ROOT));
        if (p == null && id != null) { // presets of other modules (verifier-json), see ProviderFactory
            p = ServiceLoader.load(dev.webhookverifier.spi.ProviderFactory.class).stream()
                    .flatMap(f -> f.get().byId(id.toLowerCase(Locale.ROOT)).stream())
                    .findFirst()
                    .orElse(null);
        }
        if (p == null) {
            throw new IllegalArgumentException("unknown provider '" + id + "'; known: " + String.join(", ", IDS));
        }
        return p;
    }

    /**
     * The ids {@link #byId(String)} knows.
     *
     * @return the preset ids
     */
    public static List<String> ids() {
        return IDS;
    }

    private static Provider github(boolean legacySha1) {
        SignatureSource sha256 = new SignatureSource("X-Hub-Signature-256", "sha256=", MacAlgorithm.HMAC_SHA256);
        SignatureSource sha1 = new SignatureSource("X-Hub-Signature", "sha1=", MacAlgorithm.HMAC_SHA1);
        return new Provider(new HeaderScheme(
                legacySha1 ? "github-legacy-sha1" : "github",
                "https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries",
                legacySha1 ? List.of(sha256, sha1) : List.of(sha256),
                SignatureEncoding.HEX,
                SignedContent.parse("{body}"),
                null,
                null,
                null,
                null,
                "X-GitHub-Delivery",
                SecretFormat.text()));
    }

    private static Map<String, Provider> byId(Provider... providers) {
        Map<String, Provider> m = new LinkedHashMap<>();
        for (Provider p : providers) {
            if (m.put(p.id(), p) != null) {
                throw new IllegalStateException("two presets share the id " + p.id());
            }
        }
        return m;
    }

    /** DocuSign sends one header per active HMAC key: X-DocuSign-Signature-1, -2, ... */
    private static List<SignatureSource> docusignSources() {
        List<SignatureSource> sources = new ArrayList<>();
        for (int i = 1; i <= 16; i++) {
            sources.add(new SignatureSource("X-DocuSign-Signature-" + i, "", MacAlgorithm.HMAC_SHA256));
        }
        return sources;
    }

    private static final String[][] HUBSPOT_DECODED = {
        {"%3A", ":"}, {"%2F", "/"}, {"%3F", "?"}, {"%40", "@"}, {"%21", "!"}, {"%24", "$"},
        {"%27", "'"}, {"%28", "("}, {"%29", ")"}, {"%2A", "*"}, {"%2C", ","}, {"%3B", ";"}
    };

    /**
     * HubSpot's v3 instructions decode these percent-escapes in the URI before signing; its SDKs sign the URI as
     * given. The verifier tries both.
     */
    private static String hubspotDecodedUrl(String url) {
        if (url.indexOf('%') < 0) {
            return url;
        }
        StringBuilder sb = new StringBuilder(url.length());
        int i = 0;
        while (i < url.length()) {
            String decoded = null;
            if (url.charAt(i) == '%' && i + 3 <= url.length()) {
                String escape = url.substring(i, i + 3).toUpperCase(Locale.ROOT);
                for (String[] pair : HUBSPOT_DECODED) {
                    if (pair[0].equals(escape)) {
                        decoded = pair[1];
                        break;
                    }
                }
            }
            if (decoded != null) {
                sb.append(decoded);
                i += 3;
            } else {
                sb.append(url.charAt(i++));
            }
        }
        return sb.toString();
    }
}
