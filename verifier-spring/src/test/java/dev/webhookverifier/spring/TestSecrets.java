package dev.webhookverifier.spring;

import dev.webhookverifier.Providers;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookSigner;

/** Test-only secrets, shared by the properties of the test applications and the signers of the tests. */
public final class TestSecrets {
    public static final String STRIPE = "whsec_test_5f0c1d2e3b4a59687766554433221100";
    public static final String STRIPE_OLD = "whsec_test_old_0123456789abcdef0123456789";
    public static final String STRIPE_EXPIRED = "whsec_test_expired_9876543210fedcba98765";
    public static final String GITHUB = "gh-test-secret-0123456789abcdef";
    public static final String SLACK = "d1e4cb472b42d9f2937af275d5be5aa3";
    public static final String STANDARD = "whsec_BwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSY=";
    public static final String DROPBOX = "dropbox-test-app-secret-4e5f6a7b8c9d";
    public static final String META = "3c9f0e1d2b4a59687766554433221100";
    public static final String META_VERIFY_TOKEN = "meta-verify-token-7d1e2f3a4b5c";

    public static final WebhookSigner STRIPE_SIGNER = signer("stripe", STRIPE);
    public static final WebhookSigner STRIPE_OLD_SIGNER = signer("stripe", STRIPE_OLD);
    public static final WebhookSigner STRIPE_EXPIRED_SIGNER = signer("stripe", STRIPE_EXPIRED);
    public static final WebhookSigner GITHUB_SIGNER = signer("github", GITHUB);
    public static final WebhookSigner SLACK_SIGNER = signer("slack", SLACK);
    public static final WebhookSigner STANDARD_SIGNER = signer("standard-webhooks", STANDARD);
    public static final WebhookSigner DROPBOX_SIGNER = signer("dropbox", DROPBOX);
    public static final WebhookSigner META_SIGNER = signer("meta", META);

    private static WebhookSigner signer(String provider, String secret) {
        return WebhookSigner.of(Providers.byId(provider), WebhookSecret.of("test", secret));
    }

    private TestSecrets() {}
}
