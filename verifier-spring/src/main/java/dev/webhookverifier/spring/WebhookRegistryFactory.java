package dev.webhookverifier.spring;

import dev.webhookverifier.Handshake;
import dev.webhookverifier.Handshakes;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Builds the {@link WebhookVerifierRegistry} from {@code webhooks.endpoints.*}; every mistake becomes a
 * {@link WebhookConfigurationException} naming the property, so the application does not start.
 */
final class WebhookRegistryFactory {
    private static final String META_VERIFY_TOKEN = "meta-verify-token";
    private static final String KNOWN_HANDSHAKES = "Use dropbox-challenge, meta-verify-token (with"
            + " meta-verify-token set) or, with verifier-json on the classpath, slack-url-verification,"
            + " zoom-url-validation or twitch-callback-verification. Handshakes that take options (asana-hook-secret,"
            + " SNS subscription confirmation) are added in a WebhookVerifierCustomizer bean.";

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
        boolean secretsConfigured =
                endpoint.getSecrets() != null && !endpoint.getSecrets().isEmpty();
        List<Handshake> handshakes = handshakes(prefix, name, provider, endpoint);
        try {
            if (secretsConfigured) {
                builder.secrets(ring(prefix, endpoint.getSecrets()));
            }
            if (!handshakes.isEmpty()) {
                builder.handshakes(handshakes.toArray(Handshake[]::new));
            }
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
            WebhookVerifier verifier = builder.build();
            checkHandshakesKept(prefix, handshakes, verifier);
            return verifier;
        } catch (WebhookConfigurationException ex) {
            throw ex;
        } catch (IllegalArgumentException | NullPointerException ex) {
            if (!secretsConfigured
                    && String.valueOf(ex.getMessage()).contains("needs secrets(...) or secretResolver(...)")) {
                // Neither the properties nor a customizer gave the endpoint its secrets.
                throw noSecrets(prefix);
            }
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

    private static WebhookConfigurationException noSecrets(String prefix) {
        return new WebhookConfigurationException(
                prefix + ".secrets is empty",
                "Set " + prefix + ".secrets[0].id and " + prefix
                        + ".secrets[0].secret (e.g. secret: ${MY_WEBHOOK_SECRET}), or give the endpoint a"
                        + " SecretResolver in a WebhookVerifierCustomizer bean (secrets received in a handshake).");
    }

    /**
     * The handshakes named by {@code <prefix>.handshakes}, checked against the provider here so that the message
     * names the property at fault.
     */
    private static List<Handshake> handshakes(
            String prefix, String name, Provider provider, WebhooksProperties.Endpoint endpoint) {
        List<String> ids = endpoint.getHandshakes() == null ? List.of() : endpoint.getHandshakes();
        String token = endpoint.getMetaVerifyToken();
        List<Handshake> result = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            String at = prefix + ".handshakes[" + i + "]";
            String id = ids.get(i) == null ? "" : ids.get(i).trim();
            if (id.isEmpty()) {
                throw new WebhookConfigurationException(at + " is empty", "Remove it. " + KNOWN_HANDSHAKES);
            }
            if (!seen.add(id)) {
                throw new WebhookConfigurationException(
                        at + ": handshake '" + id + "' is listed twice", "List each handshake once.");
            }
            Handshake handshake;
            if (id.equals(META_VERIFY_TOKEN)) {
                if (token == null || token.isEmpty()) {
                    throw new WebhookConfigurationException(
                            at + ": meta-verify-token needs " + prefix
                                    + ".meta-verify-token, which is not set (is its environment variable set?)",
                            "Set " + prefix + ".meta-verify-token to the verify token you entered in Meta's app"
                                    + " dashboard (e.g. meta-verify-token: ${META_VERIFY_TOKEN}).");
                }
                handshake = Handshakes.metaVerifyToken(WebhookSecret.of(META_VERIFY_TOKEN, token));
            } else if (id.equals("asana-hook-secret")) {
                throw new WebhookConfigurationException(
                        at + ": asana-hook-secret needs a HookSecretReceiver, which properties cannot give",
                        "Remove it from " + prefix + ".handshakes and add it in a WebhookVerifierCustomizer bean for"
                                + " endpoint '" + name + "': builder.secretResolver(...).handshakes("
                                + "Handshakes.asanaHookSecret(receiver)).");
            } else {
                try {
                    handshake = Handshakes.byId(id);
                } catch (IllegalArgumentException ex) {
                    throw new WebhookConfigurationException(at + ": " + ex.getMessage(), KNOWN_HANDSHAKES);
                }
            }
            if (!handshake.supports(provider)) {
                throw new WebhookConfigurationException(
                        at + ": handshake '" + id + "' does not apply to provider '" + provider.id() + "'",
                        "Remove it from " + prefix + ".handshakes, or configure it on the endpoint of the provider"
                                + " that sends this probe.");
            }
            result.add(handshake);
        }
        if (token != null && !seen.contains(META_VERIFY_TOKEN)) {
            throw new WebhookConfigurationException(
                    prefix + ".meta-verify-token is set, but " + prefix + ".handshakes does not list "
                            + META_VERIFY_TOKEN,
                    "Add " + META_VERIFY_TOKEN + " to " + prefix
                            + ".handshakes to answer Meta's verification GET, or remove the token.");
        }
        return result;
    }

    /** {@code Builder.handshakes(...)} replaces the list: a customizer calling it must not silently drop ours. */
    private static void checkHandshakesKept(String prefix, List<Handshake> configured, WebhookVerifier verifier) {
        Set<String> built = new HashSet<>();
        verifier.handshakes().forEach(h -> built.add(h.id()));
        List<String> dropped = configured.stream()
                .map(Handshake::id)
                .filter(id -> !built.contains(id))
                .toList();
        if (!dropped.isEmpty()) {
            throw new WebhookConfigurationException(
                    prefix + ".handshakes lists " + dropped + ", but a WebhookVerifierCustomizer replaced the"
                            + " endpoint's handshakes with " + built,
                    "Builder.handshakes(...) replaces the list: configure all of this endpoint's handshakes in the"
                            + " customizer (Handshakes.byId(...) for those without options), or all in " + prefix
                            + ".handshakes.");
        }
    }

    private static SecretRing ring(String prefix, List<WebhooksProperties.Secret> secrets) {
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
