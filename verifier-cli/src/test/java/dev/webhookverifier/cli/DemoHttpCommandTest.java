package dev.webhookverifier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code demo --http}: the servlet-jetty sample in-process, attacked over HTTP. */
class DemoHttpCommandTest {
    private static final List<String> ENDPOINTS = List.of("stripe", "github", "slack", "standard-webhooks");
    private static final List<String> CASES = List.of(
            "genuine",
            "tampered body",
            "wrong secret",
            "stale (10 min old)",
            "future-dated (10 min ahead)",
            "garbled signature header",
            "replayed: first delivery",
            "replayed: duplicate");

    @Test
    void everyStatusAsExpected() {
        CliRun run = CliRun.run(null, "demo", "--http");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out())
                .contains("Started the servlet-jetty sample receiver")
                .contains("30 requests, every status as expected")
                .doesNotContain("UNEXPECTED")
                .doesNotContain("whsec_");
        List<String> rows =
                run.outLines().stream().filter(l -> l.startsWith("/webhooks/")).toList();
        assertThat(rows).hasSize(ENDPOINTS.size() * CASES.size());
        for (String endpoint : ENDPOINTS) {
            for (String name : CASES) {
                String row = rows.get(ENDPOINTS.indexOf(endpoint) * CASES.size() + CASES.indexOf(name));
                List<String> cells = List.of(row.split("\\s*\\|\\s*"));
                assertThat(cells.get(0)).isEqualTo("/webhooks/" + endpoint);
                assertThat(cells.get(1)).isEqualTo(name);
                boolean noTimestamp = endpoint.equals("github") && name.contains("10 min");
                String expected = noTimestamp
                        ? "n/a"
                        : switch (name) {
                            case "genuine", "replayed: first delivery" -> "204";
                            case "replayed: duplicate" -> "200";
                            default -> "401";
                        };
                assertThat(cells.get(2)).as(row).isEqualTo(expected);
                assertThat(cells.get(4)).as(row).isEqualTo(noTimestamp ? "-" : expected.equals("204") ? "yes" : "no");
            }
        }
        assertThat(run.out())
                .contains("SIGNATURE_MISMATCH")
                .contains("TIMESTAMP_TOO_OLD")
                .contains("MALFORMED_HEADER")
                .contains("REPLAYED (acknowledged)");
    }

    @Test
    void portWithoutHttpIsAUsageError() {
        CliRun run = CliRun.run(null, "demo", "--port", "8080");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--port needs --http");
    }

    @Test
    void portInUseIsAUsageError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            CliRun run = CliRun.run(null, "demo", "--http", "--port", Integer.toString(taken.getLocalPort()));

            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("cannot start the receiver on port " + taken.getLocalPort());
        }
    }
}
