package dev.webhookverifier.json;

import dev.webhookverifier.Handshake;
import dev.webhookverifier.Provider;

/**
 * What the JSON handshakes share: each is a signed probe of one provider, so the verifier checks its signature and
 * timestamp before {@link #answer} parses the body.
 */
abstract class SignedJsonHandshake implements Handshake {
    final String id;
    final String providerId;

    SignedJsonHandshake(String id, String providerId) {
        this.id = id;
        this.providerId = providerId;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final boolean requiresSignature() {
        return true;
    }

    @Override
    public final boolean supports(Provider provider) {
        return provider.id().equals(providerId);
    }

    @Override
    public String toString() {
        return "Handshake[" + id + "]";
    }
}
