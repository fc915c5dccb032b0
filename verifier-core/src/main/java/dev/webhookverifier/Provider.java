package dev.webhookverifier;

import dev.webhookverifier.internal.ProviderAccess;
import dev.webhookverifier.internal.Scheme;
import java.time.Duration;
import java.util.Optional;

/**
 * A webhook provider's signature scheme: which headers carry what, what is signed, how secrets are encoded.
 *
 * <p>Get one from {@link Providers} ({@code Providers.stripe()}, ...) or describe a provider that has no
 * preset with {@link Providers#custom(String)}. The provider, not the request, decides the algorithm.
 *
 * <p><b>Thread safety:</b> immutable.
 */
public final class Provider {
    static {
        ProviderAccess.install(Provider::new); // lets verifier-json build providers; see ProviderAccess
    }

    private final Scheme scheme;

    Provider(Scheme scheme) {
        this.scheme = scheme;
    }

    /**
     * The provider id: lower case, hyphenated, as used by the CLI and configuration properties.
     *
     * @return e.g. {@code standard-webhooks}
     */
    public String id() {
        return scheme.id();
    }

    /**
     * Where the provider documents its signature scheme.
     *
     * @return a URL, or an empty string for custom providers without one
     */
    public String documentationUrl() {
        return scheme.documentationUrl();
    }

    /**
     * The provider's documented timestamp tolerance, applied in both directions unless the verifier sets its
     * own.
     *
     * @return the tolerance; empty if the provider signs no timestamp
     */
    public Optional<Duration> defaultTolerance() {
        return Optional.ofNullable(scheme.defaultTolerance());
    }

    /**
     * Whether the provider signs a timestamp (so stale requests can be rejected).
     *
     * @return {@code true} if a signed timestamp is checked
     */
    public boolean signsTimestamp() {
        return scheme.defaultTolerance() != null;
    }

    /**
     * Whether the provider signs its delivery id, making it a safe replay key.
     *
     * @return {@code true} if the delivery id is part of the signed content
     */
    public boolean signsDeliveryId() {
        return scheme.signsDeliveryId();
    }

    Scheme scheme() {
        return scheme;
    }

    @Override
    public String toString() {
        return "Provider[" + id() + "]";
    }
}
