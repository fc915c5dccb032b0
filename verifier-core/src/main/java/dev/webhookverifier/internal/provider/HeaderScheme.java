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
import dev.webhookverifier.internal.SignedContent;
import dev.webhookverifier.internal.SignedParts;
import dev.webhookverifier.internal.VerificationKey;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The common shape: an HMAC signature in a header (with an optional prefix such as {@code sha256=}), an optional
 * timestamp header and an optional id header, over a signed-content template. GitHub, Slack, Shopify, most
 * second-wave presets and custom providers are configurations of this scheme.
 *
 * <p>By default the first source whose header is present carries the one signature. Options cover the
 * variations some providers need: every listed header carrying a signature (Box's primary and secondary,
 * DocuSign's one header per key), a header that repeats during a rotation (Mollie), a secret-prefixed digest
 * instead of an HMAC (HubSpot v1/v2), a second spelling of the URL (HubSpot v3) and informational headers that
 * must hold an expected value when present (signature version, algorithm).
 */
public final class HeaderScheme implements Scheme {
    /**
     * One header a signature may arrive in; the first source whose header is present is used.
     *
     * @param header the header name
     * @param prefix text before the encoded signature, e.g. {@code sha256=}; may be empty
     * @param algorithm the MAC algorithm for signatures from this header
     */
    public record SignatureSource(String header, String prefix, MacAlgorithm algorithm) {
        public SignatureSource {
            Objects.requireNonNull(header, "header");
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(algorithm, "algorithm");
        }
    }

    /** What the signature is computed with. */
    public enum KeyKind {
        /** An HMAC keyed with the secret. */
        HMAC,
        /** {@code SHA-256(secret || content)}, a plain digest (HubSpot v1/v2). */
        SECRET_PREFIXED_SHA256
    }

    private final String id;
    private final String documentationUrl;
    private final List<SignatureSource> sources;
    private final boolean allSources;
    private final boolean repeatable;
    private final SignatureEncoding encoding;
    private final SignedContent content;
    private final String timestampHeader;
    private final TimestampFormat timestampFormat;
    private final Duration defaultTolerance;
    private final String idHeader;
    private final String unsignedIdHeader;
    private final SecretFormat secretFormat;
    private final KeyKind keyKind;
    private final UnaryOperator<String> alternativeUrl;
    private final Map<String, String> expectedHeaders;

    public HeaderScheme(
            String id,
            String documentationUrl,
            List<SignatureSource> sources,
            SignatureEncoding encoding,
            SignedContent content,
            String timestampHeader,
            TimestampFormat timestampFormat,
            Duration defaultTolerance,
            String idHeader,
            String unsignedIdHeader,
            SecretFormat secretFormat) {
        this(builder(id, documentationUrl)
                .sources(sources)
                .encoding(encoding)
                .content(content)
                .timestamp(timestampHeader, timestampFormat, defaultTolerance)
                .idHeader(idHeader)
                .unsignedIdHeader(unsignedIdHeader)
                .secretFormat(secretFormat));
    }

    private HeaderScheme(Builder b) {
        this.id = b.id;
        this.documentationUrl = b.documentationUrl;
        this.sources = List.copyOf(b.sources);
        this.allSources = b.allSources;
        this.repeatable = b.repeatable;
        this.encoding = Objects.requireNonNull(b.encoding, "encoding");
        this.content = Objects.requireNonNull(b.content, "content");
        this.timestampHeader = b.timestampHeader;
        this.timestampFormat = b.timestampFormat;
        this.defaultTolerance = b.defaultTolerance;
        this.idHeader = b.idHeader;
        this.unsignedIdHeader = b.unsignedIdHeader;
        this.secretFormat = Objects.requireNonNull(b.secretFormat, "secretFormat");
        this.keyKind = b.keyKind;
        this.alternativeUrl = b.alternativeUrl;
        this.expectedHeaders = Map.copyOf(b.expectedHeaders);
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("a provider needs a signature header");
        }
        if (content.usesTimestamp() != (timestampHeader != null)) {
            throw new IllegalArgumentException(
                    timestampHeader == null
                            ? "signed content uses {timestamp} but no timestamp header is configured"
                            : "a timestamp header is configured but the signed content has no {timestamp}: an unsigned timestamp"
                                    + " can be changed by anyone, so it cannot protect against replays");
        }
        if (content.usesId() && idHeader == null) {
            throw new IllegalArgumentException("signed content uses {id} but no id header is configured");
        }
        if (allSources
                && sources.stream().map(SignatureSource::algorithm).distinct().count() > 1) {
            throw new IllegalArgumentException("signatures collected from several headers share one algorithm");
        }
        if (keyKind == KeyKind.SECRET_PREFIXED_SHA256
                && sources.stream().anyMatch(s -> s.algorithm() != MacAlgorithm.HMAC_SHA256)) {
            throw new IllegalArgumentException("a secret-prefixed SHA-256 digest has the length of HMAC-SHA256");
        }
        if (alternativeUrl != null && !content.urlBeforeBody()) {
            throw new IllegalArgumentException("an alternative URL needs {url} before {body}");
        }
    }

    /**
     * Starts a configuration.
     *
     * @param id provider id
     * @param documentationUrl where the provider documents its scheme
     * @return a builder
     */
    public static Builder builder(String id, String documentationUrl) {
        return new Builder(id, documentationUrl);
    }

    /** Configures a {@link HeaderScheme}; {@link #build()} checks the combination. */
    public static final class Builder {
        private final String id;
        private final String documentationUrl;
        private List<SignatureSource> sources = List.of();
        private boolean allSources;
        private boolean repeatable;
        private SignatureEncoding encoding = SignatureEncoding.HEX;
        private SignedContent content = SignedContent.parse("{body}");
        private String timestampHeader;
        private TimestampFormat timestampFormat;
        private Duration defaultTolerance;
        private String idHeader;
        private String unsignedIdHeader;
        private SecretFormat secretFormat = SecretFormat.text();
        private KeyKind keyKind = KeyKind.HMAC;
        private UnaryOperator<String> alternativeUrl;
        private final Map<String, String> expectedHeaders = new LinkedHashMap<>();

        private Builder(String id, String documentationUrl) {
            this.id = Objects.requireNonNull(id, "id");
            this.documentationUrl = Objects.requireNonNull(documentationUrl, "documentationUrl");
        }

        /** The headers a signature may arrive in, in order of preference. */
        public Builder sources(List<SignatureSource> sources) {
            this.sources = List.copyOf(sources);
            return this;
        }

        /** One signature header. */
        public Builder signature(String header, String prefix, MacAlgorithm algorithm) {
            return sources(List.of(new SignatureSource(header, prefix, algorithm)));
        }

        /** Every present source header carries a signature, not just the first (Box, DocuSign). */
        public Builder allSources() {
            this.allSources = true;
            return this;
        }

        /**
         * The signature header may repeat, or hold a comma-separated list, while a secret is rotated (Mollie);
         * any entry may match, entries that do not decode are ignored beside one that does.
         */
        public Builder repeatable() {
            this.repeatable = true;
            return this;
        }

        public Builder encoding(SignatureEncoding encoding) {
            this.encoding = encoding;
            return this;
        }

        public Builder content(SignedContent content) {
            this.content = content;
            return this;
        }

        public Builder content(String template) {
            return content(SignedContent.parse(template));
        }

        public Builder timestamp(String header, TimestampFormat format, Duration tolerance) {
            this.timestampHeader = header;
            this.timestampFormat = format;
            this.defaultTolerance = tolerance;
            return this;
        }

        /** The header with the delivery id that the template signs as <code>{id}</code>. */
        public Builder idHeader(String header) {
            this.idHeader = header;
            return this;
        }

        /** A header with an unsigned delivery id, reported for logs only. */
        public Builder unsignedIdHeader(String header) {
            this.unsignedIdHeader = header;
            return this;
        }

        public Builder secretFormat(SecretFormat format) {
            this.secretFormat = format;
            return this;
        }

        public Builder keyKind(KeyKind kind) {
            this.keyKind = Objects.requireNonNull(kind, "kind");
            return this;
        }

        /**
         * A second spelling of the URL to try when it differs from the URL as given (HubSpot decodes some
         * percent-escapes before signing).
         */
        public Builder alternativeUrl(UnaryOperator<String> alternative) {
            this.alternativeUrl = alternative;
            return this;
        }

        /**
         * A header the provider sends with a fixed value (a signature version or algorithm name); a request that
         * carries another value uses a scheme this preset does not check ({@code UNSUPPORTED_SCHEME}).
         */
        public Builder expectHeader(String header, String value) {
            expectedHeaders.put(header, value);
            return this;
        }

        public HeaderScheme build() {
            return new HeaderScheme(this);
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
        return content.usesId();
    }

    @Override
    public VerificationKey decodeKey(byte[] value, boolean raw, boolean allowWeak) {
        if (keyKind == KeyKind.SECRET_PREFIXED_SHA256) {
            return VerificationKey.secretPrefixedSha256(secretFormat.keyBytes(value, raw, allowWeak));
        }
        return secretFormat.decode(value, raw, allowWeak, sources.get(0).algorithm());
    }

    @Override
    public SignedParts parse(WebhookRequest request) throws WebhookVerificationException {
        for (Map.Entry<String, String> e : expectedHeaders.entrySet()) {
            String v = Headers.optional(request, id, e.getKey());
            if (v != null && !v.equals(e.getValue())) {
                throw new WebhookVerificationException(
                        FailureReason.UNSUPPORTED_SCHEME,
                        id,
                        "header " + e.getKey() + " names a scheme other than '" + e.getValue() + "'");
            }
        }
        SignatureSource source;
        byte[][] signatures;
        int ignored = 0;
        if (allSources || repeatable) {
            List<byte[]> found = new ArrayList<>();
            source = null;
            int undecodable = 0;
            for (SignatureSource s : sources) {
                List<String> values =
                        repeatable ? Headers.list(request, id, s.header()) : optionalList(request, s.header());
                for (String v : values) {
                    if (found.size() + undecodable == Headers.MAX_SIGNATURES) {
                        throw Headers.malformed(id, "more than " + Headers.MAX_SIGNATURES + " signatures");
                    }
                    byte[] sig = v.startsWith(s.prefix()) ? decode(v, s) : null;
                    if (sig == null) {
                        undecodable++;
                    } else {
                        found.add(sig);
                    }
                }
                if (!values.isEmpty() && source == null) {
                    source = s;
                }
                if (!allSources && source != null) {
                    break;
                }
            }
            if (source == null) {
                throw new WebhookVerificationException(
                        FailureReason.MISSING_HEADER,
                        id,
                        "header " + sources.get(0).header() + " is absent");
            }
            if (found.isEmpty()) {
                throw Headers.malformed(
                        id,
                        "no " + source.header() + " value holds a canonical " + encoding + " "
                                + source.algorithm().jcaName() + " value after '" + source.prefix() + "'");
            }
            signatures = found.toArray(byte[][]::new);
            ignored = undecodable;
        } else {
            source = null;
            String value = null;
            for (SignatureSource s : sources) {
                value = Headers.optional(request, id, s.header());
                if (value != null) {
                    source = s;
                    break;
                }
            }
            if (source == null) {
                throw new WebhookVerificationException(
                        FailureReason.MISSING_HEADER,
                        id,
                        "header " + sources.get(0).header() + " is absent");
            }
            if (!value.startsWith(source.prefix())) {
                int eq = value.indexOf('=');
                if (!source.prefix().isEmpty()
                        && eq > 0
                        && eq < 16
                        && value.substring(0, eq).matches("[A-Za-z0-9]+")) {
                    throw new WebhookVerificationException(
                            FailureReason.UNSUPPORTED_SCHEME,
                            id,
                            "header " + source.header() + " carries a signature version other than '" + source.prefix()
                                    + "'");
                }
                throw Headers.malformed(
                        id, "header " + source.header() + " does not start with '" + source.prefix() + "'");
            }
            byte[] signature = decode(value, source);
            if (signature == null) {
                throw Headers.malformed(
                        id,
                        "header " + source.header() + " does not hold a canonical " + encoding + " "
                                + source.algorithm().jcaName() + " value");
            }
            signatures = new byte[][] {signature};
        }
        String timestampText = timestampHeader == null ? null : Headers.required(request, id, timestampHeader);
        Instant timestamp =
                timestampText == null ? null : Headers.timestamp(timestampText, timestampFormat, id, timestampHeader);
        String deliveryId = idHeader == null ? null : Headers.required(request, id, idHeader);
        boolean signedId = deliveryId != null;
        if (deliveryId == null && unsignedIdHeader != null) {
            deliveryId = Headers.optional(request, id, unsignedIdHeader);
        }
        byte[][] prefixes;
        if (alternativeUrl == null) {
            prefixes = new byte[][] {orEmpty(content.prefix(request, deliveryId, timestampText, id))};
        } else {
            String url = SignedContent.url(request, id);
            String other = alternativeUrl.apply(url);
            byte[] first = orEmpty(content.prefix(request, deliveryId, timestampText, url, id));
            prefixes = other.equals(url)
                    ? new byte[][] {first}
                    : new byte[][] {first, orEmpty(content.prefix(request, deliveryId, timestampText, other, id))};
        }
        return new SignedParts(
                prefixes,
                content.suffix(request, deliveryId, timestampText, id),
                true,
                source.algorithm(),
                signatures,
                null,
                null,
                null,
                ignored,
                timestamp,
                deliveryId,
                signedId);
    }

    private List<String> optionalList(WebhookRequest request, String header) throws WebhookVerificationException {
        String v = Headers.optional(request, id, header);
        return v == null ? List.of() : List.of(v);
    }

    /** Decodes what follows the source's prefix in place: no substring per request. */
    private byte[] decode(String value, SignatureSource source) {
        byte[] signature = Codec.decode(value, source.prefix().length(), value.length(), encoding);
        return signature == null || signature.length != source.algorithm().macLength() ? null : signature;
    }

    @Override
    public Map<String, String> sign(
            byte[] value, boolean raw, WebhookRequest unsigned, String deliveryId, Instant timestamp) {
        SignatureSource source = sources.get(0);
        String timestampText = timestampHeader == null ? null : TimestampText.format(timestamp, timestampFormat);
        String idText = idHeader == null && unsignedIdHeader == null ? null : deliveryId;
        byte[] key = secretFormat.keyBytes(value, raw, true);
        byte[] mac;
        try {
            byte[] prefix = orEmpty(content.prefix(unsigned, idText, timestampText, id));
            byte[] suffix = orEmpty(content.suffix(unsigned, idText, timestampText, id));
            mac = keyKind == KeyKind.HMAC
                    ? Macs.mac(source.algorithm(), key, prefix, unsigned.body(), suffix)
                    : secretPrefixedSha256(key, prefix, unsigned.body(), suffix);
        } catch (WebhookVerificationException e) {
            throw new IllegalArgumentException(e.getMessage());
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (idHeader != null) {
            headers.put(idHeader, Objects.requireNonNull(deliveryId, "deliveryId"));
        } else if (unsignedIdHeader != null && deliveryId != null) {
            headers.put(unsignedIdHeader, deliveryId);
        }
        if (timestampHeader != null) {
            headers.put(timestampHeader, timestampText);
        }
        expectedHeaders.forEach(headers::put);
        headers.put(source.header(), source.prefix() + Macs.encode(mac, encoding));
        return headers;
    }

    private static byte[] secretPrefixedSha256(byte[] key, byte[] prefix, byte[] body, byte[] suffix) {
        MessageDigest digest = Macs.sha256();
        digest.update(key);
        digest.update(prefix);
        digest.update(body);
        digest.update(suffix);
        return digest.digest();
    }

    private static final byte[] EMPTY = new byte[0];

    private static byte[] orEmpty(byte[] b) {
        return b == null ? EMPTY : b;
    }
}
