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
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The common shape: one HMAC signature in one header (with an optional prefix such as {@code sha256=}), an
 * optional timestamp header and an optional id header, over a signed-content template. GitHub, Slack,
 * Shopify and custom providers are configurations of this scheme.
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

    private final String id;
    private final String documentationUrl;
    private final List<SignatureSource> sources;
    private final SignatureEncoding encoding;
    private final SignedContent content;
    private final String timestampHeader;
    private final TimestampFormat timestampFormat;
    private final Duration defaultTolerance;
    private final String idHeader;
    private final String unsignedIdHeader;
    private final SecretFormat secretFormat;

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
        this.id = id;
        this.documentationUrl = documentationUrl;
        this.sources = List.copyOf(sources);
        this.encoding = encoding;
        this.content = content;
        this.timestampHeader = timestampHeader;
        this.timestampFormat = timestampFormat;
        this.defaultTolerance = defaultTolerance;
        this.idHeader = idHeader;
        this.unsignedIdHeader = unsignedIdHeader;
        this.secretFormat = secretFormat;
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
        return secretFormat.decode(value, raw, allowWeak, sources.get(0).algorithm());
    }

    @Override
    public SignedParts parse(WebhookRequest request) throws WebhookVerificationException {
        SignatureSource source = null;
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
                    FailureReason.MISSING_HEADER, id, "header " + sources.get(0).header() + " is absent");
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
            throw Headers.malformed(id, "header " + source.header() + " does not start with '" + source.prefix() + "'");
        }
        byte[] signature = Codec.decode(value.substring(source.prefix().length()), encoding);
        if (signature == null || signature.length != source.algorithm().macLength()) {
            throw Headers.malformed(
                    id,
                    "header " + source.header() + " does not hold a canonical " + encoding + " "
                            + source.algorithm().jcaName() + " value");
        }
        String timestampText = timestampHeader == null ? null : Headers.required(request, id, timestampHeader);
        Instant timestamp =
                timestampText == null ? null : Headers.timestamp(timestampText, timestampFormat, id, timestampHeader);
        String deliveryId = idHeader == null ? null : Headers.required(request, id, idHeader);
        boolean signedId = deliveryId != null;
        if (deliveryId == null && unsignedIdHeader != null) {
            deliveryId = Headers.optional(request, id, unsignedIdHeader);
        }
        return new SignedParts(
                content.prefix(request, deliveryId, timestampText, id),
                content.suffix(request, deliveryId, timestampText, id),
                source.algorithm(),
                new byte[][] {signature},
                null,
                0,
                timestamp,
                deliveryId,
                signedId);
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
            mac = Macs.mac(
                    source.algorithm(),
                    key,
                    orEmpty(content.prefix(unsigned, idText, timestampText, id)),
                    unsigned.body(),
                    orEmpty(content.suffix(unsigned, idText, timestampText, id)));
        } catch (WebhookVerificationException e) {
            throw new IllegalArgumentException(e.getMessage());
        } finally {
            java.util.Arrays.fill(key, (byte) 0);
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
        headers.put(source.header(), source.prefix() + Macs.encode(mac, encoding));
        return headers;
    }

    private static byte[] orEmpty(byte[] b) {
        return b == null ? new byte[0] : b;
    }
}
