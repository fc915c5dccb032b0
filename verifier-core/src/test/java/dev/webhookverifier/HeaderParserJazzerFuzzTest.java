package dev.webhookverifier;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzzing of the header parsers with Jazzer. In a normal build this runs in regression mode
 * (the inputs under {@code src/test/resources/.../HeaderParserJazzerFuzzTestInputs/} plus an empty input);
 * {@code JAZZER_FUZZ=1 ./mvnw test -pl verifier-core -Dtest=HeaderParserJazzerFuzzTest -Djazzer.hooks=true} fuzzes for
 * real (the pom turns Jazzer's instrumentation hooks off for the quick regression run).
 *
 * <p>Property: whatever the headers, {@code verify} throws only {@link WebhookVerificationException} and never
 * accepts (no input can carry a valid MAC for a secret the fuzzer does not know).
 */
class HeaderParserJazzerFuzzTest {
    private static final List<HeaderParserFuzzTest.Target> TARGETS =
            HeaderParserFuzzTest.targets().toList();

    @FuzzTest(maxDuration = "30s")
    void verifyWhenFuzzedHeadersThenOnlyTypedRejection(FuzzedDataProvider data) {
        HeaderParserFuzzTest.Target target = TARGETS.get(data.consumeInt(0, TARGETS.size() - 1));
        WebhookRequest forged = target.forged();
        List<String> names = new ArrayList<>(forged.headers().keySet());
        WebhookRequest.Builder b = WebhookRequest.builder();
        for (String name : names) {
            String original = forged.firstHeader(name).orElseThrow();
            switch (data.consumeInt(0, 4)) {
                case 0 -> b.header(name, original);
                case 1 -> b.header(name, data.consumeString(600));
                case 2 -> {
                    // dropped
                }
                case 3 -> {
                    b.header(name, original);
                    b.header(name, data.consumeString(100));
                }
                default -> b.header(name, original + data.consumeString(200));
            }
        }
        b.body(data.consumeRemainingAsBytes());
        WebhookRequest request = b.build();
        try {
            VerifiedDelivery accepted = target.verifier().verify(request);
            throw new AssertionError(target + " accepted a fuzzed request: " + accepted);
        } catch (WebhookVerificationException expected) {
            // the only allowed outcome
        }
    }
}
