package dev.webhookverifier.cli;

import static dev.webhookverifier.cli.Lines.GITHUB_SECRET;
import static dev.webhookverifier.cli.Lines.SW_SECRET;
import static dev.webhookverifier.cli.Lines.T;
import static dev.webhookverifier.cli.Lines.jsonl;
import static dev.webhookverifier.cli.Lines.line;
import static dev.webhookverifier.cli.Lines.signedHeaders;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.webhookverifier.Providers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerifyBatchCommandTest {
    private final Map<String, String> swHeaders = signedHeaders(Providers.standardWebhooks(), SW_SECRET, "msg_1", T);
    private final String swLine = line("sw", Providers.standardWebhooks(), SW_SECRET, swHeaders, T);
    private final Map<String, String> ghHeaders = signedHeaders(Providers.github(), GITHUB_SECRET, "d-1", T);

    @Test
    void outputsOneCompactLinePerInputLineInOrder() {
        String tampered = swLine.replace("\"sw\"", "\"sw-tampered\"").replace("eyJldmVudCI6InBpbmcifQ==", "e30=");
        CliRun run = CliRun.run(jsonl(swLine, tampered), "verify-batch");

        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines())
                .containsExactly(
                        "{\"id\":\"sw\",\"valid\":true,\"reason\":null}",
                        "{\"id\":\"sw-tampered\",\"valid\":false,\"reason\":\"SIGNATURE_MISMATCH\"}");
    }

    @Test
    void duplicateIsAcceptedWithoutReplayStoreAndReplayedWithIt() {
        String again = swLine.replace("\"sw\"", "\"sw-again\"").replace(":" + T + "}", ":" + (T + 30) + "}");

        CliRun plain = CliRun.run(jsonl(swLine, again), "verify-batch");
        CliRun replay = CliRun.run(jsonl(swLine, again), "verify-batch", "--replay", "memory");

        assertThat(results(plain)).containsExactly("sw:true:null", "sw-again:true:null");
        assertThat(results(replay)).containsExactly("sw:true:null", "sw-again:false:REPLAYED");
    }

    @Test
    void providerWithoutTimestampNeedsRetentionForReplay() {
        String first = line("gh", Providers.github(), GITHUB_SECRET, ghHeaders, T);
        String duplicate = line("gh-again", Providers.github(), GITHUB_SECRET, ghHeaders, T + 60);

        CliRun noRetention = CliRun.run(jsonl(first, duplicate), "verify-batch", "--replay", "memory");
        CliRun withRetention =
                CliRun.run(jsonl(first, duplicate), "verify-batch", "--replay", "memory", "--replay-retention", "1d");

        assertThat(noRetention.exitCode()).isZero();
        List<JsonNode> errors = parse(noRetention);
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).get("id").asText()).isEqualTo("gh");
        assertThat(errors.get(0).get("error").asText()).contains("--replay-retention");
        assertThat(errors.get(0).has("valid")).isFalse();
        assertThat(results(withRetention)).containsExactly("gh:true:null", "gh-again:false:REPLAYED");
    }

    @Test
    void replayStoreFollowsEachLinesReceivedAtClock() {
        String first = line("gh", Providers.github(), GITHUB_SECRET, ghHeaders, T);
        String withinRetention = line("gh-30m", Providers.github(), GITHUB_SECRET, ghHeaders, T + 1800);
        String afterRetention = line("gh-3h", Providers.github(), GITHUB_SECRET, ghHeaders, T + 3 * 3600);

        CliRun run = CliRun.run(
                jsonl(first, withinRetention, afterRetention),
                "verify-batch",
                "--replay",
                "memory",
                "--replay-retention",
                "1h");

        assertThat(results(run)).containsExactly("gh:true:null", "gh-30m:false:REPLAYED", "gh-3h:true:null");
    }

    @Test
    void warnsWhenTimeGoesBackWithReplay() {
        String later = line("gh-later", Providers.github(), GITHUB_SECRET, ghHeaders, T + 3600);
        String earlier = line("gh-earlier", Providers.github(), GITHUB_SECRET, ghHeaders, T);

        CliRun replay =
                CliRun.run(jsonl(later, earlier), "verify-batch", "--replay", "memory", "--replay-retention", "1d");
        CliRun plain = CliRun.run(jsonl(later, earlier), "verify-batch");

        assertThat(results(replay)).containsExactly("gh-later:true:null", "gh-earlier:false:REPLAYED");
        assertThat(replay.err()).contains("warning: line 2").contains("goes back in time");
        assertThat(plain.err()).isEmpty();
    }

    @Test
    void badLinesGiveErrorLinesAndTheRunContinues() {
        String lines = jsonl(
                "{\"id\": \"broken\", \"provider\": ",
                "[1, 2]",
                "{\"id\":\"unknown\",\"provider\":\"nope\",\"secret\":\"s\",\"request\":{}}",
                swLine.replace("\"sw\"", "\"no-secret\"").replace("\"secret\":\"" + SW_SECRET + "\",", ""),
                swLine.replace("\"sw\"", "\"bad-secret\"").replace(SW_SECRET, "v1,whsec_abc"),
                swLine.replace("\"sw\"", "\"no-clock\"").replace(",\"received_at_epoch_seconds\":" + T, ""),
                swLine.replace("\"sw\"", "\"bad-body\"").replace("eyJldmVudCI6InBpbmcifQ==", "%%%"),
                "",
                swLine);

        CliRun run = CliRun.run(lines, "verify-batch");

        assertThat(run.exitCode()).isZero();
        List<JsonNode> out = parse(run);
        assertThat(out).hasSize(8);
        assertThat(out.subList(0, 7)).allSatisfy(o -> {
            assertThat(o.has("error")).as(o.toString()).isTrue();
            assertThat(o.has("valid")).isFalse();
        });
        assertThat(out.get(0).get("id").isNull()).isTrue();
        assertThat(out.get(0).get("error").asText()).startsWith("malformed JSON");
        assertThat(out.get(1).get("error").asText()).contains("JSON object");
        assertThat(out.get(2).get("id").asText()).isEqualTo("unknown");
        assertThat(out.get(2).get("error").asText()).contains("unknown provider 'nope'");
        assertThat(out.get(3).get("error").asText()).contains("secret");
        assertThat(out.get(4).get("id").asText()).isEqualTo("bad-secret");
        assertThat(out.get(4).get("error").asText()).doesNotContain("whsec_abc");
        assertThat(out.get(5).get("error").asText()).contains("received_at_epoch_seconds");
        assertThat(out.get(6).get("error").asText()).contains("body_base64");
        assertThat(results(run).get(7)).isEqualTo("sw:true:null");
    }

    @Test
    void secretsRingWhenAnyOneMatchesThenValidAndWhenNoneMatchesThenMismatch() throws IOException {
        String old = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[24]);
        String other = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        String current = ring(swLine, "ring-current-last", old, SW_SECRET);
        String first = ring(swLine, "ring-current-first", SW_SECRET, old);
        String none = ring(swLine, "ring-none", old, other);

        CliRun run = CliRun.run(jsonl(current, first, none), "verify-batch");

        assertThat(results(run))
                .containsExactly(
                        "ring-current-last:true:null",
                        "ring-current-first:true:null",
                        "ring-none:false:SIGNATURE_MISMATCH");
        assertThat(run.out()).doesNotContain(SW_SECRET).doesNotContain(old).doesNotContain(other);
    }

    @Test
    void secretsRingWhenMalformedOrCombinedThenErrorLineNamingTheField() throws IOException {
        String empty =
                swLine.replace("\"sw\"", "\"empty\"").replace("\"secret\":\"" + SW_SECRET + "\"", "\"secrets\":[]");
        String notStrings = swLine.replace("\"sw\"", "\"numbers\"")
                .replace("\"secret\":\"" + SW_SECRET + "\"", "\"secrets\":[1,2]");
        String both = swLine.replace("\"sw\"", "\"both\"")
                .replace("\"secret\":", "\"secrets\":[\"" + SW_SECRET + "\"],\"secret\":");
        String badMember = ring(swLine, "bad-member", SW_SECRET, "v1,whsec_pasted-whole");

        CliRun run = CliRun.run(jsonl(empty, notStrings, both, badMember), "verify-batch");

        List<String> results = results(run);
        assertThat(results.get(0)).startsWith("empty:error:").contains("\"secrets\" must be a non-empty array");
        assertThat(results.get(1)).startsWith("numbers:error:").contains("\"secrets\" must be a non-empty array");
        assertThat(results.get(2)).startsWith("both:error:").contains("exactly one of");
        assertThat(results.get(3)).startsWith("bad-member:error:").doesNotContain("pasted-whole");
        assertThat(run.out()).doesNotContain(SW_SECRET);
    }

    /** {@code line} with its {@code secret} replaced by a {@code secrets} ring and its id by {@code id}. */
    private static String ring(String line, String id, String... secrets) throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode o =
                (com.fasterxml.jackson.databind.node.ObjectNode) Lines.JSON.readTree(line);
        o.put("id", id);
        o.remove("secret");
        com.fasterxml.jackson.databind.node.ArrayNode ring = o.putArray("secrets");
        for (String secret : secrets) {
            ring.add(secret);
        }
        return Lines.JSON.writeValueAsString(o);
    }

    @Test
    void headerArraysAddEachValue() {
        String sig = swHeaders.get("webhook-signature");
        Map<String, Object> headers = Map.of(
                "webhook-id", "msg_1",
                "webhook-timestamp", List.of(String.valueOf(T)),
                "webhook-signature", List.of(sig));
        Map<String, Object> repeated = Map.of(
                "webhook-id", "msg_1",
                "webhook-timestamp", String.valueOf(T),
                "webhook-signature", List.of(sig, sig));

        CliRun run = CliRun.run(
                jsonl(
                        line("array", Providers.standardWebhooks(), SW_SECRET, headers, T),
                        line("repeated", Providers.standardWebhooks(), SW_SECRET, repeated, T)),
                "verify-batch");

        List<String> results = results(run);
        assertThat(results.get(0)).isEqualTo("array:true:null");
        // the scheme forbids a repeated signature header: two values really reach the verifier
        assertThat(results.get(1)).isEqualTo("repeated:false:MALFORMED_HEADER");
    }

    @Test
    void outputNeverContainsSecretsOrSignatures() {
        String tampered = swLine.replace("eyJldmVudCI6InBpbmcifQ==", "e30=");
        CliRun run = CliRun.run(jsonl(swLine, tampered), "verify-batch", "--replay", "memory");

        assertThat(run.out() + run.err())
                .doesNotContain(SW_SECRET)
                .doesNotContain(SW_SECRET.substring(6))
                .doesNotContain(swHeaders.get("webhook-signature").substring(3));
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(CliRun.run("", "verify-batch", "--replay", "redis").exitCode())
                .isEqualTo(2);
        assertThat(CliRun.run("", "verify-batch", "--replay-retention", "1d").exitCode())
                .isEqualTo(2);
        assertThat(CliRun.run("", "verify-batch", "--replay", "memory", "--replay-retention", "forever")
                        .exitCode())
                .isEqualTo(2);
        CliRun missing = CliRun.run("", "verify-batch", "does-not-exist.jsonl");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file");
    }

    @Test
    void helpMentionsWeakSecrets() {
        CliRun help = CliRun.run("", "verify-batch", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("weak").contains("--replay-retention");
    }

    private static List<JsonNode> parse(CliRun run) {
        return run.outLines().stream()
                .map(l -> {
                    try {
                        return Lines.JSON.readTree(l);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .toList();
    }

    /** Each output line as {@code id:valid:reason}. */
    private static List<String> results(CliRun run) {
        assertThat(run.exitCode()).as(run.err()).isZero();
        return parse(run).stream()
                .map(o -> o.has("error")
                        ? o.get("id").asText() + ":error:" + o.get("error").asText()
                        : o.get("id").asText() + ":" + o.get("valid").asBoolean() + ":"
                                + o.get("reason").asText())
                .toList();
    }
}
