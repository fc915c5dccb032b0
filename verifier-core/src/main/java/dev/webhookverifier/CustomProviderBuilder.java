package dev.webhookverifier;

import dev.webhookverifier.internal.SecretFormat;
import dev.webhookverifier.internal.SignedContent;
import dev.webhookverifier.internal.provider.HeaderScheme;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Describes a provider without a preset: an HMAC signature in one header over a template of the id,
 * timestamp, method, URL and body.
 *
 * <p><b>Example</b> (a provider sending {@code X-Acme-Signature: sha256=<hex>} over
 * {@code <timestamp>.<body>}):
 *
 * <pre>{@code
 * Provider acme = Providers.custom("acme")
 *     .signatureHeader("X-Acme-Signature", "sha256=")
 *     .encoding(SignatureEncoding.HEX)
 *     .algorithm(MacAlgorithm.HMAC_SHA256)
 *     .timestampHeader("X-Acme-Timestamp", TimestampFormat.UNIX_SECONDS, Duration.ofMinutes(5))
 *     .signedContent("{timestamp}.{body}")
 *     .build();
 * }</pre>
 *
 * <p><b>Thread safety:</b> not thread-safe; the {@link Provider} it builds is immutable.
 */
public final class CustomProviderBuilder {
    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");

    private final String id;
    private String documentationUrl = "";
    private String signatureHeader;
    private String signaturePrefix = "";
    private SignatureEncoding encoding = SignatureEncoding.HEX;
    private MacAlgorithm algorithm = MacAlgorithm.HMAC_SHA256;
    private String signedContent;
    private String timestampHeader;
    private TimestampFormat timestampFormat;
    private Duration tolerance;
    private String idHeader;
    private String deliveryIdHeader;
    private SecretEncoding secretEncoding = SecretEncoding.TEXT;
    private String secretPrefix = "";

    CustomProviderBuilder(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    "a provider id is lower case letters and digits, hyphenated: e.g. acme-billing");
        }
        this.id = id;
    }

    /**
     * The header holding the signature, and the text before the encoded value (empty if none).
     *
     * @param name e.g. {@code X-Acme-Signature}
     * @param prefix e.g. {@code sha256=}, or {@code ""}
     * @return this builder
     */
    public CustomProviderBuilder signatureHeader(String name, String prefix) {
        this.signatureHeader = header(name);
        this.signaturePrefix = Objects.requireNonNull(prefix, "prefix");
        return this;
    }

    /**
     * How the signature bytes are written (default {@link SignatureEncoding#HEX}).
     *
     * @param encoding the encoding
     * @return this builder
     */
    public CustomProviderBuilder encoding(SignatureEncoding encoding) {
        this.encoding = Objects.requireNonNull(encoding, "encoding");
        return this;
    }

    /**
     * The MAC algorithm (default {@link MacAlgorithm#HMAC_SHA256}).
     *
     * @param algorithm the algorithm
     * @return this builder
     */
    public CustomProviderBuilder algorithm(MacAlgorithm algorithm) {
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        return this;
    }

    /**
     * What is signed, as a template of <code>{id}</code>, <code>{timestamp}</code>, <code>{method}</code>,
     * <code>{url}</code> and <code>{body}</code> (exactly once). Default: <code>{body}</code>, or
     * <code>{timestamp}.{body}</code> when a timestamp header is set.
     *
     * @param template e.g. <code>{id}.{timestamp}.{body}</code>
     * @return this builder
     */
    public CustomProviderBuilder signedContent(String template) {
        this.signedContent = Objects.requireNonNull(template, "template");
        return this;
    }

    /**
     * The header holding the signed timestamp, its format and the provider's documented tolerance.
     *
     * @param name the header
     * @param format unix seconds, unix milliseconds or an RFC 3339 date-time
     * @param defaultTolerance the tolerance applied in both directions unless a verifier sets its own
     * @return this builder
     */
    public CustomProviderBuilder timestampHeader(String name, TimestampFormat format, Duration defaultTolerance) {
        this.timestampHeader = header(name);
        this.timestampFormat = Objects.requireNonNull(format, "format");
        if (defaultTolerance == null || defaultTolerance.isNegative() || defaultTolerance.isZero()) {
            throw new IllegalArgumentException("the tolerance must be positive");
        }
        this.tolerance = defaultTolerance;
        return this;
    }

    /**
     * The header holding a delivery id that is part of the signed content (<code>{id}</code>).
     *
     * @param name the header
     * @return this builder
     */
    public CustomProviderBuilder idHeader(String name) {
        this.idHeader = header(name);
        return this;
    }

    /**
     * A header with an <em>unsigned</em> delivery id, reported in {@link VerifiedDelivery#deliveryId()} for logs.
     *
     * @param name the header
     * @return this builder
     */
    public CustomProviderBuilder deliveryIdHeader(String name) {
        this.deliveryIdHeader = header(name);
        return this;
    }

    /**
     * How secret text becomes key bytes (default {@link SecretEncoding#TEXT}), and an optional prefix that is
     * stripped before decoding.
     *
     * @param encoding the encoding
     * @param prefix e.g. {@code whsec_}, or {@code ""}
     * @return this builder
     */
    public CustomProviderBuilder secretEncoding(SecretEncoding encoding, String prefix) {
        this.secretEncoding = Objects.requireNonNull(encoding, "encoding");
        this.secretPrefix = Objects.requireNonNull(prefix, "prefix");
        return this;
    }

    /**
     * Where the provider documents its scheme (shown in diagnostics).
     *
     * @param url the URL
     * @return this builder
     */
    public CustomProviderBuilder documentationUrl(String url) {
        this.documentationUrl = Objects.requireNonNull(url, "url");
        return this;
    }

    /**
     * Builds the provider.
     *
     * @return the provider
     * @throws IllegalArgumentException if no signature header is set or the template does not fit the headers
     */
    public Provider build() {
        if (signatureHeader == null) {
            throw new IllegalArgumentException("provider '" + id + "' needs signatureHeader(name, prefix)");
        }
        String template =
                signedContent != null ? signedContent : timestampHeader != null ? "{timestamp}.{body}" : "{body}";
        SecretFormat secrets = SecretFormat.of(secretEncoding);
        if (!secretPrefix.isEmpty()) {
            secrets = secrets.optionalPrefix(secretPrefix);
        }
        return new Provider(new HeaderScheme(
                id,
                documentationUrl,
                List.of(new HeaderScheme.SignatureSource(signatureHeader, signaturePrefix, algorithm)),
                encoding,
                SignedContent.parse(template),
                timestampHeader,
                timestampFormat,
                tolerance,
                idHeader,
                deliveryIdHeader,
                secrets));
    }

    private static String header(String name) {
        if (name == null || !HEADER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a valid header name: " + name);
        }
        return name;
    }
}
