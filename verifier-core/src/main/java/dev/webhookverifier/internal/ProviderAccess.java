package dev.webhookverifier.internal;

import dev.webhookverifier.Provider;
import java.util.Objects;
import java.util.function.Function;

/**
 * The one way for this library's own modules (verifier-json) to turn a {@link Scheme} into a {@link Provider},
 * whose constructor is package-private: {@code Provider}'s static initializer installs its constructor here (the
 * JDK's SharedSecrets pattern), so no internal type appears in the exported API.
 *
 * <p>Not an API: this package is exported only to {@code dev.webhookverifier.json} and may change at any time.
 */
public final class ProviderAccess {
    private static Function<Scheme, Provider> factory;

    private ProviderAccess() {}

    /**
     * Called once, by {@code Provider}'s static initializer.
     *
     * @param constructor {@code Provider::new}
     */
    public static synchronized void install(Function<Scheme, Provider> constructor) {
        if (factory != null) {
            throw new IllegalStateException("already installed");
        }
        factory = Objects.requireNonNull(constructor, "constructor");
    }

    /**
     * A provider for a scheme.
     *
     * @param scheme the scheme
     * @return the provider
     */
    public static Provider provider(Scheme scheme) {
        Objects.requireNonNull(scheme, "scheme");
        return factory().apply(scheme);
    }

    private static synchronized Function<Scheme, Provider> factory() {
        if (factory == null) {
            try {
                // Runs Provider's static initializer, which calls install.
                Class.forName(Provider.class.getName(), true, Provider.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        return factory;
    }
}
