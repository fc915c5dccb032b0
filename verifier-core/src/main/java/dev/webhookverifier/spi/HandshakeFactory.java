package dev.webhookverifier.spi;

import dev.webhookverifier.Handshake;
import java.util.List;
import java.util.Optional;

/**
 * Handshakes from another module (verifier-json), found with {@link java.util.ServiceLoader}:
 * {@link dev.webhookverifier.Handshakes#byId(String)} asks the factories on the class path (or module path) for an
 * id core does not know, so configuration properties can name them.
 *
 * <p>Implementations must be thread-safe.
 */
public interface HandshakeFactory {
    /**
     * The ids this factory answers (handshakes that need no options).
     *
     * @return lower-case, hyphenated ids
     */
    List<String> ids();

    /**
     * The handshake with this id.
     *
     * @param id a lower-case id
     * @return the handshake, or empty if this factory has none by that id
     */
    Optional<Handshake> byId(String id);
}
