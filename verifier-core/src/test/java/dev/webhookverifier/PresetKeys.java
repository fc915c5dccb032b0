package dev.webhookverifier;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;

/**
 * Key material for presets whose verifier and signer need different values (asymmetric schemes) or whose
 * secrets have a fixed shape (Contentful), and test settings for presets the generic suites cannot treat alike.
 * Other presets sign and verify with the same secret, whatever the generic suite chose.
 */
final class PresetKeys {
    /** Discord DV-40's key pair: the application's public key (hex) and the 32-byte seed (hex). */
    static final String DISCORD_PUBLIC = "10ba2bb4b23044d86f9236e22e5ddb86d33ac327f4e21609914abe59d5bc51e2";

    static final String DISCORD_SEED = "115b5f8ce29bcb879f4d4975324d59b0a6fc2bdaa18c81dcfef6514a07cb7708";

    /** A second Ed25519 seed (RFC 8032 test 1) and its public key, for "wrong key" cases. */
    static final String DISCORD_OTHER_SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

    static final String DISCORD_OTHER_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

    /** A fresh P-256 key pair per test run: {public SPKI base64, private PKCS#8 base64}. */
    static final String[] SENDGRID = p256();

    static final String[] SENDGRID_OTHER = p256();

    /** Presets with an asymmetric scheme: id to {verifier key, signer key, another signer key}. */
    private static final Map<String, String[]> ASYMMETRIC = Map.of(
            "discord", new String[] {DISCORD_PUBLIC, DISCORD_SEED, DISCORD_OTHER_SEED},
            "sendgrid", new String[] {SENDGRID[0], SENDGRID[1], SENDGRID_OTHER[1]});

    /** Presets whose secrets have a fixed shape: id to {secret, another secret}. Contentful's are 64 characters. */
    private static final Map<String, String[]> SHAPED = Map.of("contentful", new String[] {
        "Cf7qW2mZ9xL4vB8nK3pR6tY1uE5oI0aSdF2gH7jK9lZ3xC8vB4nM6qW1eR5tY0uI",
        "Zk2pQ8wE4rT6yU1iO3aS5dF7gH9jK0lZ2xC4vB6nM8qW1eR3tY5uI7oP9aS1dF3g"
    });

    private PresetKeys() {}

    static String[] p256() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = g.generateKeyPair();
            return new String[] {
                Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()),
                Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded())
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the preset verifies with a public key and signs with a private one. */
    static boolean asymmetric(String id) {
        return ASYMMETRIC.containsKey(id);
    }

    /** The value a verifier for this preset holds: the public key, or {@code symmetric} itself. */
    static String verifierKey(String id, String symmetric) {
        return asymmetric(id) ? ASYMMETRIC.get(id)[0] : SHAPED.containsKey(id) ? SHAPED.get(id)[0] : symmetric;
    }

    /** The value a signer for this preset holds: the private key, or {@code symmetric} itself. */
    static String signerKey(String id, String symmetric) {
        return asymmetric(id) ? ASYMMETRIC.get(id)[1] : SHAPED.containsKey(id) ? SHAPED.get(id)[0] : symmetric;
    }

    /** A signer key that the verifier's key does not match: another private key, or {@code otherSymmetric}. */
    static String otherSignerKey(String id, String otherSymmetric) {
        return asymmetric(id) ? ASYMMETRIC.get(id)[2] : SHAPED.containsKey(id) ? SHAPED.get(id)[1] : otherSymmetric;
    }

    /**
     * Whether the preset's signature covers the body, so a changed body is caught. Not for GitLab, whose static
     * token signs nothing.
     */
    static boolean signsBody(String id) {
        return !id.equals("gitlab");
    }
}
