package dev.webhookverifier.internal.provider;

import dev.webhookverifier.FailureReason;
import dev.webhookverifier.MacAlgorithm;
import dev.webhookverifier.SignatureEncoding;
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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Twilio: {@code X-Twilio-Signature} = base64 HMAC-SHA1, keyed with the Auth Token, over the full URL Twilio called
 * followed by the name and value of every form parameter of the body, sorted by name (a repeated name contributes
 * each distinct value once, sorted, as Twilio's SDKs do). For a body that is not form-encoded (JSON), Twilio
 * appends {@code bodySHA256=<hex SHA-256 of the body>} to the URL and signs the URL alone; the receiver also checks
 * that hash.
 *
 * <p>Twilio's back end is not consistent about explicit ports, so, like its SDKs, the verifier tries the URL as
 * given, without its port, and with the default port added, each also with {@code '} in the query written
 * {@code %27} (as current twilio-node normalises the URL). No timestamp is signed.
 *
 * <p>What is authenticated is the set of form parameters, not the body's exact bytes: parameters in another order
 * or spelled with other percent-escapes verify alike, as they do with Twilio's SDKs.
 */
public final class TwilioScheme implements Scheme {
    static final String HEADER = "X-Twilio-Signature";
    static final String BODY_HASH = "bodySHA256";
    private static final String ID_HEADER = "I-Twilio-Idempotency-Token";

    private static final SecretFormat SECRET = SecretFormat.text()
            .mistake(
                    "AC",
                    "that looks like a Twilio Account SID (AC...); the signing key is the account's Auth Token"
                            + " (32 hex digits, Console > Account Info)")
            .mistake(
                    "SK",
                    "that looks like a Twilio API Key SID (SK...); Twilio signs webhooks with the account's Auth Token,"
                            + " not with API keys");

    @Override
    public String id() {
        return "twilio";
    }

    @Override
    public String documentationUrl() {
        return "https://www.twilio.com/docs/usage/webhooks/webhooks-security";
    }

    @Override
    public Duration defaultTolerance() {
        return null;
    }

    @Override
    public boolean signsDeliveryId() {
        return false;
    }

    @Override
    public VerificationKey decodeKey(byte[] value, boolean raw, boolean allowWeak) {
        return SECRET.decode(value, raw, allowWeak, MacAlgorithm.HMAC_SHA1);
    }

    @Override
    public SignedParts parse(WebhookRequest request) throws WebhookVerificationException {
        String header = Headers.required(request, id(), HEADER);
        byte[] signature = Codec.decode(header, SignatureEncoding.BASE64);
        if (signature == null || signature.length != MacAlgorithm.HMAC_SHA1.macLength()) {
            throw Headers.malformed(id(), HEADER + " does not hold a canonical base64 HMAC-SHA1 value");
        }
        String url = SignedContent.url(request, id());
        List<String> bodyHashes = queryValues(url, BODY_HASH);
        byte[] suffix;
        if (bodyHashes.isEmpty()) {
            List<String[]> params = formParams(request);
            if (params == null) {
                throw new WebhookVerificationException(
                        FailureReason.SIGNATURE_MISMATCH,
                        id(),
                        "the body is not application/x-www-form-urlencoded and the URL carries no " + BODY_HASH);
            }
            suffix = paramString(params).getBytes(StandardCharsets.UTF_8);
        } else {
            byte[] expected = bodyHashes.size() == 1 ? Codec.decodeHex(bodyHashes.get(0), true) : null;
            if (expected == null || !MessageDigest.isEqual(expected, sha256(request))) {
                throw new WebhookVerificationException(
                        FailureReason.SIGNATURE_MISMATCH,
                        id(),
                        "the body does not match the " + BODY_HASH + " the URL carries");
            }
            suffix = null;
        }
        List<String> variants = urlVariants(url);
        byte[][] prefixes = new byte[variants.size()][];
        for (int i = 0; i < prefixes.length; i++) {
            prefixes[i] = variants.get(i).getBytes(StandardCharsets.UTF_8);
        }
        return new SignedParts(
                prefixes,
                suffix,
                false,
                MacAlgorithm.HMAC_SHA1,
                new byte[][] {signature},
                null,
                null,
                null,
                0,
                null,
                Headers.optional(request, id(), ID_HEADER),
                false);
    }

    @Override
    public URI signedUrl(WebhookRequest unsigned) {
        URI url = unsigned.url().orElse(null);
        if (url == null) {
            return null;
        }
        String text = url.toASCIIString();
        if (!queryValues(text, BODY_HASH).isEmpty()) {
            return url;
        }
        boolean json = unsigned.firstHeader("Content-Type")
                .map(t -> t.toLowerCase(Locale.ROOT).contains("json"))
                .orElse(false);
        if (!json && formParams(unsigned) != null) {
            return url;
        }
        String hash = BODY_HASH + "=" + HexFormat.of().formatHex(sha256(unsigned));
        int hashMark = text.indexOf('#');
        String base = hashMark < 0 ? text : text.substring(0, hashMark);
        String fragment = hashMark < 0 ? "" : text.substring(hashMark);
        return URI.create(base + (url.getRawQuery() == null ? "?" : "&") + hash + fragment);
    }

    @Override
    public Map<String, String> sign(
            byte[] value, boolean raw, WebhookRequest unsigned, String deliveryId, Instant timestamp) {
        URI target = signedUrl(unsigned);
        if (target == null) {
            throw new IllegalArgumentException(
                    "Twilio signs the URL it calls: give the request the public URL configured at Twilio");
        }
        String url = target.toASCIIString();
        String data;
        List<String> bodyHashes = queryValues(url, BODY_HASH);
        if (bodyHashes.isEmpty()) {
            data = url + paramString(formParams(unsigned));
        } else {
            byte[] expected = bodyHashes.size() == 1 ? Codec.decodeHex(bodyHashes.get(0), true) : null;
            if (expected == null || !MessageDigest.isEqual(expected, sha256(unsigned))) {
                throw new IllegalArgumentException("the URL's " + BODY_HASH + " does not match the body");
            }
            data = url;
        }
        byte[] key = SECRET.keyBytes(value, raw, true);
        try {
            byte[] mac = Macs.mac(
                    MacAlgorithm.HMAC_SHA1, key, data.getBytes(StandardCharsets.UTF_8), new byte[0], new byte[0]);
            Map<String, String> headers = new LinkedHashMap<>();
            if (deliveryId != null) {
                headers.put(ID_HEADER, deliveryId);
            }
            headers.put(HEADER, Codec.base64(mac));
            return headers;
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * The URL as given, without its explicit port, with the scheme's default port added (when it has none), and each
     * of those with {@code '} in the query written {@code %27}; without duplicates, the URL as given first.
     */
    static List<String> urlVariants(String url) {
        Set<String> out = new LinkedHashSet<>();
        for (String base : List.of(url, quoteApostrophes(url))) {
            out.add(base);
            URI uri;
            try {
                uri = new URI(base);
            } catch (URISyntaxException e) {
                continue;
            }
            if (uri.isOpaque() || uri.getHost() == null || uri.getScheme() == null) {
                continue;
            }
            if (uri.getPort() != -1) {
                out.add(withPort(uri, -1));
            } else {
                int port = switch (uri.getScheme().toLowerCase(Locale.ROOT)) {
                    case "https" -> 443;
                    case "http" -> 80;
                    default -> -1;
                };
                if (port != -1) {
                    out.add(withPort(uri, port));
                }
            }
        }
        return List.copyOf(out);
    }

    private static String withPort(URI uri, int port) {
        StringBuilder sb = new StringBuilder();
        sb.append(uri.getScheme()).append("://");
        if (uri.getRawUserInfo() != null) {
            sb.append(uri.getRawUserInfo()).append('@');
        }
        sb.append(uri.getHost());
        if (port != -1) {
            sb.append(':').append(port);
        }
        sb.append(uri.getRawPath() == null ? "" : uri.getRawPath());
        if (uri.getRawQuery() != null) {
            sb.append('?').append(uri.getRawQuery());
        }
        if (uri.getRawFragment() != null) {
            sb.append('#').append(uri.getRawFragment());
        }
        return sb.toString();
    }

    /** The WHATWG URL parser percent-encodes {@code '} in the query of http(s) URLs; twilio-node signs that form. */
    private static String quoteApostrophes(String url) {
        int q = url.indexOf('?');
        if (q < 0) {
            return url;
        }
        int hashMark = url.indexOf('#', q);
        int end = hashMark < 0 ? url.length() : hashMark;
        return url.substring(0, q) + url.substring(q, end).replace("'", "%27") + url.substring(end);
    }

    /** The raw (still percent-encoded) values of a query parameter of the URL. */
    static List<String> queryValues(String url, String name) {
        int q = url.indexOf('?');
        if (q < 0) {
            return List.of();
        }
        int hashMark = url.indexOf('#', q);
        String query = url.substring(q + 1, hashMark < 0 ? url.length() : hashMark);
        List<String> values = new ArrayList<>(1);
        for (String piece : query.split("&", -1)) {
            int eq = piece.indexOf('=');
            String n = eq < 0 ? piece : piece.substring(0, eq);
            if (n.equals(name)) {
                values.add(eq < 0 ? "" : piece.substring(eq + 1));
            }
        }
        return values;
    }

    /**
     * The body's {@code application/x-www-form-urlencoded} parameters in body order, or {@code null} if the body
     * is not such an encoding (bytes outside printable ASCII, a broken percent-escape, or escapes that are not
     * UTF-8).
     */
    static List<String[]> formParams(WebhookRequest request) {
        byte[] body;
        try (InputStream in = request.bodyStream()) {
            body = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String[]> params = new ArrayList<>();
        int start = 0;
        while (start <= body.length) {
            int end = start;
            while (end < body.length && body[end] != '&') {
                end++;
            }
            if (end > start) {
                int eq = start;
                while (eq < end && body[eq] != '=') {
                    eq++;
                }
                String name = decodeComponent(body, start, eq);
                String value = eq < end ? decodeComponent(body, eq + 1, end) : "";
                if (name == null || value == null) {
                    return null;
                }
                params.add(new String[] {name, value});
            }
            start = end + 1;
        }
        return params;
    }

    private static String decodeComponent(byte[] b, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            int c = b[i] & 0xff;
            if (c == '+') {
                out.write(' ');
            } else if (c == '%') {
                if (i + 2 >= to) {
                    return null;
                }
                int hi = Character.digit(b[i + 1], 16);
                int lo = Character.digit(b[i + 2], 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write((hi << 4) | lo);
                i += 2;
            } else if (c < 0x20 || c > 0x7e) {
                return null;
            } else {
                out.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Name and value of every parameter, sorted by name; each name's distinct values sorted. */
    static String paramString(List<String[]> params) {
        TreeMap<String, TreeSet<String>> sorted = new TreeMap<>();
        for (String[] p : params) {
            sorted.computeIfAbsent(p[0], k -> new TreeSet<>()).add(p[1]);
        }
        StringBuilder sb = new StringBuilder();
        sorted.forEach((name, values) -> values.forEach(v -> sb.append(name).append(v)));
        return sb.toString();
    }

    private static byte[] sha256(WebhookRequest request) {
        try (InputStream in = request.bodyStream()) {
            MessageDigest digest = Macs.sha256();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                digest.update(buf, 0, n);
            }
            return digest.digest();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
