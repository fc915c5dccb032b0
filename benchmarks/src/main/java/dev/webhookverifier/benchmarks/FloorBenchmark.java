package dev.webhookverifier.benchmarks;

import dev.webhookverifier.Providers;
import dev.webhookverifier.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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
 * The floor (TOOLCHAIN §8, DESIGN §6): a bare JCE HMAC-SHA256 over exactly the content each scheme signs. A
 * key-initialised {@link Mac} prototype is cloned per call, fed {@code prefix} then {@code body}, and the result is
 * compared with {@link MessageDigest#isEqual} against the expected signature, decoded once in setup. No header
 * parsing, no timestamp check, no result object: whatever a verifier does beyond this is its overhead.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 2,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class FloorBenchmark {
    @Param({"1024", "65536", "1048576"})
    public int size;

    private byte[] body;

    private Mac standardWebhooksMac;
    private byte[] standardWebhooksPrefix;
    private byte[] standardWebhooksExpected;

    private Mac stripeMac;
    private byte[] stripePrefix;
    private byte[] stripeExpected;

    private Mac slackMac;
    private byte[] slackPrefix;
    private byte[] slackExpected;

    @Setup
    public void setup() throws GeneralSecurityException {
        body = Fixtures.body(size);
        Instant at = Fixtures.now();
        String t = Long.toString(at.getEpochSecond());

        // Expected signatures come from our signer's headers: a setup check below proves the floor computes the
        // same bytes, so floor, verifier and SDKs provably work on the same signed content.
        WebhookRequest sw = Fixtures.sign(Providers.standardWebhooks(), body, at);
        standardWebhooksMac =
                mac(Base64.getDecoder().decode(Fixtures.STANDARD_WEBHOOKS_SECRET.substring("whsec_".length())));
        standardWebhooksPrefix = (Fixtures.DELIVERY_ID + "." + t + ".").getBytes(StandardCharsets.US_ASCII);
        standardWebhooksExpected = Base64.getDecoder()
                .decode(Fixtures.header(sw, "webhook-signature").substring("v1,".length()));

        WebhookRequest stripe = Fixtures.sign(Providers.stripe(), body, at);
        stripeMac = mac(Fixtures.STRIPE_SECRET.getBytes(StandardCharsets.UTF_8));
        stripePrefix = (t + ".").getBytes(StandardCharsets.US_ASCII);
        String stripeHeader = Fixtures.header(stripe, "Stripe-Signature");
        stripeExpected = HexFormat.of().parseHex(stripeHeader.substring(stripeHeader.indexOf(",v1=") + 4));

        WebhookRequest slack = Fixtures.sign(Providers.slack(), body, at);
        slackMac = mac(Fixtures.SLACK_SECRET.getBytes(StandardCharsets.UTF_8));
        slackPrefix = ("v0:" + t + ":").getBytes(StandardCharsets.US_ASCII);
        slackExpected = HexFormat.of()
                .parseHex(Fixtures.header(slack, "X-Slack-Signature").substring("v0=".length()));

        Fixtures.check(standardWebhooks(), "floor standard-webhooks matches");
        Fixtures.check(stripe(), "floor stripe matches");
        Fixtures.check(slack(), "floor slack matches");
    }

    private static Mac mac(byte[] key) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac;
    }

    private static boolean hmac(Mac prototype, byte[] prefix, byte[] body, byte[] expected) {
        Mac mac;
        try {
            mac = (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
        mac.update(prefix);
        mac.update(body);
        return MessageDigest.isEqual(mac.doFinal(), expected);
    }

    /** {@code id.timestamp.body}: what Standard Webhooks and Svix sign. */
    @Benchmark
    public boolean standardWebhooks() {
        return hmac(standardWebhooksMac, standardWebhooksPrefix, body, standardWebhooksExpected);
    }

    /** {@code t.body}: what Stripe signs. */
    @Benchmark
    public boolean stripe() {
        return hmac(stripeMac, stripePrefix, body, stripeExpected);
    }

    /** {@code v0:timestamp:body}: what Slack signs. */
    @Benchmark
    public boolean slack() {
        return hmac(slackMac, slackPrefix, body, slackExpected);
    }
}
