package dev.webhookverifier.benchmarks;

import dev.webhookverifier.Provider;
import dev.webhookverifier.Providers;
import dev.webhookverifier.VerifiedDelivery;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookVerificationException;
import dev.webhookverifier.WebhookVerifier;
import java.time.Instant;
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
 * Ours: {@link WebhookVerifier#verify(WebhookRequest)} on the success path, with the clock fixed to the signing
 * time and no replay store or listener (DESIGN §6 compares this with {@link FloorBenchmark}).
 *
 * <p>The plain methods verify a request built once in setup. The {@code buildAndVerify*} methods also build the
 * {@link WebhookRequest} (builder, the provider's signature headers, body array handed over without copy) per
 * operation, as an adapter does for each incoming request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 2,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class VerifierBenchmark {
    @Param({"1024", "65536", "1048576"})
    public int size;

    private byte[] body;

    private WebhookVerifier standardWebhooksVerifier;
    private WebhookVerifier svixVerifier;
    private WebhookVerifier stripeVerifier;
    private WebhookVerifier slackVerifier;

    private WebhookRequest standardWebhooksRequest;
    private WebhookRequest svixRequest;
    private WebhookRequest stripeRequest;
    private WebhookRequest slackRequest;

    private String[][] standardWebhooksHeaders;
    private String[][] svixHeaders;
    private String[][] stripeHeaders;
    private String[][] slackHeaders;

    @Setup
    public void setup() throws WebhookVerificationException {
        body = Fixtures.body(size);
        Instant at = Fixtures.now();

        standardWebhooksVerifier = verifier(Providers.standardWebhooks(), at);
        svixVerifier = verifier(Providers.svix(), at);
        stripeVerifier = verifier(Providers.stripe(), at);
        slackVerifier = verifier(Providers.slack(), at);

        standardWebhooksRequest = Fixtures.sign(Providers.standardWebhooks(), body, at);
        svixRequest = Fixtures.sign(Providers.svix(), body, at);
        stripeRequest = Fixtures.sign(Providers.stripe(), body, at);
        slackRequest = Fixtures.sign(Providers.slack(), body, at);

        standardWebhooksHeaders = Fixtures.headerArrays(standardWebhooksRequest);
        svixHeaders = Fixtures.headerArrays(svixRequest);
        stripeHeaders = Fixtures.headerArrays(stripeRequest);
        slackHeaders = Fixtures.headerArrays(slackRequest);

        // The success path is what is measured: every method must verify (verify throws otherwise).
        Fixtures.check(standardWebhooks().bodyLength() == size, "ours standard-webhooks verifies");
        Fixtures.check(svix().bodyLength() == size, "ours svix verifies");
        Fixtures.check(stripe().bodyLength() == size, "ours stripe verifies");
        Fixtures.check(slack().bodyLength() == size, "ours slack verifies");
        Fixtures.check(buildAndVerifyStandardWebhooks().bodyLength() == size, "ours+build standard-webhooks");
        Fixtures.check(buildAndVerifySvix().bodyLength() == size, "ours+build svix");
        Fixtures.check(buildAndVerifyStripe().bodyLength() == size, "ours+build stripe");
        Fixtures.check(buildAndVerifySlack().bodyLength() == size, "ours+build slack");
        Fixtures.check(svixRequest.firstHeader("svix-signature").isPresent(), "svix request uses svix-* headers");
    }

    private static WebhookVerifier verifier(Provider provider, Instant at) {
        return WebhookVerifier.builder(provider)
                .secrets(Fixtures.secretFor(provider))
                .clock(Fixtures.fixedClock(at))
                .build();
    }

    private WebhookRequest build(String[][] headers) {
        WebhookRequest.Builder b = WebhookRequest.builder();
        String[] names = headers[0];
        String[] values = headers[1];
        for (int i = 0; i < names.length; i++) {
            b.header(names[i], values[i]);
        }
        return b.body(body).build();
    }

    @Benchmark
    public VerifiedDelivery standardWebhooks() throws WebhookVerificationException {
        return standardWebhooksVerifier.verify(standardWebhooksRequest);
    }

    @Benchmark
    public VerifiedDelivery svix() throws WebhookVerificationException {
        return svixVerifier.verify(svixRequest);
    }

    @Benchmark
    public VerifiedDelivery stripe() throws WebhookVerificationException {
        return stripeVerifier.verify(stripeRequest);
    }

    @Benchmark
    public VerifiedDelivery slack() throws WebhookVerificationException {
        return slackVerifier.verify(slackRequest);
    }

    @Benchmark
    public VerifiedDelivery buildAndVerifyStandardWebhooks() throws WebhookVerificationException {
        return standardWebhooksVerifier.verify(build(standardWebhooksHeaders));
    }

    @Benchmark
    public VerifiedDelivery buildAndVerifySvix() throws WebhookVerificationException {
        return svixVerifier.verify(build(svixHeaders));
    }

    @Benchmark
    public VerifiedDelivery buildAndVerifyStripe() throws WebhookVerificationException {
        return stripeVerifier.verify(build(stripeHeaders));
    }

    @Benchmark
    public VerifiedDelivery buildAndVerifySlack() throws WebhookVerificationException {
        return slackVerifier.verify(build(slackHeaders));
    }
}
