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
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared vectors of the JSON-body presets (verifier-json, found by {@code Providers.byId} through its
 * ServiceLoader hook) through {@code verify-batch}: mailgun, adyen (both variants), netlify, linear.
 */
class VerifyBatchJsonPresetsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long FIXED_NOW = 1_767_229_219L;

    record Case(String id, boolean valid, String reason, String line) {}

    @Test
    void everyJsonPresetVectorGetsItsExpectedVerdict(@TempDir Path dir) throws IOException {
        List<Case> cases = new ArrayList<>();
        for (String file : List.of("mailgun", "adyen", "netlify", "linear")) {
            JsonNode root = JSON.readTree(Path.of(System.getProperty("webhookverifier.vectors.dir"), file + ".json")
                    .toFile());
            for (JsonNode c : root.get("cases")) {
                String id = file + "/" + c.get("name").asText();
                String provider =
                        "hmac-signature-header".equals(c.path("variant").asText()) ? "adyen-hmac-signature" : file;
                ObjectNode line = JSON.createObjectNode();
                line.put("id", id);
                line.put("provider", provider);
                line.put(
                        "secret",
                        c.has("secret")
                                ? c.get("secret").asText()
                                : c.get("key_hex").asText());
                ObjectNode request = line.putObject("request");
                request.put("method", c.path("method").asText("POST"));
                request.set("headers", c.get("headers"));
                request.put(
                        "body_base64",
                        java.util.Base64.getEncoder()
                                .encodeToString(c.get("body").asText().getBytes(StandardCharsets.UTF_8)));
                request.put(
                        "received_at_epoch_seconds", c.path("now_epoch_seconds").asLong(FIXED_NOW));
                cases.add(new Case(
                        id,
                        c.get("expect").asText().equals("valid"),
                        c.hasNonNull("expect_reason") ? c.get("expect_reason").asText() : null,
                        JSON.writeValueAsString(line)));
            }
        }
        assertThat(cases).hasSizeGreaterThanOrEqualTo(9);
        Path input = dir.resolve("json-presets.jsonl");
        Files.write(input, cases.stream().map(Case::line).toList(), StandardCharsets.UTF_8);

        CliRun run = CliRun.run(null, "verify-batch", input.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.outLines();
        assertThat(lines).hasSameSizeAs(cases);
        SoftAssertions soft = new SoftAssertions();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            JsonNode out = JSON.readTree(lines.get(i));
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
    }
}
