package dev.webhookverifier.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.webhookverifier.Provider;
import dev.webhookverifier.Providers;
import dev.webhookverifier.WebhookRequest;
import java.net.URI;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * One input line of {@code verify-batch}, checked and converted (DESIGN §5):
 *
 * <pre>{@code
 * {"id": "...", "provider": "stripe", "secret": "..." | "secrets": ["...", "..."] | "public_key": "...",
 *  "tolerance_seconds": 300,
 *  "request": {"method": "POST", "url": "https://...", "headers": {"Name": "v" | ["v1", "v2"]},
 *              "body_base64": "...", "received_at_epoch_seconds": 1767229219}}
 * }</pre>
 *
 * @param provider the provider preset named by {@code provider}
 * <p>{@code secrets} is a key-rotation ring: the line is valid if any one of them matches (tried in order).
 *
 * @param keys the secret or public key text, exactly as given: one, or the ring from {@code secrets}
 * @param publicKey whether {@code keys} came from {@code public_key}
 * @param tolerance {@code tolerance_seconds}, or {@code null} for the provider's default
 * @param request the request with its raw body
 * @param receivedAt the receiver's clock for this line
 */
record BatchLine(
        Provider provider,
        List<String> keys,
        boolean publicKey,
        Duration tolerance,
        WebhookRequest request,
        Instant receivedAt) {

    /** A line that cannot be checked; the message names the field, never a secret value. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Checks and converts one parsed line.
     *
     * @param line the parsed JSON object
     * @return the line
     * @throws Invalid naming the missing or malformed field
     */
    static BatchLine parse(JsonNode line) throws Invalid {
        if (!line.isObject()) {
            throw new Invalid("a line must be a JSON object");
        }
        Provider provider;
        try {
            provider = Providers.byId(requiredText(line, "provider"));
        } catch (IllegalArgumentException e) {
            throw new Invalid(e.getMessage());
        }
        String secret = optionalText(line, "secret");
        String publicKey = optionalText(line, "public_key");
        List<String> ring = optionalTextArray(line, "secrets");
        int given = (secret == null ? 0 : 1) + (publicKey == null ? 0 : 1) + (ring == null ? 0 : 1);
        if (given != 1) {
            throw new Invalid("give exactly one of \"secret\", \"secrets\" and \"public_key\"");
        }
        Duration tolerance = null;
        if (line.hasNonNull("tolerance_seconds")) {
            tolerance = Duration.ofSeconds(integer(line.get("tolerance_seconds"), "tolerance_seconds"));
        }
        JsonNode request = line.get("request");
        if (request == null || !request.isObject()) {
            throw new Invalid("missing \"request\" object");
        }
        Instant receivedAt = epochSeconds(required(request, "received_at_epoch_seconds"));
        return new BatchLine(
                provider,
                secret != null ? List.of(secret) : publicKey != null ? List.of(publicKey) : ring,
                publicKey != null,
                tolerance,
                request(request),
                receivedAt);
    }

    /**
     * The line's id, echoed in the output: a string or number as given, else {@code null}.
     *
     * @param line the parsed line
     * @return the id node, or {@code null}
     */
    static JsonNode id(JsonNode line) {
        JsonNode id = line.isObject() ? line.get("id") : null;
        return id != null && id.isValueNode() ? id : null;
    }

    private static WebhookRequest request(JsonNode request) throws Invalid {
        WebhookRequest.Builder b = WebhookRequest.builder();
        String method = optionalText(request, "method");
        if (method != null) {
            b.method(method);
        }
        String url = optionalText(request, "url");
        if (url != null) {
            try {
                b.url(URI.create(url));
            } catch (IllegalArgumentException e) {
                throw new Invalid("request.url is not a URI");
            }
        }
        JsonNode headers = required(request, "headers");
        if (!headers.isObject()) {
            throw new Invalid("request.headers must be an object");
        }
        for (Map.Entry<String, JsonNode> header : headers.properties()) {
            addHeader(b, header.getKey(), header.getValue());
        }
        try {
            b.body(Base64.getDecoder().decode(requiredText(request, "body_base64")));
        } catch (IllegalArgumentException e) {
            throw new Invalid("request.body_base64 is not valid base64");
        }
        return b.build();
    }

    private static void addHeader(WebhookRequest.Builder b, String name, JsonNode value) throws Invalid {
        if (value.isTextual()) {
            b.header(name, value.asText());
            return;
        }
        if (!value.isArray()) {
            throw new Invalid("header \"" + name + "\" must be a string or an array of strings");
        }
        for (JsonNode v : value) {
            if (!v.isTextual()) {
                throw new Invalid("header \"" + name + "\" must be a string or an array of strings");
            }
            b.header(name, v.asText());
        }
    }

    private static JsonNode required(JsonNode object, String field) throws Invalid {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            throw new Invalid("missing \"" + field + "\"");
        }
        return value;
    }

    private static String requiredText(JsonNode object, String field) throws Invalid {
        String text = optionalText(object, field);
        if (text == null) {
            throw new Invalid("missing \"" + field + "\"");
        }
        return text;
    }

    private static String optionalText(JsonNode object, String field) throws Invalid {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new Invalid("\"" + field + "\" must be a string");
        }
        return value.asText();
    }

    /** A non-empty array of strings, or {@code null} if absent; the message never quotes an element. */
    private static List<String> optionalTextArray(JsonNode object, String field) throws Invalid {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray() || value.isEmpty()) {
            throw new Invalid("\"" + field + "\" must be a non-empty array of strings");
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                throw new Invalid("\"" + field + "\" must be a non-empty array of strings");
            }
            texts.add(element.asText());
        }
        return List.copyOf(texts);
    }

    private static Instant epochSeconds(JsonNode value) throws Invalid {
        try {
            return Instant.ofEpochSecond(integer(value, "request.received_at_epoch_seconds"));
        } catch (DateTimeException e) {
            throw new Invalid("request.received_at_epoch_seconds is out of range");
        }
    }

    private static long integer(JsonNode value, String field) throws Invalid {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new Invalid("\"" + field + "\" must be an integer");
        }
        return value.asLong();
    }
}
