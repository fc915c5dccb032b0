package dev.webhookverifier.spi;

import dev.webhookverifier.Provider;
import java.util.List;
import java.util.Optional;

/**
 * Presets from another module (verifier-json), found with {@link java.util.ServiceLoader}: {@link
 * dev.webhookverifier.Providers#byId(String)} asks the factories on the class path (or module path) for an id it
 * does not know itself, so the CLI and configuration properties can name them. Core's own ids always win.
 *
 * <p>Implementations must be thread-safe and return the same provider for an id each time (a provider may hold a
 * cache).
 */
public interface ProviderFactory {
    /**
     * The ids this factory answers.
     *
     * @return lower-case, hyphenated ids
     */
    List<String> ids();

    /**
     * The preset with this id.
     *
     * @param id a lower-case id
     * @return the preset, or empty if this factory has none by that id
     */
    Optional<Provider> byId(String id);
}
