package dev.webhookverifier.json;

import dev.webhookverifier.Handshake;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookVerificationException;
import dev.webhookverifier.internal.Challenge;
import java.util.Objects;
import java.util.Set;

/**
 * Ready-made {@link Handshake}s whose probe is a JSON body: Slack's {@code url_verification}, Zoom's {@code
 * endpoint.url_validation}, Twitch's {@code webhook_callback_verification} and AWS SNS's {@code
 * SubscriptionConfirmation}. Configure them per endpoint with {@link
 * dev.webhookverifier.WebhookVerifier.Builder#handshakes(Handshake...)}; every adapter then answers the probe before
 * it verifies deliveries, and the application's handler never sees it. The core handshakes (Dropbox, Meta, Asana)
 * are in {@link dev.webhookverifier.Handshakes}, whose {@code byId} also finds the option-free ones here ({@code
 * slack-url-verification}, {@code zoom-url-validation}, {@code twitch-callback-verification}) when verifier-json
 * is on the class path.
 *
 * <p><b>Security:</b> every handshake here {@linkplain Handshake#requiresSignature() requires the provider's
 * signature}: the verifier checks the probe's signature and timestamp before the body is even parsed, so an
 * unsigned or forged probe is rejected and never answered. The JSON is read with Jackson's streaming parser within
 * fixed bounds; a probe that is not the JSON the provider sends fails with a typed {@link
 * WebhookVerificationException} ({@code MALFORMED_HEADER}, {@code MISSING_HEADER} for an absent field), never an
 * unchecked exception. An echoed challenge or token must be 1 to {@value #MAX_CHALLENGE_LENGTH} letters, digits or
 * {@code -._~+/=} (the alphabet of the random tokens providers send), so an answer never carries markup or anything
 * else the request chose. Answers are written with Jackson (never by string concatenation) and carry {@code
 * Cache-Control: no-store} and {@code X-Content-Type-Options: nosniff}. Probes are not recorded in the replay store.
 *
 * <p>Recognizing a probe is cheap (a header, or a scan of a body of at most {@value #MAX_PROBE_BYTES} bytes for the
 * quoted type name); a request that only looks like one (an ordinary event mentioning the word) is parsed, found to
 * be something else, and verified as a delivery as usual.
 *
 * <p><b>Thread safety:</b> every handshake returned is immutable and thread-safe.
 *
 * <p><b>Example:</b>
 *
 * <pre>{@code
 * WebhookVerifier slack = WebhookVerifier.builder(Providers.slack())
 *         .secrets(WebhookSecret.of("current", System.getenv("SLACK_SIGNING_SECRET")))
 *         .handshakes(JsonHandshakes.slackUrlVerification())
 *         .build();
 * }</pre>
 */
public final class JsonHandshakes {
    /** The longest challenge or token echoed; providers send short random tokens. */
    public static final int MAX_CHALLENGE_LENGTH = Challenge.MAX_LENGTH;

    /** The largest body scanned when recognizing a probe by its body; the probes are a few hundred bytes. */
    public static final int MAX_PROBE_BYTES = 4096;

    private static final Handshake SLACK = new SlackUrlVerification();
    private static final Handshake ZOOM = new ZoomUrlValidation();
    private static final Handshake TWITCH = new TwitchCallbackVerification();

    private JsonHandshakes() {}

    /**
     * Slack Events API's {@code url_verification} probe, {@code {"type":"url_verification","challenge":"..."}}:
     * answered 200 with the challenge as {@code text/plain}, as Slack documents. Slack signs the probe, so it is
     * answered only after {@code X-Slack-Signature} and the timestamp verify.
     *
     * @return the handshake (id {@code slack-url-verification}), for the {@code slack} preset
     * @see <a href="https://api.slack.com/events/url_verification">Slack url_verification</a>
     */
    public static Handshake slackUrlVerification() {
        return SLACK;
    }

    /**
     * Zoom's {@code endpoint.url_validation} probe, {@code {"event":"endpoint.url_validation","payload":{
     * "plainToken":"..."}}}: answered 200 with the JSON {@code {"plainToken":"...","encryptedToken":"..."}}, where
     * {@code encryptedToken} is the hex HMAC-SHA256 of {@code plainToken} keyed with the app's Secret Token (the
     * secret that verified the probe). Zoom signs the probe; an unsigned one is rejected, so nobody but Zoom can make
     * the endpoint compute that MAC over text of their choosing.
     *
     * @return the handshake (id {@code zoom-url-validation}), for the {@code zoom} preset
     * @see <a href="https://developers.zoom.us/docs/api/webhooks/#validate-your-webhook-endpoint">Zoom endpoint
     *     validation</a>
     */
    public static Handshake zoomUrlValidation() {
        return ZOOM;
    }

    /**
     * Twitch EventSub's callback verification: a request with {@code Twitch-Eventsub-Message-Type:
     * webhook_callback_verification} and the body {@code {"challenge":"...","subscription":{...}}}, answered 200
     * with the raw challenge as {@code text/plain}. Twitch signs it like every message; it is answered only after the
     * signature and timestamp verify.
     *
     * @return the handshake (id {@code twitch-callback-verification}), for the {@code twitch} preset
     * @see <a href="https://dev.twitch.tv/docs/eventsub/handling-webhook-events/#responding-to-a-challenge-request">
     *     Twitch challenge requests</a>
     */
    public static Handshake twitchCallbackVerification() {
        return TWITCH;
    }

    /**
     * AWS SNS subscription confirmation with the default {@link AwsSnsOptions} (AWS hosts only).
     *
     * @param allowedTopicArns the topics whose subscriptions this endpoint confirms; not empty
     * @return the handshake (id {@code aws-sns-subscription-confirmation}), for the {@code aws-sns} preset
     * @see #awsSnsSubscriptionConfirmation(Set, AwsSnsOptions)
     */
    public static Handshake awsSnsSubscriptionConfirmation(Set<String> allowedTopicArns) {
        return awsSnsSubscriptionConfirmation(allowedTopicArns, AwsSnsOptions.defaults());
    }

    /**
     * AWS SNS {@code SubscriptionConfirmation} (header {@code x-amz-sns-message-type: SubscriptionConfirmation}):
     * after the message's RSA signature, {@code TopicArn} and {@code Timestamp} verify (the {@link
     * JsonProviders#awsSns aws-sns} preset), the subscription is confirmed by an HTTPS {@code GET} of its {@code
     * SubscribeURL}, and the probe is answered 200 once AWS answered 2xx. If AWS answers anything else, or the
     * request fails or outlasts the options' fetch timeout, the answer is 503 with {@code Retry-After: 30}, so SNS
     * sends the confirmation again.
     *
     * <p><b>Security:</b> SNS messages are signed by AWS, not by the topic's owner: anyone with an AWS account can
     * make SNS send a validly signed {@code SubscriptionConfirmation} for their own topic to your endpoint. So the
     * topic must be in {@code allowedTopicArns} (as well as accepted by the verifier's secrets); any other is
     * rejected with {@code NO_SECRET} and nothing is fetched. This matters most with a {@link
     * dev.webhookverifier.SecretResolver} that derives the accepted topic from the request. The {@code
     * SubscribeURL} is fetched only if it is {@code https}, names {@code Action=ConfirmSubscription} and its host
     * passes the same check as certificate URLs ({@link AwsSnsOptions.Builder#certificateHosts}: AWS's {@code
     * sns.<region>.amazonaws.com} by default), otherwise the probe is rejected ({@code MALFORMED_HEADER}) without a
     * request. Redirects are not followed (with the default client). The {@code Token} and the URL's query are never
     * logged nor put in an exception message; logs name the host and the outcome only.
     *
     * <p>Without this handshake, a {@code SubscriptionConfirmation} is an ordinary verified delivery: the
     * application receives it and may visit {@code SubscribeURL} itself. A confirmation without the {@code
     * x-amz-sns-message-type} header (AWS always sends it) is such a delivery too.
     *
     * @param allowedTopicArns the topics whose subscriptions this endpoint confirms ({@code
     *     arn:aws:sns:<region>:<account>:<topic>}); not empty
     * @param options the hosts, HTTP client and timeout: pass the same options as to {@link
     *     JsonProviders#awsSns(AwsSnsOptions)}
     * @return the handshake (id {@code aws-sns-subscription-confirmation}), for the {@code aws-sns} preset
     * @throws IllegalArgumentException if the set is empty or holds something that is not an SNS topic ARN
     * @see <a href="https://docs.aws.amazon.com/sns/latest/dg/SendMessageToHttp.prepare.html">SNS HTTP(S)
     *     subscriptions</a>
     */
    public static Handshake awsSnsSubscriptionConfirmation(Set<String> allowedTopicArns, AwsSnsOptions options) {
        Objects.requireNonNull(allowedTopicArns, "allowedTopicArns");
        Objects.requireNonNull(options, "options");
        return new AwsSnsSubscriptionConfirmation(allowedTopicArns, options);
    }

    /**
     * Whether the request is a {@code POST} whose small body starts as a JSON object and contains {@code needle}
     * (a quoted type name): a bounded byte scan, no parsing.
     */
    static boolean smallJsonContaining(WebhookRequest request, byte[] needle) {
        if (!request.method().equals("POST") || request.bodyLength() > MAX_PROBE_BYTES) {
            return false;
        }
        byte[] body = request.body();
        int start = 0;
        while (start < body.length
                && (body[start] == ' ' || body[start] == '\t' || body[start] == '\r' || body[start] == '\n')) {
            start++;
        }
        if (start == body.length || body[start] != '{') {
            return false;
        }
        outer:
        for (int i = start; i <= body.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (body[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** The challenge if it is 1..MAX_CHALLENGE_LENGTH characters of the token alphabet; else MALFORMED_HEADER. */
    static String challenge(String value, String providerId, String handshakeId, String field)
            throws WebhookVerificationException {
        return Challenge.check(value, providerId, handshakeId, field);
    }

    /** Whether a parsed member is the JSON string {@code expected}. */
    static boolean isString(Object member, String expected) {
        return member instanceof JsonBody.Scalar s && s.string() && s.text().equals(expected);
    }
}
