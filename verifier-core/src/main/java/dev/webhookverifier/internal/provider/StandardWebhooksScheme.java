package dev.webhookverifier.internal.provider;

import dev.webhookverifier.FailureReason;
import dev.webhookverifier.MacAlgorithm;
import dev.webhookverifier.SecretEncoding;
import dev.webhookverifier.TimestampFormat;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookVerificationException;
import dev.webhookverifier.internal.Codec;
import dev.webhookverifier.internal.Ed25519Keys;
import dev.webhookverifier.internal.Headers;
import dev.webhookverifier.internal.Macs;
import dev.webhookverifier.internal.Scheme;
import dev.webhookverifier.internal.SecretFormat;
import dev.webhookverifier.internal.SecretText;
import dev.webhookverifier.internal.SignedParts;
import dev.webhookverifier.internal.VerificationKey;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Standard Webhooks (and Svix, which uses the same scheme under {@code svix-*} header names):
 * {@code webhook-id}, {@code webhook-timestamp} (unix seconds) and {@code webhook-signature}, a space-separated
 * list of {@code v1,<base64 HMAC-SHA256>} and {@code v1a,<base64 Ed25519>} entries over
 * {@code id + "." + timestamp + "." + body}. The key type decides which entries are checked: a {@code whsec_}
 * secret checks {@code v1}, a {@code whpk_} public key checks {@code v1a}; other versions are ignored.
 *
 * <p>Signing: a {@code whsec_} secret signs {@code v1}; where enabled (Standard Webhooks, not Svix, whose
 * documentation covers {@code v1} only), a {@code whsk_} private key signs {@code v1a}. The {@code whsk_} payload is
 * base64 of the 64 bytes seed‖public key (Svix's and Go's serialization of an Ed25519 private key; the public half
 * must belong to the seed) or of the bare 32-byte seed (RFC 8032's private key).
 */
public final class StandardWebhooksScheme implements Scheme {
    private static final String PUBLIC_KEY_PREFIX = "whpk_";
    private static final String PRIVATE_KEY_PREFIX = "whsk_";

    private static final SecretFormat SECRET = SecretFormat.of(SecretEncoding.BASE64)
            .mistake("v1,", "that looks like a signature header entry (v1,...), not the signing secret (whsec_...)")
            .mistake("v1a,", "that looks like a signature header entry (v1a,...), not a key (whsec_... or whpk_...)")
            .mistake("whsk_", "that is an Ed25519 signing (private) key; a receiver needs the public key (whpk_...)")
            .optionalPrefix("whsec_");

    private final String id;
    private final String documentationUrl;
    private final String[] branded;
    private final String[] unbranded = {"webhook-id", "webhook-timestamp", "webhook-signature"};
    private final boolean signsWithPrivateKey;

    /**
     * @param id provider id
     * @param documentationUrl docs link
     * @param brandPrefix header prefix such as {@code svix-}, or {@code null} for the unbranded {@code webhook-*} only
     * @param signsWithPrivateKey whether a {@code whsk_} private key signs {@code v1a} (else it is refused)
     */
    public StandardWebhooksScheme(String id, String documentationUrl, String brandPrefix, boolean signsWithPrivateKey) {
        this.id = id;
        this.documentationUrl = documentationUrl;
        this.branded = brandPrefix == null
                ? null
                : new String[] {brandPrefix + "id", brandPrefix + "timestamp", brandPrefix + "signature"};
        this.signsWithPrivateKey = signsWithPrivateKey;
    }

    /** Whether a {@code whsk_} Ed25519 private key signs {@code v1a}, so a key pair can be generated for it. */
    public boolean signsWithPrivateKey() {
        return signsWithPrivateKey;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String documentationUrl() {
        return documentationUrl;
    }

    @Override
    public Duration defaultTolerance() {
        return Duration.ofMinutes(5);
    }

    @Override
    public boolean signsDeliveryId() {
        return true;
    }

    @Override
    public VerificationKey decodeKey(byte[] value, boolean raw, boolean allowWeak) {
        if (!raw) {
            String text = SecretText.text(value, "the key");
            if (text.startsWith(PUBLIC_KEY_PREFIX)) {
                byte[] key = Codec.decodeBase64(text.substring(PUBLIC_KEY_PREFIX.length()), false);
                if (key == null || key.length != 32) {
                    throw new IllegalArgumentException(
                            "the public key is not 32 bytes of base64 after 'whpk_'; copy it again from the provider");
                }
                return VerificationKey.ed25519(key);
            }
        }
        return SECRET.decode(value, raw, allowWeak, MacAlgorithm.HMAC_SHA256);
    }

    @Override
    public SignedParts parse(WebhookRequest request) throws WebhookVerificationException {
        String[] names = unbranded;
        if (branded != null
                && (!request.headerValues(branded[0]).isEmpty()
                        || !request.headerValues(branded[1]).isEmpty()
                        || !request.headerValues(branded[2]).isEmpty())) {
            names = branded;
        }
        String msgId = Headers.required(request, id, names[0]);
        String timestampText = Headers.required(request, id, names[1]);
        String header = Headers.required(request, id, names[2]);
        Instant timestamp = Headers.timestamp(timestampText, TimestampFormat.UNIX_SECONDS, id, names[1]);

        // Entries are read as index ranges of the header and each signature is decoded straight from its range:
        // no substring per version and value on every request.
        byte[][] macs = null;
        byte[][] eds = null;
        int ignored = 0;
        int malformed = 0;
        int entries = 0;
        int start = 0;
        int n = header.length();
        while (start < n) {
            int end = header.indexOf(' ', start);
            if (end < 0) {
                end = n;
            }
            if (end > start) {
                if (++entries > Headers.MAX_SIGNATURES) {
                    throw Headers.malformed(id, names[2] + " has more than " + Headers.MAX_SIGNATURES + " entries");
                }
                int comma = header.indexOf(',', start);
                if (comma < 0 || comma >= end) {
                    malformed++;
                } else if (comma - start == 2 && header.startsWith("v1", start)) {
                    byte[] sig = Codec.decodeBase64(header, comma + 1, end, false);
                    if (sig == null || sig.length != 32) {
                        malformed++;
                    } else {
                        macs = SignedParts.append(macs, sig);
                    }
                } else if (comma - start == 3 && header.startsWith("v1a", start)) {
                    byte[] sig = Codec.decodeBase64(header, comma + 1, end, false);
                    if (sig == null || sig.length != 64) {
                        malformed++;
                    } else {
                        eds = SignedParts.append(eds, sig);
                    }
                } else {
                    ignored++;
                }
            }
            start = end + 1;
        }
        if (macs == null && eds == null) {
            if (malformed > 0) {
                throw Headers.malformed(id, names[2] + " has no well-formed v1 or v1a entry");
            }
            throw new WebhookVerificationException(
                    FailureReason.UNSUPPORTED_SCHEME, id, names[2] + " has only signatures of unsupported versions");
        }
        return new SignedParts(
                prefix(msgId, timestampText),
                null,
                MacAlgorithm.HMAC_SHA256,
                macs,
                eds,
                ignored + malformed,
                timestamp,
                msgId,
                true);
    }

    /**
     * {@code msgId + "." + timestamp + "."} as signed, written into one exact-size array. Both are header values,
     * checked to be visible ASCII, so each char is its own byte (their ISO-8859-1 form).
     */
    private static byte[] prefix(String msgId, String timestampText) {
        int idLength = msgId.length();
        int tLength = timestampText.length();
        byte[] prefix = new byte[idLength + tLength + 2];
        for (int i = 0; i < idLength; i++) {
            prefix[i] = (byte) msgId.charAt(i);
        }
        prefix[idLength] = '.';
        for (int i = 0; i < tLength; i++) {
            prefix[idLength + 1 + i] = (byte) timestampText.charAt(i);
        }
        prefix[idLength + tLength + 1] = '.';
        return prefix;
    }

    @Override
    public Map<String, String> sign(
            byte[] value, boolean raw, WebhookRequest unsigned, String deliveryId, Instant timestamp) {
        String text = raw ? null : SecretText.text(value, "the key");
        if (text != null && text.startsWith(PUBLIC_KEY_PREFIX)) {
            throw new IllegalArgumentException("a public key (whpk_...) verifies but cannot sign");
        }
        String t = Long.toString(timestamp.getEpochSecond());
        String msgId = java.util.Objects.requireNonNull(deliveryId, "deliveryId");
        byte[] signedPrefix = (msgId + "." + t + ".").getBytes(StandardCharsets.UTF_8);
        String signature;
        if (signsWithPrivateKey && text != null && text.startsWith(PRIVATE_KEY_PREFIX)) {
            PrivateKey key = privateKey(text);
            signature = "v1a," + Codec.base64(Ed25519Keys.sign(key, signedPrefix, unsigned.body()));
        } else {
            byte[] key = SECRET.keyBytes(value, raw, true);
            try {
                byte[] mac = Macs.mac(MacAlgorithm.HMAC_SHA256, key, signedPrefix, unsigned.body(), new byte[0]);
                signature = "v1," + Codec.base64(mac);
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        }
        String[] names = branded != null ? branded : unbranded;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(names[0], msgId);
        headers.put(names[1], t);
        headers.put(names[2], signature);
        return headers;
    }

    /**
     * The Ed25519 private key of a {@code whsk_} key: base64 of seed‖public key (64 bytes) or of the seed alone (32).
     * Messages name the problem, never the value.
     */
    private static PrivateKey privateKey(String text) {
        byte[] decoded = Codec.decodeBase64(text.substring(PRIVATE_KEY_PREFIX.length()), false);
        if (decoded == null) {
            throw new IllegalArgumentException("the private key is not valid base64 after 'whsk_'; copy it again"
                    + " without quotes, spaces or line breaks");
        }
        byte[] seed = Arrays.copyOf(decoded, 32);
        try {
            if (decoded.length == 64) {
                // Svix's and Go's form carries the public key too: one that is not the seed's own would make the
                // signer and the whpk_ key published from it disagree, so refuse it here.
                if (!Ed25519Keys.isPublicKeyOf(seed, Arrays.copyOfRange(decoded, 32, 64))) {
                    throw new IllegalArgumentException("the private key's second half is not the public key of its"
                            + " first half (the Ed25519 seed): the whsk_ key is damaged or pieced together from two"
                            + " keys; copy it again");
                }
            } else if (decoded.length != 32) {
                throw new IllegalArgumentException("the private key after 'whsk_' decodes to " + decoded.length
                        + " bytes; expected 64 (Ed25519 seed and public key) or 32 (the seed alone)");
            }
            return Ed25519Keys.privateKey(seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
            Arrays.fill(decoded, (byte) 0);
        }
    }
}
