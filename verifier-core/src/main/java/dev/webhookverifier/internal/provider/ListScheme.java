package dev.webhookverifier.internal.provider;

import dev.webhookverifier.FailureReason;
import dev.webhookverifier.MacAlgorithm;
import dev.webhookverifier.SignatureEncoding;
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
import java.util.Objects;

/**
 * One header holding a {@code key=value} list: an optional timestamp entry and one or more signature entries,
 * HMAC over {@code timestamp + joiner + body} (or the body alone). Stripe
 * ({@code t=...,v1=...[,v1=...][,v0=...]}), Paddle ({@code ts=...;h1=...[;h1=...]}), Calendly, Sanity and PagerDuty
 * ({@code v1=...[,v1=...]}) are configurations of this scheme.
 *
 * <p>Several signature entries appear while a secret is rolled; any may match. Entries under other keys
 * ({@code v0}, unknown versions) are ignored, and so is a signature entry that does not decode, as long as another
 * one does (Paddle sends such lists).
 */
public final class ListScheme implements Scheme {
    private final String id;
    private final String documentationUrl;
    private final String header;
    private final char separator;
    private final String timestampKey;
    private final TimestampFormat timestampFormat;
    private final String joiner;
    private final String signatureKey;
    private final SignatureEncoding encoding;
    private final MacAlgorithm algorithm;
    private final Duration defaultTolerance;
    private final SecretFormat secretFormat;

    /**
     * @param id provider id
     * @param documentationUrl docs link
     * @param header the header holding the list
     * @param separator between entries, {@code ,} or {@code ;}
     * @param timestampKey the key of the timestamp entry, or {@code null} if none is signed
     * @param timestampFormat how the timestamp is written
     * @param joiner what is signed between timestamp and body, e.g. {@code .}
     * @param signatureKey the key of signature entries, e.g. {@code v1}
     * @param encoding how signatures are written
     * @param algorithm the MAC
     * @param defaultTolerance the documented tolerance, or {@code null} without a timestamp
     * @param secretFormat how secrets are decoded
     */
    public ListScheme(
            String id,
            String documentationUrl,
            String header,
            char separator,
            String timestampKey,
            TimestampFormat timestampFormat,
            String joiner,
            String signatureKey,
            SignatureEncoding encoding,
            MacAlgorithm algorithm,
            Duration defaultTolerance,
            SecretFormat secretFormat) {
        this.id = Objects.requireNonNull(id, "id");
        this.documentationUrl = Objects.requireNonNull(documentationUrl, "documentationUrl");
        this.header = Objects.requireNonNull(header, "header");
        this.separator = separator;
        this.timestampKey = timestampKey;
        this.timestampFormat = timestampFormat;
        this.joiner = timestampKey == null ? null : Objects.requireNonNull(joiner, "joiner");
        this.signatureKey = Objects.requireNonNull(signatureKey, "signatureKey");
        this.encoding = Objects.requireNonNull(encoding, "encoding");
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.defaultTolerance = defaultTolerance;
        this.secretFormat = Objects.requireNonNull(secretFormat, "secretFormat");
        if ((timestampKey == null) != (defaultTolerance == null)
                || (timestampKey == null) != (timestampFormat == null)) {
            throw new IllegalArgumentException("a timestamp entry needs a format and a tolerance, and only then");
        }
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
        return defaultTolerance;
    }

    @Override
    public boolean signsDeliveryId() {
        return false;
    }

    @Override
    public VerificationKey decodeKey(byte[] value, boolean raw, boolean allowWeak) {
        return secretFormat.decode(value, raw, allowWeak, algorithm);
    }

    @Override
    public SignedParts parse(WebhookRequest request) throws WebhookVerificationException {
        String value = Headers.required(request, id, header);
        String t = null;
        byte[][] signatures = new byte[Headers.MAX_SIGNATURES][];
        int count = 0;
        int ignored = 0;
        int undecodable = 0;
        int items = 0;
        int start = 0;
        int maxItems = Headers.MAX_SIGNATURES + (timestampKey == null ? 0 : 1);
        while (start <= value.length()) {
            int end = value.indexOf(separator, start);
            if (end < 0) {
                end = value.length();
            }
            if (++items > maxItems) {
                throw Headers.malformed(id, header + " has more than " + Headers.MAX_SIGNATURES + " entries");
            }
            int eq = value.indexOf('=', start);
            if (eq < 0 || eq >= end || eq == start) {
                throw Headers.malformed(id, header + " has an entry that is not key=value");
            }
            String key = value.substring(start, eq).strip();
            String entry = value.substring(eq + 1, end).strip();
            if (key.equals(timestampKey)) {
                if (t != null) {
                    throw Headers.malformed(id, header + " has more than one timestamp");
                }
                t = entry;
            } else if (key.equals(signatureKey)) {
                if (count == Headers.MAX_SIGNATURES) {
                    throw Headers.malformed(
                            id, header + " has more than " + Headers.MAX_SIGNATURES + " " + signatureKey + " entries");
                }
                byte[] sig = Codec.decode(entry, encoding);
                if (sig == null || sig.length != algorithm.macLength()) {
                    undecodable++;
                } else {
                    signatures[count++] = sig;
                }
            } else {
                ignored++;
            }
            start = end + 1;
        }
        Instant timestamp = null;
        if (timestampKey != null) {
            if (t == null) {
                throw Headers.malformed(id, header + " has no " + timestampKey + "= timestamp");
            }
            timestamp = Headers.timestamp(t, timestampFormat, id, header);
        }
        if (count == 0) {
            if (undecodable > 0) {
                throw Headers.malformed(
                        id,
                        header + " has no " + signatureKey + " entry that is a canonical " + encoding + " "
                                + algorithm.jcaName() + " value");
            }
            throw new WebhookVerificationException(
                    FailureReason.UNSUPPORTED_SCHEME,
                    id,
                    header + " has no " + signatureKey + " signature (only other schemes)");
        }
        byte[] prefix = t == null ? null : (t + joiner).getBytes(StandardCharsets.US_ASCII);
        return new SignedParts(
                prefix,
                null,
                algorithm,
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
        String t = timestampKey == null ? null : TimestampText.format(timestamp, timestampFormat);
        byte[] key = secretFormat.keyBytes(value, raw, true);
        try {
            byte[] mac = Macs.mac(
                    algorithm,
                    key,
                    t == null ? new byte[0] : (t + joiner).getBytes(StandardCharsets.US_ASCII),
                    unsigned.body(),
                    new byte[0]);
            String signature = signatureKey + "=" + Macs.encode(mac, encoding);
            return Map.of(header, t == null ? signature : timestampKey + "=" + t + separator + signature);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }
}
