package dev.webhookverifier;

import static dev.webhookverifier.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookverifier.Fixtures.Preset;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The request model: case-insensitive multi-valued headers, raw bytes, a size-capped stream reader. */
class WebhookRequestTest {
    @Test
    void headersWhenNamesDifferInCaseThenOneHeaderWithValuesInOrder() {
        WebhookRequest r = WebhookRequest.builder()
                .header("X-Hub-Signature-256", "a")
                .header("x-hub-signature-256", "b")
                .header("Content-Type", "application/json")
                .build();

        assertThat(r.headerValues("X-HUB-SIGNATURE-256")).containsExactly("a", "b");
        assertThat(r.firstHeader("content-type")).contains("application/json");
        assertThat(r.firstHeader("absent")).isEmpty();
        assertThat(r.headerValues("absent")).isEmpty();
        assertThat(r.headers()).hasSize(2);
        assertThatThrownBy(() -> r.headers().put("X", List.of("y"))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> r.headerValues("Content-Type").add("z"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void ofWhenMapGivenThenEquivalentToBuilder() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Stripe-Signature", List.of("t=1,v1=00"));
        WebhookRequest r = WebhookRequest.of("post", URI.create("https://x.example/h"), headers, utf8("{}"));

        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.url()).contains(URI.create("https://x.example/h"));
        assertThat(r.headerValues("stripe-signature")).containsExactly("t=1,v1=00");
        assertThat(r.body()).isEqualTo(utf8("{}"));
    }

    @Test
    void bodyWhenReadThenCopiesAreReturned() throws IOException {
        WebhookRequest r =
                WebhookRequest.builder().body("h\u00e9", StandardCharsets.UTF_8).build();
        byte[] copy = r.body();
        copy[0] = 'X';

        assertThat(r.body()).isEqualTo(utf8("h\u00e9"));
        assertThat(r.bodyLength()).isEqualTo(3);
        try (InputStream in = r.bodyStream()) {
            assertThat(in.readAllBytes()).isEqualTo(utf8("h\u00e9"));
        }
        assertThat(WebhookRequest.builder().build().bodyLength()).isZero();
        assertThat(WebhookRequest.builder().body((byte[]) null).build().bodyLength())
                .isZero();
    }

    @Test
    void bodyFromStreamWhenWithinLimitThenReadExactly() throws Exception {
        Random random = new Random(3);
        for (int size : new int[] {0, 1, 8191, 8192, 8193, 100_000}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            assertThat(WebhookRequest.builder()
                            .body(new ByteArrayInputStream(data), size)
                            .build()
                            .body())
                    .isEqualTo(data);
            assertThat(WebhookRequest.builder()
                            .body(new ByteArrayInputStream(data), size + 10_000)
                            .build()
                            .body())
                    .isEqualTo(data);
        }
    }

    @Test
    void bodyFromStreamWhenOverLimitThenBodyTooLargeAfterReadingAtMostLimitPlusOne() {
        byte[] data = new byte[50_000];
        CountingStream in = new CountingStream(data);

        assertThatThrownBy(() -> WebhookRequest.builder().body(in, 20_000))
                .isInstanceOf(WebhookVerificationException.class)
                .extracting(e -> ((WebhookVerificationException) e).reason())
                .isEqualTo(FailureReason.BODY_TOO_LARGE);
        assertThat(in.read).isLessThanOrEqualTo(20_001);
        assertThatThrownBy(() -> WebhookRequest.builder().body(new ByteArrayInputStream(new byte[1]), 0))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void bodyFromStreamWhenLimitNegativeThenIllegalArgument() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WebhookRequest.builder().body(new ByteArrayInputStream(new byte[0]), -1));
    }

    @Test
    void verifyWhenBodyReadFromStreamThenSameAsBytes() throws Exception {
        byte[] body = utf8("{\"streamed\":true}");
        WebhookRequest signed = Preset.STRIPE.sign(body);
        WebhookRequest.Builder b = WebhookRequest.builder();
        signed.headers().forEach((n, v) -> v.forEach(x -> b.header(n, x)));
        b.body(new ByteArrayInputStream(body), 1024);

        Fixtures.assertAccepted(Preset.STRIPE.verifier(), b.build());
    }

    @Test
    void deliveryWhenBodyReadThenCopiesAndTextAreReturned() throws Exception {
        byte[] body = utf8("{\"gr\u00fc\u00df\":1}");
        VerifiedDelivery d = Fixtures.assertAccepted(Preset.GITHUB.verifier(), Preset.GITHUB.sign(body));
        byte[] copy = d.body();
        copy[0] = 0;

        assertThat(d.body()).isEqualTo(body);
        assertThat(d.bodyLength()).isEqualTo(body.length);
        assertThat(d.bodyAsString(StandardCharsets.UTF_8)).isEqualTo("{\"gr\u00fc\u00df\":1}");
        try (InputStream in = d.bodyStream()) {
            assertThat(in.readAllBytes()).isEqualTo(body);
        }
    }

    private static final class CountingStream extends ByteArrayInputStream {
        int read;

        CountingStream(byte[] data) {
            super(data);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            int n = super.read(b, off, len);
            if (n > 0) {
                read += n;
            }
            return n;
        }
    }

    @Test
    void bodyFromStreamWhenLimitIsIntegerMaxThenReadsWholeBodyWithoutOverflow() throws Exception {
        byte[] body = utf8("{\"id\":\"evt_1\"}");

        WebhookRequest request = WebhookRequest.builder()
                .body(new ByteArrayInputStream(body), Integer.MAX_VALUE)
                .build();

        assertThat(request.body()).isEqualTo(body);
    }
}
