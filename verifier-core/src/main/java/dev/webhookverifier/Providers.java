package dev.webhookverifier;

import dev.webhookverifier.internal.SecretFormat;
import dev.webhookverifier.internal.SignedContent;
import dev.webhookverifier.internal.provider.HeaderScheme;
import dev.webhookverifier.internal.provider.HeaderScheme.SignatureSource;
import dev.webhookverifier.internal.provider.StandardWebhooksScheme;
import dev.webhookverifier.internal.provider.StripeScheme;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Presets for webhook providers, each with the provider's documented headers, signed content, secret format
 * and timestamp tolerance. Find a provider by its name; use {@link #custom(String)} for any other.
 *
 * <p><b>Thread safety:</b> every method returns an immutable {@link Provider}.
 */
public final class Providers {
    private static final List<String> IDS =
            List.of("standard-webhooks", "svix", "stripe", "github", "github-legacy-sha1", "slack", "shopify");

    private static final Provider STANDARD_WEBHOOKS = new Provider(new StandardWebhooksScheme(
            "standard-webhooks",
            "https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md",
            null));
    private static final Provider SVIX = new Provider(new StandardWebhooksScheme(
            "svix", "https://docs.svix.com/receiving/verifying-payloads/how-manual", "svix-"));
    private static final Provider STRIPE = new Provider(new StripeScheme());
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

    private Providers() {}

    /**
     * <a href="https://www.standardwebhooks.com/">Standard Webhooks</a>: {@code webhook-id},
     * {@code webhook-timestamp}, {@code webhook-signature} ({@code v1,<base64>} HMAC-SHA256 with a {@code whsec_}
     * secret, or {@code v1a,<base64>} Ed25519 with a {@code whpk_} public key); tolerance 5 minutes.
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
     * {@code X-Slack-Request-Timestamp}; the app's Signing Secret as text; tolerance 5 minutes.
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
        return switch (id == null ? "" : id.toLowerCase(Locale.ROOT)) {
            case "standard-webhooks" -> STANDARD_WEBHOOKS;
            case "svix" -> SVIX;
            case "stripe" -> STRIPE;
            case "github" -> GITHUB;
            case "github-legacy-sha1" -> GITHUB_LEGACY;
            case "slack" -> SLACK;
            case "shopify" -> SHOPIFY;
            default ->
                throw new IllegalArgumentException("unknown provider '" + id + "'; known: " + String.join(", ", IDS));
        };
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
}
