package dev.webhookverifier.test;

import dev.webhookverifier.Provider;
import dev.webhookverifier.Providers;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookSigner;
import dev.webhookverifier.WebhookVerifier;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Fresh, valid test secrets and key pairs for every provider preset, so tests never share a secret with production
 * or with each other.
 *
 * <ul>
 *   <li>{@code standard-webhooks}, {@code svix}: {@code whsec_} + base64 of 32 random bytes;
 *   <li>{@code stripe}: {@code whsec_} + 32 random characters (Stripe keys the HMAC with the whole string);
 *   <li>{@code discord}, {@code sendgrid} sign with a private key: use {@link #keyPair(String)};
 *   <li>every other preset: 64 random lowercase hexadecimal characters (text secrets; long enough for the
 *       verifier's minimum and free of the prefixes it recognises as a wrong kind of credential).
 * </ul>
 *
 * <p>Standard Webhooks' asymmetric {@code v1a} (Ed25519, {@code whsk_}/{@code whpk_}) is not offered:
 * {@code WebhookSigner} signs Standard Webhooks with {@code v1} HMAC secrets only.
 *
 * <p><b>Thread safety:</b> thread-safe.
 *
 * <p><b>Security:</b> for tests only; the values come from {@link SecureRandom} but are printed nowhere.
 *
 * <p><b>Example:</b>
 *
 * <pre>{@code
 * String secret = TestSecrets.secret("stripe");               // configure the app under test with it
 * WebhookSigner signer = TestSecrets.signer("stripe", secret); // sign deliveries with it
 * }</pre>
 */
public final class TestSecrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHANUMERIC =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

    private TestSecrets() {}

    /**
     * A new random signing secret in the format the provider's preset expects.
     *
     * @param providerId a preset id as in {@link Providers#byId(String)}, e.g. {@code stripe}
     * @return the secret text, as the provider's dashboard would show it
     * @throws IllegalArgumentException for an unknown id, or for a provider that signs with a private key (use
     *     {@link #keyPair(String)})
     */
    public static String secret(String providerId) {
        Provider provider = Providers.byId(providerId);
        String id = provider.id();
        if (id.equals("discord") || id.equals("sendgrid")) {
            throw new IllegalArgumentException(
                    id + " signs with a private key and verifies with a public key: use TestSecrets.keyPair(\"" + id
                            + "\")");
        }
        // Retried only on the (astronomically unlikely) chance a random value is refused by the preset's checks.
        IllegalArgumentException last = null;
        for (int attempt = 0; attempt < 8; attempt++) {
            String candidate = candidate(id, attempt);
            try {
                WebhookSecret secret = WebhookSecret.of("test", candidate);
                WebhookSigner.of(provider, secret);
                WebhookVerifier.builder(provider).secrets(secret).build();
                return candidate;
            } catch (IllegalArgumentException e) {
                last = e;
            }
        }
        throw new IllegalStateException("could not generate a secret for " + id, last);
    }

    /**
     * A new random secret wrapped as a {@link WebhookSecret} with id {@code test}.
     *
     * @param providerId a preset id
     * @return the secret
     */
    public static WebhookSecret webhookSecret(String providerId) {
        return WebhookSecret.of("test", secret(providerId));
    }

    /**
     * A signer for a preset and secret text on the system clock.
     *
     * @param providerId a preset id
     * @param secret the secret (or, for {@code discord}/{@code sendgrid}, {@link TestKeyPair#signingKey()})
     * @return the signer
     */
    public static WebhookSigner signer(String providerId, String secret) {
        return WebhookSigner.of(Providers.byId(providerId), WebhookSecret.of("test", secret));
    }

    /**
     * A new key pair for a preset that signs with a private key: {@code discord} (Ed25519) or {@code sendgrid}
     * (ECDSA P-256).
     *
     * @param providerId {@code discord} or {@code sendgrid}
     * @return the key pair, each half in the text form the signer and the verifier accept
     * @throws IllegalArgumentException for any other provider
     */
    public static TestKeyPair keyPair(String providerId) {
        String id = Providers.byId(providerId).id();
        try {
            switch (id) {
                case "discord": {
                    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                    // Discord shows the raw 32-byte public key in hex; the signer takes the 32-byte seed in hex.
                    // Both are the last 32 bytes of the JDK's X.509 and PKCS#8 encodings.
                    byte[] publicDer = pair.getPublic().getEncoded();
                    byte[] privateDer = pair.getPrivate().getEncoded();
                    byte[] seed = Arrays.copyOfRange(privateDer, privateDer.length - 32, privateDer.length);
                    try {
                        return new TestKeyPair(
                                id,
                                HexFormat.of().formatHex(seed),
                                HexFormat.of()
                                        .formatHex(Arrays.copyOfRange(
                                                publicDer, publicDer.length - 32, publicDer.length)));
                    } finally {
                        Arrays.fill(seed, (byte) 0);
                        Arrays.fill(privateDer, (byte) 0);
                    }
                }
                case "sendgrid": {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                    generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
                    KeyPair pair = generator.generateKeyPair();
                    Base64.Encoder b64 = Base64.getEncoder();
                    return new TestKeyPair(
                            id,
                            b64.encodeToString(pair.getPrivate().getEncoded()),
                            b64.encodeToString(pair.getPublic().getEncoded()));
                }
                default:
                    throw new IllegalArgumentException(
                            id + " signs with a shared secret: use TestSecrets.secret(\"" + id + "\")");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot generate keys for " + id, e);
        }
    }

    private static String candidate(String id, int attempt) {
        switch (id) {
            case "standard-webhooks":
            case "svix": {
                byte[] key = new byte[32];
                RANDOM.nextBytes(key);
                return "whsec_" + Base64.getEncoder().encodeToString(key);
            }
            case "stripe":
                return "whsec_" + random(ALPHANUMERIC, 32);
            default:
                // 64 hex digits fit every text-secret preset (Contentful wants exactly 64); 32 as a fallback.
                return random("0123456789abcdef".toCharArray(), attempt < 4 ? 64 : 32);
        }
    }

    private static String random(char[] alphabet, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet[RANDOM.nextInt(alphabet.length)];
        }
        return new String(out);
    }

    /**
     * An asymmetric test key pair: the private half signs (give it to the signer), the public half verifies (give it
     * to the application under test).
     *
     * <p><b>Security:</b> {@link #toString()} shows the public key only.
     */
    public static final class TestKeyPair {
        private final String providerId;
        private final String signingKey;
        private final String verificationKey;

        TestKeyPair(String providerId, String signingKey, String verificationKey) {
            this.providerId = providerId;
            this.signingKey = signingKey;
            this.verificationKey = verificationKey;
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
         * The private key as the signer accepts it ({@code discord}: the Ed25519 seed as 64 hex digits;
         * {@code sendgrid}: PKCS#8 DER in base64).
         *
         * @return the signing key text
         */
        public String signingKey() {
            return signingKey;
        }

        /**
         * The public key as the provider shows it and the verifier accepts it ({@code discord}: 64 hex digits;
         * {@code sendgrid}: X.509 SubjectPublicKeyInfo DER in base64).
         *
         * @return the verification key text
         */
        public String verificationKey() {
            return verificationKey;
        }

        /**
         * The private key as a {@link WebhookSecret} with id {@code test}, for {@code WebhookSigner.of}.
         *
         * @return the signing secret
         */
        public WebhookSecret signingSecret() {
            return WebhookSecret.of("test", signingKey);
        }

        /**
         * The public key as a {@link WebhookSecret} with id {@code test}, for {@code WebhookVerifier.Builder#secrets}.
         *
         * @return the verification secret
         */
        public WebhookSecret verificationSecret() {
            return WebhookSecret.of("test", verificationKey);
        }

        @Override
        public String toString() {
            return "TestKeyPair[" + providerId.toLowerCase(Locale.ROOT) + ", public=" + verificationKey + "]";
        }
    }
}
