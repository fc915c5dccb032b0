package dev.webhookverifier.internal.provider;

import dev.webhookverifier.FailureReason;
import dev.webhookverifier.MacAlgorithm;
import dev.webhookverifier.SecretEncoding;
import dev.webhookverifier.TimestampFormat;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookVerificationException;
import dev.webhookverifier.internal.Codec;
import dev.webhookverifier.internal.Headers;
import dev.webhookverifier.internal.Macs;
import dev.webhookverifier.internal.Scheme;
import dev.webhookverifier.internal.SecretFormat;
import dev.webhookverifier.internal.SignedParts;
import dev.webhookverifier.internal.VerificationKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * Stripe: {@code Stripe-Signature: t=<unix s>,v1=<hex>[,v1=<hex>...][,v0=...]}, HMAC-SHA256 keyed with the whole
 * {@code whsec_...} string over {@code t + "." + body}. Several {@code v1} entries appear while a secret is
 * rolled; {@code v0} (test mode) is ignored.
 */
public final class StripeScheme implements Scheme {
    static final String HEADER = "Stripe-Signature";

    private static final SecretFormat SECRET = SecretFormat.of(SecretEncoding.TEXT)
            .mistake(
                    "sk_",
                    "that is a Stripe secret API key (sk_...), not the webhook signing secret (whsec_...) shown"
                            + " for the endpoint in the Stripe dashboard or by 'stripe listen'")
            .mistake("rk_", "that is a Stripe restricted API key (rk_...), not the webhook signing secret (whsec_...)")
            .mistake("pk_", "that is a Stripe publishable key (pk_...), not the webhook signing secret (whsec_...)")
            .requiredPrefixKept("whsec_");

    @Override
    public String id() {
        return "stripe";
    }

    @Override
    public String documentationUrl() {
        return "https://docs.stripe.com/webhooks#verify-manually";
    }

    @Override
    public Duration defaultTolerance() {
        return Duration.ofMinutes(5);
    }

    @Override
    public boolean signsDeliveryId() {
        return false;
    }

    @Override
    public VerificationKey decodeKey(byte[] value, boolean raw, boolean allowWeak) {
        return SECRET.decode(value, raw, allowWeak, MacAlgorithm.HMAC_SHA256);
    }

    @Override
    public SignedParts parse(WebhookRequest request) throws WebhookVerificationException {
        String header = Headers.required(request, id(), HEADER);
        String t = null;
        byte[][] signatures = new byte[Headers.MAX_SIGNATURES][];
        int count = 0;
        int ignored = 0;
        int undecodable = 0;
        int items = 0;
        int start = 0;
        while (start <= header.length()) {
            int end = header.indexOf(',', start);
            if (end < 0) {
                end = header.length();
            }
            if (++items > Headers.MAX_SIGNATURES + 1) {
                throw Headers.malformed(id(), HEADER + " has more than " + Headers.MAX_SIGNATURES + " entries");
            }
            int eq = header.indexOf('=', start);
            if (eq < 0 || eq >= end || eq == start) {
                throw Headers.malformed(id(), HEADER + " has an entry that is not key=value");
            }
            String key = header.substring(start, eq).strip();
            String value = header.substring(eq + 1, end).strip();
            switch (key) {
                case "t" -> {
                    if (t != null) {
                        throw Headers.malformed(id(), HEADER + " has more than one timestamp");
                    }
                    t = value;
                }
                case "v1" -> {
                    byte[] sig = Codec.decodeHex(value, false);
                    if (sig == null || sig.length != 32) {
                        undecodable++;
                    } else {
                        signatures[count++] = sig;
                    }
                }
                default -> ignored++;
            }
            start = end + 1;
        }
        if (t == null) {
            throw Headers.malformed(id(), HEADER + " has no t= timestamp");
        }
        Instant timestamp = Headers.timestamp(t, TimestampFormat.UNIX_SECONDS, id(), HEADER);
        if (count == 0) {
            if (undecodable > 0) {
                throw Headers.malformed(id(), HEADER + " has no v1 entry that is 64 lower-case hex digits");
            }
            throw new WebhookVerificationException(
                    FailureReason.UNSUPPORTED_SCHEME, id(), HEADER + " has no v1 signature (only other schemes)");
        }
        byte[] prefix = (t + ".").getBytes(StandardCharsets.US_ASCII);
        return new SignedParts(
                prefix,
                null,
                MacAlgorithm.HMAC_SHA256,
                Arrays.copyOf(signatures, count),
                null,
                ignored + undecodable,
                timestamp,
                null,
                false);
    }

    @Override
    public Map<String, String> sign(
            byte[] value, boolean raw, WebhookRequest unsigned, String deliveryId, Instant timestamp) {
        String t = Long.toString(timestamp.getEpochSecond());
        byte[] key = SECRET.keyBytes(value, raw, true);
        try {
            byte[] mac = Macs.mac(
                    MacAlgorithm.HMAC_SHA256,
                    key,
                    (t + ".").getBytes(StandardCharsets.US_ASCII),
                    unsigned.body(),
                    new byte[0]);
            return Map.of(HEADER, "t=" + t + ",v1=" + Macs.encode(mac, dev.webhookverifier.SignatureEncoding.HEX));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }
}
