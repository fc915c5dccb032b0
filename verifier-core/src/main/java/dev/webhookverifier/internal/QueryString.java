package dev.webhookverifier.internal;

import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookVerificationException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The decoded query parameters of a request's URL, strictly: a repeated name or a bad escape is a typed failure. */
public final class QueryString {
    private static final int MAX_PARAMETERS = 64;
    private final Map<String, String> values;

    private QueryString(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Parses the request URL's query.
     *
     * @param request the request (without a URL, the query is empty)
     * @param providerId for the failure
     * @return the parameters
     * @throws WebhookVerificationException MALFORMED_HEADER for a repeated name, a bad escape or too many parameters
     */
    public static QueryString of(WebhookRequest request, String providerId) throws WebhookVerificationException {
        String raw = request.url().map(java.net.URI::getRawQuery).orElse(null);
        Map<String, String> values = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return new QueryString(values);
        }
        String[] pairs = raw.split("&", MAX_PARAMETERS + 1);
        if (pairs.length > MAX_PARAMETERS) {
            throw Headers.malformed(providerId, "more than " + MAX_PARAMETERS + " query parameters");
        }
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw Headers.malformed(providerId, "a query parameter has an invalid %-escape");
            }
            if (values.putIfAbsent(name, value) != null) {
                // The name is the request's text (decoded: it may hold a line break), so it stays out of the message.
                throw Headers.malformed(providerId, "a query parameter is repeated");
            }
        }
        return new QueryString(values);
    }

    /**
     * One parameter's decoded value.
     *
     * @param name the decoded name
     * @return the value, or {@code null} if absent
     */
    public String single(String name) {
        return values.get(name);
    }
}
