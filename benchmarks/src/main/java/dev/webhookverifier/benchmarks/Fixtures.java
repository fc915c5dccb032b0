package dev.webhookverifier.benchmarks;

import dev.webhookverifier.Provider;
import dev.webhookverifier.Providers;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookSigner;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Inputs shared by every benchmark: the same bodies, secrets and delivery id, so the floor, our verifier and the
 * vendor SDKs all see identical signed content (only the signing time differs between runs).
 */
final class Fixtures {
    /** Standard Webhooks / Svix secret: {@code whsec_} + base64 of 32 random bytes. */
    static final String STANDARD_WEBHOOKS_SECRET =
            "whsec_" + Base64.getEncoder().encodeToString(randomBytes(32, 1));

    /** Stripe secret: the whole {@code whsec_...} text is the key. */
    static final String STRIPE_SECRET = "whsec_" + randomText(32, 2);

    /** Slack signing secret: 32 lower-case hex digits, used as text. */
    static final String SLACK_SECRET = randomHex(32, 3);

    /** The delivery id Standard Webhooks and Svix sign. */
    static final String DELIVERY_ID = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";

    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private Fixtures() {}

    /** A JSON-shaped ASCII body of exactly {@code size} bytes, the same for every benchmark. */
    static byte[] body(int size) {
        byte[] head = "{\"type\":\"invoice.paid\",\"data\":\"".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\"}".getBytes(StandardCharsets.US_ASCII);
        if (size < head.length + tail.length) {
            throw new IllegalArgumentException("body size too small: " + size);
        }
        byte[] body = new byte[size];
        System.arraycopy(head, 0, body, 0, head.length);
        Random random = new Random(42);
        for (int i = head.length; i < size - tail.length; i++) {
            body[i] = (byte) ALNUM.charAt(random.nextInt(ALNUM.length()));
        }
        System.arraycopy(tail, 0, body, size - tail.length, tail.length);
        return body;
    }

    /** The current time, whole seconds (every scheme here signs unix seconds). */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    static Clock fixedClock(Instant at) {
        return Clock.fixed(at, ZoneOffset.UTC);
    }

    static WebhookSecret secretFor(Provider provider) {
        String value;
        if (provider == Providers.stripe()) {
            value = STRIPE_SECRET;
        } else if (provider == Providers.slack()) {
            value = SLACK_SECRET;
        } else {
            value = STANDARD_WEBHOOKS_SECRET;
        }
        return WebhookSecret.of("bench", value);
    }

    /** A request signed by our signer for {@code provider}, with {@link #DELIVERY_ID} and time {@code at}. */
    static WebhookRequest sign(Provider provider, byte[] body, Instant at) {
        WebhookSigner signer = WebhookSigner.of(provider, secretFor(provider), fixedClock(at));
        return signer.sign(WebhookRequest.builder().body(body).build(), DELIVERY_ID, at);
    }

    /** The signature headers of a signed request as an ordered name/value map (one value each). */
    static Map<String, String> headers(WebhookRequest signed) {
        Map<String, String> out = new LinkedHashMap<>();
        signed.headers().forEach((name, values) -> {
            if (values.size() != 1) {
                throw new IllegalStateException("expected one value for " + name);
            }
            out.put(name, values.get(0));
        });
        return out;
    }

    /** The same headers in the {@code Map<String, List<String>>} shape the Svix / Standard Webhooks SDKs take. */
    static Map<String, List<String>> multiHeaders(WebhookRequest signed) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        headers(signed).forEach((name, value) -> out.put(name, List.of(value)));
        return out;
    }

    /** Name/value pairs as two parallel arrays, for building a request per operation. */
    static String[][] headerArrays(WebhookRequest signed) {
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        headers(signed).forEach((name, value) -> {
            names.add(name);
            values.add(value);
        });
        return new String[][] {names.toArray(String[]::new), values.toArray(String[]::new)};
    }

    static String header(WebhookRequest signed, String name) {
        return signed.firstHeader(name).orElseThrow(() -> new IllegalStateException("signer sent no " + name));
    }

    static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("benchmark setup check failed: " + what);
        }
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String randomText(int n, long seed) {
        Random random = new Random(seed);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(ALNUM.charAt(random.nextInt(ALNUM.length())));
        }
        return sb.toString();
    }

    private static String randomHex(int n, long seed) {
        Random random = new Random(seed);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(Character.forDigit(random.nextInt(16), 16));
        }
        return sb.toString();
    }
}
