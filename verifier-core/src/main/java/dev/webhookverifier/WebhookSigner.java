package dev.webhookverifier;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Produces requests signed exactly as a provider would sign them, for tests, local development and the CLI's
 * {@code sign}/{@code send} commands.
 *
 * <p>The signer shares each provider's scheme definition with the verifier, so what it signs verifies, and what
 * the verifier rejects it never produces.
 *
 * <p><b>Thread safety:</b> immutable and thread-safe.
 *
 * <p><b>Security:</b> a signer holds a signing secret; keep it out of production receivers, which only verify.
 *
 * <p><b>Example:</b>
 *
 * <pre>{@code
 * WebhookSigner signer = WebhookSigner.of(Providers.stripe(), WebhookSecret.of("test", "whsec_test_secret_value"));
 * WebhookRequest request = signer.sign("{\"id\":\"evt_1\"}".getBytes(UTF_8));
 * }</pre>
 */
public final class WebhookSigner {
    private static final String CHECK_URL = "https://receiver.example/webhooks";

    private final Provider provider;
    private final WebhookSecret secret;
    private final Clock clock;

    private WebhookSigner(Provider provider, WebhookSecret secret, Clock clock) {
        this.provider = provider;
        this.secret = secret;
        this.clock = clock;
    }

    /**
     * A signer using the system clock.
     *
     * @param provider the provider whose scheme to use
     * @param secret the signing secret, in the provider's format (short test secrets are allowed)
     * @return the signer
     * @throws IllegalArgumentException if the secret cannot sign for this provider (a public key, wrong format)
     */
    public static WebhookSigner of(Provider provider, WebhookSecret secret) {
        return of(provider, secret, Clock.systemUTC());
    }

    /**
     * A signer whose timestamps come from {@code clock}.
     *
     * @param provider the provider whose scheme to use
     * @param secret the signing secret
     * @param clock the clock for signed timestamps
     * @return the signer
     * @throws IllegalArgumentException if the secret cannot sign for this provider
     */
    public static WebhookSigner of(Provider provider, WebhookSecret secret, Clock clock) {
        WebhookSigner signer = new WebhookSigner(
                Objects.requireNonNull(provider, "provider"),
                Objects.requireNonNull(secret, "secret"),
                Objects.requireNonNull(clock, "clock"));
        // Signs a sample request once, so a secret that cannot sign fails here rather than at the first use.
        signer.headers(WebhookRequest.builder().url(CHECK_URL).build(), "msg_check", clock.instant());
        return signer;
    }

    /**
     * Signs a {@code POST} with this body, a random delivery id and the clock's time.
     *
     * @param body the raw body
     * @return the signed request
     */
    public WebhookRequest sign(byte[] body) {
        return sign(WebhookRequest.builder().body(body).build(), newDeliveryId(), clock.instant());
    }

    /**
     * Signs a {@code POST} with this UTF-8 body, a random delivery id and the clock's time.
     *
     * @param body the body text
     * @return the signed request
     */
    public WebhookRequest sign(String body) {
        return sign(body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Signs a request with an explicit delivery id and timestamp (for stale or future-dated test cases).
     *
     * @param unsigned method, URL and body to sign; its headers are kept and the signature headers added
     * @param deliveryId the delivery id, for providers that send one
     * @param timestamp the signing time, for providers that sign one
     * @return a new, signed request
     */
    public WebhookRequest sign(WebhookRequest unsigned, String deliveryId, Instant timestamp) {
        // Twilio calls a JSON endpoint with bodySHA256 appended to the URL, and signs that URL.
        java.net.URI url = provider.scheme().signedUrl(unsigned);
        WebhookRequest.Builder b =
                WebhookRequest.builder().method(unsigned.method()).url(url).body(unsigned.bodyBytes());
        WebhookRequest target =
                url == null || url.equals(unsigned.url().orElse(null)) ? unsigned : withUrl(unsigned, url);
        Map<String, String> signature = headers(target, deliveryId, timestamp);
        unsigned.headers().forEach((name, values) -> {
            if (!signature.containsKey(name)) {
                values.forEach(v -> b.header(name, v));
            }
        });
        signature.forEach(b::header);
        return b.build();
    }

    private static WebhookRequest withUrl(WebhookRequest request, java.net.URI url) {
        WebhookRequest.Builder b =
                WebhookRequest.builder().method(request.method()).url(url).body(request.bodyBytes());
        request.headers().forEach((name, values) -> values.forEach(v -> b.header(name, v)));
        return b.build();
    }

    /**
     * Only the signature headers for a request.
     *
     * <p>For Twilio and a body that is not form-encoded, the provider calls the URL with {@code bodySHA256}
     * appended: use {@link #sign(WebhookRequest, String, Instant)}, which returns the request with that URL.
     *
     * @param unsigned method, URL and body to sign
     * @param deliveryId the delivery id, for providers that send one
     * @param timestamp the signing time
     * @return header name to value, in the order the provider sends them
     */
    public Map<String, String> headers(WebhookRequest unsigned, String deliveryId, Instant timestamp) {
        return provider.scheme().sign(secret.valueBytes(), secret.raw(), unsigned, deliveryId, timestamp);
    }

    /**
     * The provider this signer signs for.
     *
     * @return the provider
     */
    public Provider provider() {
        return provider;
    }

    private static String newDeliveryId() {
        return "msg_" + UUID.randomUUID().toString().replace("-", "");
    }

    @Override
    public String toString() {
        return "WebhookSigner[provider=" + provider.id() + ", secret=" + secret.id() + "]";
    }
}
