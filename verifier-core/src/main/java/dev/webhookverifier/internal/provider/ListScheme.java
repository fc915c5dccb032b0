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
    private final byte[] joinerBytes;
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
        this.joinerBytes = this.joiner == null ? null : this.joiner.getBytes(StandardCharsets.US_ASCII);
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
        // Entries are read as index ranges of the header (no substring per key and value), and the signature is
        // decoded straight from its range: this runs on every request and used to be most of the parse cost.
        int tFrom = -1;
        int tTo = -1;
        byte[][] signatures = null;
        int count = 0;
        int ignored = 0;
        int undecodable = 0;
        int items = 0;
        int start = 0;
        int n = value.length();
        int maxItems = Headers.MAX_SIGNATURES + (timestampKey == null ? 0 : 1);
        while (start <= n) {
            int end = value.indexOf(separator, start);
            if (end < 0) {
                end = n;
            }
            if (++items > maxItems) {
                throw Headers.malformed(id, header + " has more than " + Headers.MAX_SIGNATURES + " entries");
            }
            int eq = value.indexOf('=', start);
            if (eq < 0 || eq >= end || eq == start) {
                throw Headers.malformed(id, header + " has an entry that is not key=value");
            }
            int keyFrom = stripStart(value, start, eq);
            int keyTo = stripEnd(value, keyFrom, eq);
            int entryFrom = stripStart(value, eq + 1, end);
            int entryTo = stripEnd(value, entryFrom, end);
            if (isKey(value, keyFrom, keyTo, timestampKey)) {
                if (tFrom >= 0) {
                    throw Headers.malformed(id, header + " has more than one timestamp");
                }
                tFrom = entryFrom;
                tTo = entryTo;
            } else if (isKey(value, keyFrom, keyTo, signatureKey)) {
                if (count == Headers.MAX_SIGNATURES) {
                    throw Headers.malformed(
                            id, header + " has more than " + Headers.MAX_SIGNATURES + " " + signatureKey + " entries");
                }
                byte[] sig = Codec.decode(value, entryFrom, entryTo, encoding);
                if (sig == null || sig.length != algorithm.macLength()) {
                    undecodable++;
                } else {
                    signatures = SignedParts.append(signatures, sig);
                    count++;
                }
            } else {
                ignored++;
            }
            start = end + 1;
        }
        Instant timestamp = null;
        if (timestampKey != null) {
            if (tFrom < 0) {
                throw Headers.malformed(id, header + " has no " + timestampKey + "= timestamp");
            }
            timestamp = Headers.timestamp(value.substring(tFrom, tTo), timestampFormat, id, header);
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
        return new SignedParts(
                tFrom < 0 ? null : prefix(value, tFrom, tTo),
                null,
                algorithm,
                signatures,
                null,
                ignored + undecodable,
                timestamp,
                null,
                false);
    }

    /** {@code timestamp + joiner} as signed; the header is visible ASCII, so each char is its own byte. */
    private byte[] prefix(String value, int from, int to) {
        int length = to - from;
        byte[] prefix = new byte[length + joinerBytes.length];
        for (int i = 0; i < length; i++) {
            prefix[i] = (byte) value.charAt(from + i);
        }
        System.arraycopy(joinerBytes, 0, prefix, length, joinerBytes.length);
        return prefix;
    }

    /** The first index in {@code [from, to)} that {@link String#strip()} would keep, or {@code to}. */
    private static int stripStart(String s, int from, int to) {
        while (from < to && Character.isWhitespace(s.charAt(from))) {
            from++;
        }
        return from;
    }

    /** One past the last index in {@code [from, to)} that {@link String#strip()} would keep, or {@code from}. */
    private static int stripEnd(String s, int from, int to) {
        while (to > from && Character.isWhitespace(s.charAt(to - 1))) {
            to--;
        }
        return to;
    }

    /** Whether {@code s[from, to)} is exactly {@code key} (never, if {@code key} is {@code null}). */
    private static boolean isKey(String s, int from, int to, String key) {
        return key != null && to - from == key.length() && s.startsWith(key, from);
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
