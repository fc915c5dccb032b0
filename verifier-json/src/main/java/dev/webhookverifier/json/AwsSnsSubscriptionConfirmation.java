package dev.webhookverifier.json;

import dev.webhookverifier.FailureReason;
import dev.webhookverifier.Handshake;
import dev.webhookverifier.HandshakeAnswer;
import dev.webhookverifier.HandshakeContext;
import dev.webhookverifier.Provider;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookVerificationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * AWS SNS {@code SubscriptionConfirmation}, confirmed by visiting {@code SubscribeURL}: see {@link
 * JsonHandshakes#awsSnsSubscriptionConfirmation(Set, AwsSnsOptions)}.
 */
final class AwsSnsSubscriptionConfirmation implements Handshake {
    static final String ID = "aws-sns-subscription-confirmation";
    private static final String PROVIDER = AwsSnsScheme.ID;
    private static final String TYPE = "SubscriptionConfirmation";
    private static final System.Logger LOG = System.getLogger(JsonHandshakes.class.getName());

    private final byte[][] allowedTopics;
    private final AwsSnsOptions options;
    private final HttpClient client;

    AwsSnsSubscriptionConfirmation(Set<String> allowedTopicArns, AwsSnsOptions options) {
        if (allowedTopicArns.isEmpty()) {
            throw new IllegalArgumentException("aws-sns-subscription-confirmation needs the topic ARNs whose"
                    + " subscriptions it may confirm (anyone with an AWS account can send a signed confirmation)");
        }
        this.allowedTopics = new byte[allowedTopicArns.size()][];
        int i = 0;
        for (String arn : allowedTopicArns) {
            if (arn == null
                    || !arn.startsWith("arn:")
                    || !arn.contains(":sns:")
                    || !arn.strip().equals(arn)) {
                throw new IllegalArgumentException("aws-sns-subscription-confirmation: an allowed topic is not an"
                        + " SNS topic ARN (arn:aws:sns:<region>:<account>:<topic>)");
            }
            allowedTopics[i++] = arn.getBytes(StandardCharsets.UTF_8);
        }
        this.options = options;
        this.client = options.client();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean requiresSignature() {
        return true;
    }

    @Override
    public boolean supports(Provider provider) {
        return provider.id().equals(PROVIDER);
    }

    @Override
    public boolean recognizes(WebhookRequest request) {
        List<String> type = request.headerValues("x-amz-sns-message-type");
        return request.method().equals("POST")
                && type.size() == 1
                && type.get(0).equals(TYPE);
    }

    @Override
    public Optional<HandshakeAnswer> answer(WebhookRequest request, HandshakeContext context)
            throws WebhookVerificationException {
        Map<String, Object> m = JsonBody.object(request.body(), PROVIDER, ID + ": the body");
        if (!JsonHandshakes.isString(m.get("Type"), TYPE)) {
            return Optional.empty();
        }
        byte[] topic =
                JsonBody.requiredString(m, "TopicArn", PROVIDER, "TopicArn").getBytes(StandardCharsets.UTF_8);
        boolean allowed = false;
        for (byte[] t : allowedTopics) {
            allowed |= MessageDigest.isEqual(t, topic);
        }
        if (!allowed) {
            throw new WebhookVerificationException(
                    FailureReason.NO_SECRET,
                    PROVIDER,
                    ID + ": the TopicArn is not one of the allowed topics; the subscription is not confirmed");
        }
        URI subscribe = subscribeUrl(JsonBody.requiredString(m, "SubscribeURL", PROVIDER, "SubscribeURL"));
        String host = subscribe.getHost();
        HttpRequest get = HttpRequest.newBuilder(subscribe)
                .timeout(options.fetchTimeout)
                .GET()
                .build();
        int status;
        try {
            status = BoundedExchange.send(client, get, HttpResponse.BodyHandlers.discarding(), options.fetchTimeout)
                    .statusCode();
        } catch (BoundedExchange.Failure e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    ID + ": confirming the subscription at " + host + " failed (" + e.getMessage()
                            + "); answering 503 so SNS sends the confirmation again");
            return Optional.of(retryLater());
        }
        if (status < 200 || status > 299) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    ID + ": " + host + " answered HTTP " + status
                            + " to the subscription confirmation; answering 503 so SNS sends it again");
            return Optional.of(retryLater());
        }
        LOG.log(System.Logger.Level.INFO, ID + ": subscription confirmed at " + host);
        return Optional.of(HandshakeAnswer.empty(200));
    }

    private static HandshakeAnswer retryLater() {
        return HandshakeAnswer.empty(503).withHeader("Retry-After", "30");
    }

    /** The SubscribeURL if it is an https ConfirmSubscription URL on an allowed host; never echoed (it holds the token). */
    private URI subscribeUrl(String text) throws WebhookVerificationException {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw JsonBody.malformed(PROVIDER, ID + ": SubscribeURL is not a URL");
        }
        if (!options.allowsHttpsHost(uri) || !confirmsSubscription(uri.getRawQuery())) {
            throw JsonBody.malformed(
                    PROVIDER,
                    ID + ": SubscribeURL is not an https ConfirmSubscription URL on an allowed SNS host; not visited");
        }
        return uri;
    }

    private static boolean confirmsSubscription(String rawQuery) {
        if (rawQuery == null) {
            return false;
        }
        for (String param : rawQuery.split("&", -1)) {
            if (param.equals("Action=ConfirmSubscription")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "Handshake[" + ID + ", " + allowedTopics.length + " allowed topic(s)]";
    }
}
