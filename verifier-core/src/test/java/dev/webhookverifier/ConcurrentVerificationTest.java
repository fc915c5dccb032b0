package dev.webhookverifier;

import static dev.webhookverifier.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookverifier.Fixtures.Preset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One shared verifier under many threads: every genuine request passes and every forged one fails, so no Mac
 * state leaks between threads or requests.
 */
class ConcurrentVerificationTest {
    private static final int THREADS = 12;
    private static final int REQUESTS_PER_THREAD = 400;

    private record Case(WebhookRequest request, boolean valid, String secretId) {}

    @ParameterizedTest
    @EnumSource(Preset.class)
    void verifyWhenHammeredByManyThreadsThenEveryDecisionIsRight(Preset preset) throws Exception {
        WebhookVerifier verifier = WebhookVerifier.builder(preset.provider())
                .secrets(WebhookSecret.of("new", preset.secret), WebhookSecret.of("old", preset.otherSecret))
                .clock(Fixtures.CLOCK)
                .build();
        WebhookSigner newSigner = WebhookSigner.of(preset.provider(), WebhookSecret.of("n", preset.secret));
        WebhookSigner oldSigner = WebhookSigner.of(preset.provider(), WebhookSecret.of("o", preset.otherSecret));
        WebhookSigner stranger = WebhookSigner.of(
                preset.provider(),
                WebhookSecret.of(
                        "x",
                        preset == Preset.STANDARD_WEBHOOKS || preset == Preset.SVIX
                                ? Fixtures.standardWebhooksSecret(77)
                                : "whsec_stranger-secret-value-77"));

        Random random = new Random(42);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            byte[] body = new byte[random.nextInt(2048)];
            random.nextBytes(body);
            WebhookRequest unsigned = WebhookRequest.builder().body(body).build();
            String id = "msg_" + i;
            switch (i % 6) {
                case 0, 1 -> cases.add(new Case(newSigner.sign(unsigned, id, NOW), true, "new"));
                case 2 -> cases.add(new Case(oldSigner.sign(unsigned, id, NOW), true, "old"));
                case 3 -> cases.add(new Case(stranger.sign(unsigned, id, NOW), false, null));
                case 4 -> {
                    WebhookRequest signed = newSigner.sign(unsigned, id, NOW);
                    byte[] tampered = java.util.Arrays.copyOf(body, body.length + 1);
                    cases.add(new Case(Fixtures.withBody(signed, tampered), false, null));
                }
                default -> {
                    WebhookRequest signed = newSigner.sign(unsigned, id, NOW);
                    cases.add(new Case(Fixtures.withoutHeader(signed, preset.signatureHeader), false, null));
                }
            }
        }

        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                List<Case> mine = new ArrayList<>(cases);
                Collections.shuffle(mine, new Random(t));
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int n = 0; n < REQUESTS_PER_THREAD; n++) {
                        Case c = mine.get(n % mine.size());
                        try {
                            VerifiedDelivery d = verifier.verify(c.request());
                            if (!c.valid()) {
                                errors.add("accepted an invalid request #" + n);
                            } else if (!d.secretId().equals(c.secretId())) {
                                errors.add("wrong secret id " + d.secretId() + " for #" + n);
                            } else if (d.bodyLength() != c.request().bodyLength()) {
                                errors.add("wrong body for #" + n);
                            }
                        } catch (WebhookVerificationException e) {
                            if (c.valid()) {
                                errors.add("rejected a valid request #" + n + ": " + e.getMessage());
                            }
                        } catch (RuntimeException e) {
                            errors.add("unexpected " + e);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(errors).isEmpty();
    }
}
