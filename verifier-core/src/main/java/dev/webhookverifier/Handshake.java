package dev.webhookverifier;

import java.util.Optional;

/**
 * A provider's probe of a webhook endpoint that must be answered rather than handled: Slack's
 * {@code url_verification}, Zoom's {@code endpoint.url_validation}, Twitch's {@code webhook_callback_verification},
 * an AWS SNS {@code SubscriptionConfirmation}, Dropbox's and Meta's {@code GET} challenges, Asana's
 * {@code X-Hook-Secret}.
 *
 * <p>Handshakes are opt-in per endpoint ({@link WebhookVerifier.Builder#handshakes(Handshake...)}); every adapter
 * calls {@link WebhookVerifier#answerHandshake(WebhookRequest)} before it verifies a delivery, writes the answer if
 * there is one and never runs the application's handler for it. Ready-made handshakes: {@link Handshakes} (core)
 * and {@code dev.webhookverifier.json.JsonHandshakes} (the ones that read a JSON body).
 *
 * <p><b>Security:</b> a handshake that {@link #requiresSignature() requires a signature} is answered only after the
 * verifier checked the request's signature and timestamp, so only the provider can make the endpoint compute an
 * answer with its secret (Zoom's {@code encryptedToken} is an HMAC of text the request chooses: answering an
 * unsigned probe would hand out signatures). A handshake that does not require one (a {@code GET} challenge, Asana's
 * secret exchange) must authenticate the probe itself or only echo harmless, validated text.
 *
 * <p><b>Thread safety:</b> implementations must be immutable and thread-safe; one instance serves every request.
 */
public interface Handshake {
    /**
     * A lower-case, hyphenated id for logs and configuration, e.g. {@code slack-url-verification}.
     *
     * @return the id
     */
    String id();

    /**
     * Whether the probe carries the provider's signature and must pass signature and timestamp checks before
     * {@link #answer} runs. Signed probes are not recorded in the replay store: answering one twice is harmless.
     *
     * @return {@code true} for signed probes
     */
    boolean requiresSignature();

    /**
     * Whether this handshake applies to a verifier for this provider; checked by {@link WebhookVerifier.Builder#build()},
     * so a handshake configured on the wrong endpoint stops startup.
     *
     * @param provider the verifier's provider
     * @return {@code true} if the provider sends this probe
     */
    boolean supports(Provider provider);

    /**
     * A cheap test, run on every request: the method, a header, a short scan of the body; no parsing, no side
     * effects. {@code false} lets the request through to normal verification.
     *
     * @param request the request as received
     * @return {@code true} if the request may be this probe
     */
    boolean recognizes(WebhookRequest request);

    /**
     * Answers a recognized probe.
     *
     * @param request the request as received (for signed probes: verified)
     * @param context the verification result and the endpoint's key, for answers that prove knowledge of the secret
     * @return the answer, or empty if closer inspection shows this is an ordinary delivery after all
     * @throws WebhookVerificationException if the probe is malformed or fails its own authentication
     */
    Optional<HandshakeAnswer> answer(WebhookRequest request, HandshakeContext context)
            throws WebhookVerificationException;
}
