package dev.webhookverifier;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Named verifiers, one per webhook endpoint, looked up by the name in {@link VerifiedWebhook}.
 *
 * <p><b>Thread safety:</b> immutable.
 *
 * <p><b>Example:</b>
 *
 * <pre>{@code
 * WebhookVerifierRegistry registry = WebhookVerifierRegistry.builder()
 *     .register("stripe", stripeVerifier)
 *     .register("github", githubVerifier)
 *     .build();
 * }</pre>
 */
public final class WebhookVerifierRegistry {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Map<String, WebhookVerifier> verifiers;

    private WebhookVerifierRegistry(Map<String, WebhookVerifier> verifiers) {
        this.verifiers = Collections.unmodifiableMap(new LinkedHashMap<>(verifiers));
    }

    /**
     * A builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The verifier for an endpoint name.
     *
     * @param name the endpoint name
     * @return the verifier, if one is registered
     */
    public Optional<WebhookVerifier> find(String name) {
        return Optional.ofNullable(verifiers.get(name));
    }

    /**
     * The verifier for an endpoint name that must exist.
     *
     * @param name the endpoint name
     * @return the verifier
     * @throws IllegalArgumentException naming the known endpoints if there is none by that name
     */
    public WebhookVerifier get(String name) {
        WebhookVerifier v = verifiers.get(name);
        if (v == null) {
            throw new IllegalArgumentException(
                    "no webhook endpoint named '" + name + "'; configured: " + verifiers.keySet());
        }
        return v;
    }

    /**
     * The registered endpoint names.
     *
     * @return the names, in registration order
     */
    public Set<String> names() {
        return verifiers.keySet();
    }

    @Override
    public String toString() {
        return "WebhookVerifierRegistry" + verifiers;
    }

    /**
     * Builds a {@link WebhookVerifierRegistry}.
     *
     * <p><b>Thread safety:</b> not thread-safe.
     */
    public static final class Builder {
        private final Map<String, WebhookVerifier> verifiers = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Registers a verifier under an endpoint name.
         *
         * @param name 1-64 characters of {@code [A-Za-z0-9._-]}
         * @param verifier the verifier
         * @return this builder
         * @throws IllegalArgumentException if the name is invalid or already registered
         */
        public Builder register(String name, WebhookVerifier verifier) {
            Objects.requireNonNull(verifier, "verifier");
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("an endpoint name is 1-64 characters of [A-Za-z0-9._-]: " + name);
            }
            if (verifiers.putIfAbsent(name, verifier) != null) {
                throw new IllegalArgumentException("endpoint '" + name + "' is registered twice");
            }
            return this;
        }

        /**
         * Builds the registry.
         *
         * @return the registry
         */
        public WebhookVerifierRegistry build() {
            return new WebhookVerifierRegistry(verifiers);
        }
    }
}
