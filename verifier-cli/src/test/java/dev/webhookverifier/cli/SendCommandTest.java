package dev.webhookverifier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.webhookverifier.samples.jetty.JettyWebhookReceiver;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code send} against the servlet-jetty sample receiver running in this JVM on a free port. */
class SendCommandTest {
    private static final String STRIPE_SECRET = JettyWebhookReceiver.DEMO_SECRETS.get("STRIPE_WEBHOOK_SECRET");

    static JettyWebhookReceiver receiver;

    @BeforeAll
    static void start() throws Exception {
        receiver = JettyWebhookReceiver.start(0, Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        receiver.close();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + receiver.port() + "/webhooks/" + path;
    }

    /**
     * A body of its own: Stripe signs no delivery id, so the receiver (shared by these tests) would take the same
     * body signed in the same second for a duplicate.
     */
    private static String uniqueBody() {
        return "{\"type\":\"invoice.paid\",\"amount\":100,\"id\":\"evt_"
                + UUID.randomUUID().toString().replace("-", "") + "\"}";
    }

    private static CliRun sendStripe(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "send", url("stripe"), "--provider", "stripe", "--secret", STRIPE_SECRET, "--data", uniqueBody()));
        args.addAll(List.of(extra));
        return CliRun.run(null, args.toArray(String[]::new));
    }

    @ParameterizedTest
    @CsvSource({
        "stripe, stripe, STRIPE_WEBHOOK_SECRET",
        "github, github, GITHUB_WEBHOOK_SECRET",
        "slack, slack, SLACK_SIGNING_SECRET",
        "standard-webhooks, standard-webhooks, STANDARD_WEBHOOKS_SECRET"
    })
    void genuineDeliveryIsAccepted(String path, String provider, String secretVariable) {
        CliRun run = CliRun.run(
                uniqueBody(),
                Map.of(secretVariable, JettyWebhookReceiver.DEMO_SECRETS.get(secretVariable)),
                java.time.Clock.systemUTC(),
                "send",
                url(path),
                "--provider",
                provider,
                "--secret-env",
                secretVariable);

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.outLines()).hasSize(3);
        assertThat(run.outLines().get(0)).startsWith("POST " + url(path) + "  (" + provider + ", ");
        assertThat(run.outLines().get(1)).startsWith("#1   signed").endsWith("-> 204");
        assertThat(run.outLines().get(2)).isEqualTo("1 request(s): 1 answered 2xx");
        assertThat(run.out() + run.err()).doesNotContain(JettyWebhookReceiver.DEMO_SECRETS.get(secretVariable));
    }

    @Test
    void tamperedDeliveryIsRejectedAndExitsOne() {
        CliRun run = sendStripe("--tamper");

        assertThat(run.exitCode()).isEqualTo(1);
        // the 80-byte body's middle byte 40 is the ':' after "id", flipped to ';'
        assertThat(run.outLines().get(0)).contains("tampered: byte 40 changed from ':' to ';' after signing");
        assertThat(run.outLines().get(1))
                .startsWith("#1   tampered")
                .contains("-> 401  {")
                .contains("Unauthorized");
        assertThat(run.outLines().get(2)).isEqualTo("1 request(s): 0 answered 2xx, 1 answered otherwise");
    }

    @Test
    void staleDeliveryIsRejectedAndExitsOne() {
        CliRun run = sendStripe("--stale");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.outLines().get(1)).startsWith("#1   stale").contains("-> 401");
    }

    @Test
    void staleWithoutSignedTimestampSaysItChangesNothing() {
        CliRun run = CliRun.run(
                null,
                "send",
                url("github"),
                "--provider",
                "github",
                "--secret",
                JettyWebhookReceiver.DEMO_SECRETS.get("GITHUB_WEBHOOK_SECRET"),
                "--data",
                "{\"zen\":\"" + System.nanoTime() + "\"}",
                "--stale");

        assertThat(run.err()).contains("github signs no timestamp, so --stale changes nothing");
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void replayedDeliveryIsAcknowledgedWithoutProcessingAgain() {
        CliRun run = sendStripe("--replay");

        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.outLines().get(1)).startsWith("#1   signed").endsWith("-> 204");
        assertThat(run.outLines().get(2)).startsWith("#1   replay of #1").endsWith("-> 200");
        assertThat(run.outLines().get(3)).isEqualTo("2 request(s): 2 answered 2xx");
    }

    @Test
    void repeatSendsFreshDeliveries() {
        CliRun run = CliRun.run(
                uniqueBody(),
                "send",
                url("standard-webhooks"),
                "--provider",
                "standard-webhooks",
                "--secret",
                JettyWebhookReceiver.DEMO_SECRETS.get("STANDARD_WEBHOOKS_SECRET"),
                "--repeat",
                "3",
                "--replay");

        assertThat(run.exitCode()).as(run.out()).isZero();
        List<String> lines = run.outLines();
        assertThat(lines).hasSize(8);
        for (int n = 1; n <= 3; n++) {
            assertThat(lines.get(2 * n - 1))
                    .startsWith("#" + n + " ")
                    .contains(" signed ")
                    .endsWith("-> 204");
            assertThat(lines.get(2 * n))
                    .startsWith("#" + n + " ")
                    .contains("replay of #" + n)
                    .endsWith("-> 200");
        }
        // each delivery has its own (signed) id, shown on both of its requests
        List<String> ids = lines.subList(1, 7).stream()
                .map(l -> l.replaceAll(".*(msg_[0-9a-f]+).*", "$1"))
                .toList();
        assertThat(ids.get(0)).isEqualTo(ids.get(1)).isNotEqualTo(ids.get(2));
        assertThat(ids.get(2)).isEqualTo(ids.get(3)).isNotEqualTo(ids.get(4));
        assertThat(lines.get(7)).isEqualTo("6 request(s): 6 answered 2xx");
    }

    @Test
    void repeatWithoutSignedDeliveryIdSignsEachInItsOwnSecond() {
        CliRun run = sendStripe("--repeat", "2");

        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.err()).contains("stripe signs no delivery id, so each delivery gets its own signing second");
        assertThat(run.outLines().get(1)).startsWith("#1   signed").endsWith("-> 204");
        assertThat(run.outLines().get(2)).startsWith("#2   signed").endsWith("-> 204");
    }

    @Test
    void repeatOfIdenticalGitHubDeliveriesWarns() {
        CliRun run = CliRun.run(
                null,
                "send",
                url("github"),
                "--provider",
                "github",
                "--secret",
                JettyWebhookReceiver.DEMO_SECRETS.get("GITHUB_WEBHOOK_SECRET"),
                "--data",
                "{\"zen\":\"" + System.nanoTime() + "\"}",
                "--repeat",
                "2");

        assertThat(run.err())
                .contains("github signs no delivery id and no timestamp, so the 2 deliveries are identical");
        assertThat(run.outLines().get(1)).endsWith("-> 204");
        assertThat(run.outLines().get(2)).endsWith("-> 200");
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void jsonLinePerRequest() throws Exception {
        CliRun run = sendStripe("--tamper", "--json");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.outLines()).hasSize(1);
        JsonNode o = Lines.JSON.readTree(run.outLines().get(0));
        assertThat(o.get("delivery").asInt()).isEqualTo(1);
        assertThat(o.get("request").asText()).isEqualTo("tampered");
        assertThat(o.get("status").asInt()).isEqualTo(401);
        assertThat(o.get("body").asText()).contains("Unauthorized");
    }

    @Test
    void wrongSecretIsRejected() {
        CliRun run = CliRun.run(
                null,
                "send",
                url("stripe"),
                "--provider",
                "stripe",
                "--secret",
                "whsec_not_the_receivers_secret_0000",
                "--data",
                uniqueBody());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("-> 401").doesNotContain("whsec_not_the_receivers_secret_0000");
    }

    @Test
    void unreachableReceiverExitsOne() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CliRun run = CliRun.run(
                null,
                "send",
                "http://127.0.0.1:" + port + "/webhooks/stripe",
                "--provider",
                "stripe",
                "--secret",
                STRIPE_SECRET,
                "--data",
                uniqueBody(),
                "--repeat",
                "3");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out())
                .contains("error: cannot connect to 127.0.0.1:" + port)
                .contains("1 request(s): 0 answered 2xx, 1 failed (stopped)");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(sendStripe("--repeat", "0").exitCode()).isEqualTo(2);
        assertThat(sendStripe("--repeat", "2", "--id", "msg_1").exitCode()).isEqualTo(2);
        assertThat(sendStripe("--stale", "--timestamp", "1").exitCode()).isEqualTo(2);
        assertThat(sendStripe("-H", "no colon").exitCode()).isEqualTo(2);
        assertThat(sendStripe("-H", "Host: evil.example").exitCode()).isEqualTo(2);
        assertThat(CliRun.run(null, "send", "not a url", "--provider", "stripe", "--secret", STRIPE_SECRET)
                        .exitCode())
                .isEqualTo(2);
        assertThat(CliRun.run(null, "send", "ftp://x/y", "--provider", "stripe", "--secret", STRIPE_SECRET)
                        .exitCode())
                .isEqualTo(2);
        assertThat(CliRun.run(null, "send", url("stripe"), "--secret", STRIPE_SECRET)
                        .exitCode())
                .isEqualTo(2);
        assertThat(CliRun.run(null, "send", "--provider", "stripe", "--secret", STRIPE_SECRET)
                        .exitCode())
                .isEqualTo(2);
    }
}
