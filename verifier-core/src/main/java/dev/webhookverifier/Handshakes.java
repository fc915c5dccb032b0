package dev.webhookverifier;

import dev.webhookverifier.internal.Challenge;
import dev.webhookverifier.internal.QueryString;
import dev.webhookverifier.spi.HandshakeFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Ready-made {@link Handshake}s that need no JSON parsing; the JSON ones (Slack, Zoom, Twitch, AWS SNS) are in
 * {@code dev.webhookverifier.json.JsonHandshakes} (module verifier-json), also reachable through {@link #byId}.
 *
 * <p><b>Thread safety:</b> every handshake returned is immutable and thread-safe.
 */
public final class Handshakes {
    private Handshakes() {}

    /**
     * Dropbox's {@code GET ?challenge=...} probe: the challenge is echoed as {@code text/plain} with
     * {@code X-Content-Type-Options: nosniff}, as Dropbox requires. Unauthenticated by design (Dropbox sends no
     * signature on it); the challenge is limited to 1,024 letters, digits and {@code -._~+/=}, so the echo cannot
     * carry markup or split the response.
     *
     * @return the handshake, for the {@code dropbox} preset
     * @see <a href="https://www.dropbox.com/developers/reference/webhooks">Dropbox webhooks</a>
     */
    public static Handshake dropboxChallenge() {
        return new Echo("dropbox-challenge", "dropbox", "challenge", null, null);
    }

    /**
     * Meta's (Facebook, Instagram, WhatsApp) {@code GET ?hub.mode=subscribe&hub.verify_token=...&hub.challenge=...}
     * subscription probe: the challenge is echoed when {@code hub.verify_token} equals the token you entered in the
     * app dashboard (compared in constant time), else answered 401.
     *
     * @param verifyToken the verify token you chose in the dashboard (not the app secret)
     * @return the handshake, for the {@code meta} preset
     * @see <a href="https://developers.facebook.com/docs/graph-api/webhooks/getting-started">Meta webhooks</a>
     */
    public static Handshake metaVerifyToken(WebhookSecret verifyToken) {
        Objects.requireNonNull(verifyToken, "verifyToken");
        byte[] token = verifyToken.valueBytes().clone();
        if (token.length == 0) {
            throw new IllegalArgumentException("the Meta verify token is empty");
        }
        return new Echo("meta-verify-token", "meta", "hub.challenge", "hub.verify_token", token);
    }

    /**
     * Asana's secret exchange: when a webhook is created, Asana posts a request with an {@code X-Hook-Secret}
     * header and no signature; the receiver accepts it (see {@link HookSecretReceiver} for when to accept), and the
     * secret is echoed in the answer's {@code X-Hook-Secret} header, which activates the webhook. Later deliveries
     * are signed with it: configure the verifier with a {@link SecretResolver} that reads where the receiver stored
     * it.
     *
     * @param receiver decides whether to accept and stores the secret
     * @return the handshake, for the {@code asana} preset
     * @see <a href="https://developers.asana.com/docs/webhooks-guide">Asana webhooks</a>
     */
    public static Handshake asanaHookSecret(HookSecretReceiver receiver) {
        return new AsanaHookSecret(Objects.requireNonNull(receiver, "receiver"));
    }

    /**
     * A handshake that needs no options, by id: {@code dropbox-challenge} here, and the ids of
     * {@link HandshakeFactory} implementations on the class path (verifier-json: {@code slack-url-verification},
     * {@code zoom-url-validation}, {@code twitch-callback-verification}). For configuration properties; handshakes
     * that take options (a verify token, a receiver, allowed topics) are built in code.
     *
     * @param id the handshake id
     * @return the handshake
     * @throws IllegalArgumentException for an unknown id, naming the known ones
     */
    public static Handshake byId(String id) {
        Objects.requireNonNull(id, "id");
        if (id.equals("dropbox-challenge")) {
            return dropboxChallenge();
        }
        List<String> known = new ArrayList<>(List.of("dropbox-challenge"));
        for (HandshakeFactory factory : ServiceLoader.load(HandshakeFactory.class, Handshakes.class.getClassLoader())) {
            Optional<Handshake> h = factory.byId(id);
            if (h.isPresent()) {
                return h.get();
            }
            known.addAll(factory.ids());
        }
        throw new IllegalArgumentException("unknown handshake '" + id + "'; known: " + String.join(", ", known)
                + (known.size() == 1 ? " (add verifier-json for the JSON handshakes)" : ""));
    }

    /** A GET probe whose challenge query parameter is echoed, optionally after checking a verify token. */
    private static final class Echo implements Handshake {
        private final String id;
        private final String providerId;
        private final String challengeParam;
        private final String tokenParam;
        private final byte[] token;

        Echo(String id, String providerId, String challengeParam, String tokenParam, byte[] token) {
            this.id = id;
            this.providerId = providerId;
            this.challengeParam = challengeParam;
            this.tokenParam = tokenParam;
            this.token = token;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public boolean requiresSignature() {
            return false;
        }

        @Override
        public boolean supports(Provider provider) {
            return provider.id().equals(providerId);
        }

        @Override
        public boolean recognizes(WebhookRequest request) {
            return request.method().equals("GET");
        }

        @Override
        public Optional<HandshakeAnswer> answer(WebhookRequest request, HandshakeContext context)
                throws WebhookVerificationException {
            QueryString query = QueryString.of(request, providerId);
            String challenge = query.single(challengeParam);
            if (challenge == null) {
                throw new WebhookVerificationException(
                        FailureReason.MISSING_HEADER,
                        providerId,
                        id + ": a GET without the '" + challengeParam + "' query parameter");
            }
            Challenge.check(challenge, providerId, id, "the challenge");
            if (tokenParam != null) {
                if (!"subscribe".equals(query.single("hub.mode"))) {
                    throw new WebhookVerificationException(
                            FailureReason.MALFORMED_HEADER, providerId, id + ": hub.mode is not 'subscribe'");
                }
                String offered = query.single(tokenParam);
                if (offered == null) {
                    throw new WebhookVerificationException(
                            FailureReason.MISSING_HEADER, providerId, id + ": no " + tokenParam + " query parameter");
                }
                if (!MessageDigest.isEqual(token, offered.getBytes(StandardCharsets.UTF_8))) {
                    throw new WebhookVerificationException(
                            FailureReason.SIGNATURE_MISMATCH,
                            providerId,
                            id + ": " + tokenParam + " does not match the configured verify token");
                }
            }
            return Optional.of(HandshakeAnswer.text(challenge));
        }

        @Override
        public String toString() {
            return "Handshake[" + id + "]";
        }
    }

    private static final class AsanaHookSecret implements Handshake {
        private static final String HEADER = "X-Hook-Secret";
        private final HookSecretReceiver receiver;

        AsanaHookSecret(HookSecretReceiver receiver) {
            this.receiver = receiver;
        }

        @Override
        public String id() {
            return "asana-hook-secret";
        }

        @Override
        public boolean requiresSignature() {
            return false;
        }

        @Override
        public boolean supports(Provider provider) {
            return provider.id().equals("asana");
        }

        @Override
        public boolean recognizes(WebhookRequest request) {
            return !request.headerValues(HEADER).isEmpty();
        }

        @Override
        public Optional<HandshakeAnswer> answer(WebhookRequest request, HandshakeContext context)
                throws WebhookVerificationException {
            List<String> values = request.headerValues(HEADER);
            String secret = values.size() == 1 ? values.get(0).strip() : null;
            if (secret == null
                    || secret.isEmpty()
                    || secret.length() > Challenge.MAX_LENGTH
                    || !secret.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new WebhookVerificationException(
                        FailureReason.MALFORMED_HEADER,
                        "asana",
                        "asana-hook-secret: X-Hook-Secret must be one value of printable ASCII");
            }
            if (!request.headerValues("X-Hook-Signature").isEmpty()) {
                throw new WebhookVerificationException(
                        FailureReason.MALFORMED_HEADER,
                        "asana",
                        "asana-hook-secret: a signed request carrying X-Hook-Secret (Asana's handshake is unsigned)");
            }
            if (!receiver.receive(request, secret)) {
                throw new WebhookVerificationException(
                        FailureReason.NO_SECRET,
                        "asana",
                        "asana-hook-secret: the HookSecretReceiver refused the secret (no webhook creation pending?)");
            }
            return Optional.of(HandshakeAnswer.empty(200).withHeader(HEADER, secret));
        }

        @Override
        public String toString() {
            return "Handshake[asana-hook-secret]";
        }
    }
}
