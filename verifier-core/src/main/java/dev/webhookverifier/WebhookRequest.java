package dev.webhookverifier;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A webhook request as the receiver got it: method, full URL, headers and the raw body bytes.
 *
 * <p>Verification needs the body <em>exactly</em> as sent. Build the request from the bytes your framework
 * read off the wire, never from a parsed and re-serialized object: a single changed space, key order or
 * escaped character breaks the signature.
 *
 * <p>Header names are case-insensitive; a header may have several values.
 *
 * <p><b>Thread safety:</b> immutable once built, provided the caller does not modify the body array it
 * handed over (see {@link Builder#body(byte[])}).
 *
 * <p><b>Security:</b> {@link #toString()} shows the method, URL path and header names only.
 */
public final class WebhookRequest {
    private static final byte[] EMPTY = new byte[0];
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final String method;
    private final URI url;
    private final Map<String, List<String>> headers;
    private final byte[] body;

    private WebhookRequest(String method, URI url, Map<String, List<String>> headers, byte[] body) {
        this.method = method;
        this.url = url;
        this.headers = headers;
        this.body = body;
    }

    /**
     * A request from its parts.
     *
     * @param method the HTTP method, e.g. {@code POST}
     * @param url the full URL the provider called (only URL-signing providers use it); may be {@code null}
     * @param headers the headers, names in any case, each with one or more values
     * @param body the raw body; <b>not copied</b> (the request takes ownership: do not modify it afterwards)
     * @return the request
     */
    public static WebhookRequest of(String method, URI url, Map<String, ? extends List<String>> headers, byte[] body) {
        Builder b = builder().method(method).url(url).body(body);
        headers.forEach((name, values) -> values.forEach(v -> b.header(name, v)));
        return b.build();
    }

    /**
     * A builder.
     *
     * @return a new builder for a {@code POST} request with no headers and an empty body
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The HTTP method, upper case.
     *
     * @return e.g. {@code POST}
     */
    public String method() {
        return method;
    }

    /**
     * The full URL, if the caller supplied one.
     *
     * @return the URL
     */
    public Optional<URI> url() {
        return Optional.ofNullable(url);
    }

    /**
     * All headers, with case-insensitive names.
     *
     * @return an unmodifiable map whose lookups ignore case
     */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /**
     * All values of one header.
     *
     * @param name the header name, any case
     * @return the values in the order received; empty if absent
     */
    public List<String> headerValues(String name) {
        List<String> values = headers.get(name);
        return values == null ? List.of() : values;
    }

    /**
     * The first value of one header.
     *
     * @param name the header name, any case
     * @return the value, if present
     */
    public Optional<String> firstHeader(String name) {
        List<String> values = headers.get(name);
        return values == null ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * The body length in bytes.
     *
     * @return the number of body bytes
     */
    public int bodyLength() {
        return body.length;
    }

    /**
     * A copy of the raw body.
     *
     * @return a new array holding the body bytes
     */
    public byte[] body() {
        return body.clone();
    }

    /**
     * The raw body as a stream, without copying it.
     *
     * @return a new stream over the body bytes
     */
    public InputStream bodyStream() {
        return new ByteArrayInputStream(body);
    }

    /** The body array itself, for the verifier's hot path; never handed out. */
    byte[] bodyBytes() {
        return body;
    }

    @Override
    public String toString() {
        String path = url == null ? "" : " " + url.getRawPath();
        return "WebhookRequest[" + method + path + ", headers=" + headers.keySet() + ", body=" + body.length
                + " bytes]";
    }

    /**
     * Builds a {@link WebhookRequest}.
     *
     * <p><b>Thread safety:</b> not thread-safe; use one builder per request.
     */
    public static final class Builder {
        private String method = "POST";
        private URI url;
        private final TreeMap<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private byte[] body = EMPTY;

        private Builder() {}

        /**
         * Sets the HTTP method.
         *
         * @param method e.g. {@code POST}
         * @return this builder
         */
        public Builder method(String method) {
            this.method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
            return this;
        }

        /**
         * Sets the full URL the provider called, as configured at the provider (scheme, host, path, query).
         *
         * @param url the URL, or {@code null}
         * @return this builder
         */
        public Builder url(URI url) {
            this.url = url;
            return this;
        }

        /**
         * Sets the full URL.
         *
         * @param url the URL text
         * @return this builder
         * @throws IllegalArgumentException if the text is not a URI
         */
        public Builder url(String url) {
            return url(URI.create(url));
        }

        /**
         * Adds one header value (a repeated name keeps every value in order).
         *
         * @param name the header name, any case
         * @param value the value as received
         * @return this builder
         */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            headers.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
            return this;
        }

        /**
         * Sets the raw body.
         *
         * @param body the bytes as received; <b>not copied</b>: the request takes ownership, so do not modify
         *     the array afterwards
         * @return this builder
         */
        public Builder body(byte[] body) {
            this.body = body == null ? EMPTY : body;
            return this;
        }

        /**
         * Sets the body from text, for tests and for frameworks that only hand out text. Prefer bytes.
         *
         * @param body the text
         * @param charset the charset the provider used to encode it (usually UTF-8)
         * @return this builder
         */
        public Builder body(String body, Charset charset) {
            return body(body.getBytes(charset));
        }

        /**
         * Reads the body from a stream, refusing more than {@code maxBytes}.
         *
         * <p>At most {@code maxBytes + 1} bytes are read, so an oversized body never fills memory.
         *
         * @param in the stream; read until its end but not closed
         * @param maxBytes the largest body accepted
         * @return this builder
         * @throws IOException if reading fails
         * @throws WebhookVerificationException with {@link FailureReason#BODY_TOO_LARGE} if the stream holds
         *     more than {@code maxBytes}
         */
        public Builder body(InputStream in, int maxBytes) throws IOException, WebhookVerificationException {
            if (maxBytes < 0) {
                throw new IllegalArgumentException("maxBytes must not be negative");
            }
            // Longs so that a limit near Integer.MAX_VALUE cannot overflow; arrays stop just below that size.
            long cap = Math.min((long) maxBytes + 1, MAX_ARRAY);
            byte[] buf = new byte[(int) Math.min(cap, 8192)];
            int n = 0;
            while (true) {
                if (n == buf.length) {
                    if (n > maxBytes || n == MAX_ARRAY) {
                        break;
                    }
                    buf = Arrays.copyOf(buf, (int) Math.min(cap, Math.max(2L * n, 8192)));
                }
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            if (n > maxBytes || n == MAX_ARRAY) {
                throw new WebhookVerificationException(
                        FailureReason.BODY_TOO_LARGE, "request", "body exceeds the limit of " + maxBytes + " bytes");
            }
            return body(n == buf.length ? buf : Arrays.copyOf(buf, n));
        }

        /**
         * Builds the request.
         *
         * @return the request
         */
        public WebhookRequest build() {
            TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            return new WebhookRequest(method, url, Collections.unmodifiableMap(copy), body);
        }
    }
}
