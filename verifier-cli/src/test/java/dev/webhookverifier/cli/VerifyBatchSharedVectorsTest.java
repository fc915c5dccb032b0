package dev.webhookverifier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeds the shared vectors of the first-wave providers (and Paddle's, whose PA-2 needs a {@code secrets} ring)
 * through {@code verify-batch} as DESIGN §5 contract lines
 * and checks every verdict against the case's {@code expect} and {@code expect_reason}.
 */
class VerifyBatchSharedVectorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FIRST_WAVE =
            List.of("standard-webhooks", "svix", "stripe", "github", "slack", "shopify");

    /** Receiver clock for cases of schemes without a timestamp (no {@code now_epoch_seconds}). */
    private static final long FIXED_NOW = 1_767_229_219L;

    /** A vector case and its contract line. */
    record Case(String id, boolean valid, String reason, String line) {}

    @Test
    void everyFirstWaveVectorGetsItsExpectedVerdict(@TempDir Path dir) throws IOException {
        List<Case> cases = new ArrayList<>();
        for (String provider : FIRST_WAVE) {
            cases.addAll(load(provider));
        }
        assertThat(cases).hasSizeGreaterThanOrEqualTo(30);
        Path input = dir.resolve("vectors.jsonl");
        Files.write(input, cases.stream().map(Case::line).toList(), StandardCharsets.UTF_8);

        CliRun run = CliRun.run(null, "verify-batch", input.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.outLines();
        assertThat(lines).hasSameSizeAs(cases);
        SoftAssertions soft = new SoftAssertions();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            JsonNode out = JSON.readTree(lines.get(i));
            soft.assertThat(out.path("id").asText()).as("line %d id", i).isEqualTo(c.id());
            soft.assertThat(out.has("error"))
                    .as(c.id() + " error: " + out.path("error"))
                    .isFalse();
            soft.assertThat(out.path("valid").asBoolean()).as(c.id() + " valid").isEqualTo(c.valid());
            if (c.valid()) {
                soft.assertThat(out.get("reason").isNull())
                        .as(c.id() + " reason")
                        .isTrue();
            } else if (c.reason() != null) {
                soft.assertThat(out.path("reason").asText())
                        .as(c.id() + " reason")
                        .isEqualTo(c.reason());
            }
        }
        soft.assertAll();
    }

    @Test
    void paddleVectorsIncludingTheSecretsRingOfPa2GetTheirExpectedVerdicts(@TempDir Path dir) throws IOException {
        List<Case> cases = load("paddle");
        Path input = Files.write(
                dir.resolve("paddle.jsonl"), cases.stream().map(Case::line).toList(), StandardCharsets.UTF_8);

        CliRun run = CliRun.run(null, "verify-batch", input.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.outLines();
        assertThat(lines).hasSameSizeAs(cases);
        boolean sawRing = false;
        SoftAssertions soft = new SoftAssertions();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            JsonNode out = JSON.readTree(lines.get(i));
            sawRing |= c.line().contains("\"secrets\"");
            soft.assertThat(out.has("error"))
                    .as(c.id() + " error: " + out.path("error"))
                    .isFalse();
            soft.assertThat(out.path("valid").asBoolean()).as(c.id() + " valid").isEqualTo(c.valid());
            if (!c.valid() && c.reason() != null) {
                soft.assertThat(out.path("reason").asText())
                        .as(c.id() + " reason")
                        .isEqualTo(c.reason());
            }
        }
        soft.assertAll();
        assertThat(sawRing)
                .as("paddle.json has a case with a secrets ring (PA-2)")
                .isTrue();
        int pa2 = cases.stream().map(Case::id).toList().indexOf("paddle/PA-2");
        assertThat(pa2).as("PA-2 is in paddle.json").isNotNegative();
        assertThat(lines.get(pa2)).isEqualTo("{\"id\":\"paddle/PA-2\",\"valid\":true,\"reason\":null}");
    }

    @Test
    void standardInputGivesTheSameOutputAsAFile(@TempDir Path dir) throws IOException {
        List<Case> cases = load("standard-webhooks");
        String jsonl = String.join("\n", cases.stream().map(Case::line).toList()) + "\n";
        Path input = Files.writeString(dir.resolve("sw.jsonl"), jsonl);

        CliRun fromFile = CliRun.run(null, "verify-batch", input.toString());
        CliRun fromStdin = CliRun.run(jsonl, "verify-batch");

        assertThat(fromStdin.exitCode()).isZero();
        assertThat(fromStdin.out()).isEqualTo(fromFile.out());
        assertThat(fromStdin.outLines()).hasSize(cases.size());
    }

    private static List<Case> load(String provider) throws IOException {
        Path file = vectorsDir().resolve(provider + ".json");
        JsonNode root = JSON.readTree(file.toFile());
        List<Case> cases = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            String id = provider + "/" + c.get("name").asText();
            cases.add(new Case(
                    id,
                    c.get("expect").asText().equals("valid"),
                    c.hasNonNull("expect_reason") ? c.get("expect_reason").asText() : null,
                    contractLine(id, provider, c)));
        }
        return cases;
    }

    /** The DESIGN §5 input line for one vector case. */
    private static String contractLine(String id, String provider, JsonNode c) throws IOException {
        ObjectNode line = JSON.createObjectNode();
        line.put("id", id);
        line.put("provider", provider);
        if (c.has("secret")) {
            line.put("secret", c.get("secret").asText());
        } else if (c.has("secrets")) {
            line.set("secrets", c.get("secrets"));
        } else {
            line.put("public_key", c.get("public_key").asText());
        }
        if (c.has("tolerance_seconds")) {
            line.put("tolerance_seconds", c.get("tolerance_seconds").asLong());
        }
        ObjectNode request = line.putObject("request");
        request.put("method", c.path("method").asText("POST"));
        if (c.has("url")) {
            request.put("url", c.get("url").asText());
        }
        request.set("headers", c.get("headers"));
        byte[] body = c.has("body_base64")
                ? Base64.getDecoder().decode(c.get("body_base64").asText())
                : c.path("body").asText("").getBytes(StandardCharsets.UTF_8);
        request.put("body_base64", Base64.getEncoder().encodeToString(body));
        request.put("received_at_epoch_seconds", c.path("now_epoch_seconds").asLong(FIXED_NOW));
        return JSON.writeValueAsString(line);
    }

    private static Path vectorsDir() {
        String dir = System.getProperty("webhookverifier.vectors.dir");
        assertThat(dir)
                .as("system property webhookverifier.vectors.dir (set by surefire)")
                .isNotNull();
        return Path.of(dir);
    }
}
