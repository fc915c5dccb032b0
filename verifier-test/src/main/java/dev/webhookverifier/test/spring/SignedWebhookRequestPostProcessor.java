package dev.webhookverifier.test.spring;

import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.test.SignedWebhook;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * A MockMvc {@link RequestPostProcessor} that sets the body and adds the signature headers a provider would send.
 *
 * <p>The URL signed (for URL-signing providers) is the mock request's URL ({@code http://localhost/...} by default),
 * so the application's verifier must be configured to see the same URL. For Twilio with a non-form body, the
 * {@code bodySHA256} query parameter Twilio appends is added to the request.
 *
 * <p><b>Thread safety:</b> immutable; each fluent method returns a new instance. Each request it processes gets a
 * new delivery id and the clock's current time unless fixed with {@link #deliveryId(String)} or
 * {@link #signedAt(Instant)}.
 */
public final class SignedWebhookRequestPostProcessor implements RequestPostProcessor {
    private final SignedWebhook webhook;

    SignedWebhookRequestPostProcessor(SignedWebhook webhook) {
        this.webhook = Objects.requireNonNull(webhook, "webhook");
    }

    /**
     * The same, with this UTF-8 body.
     *
     * @param body the body, sent exactly as given
     * @return a new post-processor
     */
    public SignedWebhookRequestPostProcessor body(String body) {
        return new SignedWebhookRequestPostProcessor(webhook.body(body));
    }

    /**
     * The same, with this raw body.
     *
     * @param body the body bytes
     * @return a new post-processor
     */
    public SignedWebhookRequestPostProcessor body(byte[] body) {
        return new SignedWebhookRequestPostProcessor(webhook.body(body));
    }

    /**
     * The same, with this {@code Content-Type} (default {@code application/json}; a content type set on the
     * request builder wins).
     *
     * @param contentType the content type
     * @return a new post-processor
     */
    public SignedWebhookRequestPostProcessor contentType(String contentType) {
        return new SignedWebhookRequestPostProcessor(webhook.contentType(contentType));
    }

    /**
     * The same, signing with timestamps from this clock.
     *
     * @param clock e.g. a {@link dev.webhookverifier.test.TestClock}
     * @return a new post-processor
     */
    public SignedWebhookRequestPostProcessor clock(Clock clock) {
        return new SignedWebhookRequestPostProcessor(webhook.clock(clock));
    }

    /**
     * The same, signed at a fixed instant.
     *
     * @param timestamp the signing time
     * @return a new post-processor
     */
    public SignedWebhookRequestPostProcessor signedAt(Instant timestamp) {
        return new SignedWebhookRequestPostProcessor(webhook.signedAt(timestamp));
    }

    /**
     * The same, with a fixed delivery id.
     *
     * @param deliveryId the id
     * @return a new post-processor
     */
    public SignedWebhookRequestPostProcessor deliveryId(String deliveryId) {
        return new SignedWebhookRequestPostProcessor(webhook.deliveryId(deliveryId));
    }

    /**
     * The same, signed over the body but sent with one byte appended (a forgery the receiver must reject).
     *
     * @return a new post-processor
     */
    public SignedWebhookRequestPostProcessor tampered() {
        return new SignedWebhookRequestPostProcessor(webhook.tampered());
    }

    @Override
    public MockHttpServletRequest postProcessRequest(MockHttpServletRequest request) {
        String query = request.getQueryString();
        URI url = URI.create(request.getRequestURL() + (query == null ? "" : "?" + query));
        String contentType = request.getContentType();
        SignedWebhook described = contentType == null ? webhook : webhook.contentType(contentType);
        WebhookRequest signed = described.url(url).sign();
        request.setContent(signed.body());
        if (contentType == null) {
            request.setContentType(described.contentType());
        }
        signed.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type")) {
                values.forEach(v -> request.addHeader(name, v));
            }
        });
        String signedQuery = signed.url().map(URI::getRawQuery).orElse(null);
        if (signedQuery != null && !signedQuery.equals(query)) {
            // Twilio appends bodySHA256 to the URL it calls and signs; make the mock request carry it too.
            request.setQueryString(signedQuery);
            for (String pair : signedQuery.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (request.getParameter(name) == null) {
                    request.addParameter(name, value);
                }
            }
        }
        return request;
    }

    @Override
    public String toString() {
        return "SignedWebhookRequestPostProcessor[" + webhook + "]";
    }
}
