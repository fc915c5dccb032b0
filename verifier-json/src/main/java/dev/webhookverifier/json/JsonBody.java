package dev.webhookverifier.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import dev.webhookverifier.FailureReason;
import dev.webhookverifier.WebhookVerificationException;
import dev.webhookverifier.internal.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON document read with Jackson's streaming parser into plain maps, lists and {@link Scalar}s, within fixed
 * bounds: nesting depth, string and number length, member count, no duplicate member names, exactly one
 * top-level value. Every failure is a typed {@link WebhookVerificationException}, never an unchecked exception.
 */
final class JsonBody {
    /** Deepest nesting accepted; real payloads (Adyen, SNS, Mailgun) stay below 8. */
    static final int MAX_DEPTH = 32;
    /** Most members or elements in one object or array. */
    static final int MAX_MEMBERS = 10_000;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxNumberLength(64)
                    .maxStringLength(4 * 1024 * 1024)
                    .maxNameLength(1024)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    /** A JSON string, number or boolean, with its text exactly as a JSON string value or number literal. */
    record Scalar(String text, boolean string) {}

    private JsonBody() {}

    /**
     * Reads a document whose top-level value must be an object.
     *
     * @param bytes UTF-8 JSON
     * @param providerId for failures
     * @param what names the document in failure messages, e.g. {@code "the body"}
     */
    static Map<String, Object> object(byte[] bytes, String providerId, String what)
            throws WebhookVerificationException {
        try (JsonParser p = FACTORY.createParser(bytes)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw malformed(providerId, what + " is not a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> root = (Map<String, Object>) value(p, providerId, what);
            if (p.nextToken() != null) {
                throw malformed(providerId, what + " has content after its JSON object");
            }
            return root;
        } catch (StreamConstraintsException e) {
            throw malformed(providerId, what + " exceeds the JSON limits (nesting depth " + MAX_DEPTH + ")");
        } catch (StreamReadException e) {
            JsonLocation at = e.getLocation();
            throw malformed(
                    providerId,
                    what + " is not valid JSON"
                            + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw malformed(providerId, what + " could not be read as JSON");
        }
    }

    private static Object value(JsonParser p, String providerId, String what)
            throws IOException, WebhookVerificationException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    m.put(name, value(p, providerId, what));
                    if (m.size() > MAX_MEMBERS) {
                        throw malformed(providerId, what + " has an object with more than " + MAX_MEMBERS + " members");
                    }
                }
                return Collections.unmodifiableMap(m);
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(value(p, providerId, what));
                    if (l.size() > MAX_MEMBERS) {
                        throw malformed(providerId, what + " has an array with more than " + MAX_MEMBERS + " elements");
                    }
                }
                return Collections.unmodifiableList(l);
            }
            case VALUE_STRING -> {
                return new Scalar(p.getText(), true);
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> {
                return new Scalar(p.getText(), false);
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw malformed(providerId, what + " is not valid JSON");
        }
    }

    /** A member that must be an object; {@code MISSING_HEADER} if absent, {@code MALFORMED_HEADER} if not one. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> requiredObject(Map<String, Object> m, String name, String providerId, String path)
            throws WebhookVerificationException {
        Object v = m.get(name);
        if (v == null) {
            throw missing(providerId, path + " is absent");
        }
        if (!(v instanceof Map)) {
            throw malformed(providerId, path + " is not a JSON object");
        }
        return (Map<String, Object>) v;
    }

    /** A member that is an object, or {@code null} if absent or {@code null}; {@code MALFORMED_HEADER} otherwise. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> optionalObject(Map<String, Object> m, String name, String providerId, String path)
            throws WebhookVerificationException {
        Object v = m.get(name);
        if (v != null && !(v instanceof Map)) {
            throw malformed(providerId, path + " is not a JSON object");
        }
        return (Map<String, Object>) v;
    }

    /** A member that must be a JSON string. */
    static String requiredString(Map<String, Object> m, String name, String providerId, String path)
            throws WebhookVerificationException {
        Object v = m.get(name);
        if (v == null) {
            throw missing(providerId, path + " is absent");
        }
        if (!(v instanceof Scalar s) || !s.string()) {
            throw malformed(providerId, path + " is not a JSON string");
        }
        return s.text();
    }

    /** A member that is a JSON string, or {@code null} if absent or {@code null}. */
    static String optionalString(Map<String, Object> m, String name, String providerId, String path)
            throws WebhookVerificationException {
        Object v = m.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Scalar s) || !s.string()) {
            throw malformed(providerId, path + " is not a JSON string");
        }
        return s.text();
    }

    /** A scalar member's text (a string's value or a number's or boolean's literal), or {@code null}. */
    static String scalarText(Map<String, Object> m, String name, String providerId, String path)
            throws WebhookVerificationException {
        Object v = m.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Scalar s)) {
            throw malformed(providerId, path + " is not a string, number or boolean");
        }
        return s.text();
    }

    /**
     * A JSON object of string members, in order, written by Jackson's generator (escaping included).
     *
     * @param namesAndValues name, value, name, value, ...
     * @return UTF-8 JSON
     */
    static byte[] writeStrings(String... namesAndValues) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            for (int i = 0; i < namesAndValues.length; i += 2) {
                g.writeStringField(namesAndValues[i], namesAndValues[i + 1]);
            }
            g.writeEndObject();
        } catch (IOException e) {
            // a ByteArrayOutputStream does not fail
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static WebhookVerificationException malformed(String providerId, String message) {
        return Headers.malformed(providerId, message);
    }

    static WebhookVerificationException missing(String providerId, String message) {
        return new WebhookVerificationException(FailureReason.MISSING_HEADER, providerId, message);
    }

    static WebhookVerificationException mismatch(String providerId, String message) {
        return new WebhookVerificationException(FailureReason.SIGNATURE_MISMATCH, providerId, message);
    }
}
