package dev.webhookverifier.test;

import dev.webhookverifier.Provider;
import dev.webhookverifier.Providers;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookSigner;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A description of one signed delivery (provider, secret, body, URL, time, delivery id) that produces the signed
 * {@link WebhookRequest}; the framework-neutral core of the MockMvc, WebTestClient and WireMock helpers.
 *
 * <p><b>Thread safety:</b> immutable; every {@code with...}/setter-style method returns a new instance.
 *
 * <p><b>Security:</b> holds a signing secret; {@link #toString()} does not show it.
 *
 * <p><b>Example:</b>
 *
 * <pre>{@code
 * WebhookRequest request = SignedWebhook.of("stripe", secret).body("{\"id\":\"evt_1\"}").sign();
 * }</pre>
 */
public final class SignedWebhook {
    private static final byte[] EMPTY = new byte[0];

    private final Provider provider;
    private final WebhookSecret secret;
    private final Clock clock;
    private final byte[] body;
    private final String contentType;
    private final URI url;
    private final String deliveryId;
    private final Instant timestamp;
    private final Map<String, String> headers;
    private final byte[] tamperedBody;

    private SignedWebhook(
            Provider provider,
            WebhookSecret secret,
            Clock clock,
            byte[] body,
            String contentType,
            URI url,
            String deliveryId,
            Instant timestamp,
            Map<String, String> headers,
            byte[] tamperedBody) {
        this.provider = provider;
        this.secret = secret;
        this.clock = clock;
        this.body = body;
        this.contentType = contentType;
        this.url = url;
        this.deliveryId = deliveryId;
        this.timestamp = timestamp;
        this.headers = headers;
        this.tamperedBody = tamperedBody;
    }

    /**
     * A delivery for a preset, signed with the secret text (or private key) on the system clock, with an empty
     * JSON-typed body until {@link #body(String)} sets one.
     *
     * @param providerId a preset id, e.g. {@code stripe}
     * @param secret the secret as the provider shows it
     * @return the description
     */
    public static SignedWebhook of(String providerId, String secret) {
        return of(Providers.byId(providerId), WebhookSecret.of("test", Objects.requireNonNull(secret, "secret")));
    }

    /**
     * A delivery for any provider.
     *
     * @param provider the provider
     * @param secret the secret
     * @return the description
     */
    public static SignedWebhook of(Provider provider, WebhookSecret secret) {
        // Fails now, naming the problem, if the secret cannot sign for this provider.
        WebhookSigner.of(provider, secret);
        return new SignedWebhook(
                provider, secret, Clock.systemUTC(), EMPTY, "application/json", null, null, null, Map.of(), null);
    }

    /**
     * The same delivery with this UTF-8 body.
     *
     * @param body the body text, sent exactly as given
     * @return a new description
     */
    public SignedWebhook body(String body) {
        return body(body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The same delivery with this raw body.
     *
     * @param body the body bytes; copied
     * @return a new description
     */
    public SignedWebhook body(byte[] body) {
        return new SignedWebhook(
                provider, secret, clock, body.clone(), contentType, url, deliveryId, timestamp, headers, tamperedBody);
    }

    /**
     * The same delivery with this {@code Content-Type} (default {@code application/json}).
     *
     * @param contentType e.g. {@code application/x-www-form-urlencoded}
     * @return a new description
     */
    public SignedWebhook contentType(String contentType) {
        return new SignedWebhook(
                provider,
                secret,
                clock,
                body,
                Objects.requireNonNull(contentType, "contentType"),
                url,
                deliveryId,
                timestamp,
                headers,
                tamperedBody);
    }

    /**
     * The same delivery addressed to this full URL, which URL-signing providers (Twilio, HubSpot, Square, ...) sign.
     *
     * @param url the URL the application is called at, as configured at the provider
     * @return a new description
     */
    public SignedWebhook url(String url) {
        return url(URI.create(url));
    }

    /**
     * The same delivery addressed to this full URL.
     *
     * @param url the URL
     * @return a new description
     */
    public SignedWebhook url(URI url) {
        return new SignedWebhook(
                provider, secret, clock, body, contentType, url, deliveryId, timestamp, headers, tamperedBody);
    }

    /**
     * The same delivery signed with timestamps from this clock (a {@link TestClock}, usually).
     *
     * @param clock the clock, read when {@link #sign()} runs
     * @return a new description
     */
    public SignedWebhook clock(Clock clock) {
        return new SignedWebhook(
                provider,
                secret,
                Objects.requireNonNull(clock, "clock"),
                body,
                contentType,
                url,
                deliveryId,
                timestamp,
                headers,
                tamperedBody);
    }

    /**
     * The same delivery signed at a fixed instant (for stale or future-dated cases), whatever the clock says.
     *
     * @param timestamp the signing time
     * @return a new description
     */
    public SignedWebhook signedAt(Instant timestamp) {
        return new SignedWebhook(
                provider,
                secret,
                clock,
                body,
                contentType,
                url,
                deliveryId,
                Objects.requireNonNull(timestamp, "timestamp"),
                headers,
                tamperedBody);
    }

    /**
     * The same delivery with a fixed delivery id (for replay cases); by default each {@link #sign()} picks a new one.
     *
     * @param deliveryId the id, for providers that send one
     * @return a new description
     */
    public SignedWebhook deliveryId(String deliveryId) {
        return new SignedWebhook(
                provider,
                secret,
                clock,
                body,
                contentType,
                url,
                Objects.requireNonNull(deliveryId, "deliveryId"),
                timestamp,
                headers,
                tamperedBody);
    }

    /**
     * The same delivery with one more (unsigned) header.
     *
     * @param name the header name
     * @param value the value
     * @return a new description
     */
    public SignedWebhook header(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new SignedWebhook(
                provider, secret, clock, body, contentType, url, deliveryId, timestamp, Map.copyOf(more), tamperedBody);
    }

    /**
     * The same delivery, but tampered: signed over the body, then sent with one space appended to it, as an attacker
     * who edits a captured delivery would. A verifying receiver must reject it.
     *
     * @return a new description
     */
    public SignedWebhook tampered() {
        byte[] changed = Arrays.copyOf(body, body.length + 1);
        changed[body.length] = ' ';
        return tampered(changed);
    }

    /**
     * The same delivery signed over its body but sent with another one.
     *
     * @param sentBody the body actually sent
     * @return a new description
     */
    public SignedWebhook tampered(byte[] sentBody) {
        return new SignedWebhook(
                provider, secret, clock, body, contentType, url, deliveryId, timestamp, headers, sentBody.clone());
    }

    /**
     * The provider.
     *
     * @return the provider
     */
    public Provider provider() {
        return provider;
    }

    /**
     * The {@code Content-Type} to send.
     *
     * @return the content type
     */
    public String contentType() {
        return contentType;
    }

    /**
     * Signs the delivery now: the signature headers for the body, the clock's time (or {@link #signedAt}) and a new
     * delivery id (or {@link #deliveryId(String)}), plus {@code Content-Type} and any {@link #header} values.
     *
     * @return the signed request; its URL is the {@link #url} (for Twilio with a non-form body, with the
     *     {@code bodySHA256} parameter Twilio appends), or absent
     */
    public WebhookRequest sign() {
        WebhookRequest.Builder unsigned =
                WebhookRequest.builder().url(url).body(body.clone()).header("Content-Type", contentType);
        headers.forEach(unsigned::header);
        WebhookRequest signed = WebhookSigner.of(provider, secret, clock)
                .sign(
                        unsigned.build(),
                        deliveryId != null
                                ? deliveryId
                                : "msg_" + UUID.randomUUID().toString().replace("-", ""),
                        timestamp != null ? timestamp : clock.instant());
        if (tamperedBody == null) {
            return signed;
        }
        return WebhookRequest.of(signed.method(), signed.url().orElse(null), signed.headers(), tamperedBody.clone());
    }

    @Override
    public String toString() {
        return "SignedWebhook[" + provider.id() + ", " + body.length + " bytes" + (url == null ? "" : ", " + url)
                + (tamperedBody == null ? "" : ", tampered") + "]";
    }
}
