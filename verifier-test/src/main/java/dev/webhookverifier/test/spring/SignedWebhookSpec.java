package dev.webhookverifier.test.spring;

import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.test.SignedWebhook;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A signed webhook for {@code WebTestClient}: {@link #post(WebTestClient, String)} starts a {@code POST} with the
 * body and signature headers, {@link #applyTo(WebTestClient.RequestBodySpec)} adds them to a request you started.
 *
 * <p>URL-signing providers (Twilio, HubSpot, Square, ...) sign the full URL: pass an absolute URI to
 * {@link #post(WebTestClient, String)} or set it with {@link #url(String)}.
 *
 * <p><b>Thread safety:</b> immutable; each fluent method returns a new instance. Each request gets a new delivery id
 * and the clock's current time unless fixed with {@link #deliveryId(String)} or {@link #signedAt(Instant)}.
 */
public final class SignedWebhookSpec {
    private final SignedWebhook webhook;

    SignedWebhookSpec(SignedWebhook webhook) {
        this.webhook = Objects.requireNonNull(webhook, "webhook");
    }

    /**
     * The same, with this UTF-8 body.
     *
     * @param body the body, sent exactly as given
     * @return a new spec
     */
    public SignedWebhookSpec body(String body) {
        return new SignedWebhookSpec(webhook.body(body));
    }

    /**
     * The same, with this raw body.
     *
     * @param body the body bytes
     * @return a new spec
     */
    public SignedWebhookSpec body(byte[] body) {
        return new SignedWebhookSpec(webhook.body(body));
    }

    /**
     * The same, with this {@code Content-Type} (default {@code application/json}).
     *
     * @param contentType the content type
     * @return a new spec
     */
    public SignedWebhookSpec contentType(String contentType) {
        return new SignedWebhookSpec(webhook.contentType(contentType));
    }

    /**
     * The same, signing this full URL (for URL-signing providers).
     *
     * @param url the URL the application is called at
     * @return a new spec
     */
    public SignedWebhookSpec url(String url) {
        return new SignedWebhookSpec(webhook.url(url));
    }

    /**
     * The same, signing with timestamps from this clock.
     *
     * @param clock e.g. a {@link dev.webhookverifier.test.TestClock}
     * @return a new spec
     */
    public SignedWebhookSpec clock(Clock clock) {
        return new SignedWebhookSpec(webhook.clock(clock));
    }

    /**
     * The same, signed at a fixed instant.
     *
     * @param timestamp the signing time
     * @return a new spec
     */
    public SignedWebhookSpec signedAt(Instant timestamp) {
        return new SignedWebhookSpec(webhook.signedAt(timestamp));
    }

    /**
     * The same, with a fixed delivery id.
     *
     * @param deliveryId the id
     * @return a new spec
     */
    public SignedWebhookSpec deliveryId(String deliveryId) {
        return new SignedWebhookSpec(webhook.deliveryId(deliveryId));
    }

    /**
     * The same, signed over the body but sent with one byte appended (a forgery the receiver must reject).
     *
     * @return a new spec
     */
    public SignedWebhookSpec tampered() {
        return new SignedWebhookSpec(webhook.tampered());
    }

    /**
     * Starts a signed {@code POST}.
     *
     * @param client the client
     * @param uri the path (relative to the client's base URL) or an absolute URL, which is then also the URL signed
     * @return the request, ready for {@code exchange()}
     */
    public WebTestClient.RequestHeadersSpec<?> post(WebTestClient client, String uri) {
        URI target = URI.create(uri);
        SignedWebhook described = target.isAbsolute() ? webhook.url(target) : webhook;
        WebhookRequest signed = described.sign();
        // Absolute: send to the URL signed (Twilio may append bodySHA256). Relative: resolved against the base URL.
        WebTestClient.RequestBodySpec request = target.isAbsolute()
                ? client.post().uri(signed.url().orElse(target))
                : client.post().uri(uri);
        return apply(request, signed);
    }

    /**
     * Adds the body and signature headers to a request already started ({@code client.put().uri(...)}).
     *
     * @param request the request spec
     * @return the request, ready for {@code exchange()}
     */
    public WebTestClient.RequestHeadersSpec<?> applyTo(WebTestClient.RequestBodySpec request) {
        return apply(request, webhook.sign());
    }

    private static WebTestClient.RequestHeadersSpec<?> apply(
            WebTestClient.RequestBodySpec request, WebhookRequest signed) {
        request.headers(h -> copy(signed, h));
        return request.bodyValue(signed.body());
    }

    private static void copy(WebhookRequest signed, HttpHeaders headers) {
        signed.headers().forEach((name, values) -> {
            headers.remove(name);
            values.forEach(v -> headers.add(name, v));
        });
    }

    @Override
    public String toString() {
        return "SignedWebhookSpec[" + webhook + "]";
    }
}
