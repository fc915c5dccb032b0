package dev.webhookverifier.internal.provider;

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
import dev.webhookverifier.internal.SecretText;
import dev.webhookverifier.internal.SignedContent;
import dev.webhookverifier.internal.SignedParts;
import dev.webhookverifier.internal.VerificationKey;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Contentful's request verification (webhooks, app actions, app events): {@code x-contentful-signature} = hex
 * HMAC-SHA256 over the canonical request {@code METHOD \n PATH \n HEADERS \n BODY}, where HEADERS are the headers
 * named in {@code x-contentful-signed-headers} (always including that header and {@code x-contentful-timestamp},
 * milliseconds) as {@code name:value}, sorted by lower-case name and joined by {@code ;}, and PATH is the request
 * path with its query escaped as Contentful's toolkit does ({@code querystring.escape}, then {@code encodeURI}).
 *
 * <p>Follows {@code @contentful/node-apps-toolkit}'s {@code verifyRequest}: a listed header that is absent is left
 * out, and the list itself is signed as recomputed from the headers present, so dropping a signed header breaks
 * the signature.
 */
public final class ContentfulScheme implements Scheme {
    static final String SIGNATURE = "x-contentful-signature";
    static final String SIGNED_HEADERS = "x-contentful-signed-headers";
    static final String TIMESTAMP = "x-contentful-timestamp";
    private static final int MAX_SIGNED_HEADERS = 32;

    private static final SecretFormat SECRET = SecretFormat.text();

    @Override
    public String id() {
        return "contentful";
    }

    @Override
    public String documentationUrl() {
        return "https://www.contentful.com/developers/docs/webhooks/request-verification/";
    }

    @Override
    public Duration defaultTolerance() {
        return Duration.ofSeconds(30);
    }

    @Override
    public boolean signsDeliveryId() {
        return false;
    }

    @Override
    public VerificationKey decodeKey(byte[] value, boolean raw, boolean allowWeak) {
        if (!raw) {
            String text = SecretText.text(value, "the secret");
            if (text.length() != 64) {
                throw new IllegalArgumentException("a Contentful request verification secret is 64 characters, this one"
                        + " is " + text.length() + " (copy the whole secret from the app's or webhook's"
                        + " request verification settings)");
            }
        }
        return SECRET.decode(value, raw, allowWeak, MacAlgorithm.HMAC_SHA256);
    }

    @Override
    public SignedParts parse(WebhookRequest request) throws WebhookVerificationException {
        String sigText = Headers.required(request, id(), SIGNATURE);
        byte[] signature = Codec.decode(sigText, SignatureEncoding.HEX);
        if (signature == null || signature.length != 32) {
            throw Headers.malformed(id(), SIGNATURE + " does not hold 64 lower-case hex digits");
        }
        String list = Headers.required(request, id(), SIGNED_HEADERS);
        String t = Headers.required(request, id(), TIMESTAMP);
        Instant timestamp = Headers.timestamp(t, TimestampFormat.UNIX_MILLIS, id(), TIMESTAMP);
        String[] names = list.split(",", -1);
        if (names.length > MAX_SIGNED_HEADERS) {
            throw Headers.malformed(id(), SIGNED_HEADERS + " names more than " + MAX_SIGNED_HEADERS + " headers");
        }
        TreeMap<String, String> signed = new TreeMap<>();
        for (String raw : names) {
            String name = raw.strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            String value = Headers.optional(request, id(), name);
            if (value != null) {
                signed.put(name, value);
            }
        }
        byte[] prefix = canonicalPrefix(request.method(), path(SignedContent.url(request, id())), signed, t);
        return new SignedParts(
                prefix, null, MacAlgorithm.HMAC_SHA256, new byte[][] {signature}, null, 0, timestamp, null, false);
    }

    /** {@code METHOD \n PATH \n name:value;... \n}, with the two Contentful headers set as the signer sets them. */
    private static byte[] canonicalPrefix(String method, String path, TreeMap<String, String> picked, String t) {
        TreeSet<String> names = new TreeSet<>(picked.keySet());
        names.add(SIGNED_HEADERS);
        names.add(TIMESTAMP);
        String list = String.join(",", names);
        StringBuilder sb = new StringBuilder();
        sb.append(method).append('\n').append(path).append('\n');
        boolean first = true;
        for (String name : names) {
            if (!first) {
                sb.append(';');
            }
            first = false;
            String value = name.equals(TIMESTAMP) ? t : name.equals(SIGNED_HEADERS) ? list : picked.get(name);
            sb.append(name).append(':').append(value);
        }
        sb.append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The path and query as the toolkit signs them: the query through {@code querystring.escape}, all through {@code encodeURI}. */
    static String path(String url) {
        URI uri = URI.create(url);
        String pathname = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery();
        String escaped = query == null || query.isEmpty() ? "" : escape(query, "-_.!~*'()");
        return escape(escaped.isEmpty() ? pathname : pathname + "?" + escaped, "-_.!~*'();,/?:@&=+$#");
    }

    /** Percent-encodes the UTF-8 bytes of {@code s} except ASCII letters, digits and {@code keep}. */
    private static String escape(String s, String keep) {
        StringBuilder sb = new StringBuilder(s.length());
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || (c < 0x80 && keep.indexOf(c) >= 0)) {
                sb.append((char) c);
            } else {
                sb.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    @Override
    public Map<String, String> sign(
            byte[] value, boolean raw, WebhookRequest unsigned, String deliveryId, Instant timestamp) {
        String url;
        try {
            url = SignedContent.url(unsigned, id());
        } catch (WebhookVerificationException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        String t = Long.toString(timestamp.toEpochMilli());
        TreeMap<String, String> picked = new TreeMap<>();
        unsigned.firstHeader("Content-Type").ifPresent(v -> picked.put("content-type", v.strip()));
        byte[] prefix = canonicalPrefix(unsigned.method(), path(url), picked, t);
        byte[] key = SECRET.keyBytes(value, raw, true);
        try {
            byte[] mac = Macs.mac(MacAlgorithm.HMAC_SHA256, key, prefix, unsigned.body(), new byte[0]);
            TreeSet<String> names = new TreeSet<>(picked.keySet());
            names.add(SIGNED_HEADERS);
            names.add(TIMESTAMP);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put(SIGNED_HEADERS, String.join(",", names));
            headers.put(TIMESTAMP, t);
            headers.put(SIGNATURE, Macs.encode(mac, SignatureEncoding.HEX));
            return headers;
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }
}
