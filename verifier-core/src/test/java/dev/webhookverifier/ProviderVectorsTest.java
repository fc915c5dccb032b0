package dev.webhookverifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of the second-wave vector files ({@code vectors/<provider>.json}), each verified by the preset named
 * after the file (HubSpot's legacy variants by {@code hubspot-v1} / {@code hubspot-v2}), with the decision and,
 * where the file names one, the reason it expects. The first-wave files have their own suites.
 */
class ProviderVectorsTest {
    /** File to {total cases, invalid cases}, as published; every case is checked. */
    private static final Map<String, int[]> COVERED = new TreeMap<>(Map.ofEntries(
            Map.entry("asana", new int[] {1, 0}),
            Map.entry("bitbucket", new int[] {1, 0}),
            Map.entry("box", new int[] {1, 0}),
            Map.entry("calendly", new int[] {1, 0}),
            Map.entry("coinbase-commerce", new int[] {1, 0}),
            Map.entry("contentful", new int[] {2, 0}),
            Map.entry("discord", new int[] {1, 0}),
            Map.entry("docusign", new int[] {1, 0}),
            Map.entry("dropbox", new int[] {2, 0}),
            Map.entry("hubspot", new int[] {6, 0}),
            Map.entry("intercom", new int[] {1, 0}),
            Map.entry("linear", new int[] {2, 0}),
            Map.entry("meta", new int[] {2, 0}),
            Map.entry("mollie", new int[] {1, 0}),
            Map.entry("notion", new int[] {1, 0}),
            Map.entry("paddle", new int[] {9, 4}),
            Map.entry("pagerduty", new int[] {4, 1}),
            Map.entry("paystack", new int[] {1, 0}),
            Map.entry("quickbooks", new int[] {1, 0}),
            Map.entry("razorpay", new int[] {4, 1}),
            Map.entry("sanity", new int[] {8, 4}),
            Map.entry("sendgrid", new int[] {6, 5}),
            Map.entry("sentry", new int[] {1, 0}),
            Map.entry("square", new int[] {3, 0}),
            Map.entry("trello", new int[] {1, 0}),
            Map.entry("twilio", new int[] {20, 4}),
            Map.entry("twitch", new int[] {3, 0}),
            Map.entry("typeform", new int[] {1, 0}),
            Map.entry("vercel", new int[] {1, 0}),
            Map.entry("webflow", new int[] {1, 0}),
            Map.entry("xero", new int[] {1, 0}),
            Map.entry("zendesk", new int[] {4, 2}),
            Map.entry("zoom", new int[] {2, 0})));

    /** Cases that are not a request to verify. */
    private static final Map<String, String> NOT_A_REQUEST = Map.of(
            "zoom/DV-8",
            "the endpoint.url_validation handshake answer, computed from a field of the JSON body: checked by"
                    + " verifier-json's ZoomUrlValidationVectorsTest through JsonHandshakes.zoomUrlValidation()");

    /** Files whose schemes read fields inside a JSON body: checked in verifier-json (core parses no JSON). */
    private static final Map<String, String> LEFT_TO_JSON_MODULE = Map.of(
            "adyen", "HMAC over fields of each NotificationRequestItem",
            "mailgun", "signature, timestamp and token inside the JSON body",
            "netlify", "a JWS whose claims (iss, sha256 of the body) are JSON");

    /** First-wave files with their own suites. */
    private static final Set<String> FIRST_WAVE =
            Set.of("standard-webhooks", "svix", "stripe", "github", "slack", "shopify");

    static Stream<Arguments> cases() {
        return COVERED.keySet().stream()
                .flatMap(file -> VectorCases.load(file).stream())
                .filter(c -> !NOT_A_REQUEST.containsKey(c.file() + "/" + c.name()))
                .map(c -> Arguments.argumentSet(c.file() + "/" + c.name(), c));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void verifyWhenVectorThenDecisionAndReasonAsPublished(VectorCases.Case vector) {
        vector.check();
    }

    @Test
    void loadWhenFilesReadThenEveryCaseIsPresent() {
        COVERED.forEach((file, counts) -> {
            assertThat(VectorCases.load(file)).as(file).hasSize(counts[0]);
            assertThat(VectorCases.load(file))
                    .as(file)
                    .filteredOn(c -> !c.valid())
                    .hasSize(counts[1]);
        });
    }

    @Test
    void vectorsWhenListedThenEveryFileIsCoveredOrLeftWithAReason() throws IOException, URISyntaxException {
        Set<String> files;
        try (Stream<Path> list = Files.list(
                Path.of(ProviderVectorsTest.class.getResource("/vectors").toURI()))) {
            files = list.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - ".json".length()))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> accounted = new TreeSet<>(COVERED.keySet());
        accounted.addAll(LEFT_TO_JSON_MODULE.keySet());
        accounted.addAll(FIRST_WAVE);

        assertThat(files).containsExactlyInAnyOrderElementsOf(accounted);
        for (String file : COVERED.keySet()) {
            assertThat(Providers.ids()).as(file).contains(file);
        }
    }
}
