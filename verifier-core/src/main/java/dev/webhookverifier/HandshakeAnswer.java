package dev.webhookverifier;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The HTTP answer to a {@link Handshake} probe, written by the adapter instead of running the application's
 * handler: a status, headers and a body.
 *
 * <p>Every answer carries {@code Cache-Control: no-store} and {@code X-Content-Type-Options: nosniff}, so an echoed
 * challenge can never be cached or rendered as anything but its declared type.
 *
 * <p><b>Security:</b> an answer may carry a secret (Asana's {@code X-Hook-Secret} echo, Zoom's MAC):
 * {@link #toString()} names only the status, the media type, the header names and the body length.
 *
 * <p><b>Thread safety:</b> immutable; {@link #body()} returns a copy.
 */
public final class HandshakeAnswer {
    /** The media type of {@link #text(String)} answers. */
    public static final String TEXT_PLAIN = "text/plain; charset=utf-8";

    /** The media type of {@link #json(byte[])} answers. */
    public static final String APPLICATION_JSON = "application/json";

    private final int status;
    private final String contentType;
    private final byte[] body;
    private final Map<String, String> headers;
    private final String handshakeId;

    private HandshakeAnswer(int status, String contentType, byte[] body, Map<String, String> headers) {
        this(status, contentType, body, headers, null);
    }

    private HandshakeAnswer(
            int status, String contentType, byte[] body, Map<String, String> headers, String handshakeId) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        this.headers = headers;
        this.handshakeId = handshakeId;
    }

    /** Set by {@link WebhookVerifier#answerHandshake} so adapters can log which handshake answered. */
    HandshakeAnswer answeredBy(String id) {
        return new HandshakeAnswer(status, contentType, body, headers, id);
    }

    /**
     * The id of the handshake that produced this answer, for logs.
     *
     * @return the id when the answer came from {@link WebhookVerifier#answerHandshake}, else empty
     */
    public Optional<String> handshakeId() {
        return Optional.ofNullable(handshakeId);
    }

    /**
     * A 200 answer with a plain-text body (an echoed challenge).
     *
     * @param body the text, sent as UTF-8
     * @return the answer
     */
    public static HandshakeAnswer text(String body) {
        return new HandshakeAnswer(
                200, TEXT_PLAIN, Objects.requireNonNull(body, "body").getBytes(StandardCharsets.UTF_8), baseHeaders());
    }

    /**
     * A 200 answer with a JSON body.
     *
     * @param utf8Json the JSON document, UTF-8 (produced by a JSON library, never by string concatenation)
     * @return the answer
     */
    public static HandshakeAnswer json(byte[] utf8Json) {
        return new HandshakeAnswer(
                200,
                APPLICATION_JSON,
                Objects.requireNonNull(utf8Json, "utf8Json").clone(),
                baseHeaders());
    }

    /**
     * An answer without a body.
     *
     * @param status the HTTP status, 200 to 599
     * @return the answer
     */
    public static HandshakeAnswer empty(int status) {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("status must be 200..599: " + status);
        }
        return new HandshakeAnswer(status, null, new byte[0], baseHeaders());
    }

    private static Map<String, String> baseHeaders() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Cache-Control", RejectionResponse.CACHE_CONTROL);
        h.put("X-Content-Type-Options", "nosniff");
        return h;
    }

    /**
     * This answer with one more header (replacing one of the same name).
     *
     * @param name a header name (an HTTP token)
     * @param value printable ASCII without line breaks
     * @return a new answer
     * @throws IllegalArgumentException if the name or value could split or corrupt the response
     */
    public HandshakeAnswer withHeader(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty() || !name.chars().allMatch(HandshakeAnswer::isTokenChar)) {
            throw new IllegalArgumentException("not a valid header name");
        }
        if (!value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("header " + name + ": the value must be printable ASCII");
        }
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
        h.put(name, value);
        return new HandshakeAnswer(status, contentType, body, h, handshakeId);
    }

    private static boolean isTokenChar(int c) {
        return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }

    /**
     * The HTTP status.
     *
     * @return the status
     */
    public int status() {
        return status;
    }

    /**
     * The {@code Content-Type}, or {@code null} for an answer without a body.
     *
     * @return the media type or {@code null}
     */
    public String contentType() {
        return contentType;
    }

    /**
     * The headers to send besides {@code Content-Type}, in order.
     *
     * @return an unmodifiable map
     */
    public Map<String, String> headers() {
        return Collections.unmodifiableMap(headers);
    }

    /**
     * The body.
     *
     * @return a new array holding the body (empty when there is none)
     */
    public byte[] body() {
        return body.clone();
    }

    @Override
    public String toString() {
        return "HandshakeAnswer[" + (handshakeId == null ? "" : handshakeId + ": ") + status
                + (contentType == null ? "" : " " + contentType) + ", headers=" + headers.keySet() + ", " + body.length
                + " bytes]";
    }
}
