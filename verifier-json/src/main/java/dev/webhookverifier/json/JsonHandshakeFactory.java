package dev.webhookverifier.json;

import dev.webhookverifier.Handshake;
import dev.webhookverifier.spi.HandshakeFactory;
import java.util.List;
import java.util.Optional;

/**
 * Makes the option-free JSON handshakes known to {@code Handshakes.byId} (and so to configuration properties) when
 * verifier-json is on the class path: {@code slack-url-verification}, {@code zoom-url-validation}, {@code
 * twitch-callback-verification}. {@code aws-sns-subscription-confirmation} needs its allowed topics and is built in
 * code with {@link JsonHandshakes#awsSnsSubscriptionConfirmation(java.util.Set, AwsSnsOptions)}.
 *
 * <p><b>Thread safety:</b> stateless; the handshakes are shared immutable instances.
 */
public final class JsonHandshakeFactory implements HandshakeFactory {
    private static final List<String> IDS =
            List.of(SlackUrlVerification.ID, ZoomUrlValidation.ID, TwitchCallbackVerification.ID);

    /** For {@link java.util.ServiceLoader}. */
    public JsonHandshakeFactory() {}

    @Override
    public List<String> ids() {
        return IDS;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException for {@code aws-sns-subscription-confirmation}, which needs options
     */
    @Override
    public Optional<Handshake> byId(String id) {
        return Optional.ofNullable(
                switch (id) {
                    case SlackUrlVerification.ID -> JsonHandshakes.slackUrlVerification();
                    case ZoomUrlValidation.ID -> JsonHandshakes.zoomUrlValidation();
                    case TwitchCallbackVerification.ID -> JsonHandshakes.twitchCallbackVerification();
                    case AwsSnsSubscriptionConfirmation.ID ->
                        throw new IllegalArgumentException("handshake '" + id + "' needs the topic ARNs it may"
                                + " confirm: build it in code with JsonHandshakes.awsSnsSubscriptionConfirmation(...)");
                    default -> null;
                });
    }
}
