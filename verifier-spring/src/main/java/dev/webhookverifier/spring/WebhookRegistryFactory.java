package dev.webhookverifier.spring;

import dev.webhookverifier.Provider;
import dev.webhookverifier.Providers;
import dev.webhookverifier.SecretRing;
import dev.webhookverifier.VerificationListener;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookVerifier;
import dev.webhookverifier.WebhookVerifierRegistry;
import dev.webhookverifier.replay.ReplayStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Builds the {@link WebhookVerifierRegistry} from {@code webhooks.endpoints.*}; every mistake becomes a
 * {@link WebhookConfigurationException} naming the property, so the application does not start.
 */
final class WebhookRegistryFactory {
    private final Clock clock;
    private final Supplier<ReplayStore> replayStore;
    private final VerificationListener listener;
    private final List<WebhookVerifierCustomizer> customizers;

    WebhookRegistryFactory(
            Clock clock,
            Supplier<ReplayStore> replayStore,
            VerificationListener listener,
            List<WebhookVerifierCustomizer> customizers) {
        this.clock = clock;
        this.replayStore = replayStore;
        this.listener = listener;
        this.customizers = List.copyOf(customizers);
    }

    WebhookVerifierRegistry build(WebhooksProperties properties) {
        WebhookVerifierRegistry.Builder registry = WebhookVerifierRegistry.builder();
        for (Map.Entry<String, WebhooksProperties.Endpoint> e :
                properties.getEndpoints().entrySet()) {
            String name = e.getKey();
            WebhookVerifier verifier = verifier(name, e.getValue());
            try {
                registry.register(name, verifier);
            } catch (IllegalArgumentException ex) {
                throw new WebhookConfigurationException(
                        "webhooks.endpoints." + name + ": " + ex.getMessage(),
                        "Rename the endpoint to 1-64 characters of [A-Za-z0-9._-].");
            }
        }
        return registry.build();
    }

    private WebhookVerifier verifier(String name, WebhooksProperties.Endpoint endpoint) {
        String prefix = "webhooks.endpoints." + name;
        if (endpoint.getProvider() == null || endpoint.getProvider().isBlank()) {
            throw new WebhookConfigurationException(
                    prefix + ".provider is not set",
                    "Set " + prefix + ".provider to one of: " + String.join(", ", Providers.ids()) + ".");
        }
        Provider provider;
        try {
            provider = Providers.byId(endpoint.getProvider().trim());
        } catch (IllegalArgumentException ex) {
            throw new WebhookConfigurationException(
                    prefix + ".provider: " + ex.getMessage(),
                    "Set " + prefix + ".provider to one of: " + String.join(", ", Providers.ids()) + ".");
        }
        WebhookVerifier.Builder builder =
                WebhookVerifier.builder(provider).clock(clock).listener(listener);
        try {
            builder.secrets(ring(prefix, endpoint.getSecrets()));
            if (endpoint.getTolerance() != null) {
                builder.tolerance(endpoint.getTolerance());
            }
            if (endpoint.getMaxBodySize() != null) {
                long bytes = endpoint.getMaxBodySize().toBytes();
                if (bytes < 1 || bytes > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("max-body-size must be between 1B and 2GB");
                }
                builder.maxBodyBytes((int) bytes);
            }
            WebhooksProperties.Replay replay = endpoint.getReplay();
            if (replay.isEnabled()) {
                builder.replayStore(replayStore.get());
                builder.replayScope(replay.getScope() != null ? replay.getScope() : name);
                if (replay.getRetention() != null) {
                    builder.replayRetention(replay.getRetention());
                }
                if (replay.getLease() != null) {
                    builder.replayLease(replay.getLease());
                }
            }
            for (WebhookVerifierCustomizer customizer : customizers) {
                customizer.customize(name, builder);
            }
            return builder.build();
        } catch (WebhookConfigurationException ex) {
            throw ex;
        } catch (IllegalArgumentException | NullPointerException ex) {
            // Core messages name ids, properties and the fix, never a secret value.
            throw new WebhookConfigurationException(
                    prefix + " (provider '" + provider.id() + "'): " + ex.getMessage(), action(prefix, ex));
        }
    }

    private static String action(String prefix, RuntimeException ex) {
        String message = String.valueOf(ex.getMessage());
        if (message.contains("replayRetention")) {
            return "Set " + prefix + ".replay.retention to cover the provider's retry period (e.g. 3d), or " + prefix
                    + ".replay.enabled=false.";
        }
        if (message.contains("secret")) {
            return "Check " + prefix + ".secrets: paste each secret exactly as the provider's dashboard shows it"
                    + " (prefix included, no quotes or whitespace), usually through an environment variable.";
        }
        return "Fix the properties under " + prefix + ".";
    }

    private static SecretRing ring(String prefix, List<WebhooksProperties.Secret> secrets) {
        if (secrets == null || secrets.isEmpty()) {
            throw new WebhookConfigurationException(
                    prefix + ".secrets is empty",
                    "Set " + prefix + ".secrets[0].id and " + prefix
                            + ".secrets[0].secret (e.g. secret: ${MY_WEBHOOK_SECRET}).");
        }
        List<WebhookSecret> ring = new ArrayList<>();
        for (int i = 0; i < secrets.size(); i++) {
            WebhooksProperties.Secret s = secrets.get(i);
            String at = prefix + ".secrets[" + i + "]";
            if (s.getSecret() == null || s.getSecret().isEmpty()) {
                throw new WebhookConfigurationException(
                        at + ".secret is not set (is its environment variable set?)",
                        "Give " + at + ".secret the secret from the provider's dashboard.");
            }
            String id = s.getId() != null ? s.getId() : Integer.toString(i);
            WebhookSecret secret;
            try {
                secret = WebhookSecret.of(id, s.getSecret());
            } catch (IllegalArgumentException ex) {
                throw new WebhookConfigurationException(
                        at + ".id: " + ex.getMessage(), "Give " + at + ".id a short, non-secret name such as 2026-11.");
            }
            ring.add(s.getAcceptUntil() == null ? secret : secret.acceptUntil(s.getAcceptUntil()));
        }
        try {
            return SecretRing.of(ring);
        } catch (IllegalArgumentException ex) {
            throw new WebhookConfigurationException(
                    prefix + ".secrets: " + ex.getMessage(), "Fix " + prefix + ".secrets.");
        }
    }
}
