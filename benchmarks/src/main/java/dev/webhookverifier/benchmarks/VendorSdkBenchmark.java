package dev.webhookverifier.benchmarks;

import com.slack.api.app_backend.SlackSignature;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import dev.webhookverifier.Providers;
import dev.webhookverifier.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The vendor SDK verifiers on the same bodies, secrets and signature headers as {@link VerifierBenchmark} (the
 * headers are produced by our signer; each SDK accepting them is checked in setup).
 *
 * <p>Each SDK takes the body as a {@code String}; it is decoded once in setup, so the per-request
 * {@code new String(bytes, UTF_8)} a real receiver would pay is <em>not</em> counted against them. Svix and
 * Standard Webhooks get a map holding only the three signature headers (they scan the map linearly). Svix,
 * Standard Webhooks and Stripe check the timestamp against the wall clock (±5 min, Stripe past only), so requests
 * are signed with the current time in setup, once per fork; Slack takes "now" as an argument and is given the
 * signing time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 2,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class VendorSdkBenchmark {
    private static final long STRIPE_TOLERANCE_SECONDS = 300;

    @Param({"1024", "65536", "1048576"})
    public int size;

    private String payload;

    private String stripeHeader;

    private com.svix.Webhook svixWebhook;
    private Map<String, List<String>> svixHeaders;

    private com.standardwebhooks.Webhook standardWebhook;
    private Map<String, List<String>> standardWebhooksHeaders;

    private SlackSignature.Verifier slackVerifier;
    private String slackTimestamp;
    private String slackSignature;
    private long slackNowMillis;

    @Setup
    public void setup() throws Exception {
        byte[] body = Fixtures.body(size);
        payload = new String(body, StandardCharsets.UTF_8);
        Instant at = Fixtures.now();

        stripeHeader = Fixtures.header(Fixtures.sign(Providers.stripe(), body, at), "Stripe-Signature");

        svixWebhook = new com.svix.Webhook(Fixtures.STANDARD_WEBHOOKS_SECRET);
        svixHeaders = Fixtures.multiHeaders(Fixtures.sign(Providers.svix(), body, at));

        standardWebhook = new com.standardwebhooks.Webhook(Fixtures.STANDARD_WEBHOOKS_SECRET);
        standardWebhooksHeaders = Fixtures.multiHeaders(Fixtures.sign(Providers.standardWebhooks(), body, at));

        WebhookRequest slack = Fixtures.sign(Providers.slack(), body, at);
        slackVerifier = new SlackSignature.Verifier(new SlackSignature.Generator(Fixtures.SLACK_SECRET));
        slackTimestamp = Fixtures.header(slack, "X-Slack-Request-Timestamp");
        slackSignature = Fixtures.header(slack, "X-Slack-Signature");
        slackNowMillis = at.toEpochMilli();

        // The success path is what is measured: each SDK must accept its input (the void ones throw otherwise).
        Fixtures.check(stripe(), "stripe-java accepts the request");
        svix();
        standardWebhooks();
        Fixtures.check(slack(), "slack-app-backend accepts the request");
        Fixtures.check(svixHeaders.containsKey("svix-signature"), "svix request uses svix-* headers");
        Fixtures.check(standardWebhooksHeaders.containsKey("webhook-signature"), "webhook-* headers");
    }

    /** stripe-java 33.3.0. */
    @Benchmark
    public boolean stripe() throws SignatureVerificationException {
        return Webhook.Signature.verifyHeader(payload, stripeHeader, Fixtures.STRIPE_SECRET, STRIPE_TOLERANCE_SECONDS);
    }

    /** svix 1.99.1. */
    @Benchmark
    public void svix() throws com.svix.exceptions.WebhookVerificationException {
        svixWebhook.verify(payload, svixHeaders);
    }

    /** standardwebhooks 1.2.0. */
    @Benchmark
    public void standardWebhooks() throws com.standardwebhooks.exceptions.WebhookVerificationException {
        standardWebhook.verify(payload, standardWebhooksHeaders);
    }

    /** slack-app-backend 1.51.0. */
    @Benchmark
    public boolean slack() {
        return slackVerifier.isValid(slackTimestamp, payload, slackSignature, slackNowMillis);
    }
}
