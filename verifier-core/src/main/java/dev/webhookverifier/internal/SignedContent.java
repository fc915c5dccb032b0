package dev.webhookverifier.internal;

import dev.webhookverifier.FailureReason;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookVerificationException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A signed-content template such as <code>{id}.{timestamp}.{body}</code>, split once at build time into the
 * parts before and after the body so the body itself is streamed into the MAC untouched.
 */
public final class SignedContent {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)}");

    /** A template part: a literal or one of the request values. */
    private enum Kind {
        LITERAL,
        ID,
        TIMESTAMP,
        METHOD,
        URL
    }

    private record Part(Kind kind, byte[] literal) {}

    private final String template;
    private final List<Part> before;
    private final List<Part> after;
    private final boolean usesId;
    private final boolean usesTimestamp;

    private SignedContent(String template, List<Part> before, List<Part> after) {
        this.template = template;
        this.before = before;
        this.after = after;
        this.usesId = uses(Kind.ID);
        this.usesTimestamp = uses(Kind.TIMESTAMP);
    }

    private boolean uses(Kind kind) {
        return before.stream().anyMatch(p -> p.kind == kind) || after.stream().anyMatch(p -> p.kind == kind);
    }

    /**
     * Parses a template; <code>{body}</code> must occur exactly once.
     *
     * @throws IllegalArgumentException on an unknown placeholder or a missing/repeated body
     */
    public static SignedContent parse(String template) {
        List<Part> before = new ArrayList<>();
        List<Part> after = new ArrayList<>();
        List<Part> current = before;
        int bodies = 0;
        Matcher m = PLACEHOLDER.matcher(template);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) {
                current.add(literal(template.substring(last, m.start())));
            }
            switch (m.group(1)) {
                case "body" -> {
                    bodies++;
                    current = after;
                }
                case "id" -> current.add(new Part(Kind.ID, null));
                case "timestamp" -> current.add(new Part(Kind.TIMESTAMP, null));
                case "method" -> current.add(new Part(Kind.METHOD, null));
                case "url" -> current.add(new Part(Kind.URL, null));
                default ->
                    throw new IllegalArgumentException("unknown placeholder {" + m.group(1)
                            + "} in signed content; use {id}, {timestamp}, {method}, {url} and {body}");
            }
            last = m.end();
        }
        if (last < template.length()) {
            current.add(literal(template.substring(last)));
        }
        if (bodies != 1) {
            throw new IllegalArgumentException("signed content must contain {body} exactly once: " + template);
        }
        return new SignedContent(template, List.copyOf(before), List.copyOf(after));
    }

    private static Part literal(String text) {
        return new Part(Kind.LITERAL, text.getBytes(StandardCharsets.UTF_8));
    }

    public boolean usesId() {
        return usesId;
    }

    public boolean usesTimestamp() {
        return usesTimestamp;
    }

    /** Whether the bytes before the body contain the URL. */
    public boolean urlBeforeBody() {
        return before.stream().anyMatch(p -> p.kind == Kind.URL);
    }

    /** The bytes before the body. */
    public byte[] prefix(WebhookRequest request, String id, String timestamp, String providerId)
            throws WebhookVerificationException {
        return render(before, request, id, timestamp, null, providerId);
    }

    /** The bytes before the body, with {@code url} standing for the request's URL. */
    public byte[] prefix(WebhookRequest request, String id, String timestamp, String url, String providerId)
            throws WebhookVerificationException {
        return render(before, request, id, timestamp, url, providerId);
    }

    /** The bytes after the body. */
    public byte[] suffix(WebhookRequest request, String id, String timestamp, String providerId)
            throws WebhookVerificationException {
        return render(after, request, id, timestamp, null, providerId);
    }

    /** The request's URL as signed: its ASCII form. */
    public static String url(WebhookRequest request, String providerId) throws WebhookVerificationException {
        return request.url()
                .orElseThrow(() -> new WebhookVerificationException(
                        FailureReason.MISSING_HEADER,
                        providerId,
                        "this scheme signs the URL, but the request was built without one"))
                .toASCIIString();
    }

    private static byte[] render(
            List<Part> parts, WebhookRequest request, String id, String timestamp, String url, String providerId)
            throws WebhookVerificationException {
        if (parts.isEmpty()) {
            return null;
        }
        if (parts.size() == 1 && parts.get(0).kind == Kind.LITERAL) {
            return parts.get(0).literal;
        }
        // One exact-size array per request, no stream and no per-part byte arrays: the header parts are written as
        // ISO-8859-1 (one byte per char; they were checked to be visible ASCII), only the URL needs an encoder.
        byte[] urlBytes = null;
        int size = 0;
        for (Part p : parts) {
            size += switch (p.kind) {
                case LITERAL -> p.literal.length;
                case ID -> id.length();
                case TIMESTAMP -> timestamp.length();
                case METHOD -> request.method().length();
                case URL ->
                    (urlBytes = (url != null ? url : url(request, providerId)).getBytes(StandardCharsets.UTF_8)).length;
            };
        }
        byte[] out = new byte[size];
        int at = 0;
        for (Part p : parts) {
            at = switch (p.kind) {
                case LITERAL -> copy(p.literal, out, at);
                case ID -> latin1(id, out, at);
                case TIMESTAMP -> latin1(timestamp, out, at);
                case METHOD -> latin1(request.method(), out, at);
                case URL -> copy(urlBytes, out, at);
            };
        }
        return out;
    }

    private static int copy(byte[] from, byte[] to, int at) {
        System.arraycopy(from, 0, to, at, from.length);
        return at + from.length;
    }

    private static int latin1(String text, byte[] to, int at) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            to[at + i] = c <= 0xFF ? (byte) c : (byte) '?'; // what the ISO-8859-1 encoder writes
        }
        return at + text.length();
    }

    @Override
    public String toString() {
        return template;
    }
}
