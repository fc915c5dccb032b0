package dev.webhookverifier.redis;

import dev.webhookverifier.Providers;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookSigner;
import dev.webhookverifier.WebhookVerifier;
import dev.webhookverifier.replay.ReplayStore;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Standard Webhooks verifiers and a signer sharing one random secret, scoped so runs never collide in Redis. */
final class TestDeliveries {
    final WebhookSecret secret;
    final WebhookSigner signer;
    final String scope;

    TestDeliveries(String name) {
        SecureRandom random = new SecureRandom();
        byte[] key = new byte[32];
        random.nextBytes(key);
        this.secret = WebhookSecret.of("current", "whsec_" + Base64.getEncoder().encodeToString(key));
        this.signer = WebhookSigner.of(Providers.standardWebhooks(), secret);
        byte[] suffix = new byte[6];
        random.nextBytes(suffix);
        this.scope = name + "-" + HexFormat.of().formatHex(suffix);
    }

    WebhookVerifier verifier(ReplayStore store) {
        return WebhookVerifier.builder(Providers.standardWebhooks())
                .secrets(secret)
                .replayStore(store)
                .replayScope(scope)
                .build();
    }
}
