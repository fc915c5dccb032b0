package dev.webhookverifier;

import dev.webhookverifier.internal.Scheme;
import dev.webhookverifier.internal.provider.PublicKeyScheme;
import dev.webhookverifier.internal.provider.StandardWebhooksScheme;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A freshly generated key pair for a provider that signs with a private key and verifies with a public one
 * ({@code discord} and {@code standard-webhooks}: Ed25519; {@code sendgrid}: ECDSA P-256), each half in the text form
 * the provider uses: the private half signs with {@link WebhookSigner}, the public half is what a receiver
 * configures.
 *
 * <p>For tests, local development and the CLI ({@code sign --generate-key-pair}, {@code demo}); a provider's
 * production key pair is made by the provider, which keeps the private half.
 *
 * <ul>
 *   <li>{@code discord}: public key as 64 hex digits (the raw 32-byte Ed25519 key the Developer Portal shows);
 *       private key as the 32-byte seed in 64 hex digits;
 *   <li>{@code sendgrid}: public key as base64 DER SubjectPublicKeyInfo (the verification key SendGrid shows);
 *       private key as base64 DER PKCS#8;
 *   <li>{@code standard-webhooks} ({@code v1a}): public key as {@code whpk_} + base64 of the 32-byte key; private key
 *       as {@code whsk_} + base64 of the 64 bytes seed‖public key (Svix's serialization).
 * </ul>
 *
 * <p>Standard Webhooks also signs with a shared {@code whsec_} secret ({@code v1}), so {@link #supports(Provider)}
 * is {@code true} for it while {@link #required(Provider)} is not: only for {@code discord} and {@code sendgrid} is a
 * key pair the only way to sign.
 *
 * <p><b>Thread safety:</b> immutable and thread-safe; {@link #generate(Provider)} may be called concurrently.
 *
 * <p><b>Security:</b> keys come from the JDK's {@link SecureRandom}. The private half is opaque like a
 * {@link WebhookSecret}: no {@code equals}/{@code hashCode}, {@link #toString()} shows the public key only, and
 * the only way to get its text is the deliberately named {@link #exportPrivateKey()}. Keep generated private keys
 * out of production receivers, which only verify.
 *
 * <p><b>Example:</b>
 *
 * <pre>{@code
 * WebhookKeyPair pair = WebhookKeyPair.generate(Providers.discord());
 * WebhookSigner signer = WebhookSigner.of(Providers.discord(), pair.signingSecret("test"));
 * WebhookVerifier verifier = WebhookVerifier.builder(Providers.discord())
 *     .secrets(pair.verificationSecret("test"))
 *     .build();
 * }</pre>
 */
public final class WebhookKeyPair {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String providerId;
    private final String privateKey;
    private final String publicKey;

    private WebhookKeyPair(String providerId, String privateKey, String publicKey) {
        this.providerId = providerId;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /**
     * Whether the provider can sign with a private key and verify with a public one, so that
     * {@link #generate(Provider)} can make a pair for it.
     *
     * @param provider a preset
     * @return {@code true} for {@code discord}, {@code sendgrid} and {@code standard-webhooks}; {@code false} for
     *     providers that sign with a shared secret only
     */
    public static boolean supports(Provider provider) {
        Scheme scheme = Objects.requireNonNull(provider, "provider").scheme();
        return scheme instanceof PublicKeyScheme
                || (scheme instanceof StandardWebhooksScheme sw && sw.signsWithPrivateKey());
    }

    /**
     * Whether the provider signs only with a private key, so that signing for it always needs a key pair (no shared
     * secret does).
     *
     * @param provider a preset
     * @return {@code true} for {@code discord} and {@code sendgrid}; {@code false} for {@code standard-webhooks},
     *     which signs with a {@code whsec_} secret too, and for shared-secret providers
     */
    public static boolean required(Provider provider) {
        return Objects.requireNonNull(provider, "provider").scheme() instanceof PublicKeyScheme;
    }

    /**
     * A new random key pair for the provider.
     *
     * @param provider a provider for which {@link #supports(Provider)} is {@code true}
     * @return the key pair
     * @throws IllegalArgumentException if the provider signs with a shared secret
     * @throws IllegalStateException if this JDK cannot generate the key type
     */
    public static WebhookKeyPair generate(Provider provider) {
        if (!supports(provider)) {
            throw new IllegalArgumentException(provider.id() + " signs with a shared secret, not with a key pair");
        }
        Scheme scheme = provider.scheme();
        try {
            if (scheme instanceof PublicKeyScheme pk) {
                return switch (pk.algorithm()) {
                    case ED25519 -> ed25519(provider.id(), false);
                    case ECDSA_P256 -> ecdsaP256(provider.id());
                };
            }
            return ed25519(provider.id(), true);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot generate " + provider.id() + " keys", e);
        }
    }

    /**
     * An Ed25519 pair: Discord's hex seed and hex public key, or Standard Webhooks' {@code whsk_} (seed‖public key)
     * and {@code whpk_} in base64.
     */
    private static WebhookKeyPair ed25519(String providerId, boolean standardWebhooks) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(NamedParameterSpec.ED25519, RANDOM);
        KeyPair pair = generator.generateKeyPair();
        // The raw public key and the seed are the last 32 bytes of the JDK's X.509 and PKCS#8 encodings.
        byte[] publicDer = pair.getPublic().getEncoded();
        byte[] privateDer = pair.getPrivate().getEncoded();
        byte[] seed = Arrays.copyOfRange(privateDer, privateDer.length - 32, privateDer.length);
        byte[] publicKey = Arrays.copyOfRange(publicDer, publicDer.length - 32, publicDer.length);
        byte[] seedAndPublic = new byte[64];
        try {
            if (!standardWebhooks) {
                return new WebhookKeyPair(
                        providerId,
                        HexFormat.of().formatHex(seed),
                        HexFormat.of().formatHex(publicKey));
            }
            System.arraycopy(seed, 0, seedAndPublic, 0, 32);
            System.arraycopy(publicKey, 0, seedAndPublic, 32, 32);
            Base64.Encoder b64 = Base64.getEncoder();
            return new WebhookKeyPair(
                    providerId, "whsk_" + b64.encodeToString(seedAndPublic), "whpk_" + b64.encodeToString(publicKey));
        } finally {
            Arrays.fill(seed, (byte) 0);
            Arrays.fill(seedAndPublic, (byte) 0);
            Arrays.fill(privateDer, (byte) 0);
        }
    }

    private static WebhookKeyPair ecdsaP256(String providerId) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        KeyPair pair = generator.generateKeyPair();
        byte[] privateDer = pair.getPrivate().getEncoded();
        try {
            Base64.Encoder b64 = Base64.getEncoder();
            return new WebhookKeyPair(
                    providerId,
                    b64.encodeToString(privateDer),
                    b64.encodeToString(pair.getPublic().getEncoded()));
        } finally {
            Arrays.fill(privateDer, (byte) 0);
        }
    }

    /**
     * The provider this pair is for.
     *
     * @return e.g. {@code discord}
     */
    public String providerId() {
        return providerId;
    }

    /**
     * The public key as the provider shows it and {@link WebhookVerifier} accepts it ({@code discord}: 64 hex
     * digits; {@code sendgrid}: base64 DER SubjectPublicKeyInfo; {@code standard-webhooks}: {@code whpk_...}). Not
     * secret.
     *
     * @return the public key text
     */
    public String publicKey() {
        return publicKey;
    }

    /**
     * The private key as a signing secret, for {@link WebhookSigner#of(Provider, WebhookSecret)}.
     *
     * @param id the secret's non-secret id
     * @return the signing secret
     */
    public WebhookSecret signingSecret(String id) {
        return WebhookSecret.of(id, privateKey);
    }

    /**
     * The public key as a verification secret, for {@link WebhookVerifier.Builder#secrets(WebhookSecret...)}.
     *
     * @param id the secret's non-secret id
     * @return the verification secret
     */
    public WebhookSecret verificationSecret(String id) {
        return WebhookSecret.of(id, publicKey);
    }

    /**
     * The private key's text, to store it for later signing (a test fixture, a file the CLI reads back with
     * {@code --private-key-file}): {@code discord}: the Ed25519 seed as 64 hex digits; {@code sendgrid}: PKCS#8 DER
     * in base64; {@code standard-webhooks}: {@code whsk_} + base64 of seed‖public key. {@link WebhookSigner} accepts
     * it as a secret.
     *
     * <p><b>Security:</b> this hands the private key out as a {@code String}; do not log or print it.
     *
     * @return the private key text
     */
    public String exportPrivateKey() {
        return privateKey;
    }

    /** Prints the provider and the public key, never the private key. */
    @Override
    public String toString() {
        return "WebhookKeyPair[" + providerId + ", publicKey=" + publicKey + ", privateKey=<redacted>]";
    }
}
