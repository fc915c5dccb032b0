package dev.webhookverifier.spring;

import dev.webhookverifier.Handshakes;
import dev.webhookverifier.SecretRing;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookSecret;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What an application does for Asana: keep the secret received in the X-Hook-Secret handshake (while it is creating
 * the webhook) and verify later deliveries with it; wired by {@link #customizer()} for endpoint {@code asana}.
 */
public final class AsanaHookSecrets {
    public final ConcurrentLinkedQueue<String> offered = new ConcurrentLinkedQueue<>();
    public volatile boolean accepting = true;
    private volatile String secret;

    boolean offer(WebhookRequest request, String value) {
        offered.add(value);
        if (!accepting) {
            return false;
        }
        secret = value;
        return true;
    }

    SecretRing ring(WebhookRequest request) {
        String s = secret;
        return s == null ? null : SecretRing.of(WebhookSecret.of("hook", s));
    }

    public void reset() {
        offered.clear();
        accepting = true;
        secret = null;
    }

    public WebhookVerifierCustomizer customizer() {
        return (name, builder) -> {
            if (name.equals("asana")) {
                builder.secretResolver(this::ring).handshakes(Handshakes.asanaHookSecret(this::offer));
            }
        };
    }
}
