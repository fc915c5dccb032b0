package dev.webhookverifier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every request case of every file in the published vectors (a copy of {@code shared/vectors}) goes through
 * {@code verify-batch} as a DESIGN §5 contract line, in one run, and must get the case's {@code expect} and, where
 * the file names one, its {@code expect_reason}.
 *
 * <p>The one case that is not a request, Zoom's {@code url-validation} answer (DV-8), is checked where handshakes
 * are answered: {@code verifier-json}'s handshake tests.
 */
class VerifyBatchAllVectorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Receiver clock for cases of schemes without a timestamp (no {@code now_epoch_seconds}). */
    private static final long FIXED_NOW = 1_767_229_219L;

    record Case(String id, boolean valid, String reason, String line) {}

    @Test
    void everyRequestVectorInEveryFileGetsItsExpectedVerdict(@TempDir Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(vectorsDir())) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(42);
        List<Case> cases = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            cases.addAll(load(name.substring(0, name.length() - ".json".length())));
        }
        assertThat(cases).hasSizeGreaterThanOrEqualTo(131);

        Path input = dir.resolve("all-vectors.jsonl");
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
                soft.assertThat(out.path("reason").isNull())
                        .as(c.id() + " reason")
                        .isTrue();
            } else if (c.reason() != null) {
                soft.assertThat(out.path("reason").asText())
                        .as(c.id() + " reason")
                        .isEqualTo(c.reason());
            }
        }
        soft.assertAll();
        int pa2 = cases.stream().map(Case::id).toList().indexOf("paddle/PA-2");
        assertThat(cases.get(pa2).line()).as("PA-2 is sent as a secrets ring").contains("\"secrets\":[");
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

    /** The request cases of one vector file as contract lines; the one non-request case is only counted. */
    private static List<Case> load(String fileId) throws IOException {
        List<Case> cases = new ArrayList<>();
        for (JsonNode c :
                JSON.readTree(vectorsDir().resolve(fileId + ".json").toFile()).get("cases")) {
            if (!c.has("headers")) {
                assertThat(fileId + "/" + c.path("variant").asText()).isEqualTo("zoom/url-validation");
                continue;
            }
            cases.add(toCase(fileId, c));
        }
        return cases;
    }

    /** The preset a case's file and variant name (ids as in {@code Providers.byId}). */
    private static String providerId(String fileId, JsonNode c) {
        String variant = c.path("variant").asText("");
        return switch (fileId) {
            case "hubspot" ->
                switch (variant) {
                    case "v1" -> "hubspot-v1";
                    case "v2" -> "hubspot-v2";
                    default -> "hubspot";
                };
            case "adyen" -> variant.equals("hmac-signature-header") ? "adyen-hmac-signature" : "adyen";
            default -> fileId;
        };
    }

    private static Case toCase(String fileId, JsonNode c) throws IOException {
        String id = fileId + "/" + c.get("name").asText();
        ObjectNode line = JSON.createObjectNode();
        line.put("id", id);
        line.put("provider", providerId(fileId, c));
        if (c.has("secrets")) {
            ArrayNode ring = line.putArray("secrets");
            c.get("secrets").forEach(ring::add);
        } else if (c.has("secret")) {
            line.put("secret", c.get("secret").asText());
        } else if (c.has("key_hex")) {
            line.put("secret", c.get("key_hex").asText());
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
        return new Case(
                id,
                c.get("expect").asText().equals("valid"),
                c.hasNonNull("expect_reason") ? c.get("expect_reason").asText() : null,
                JSON.writeValueAsString(line));
    }

    private static Path vectorsDir() {
        String dir = System.getProperty("webhookverifier.vectors.dir");
        assertThat(dir)
                .as("system property webhookverifier.vectors.dir (set by surefire)")
                .isNotNull();
        return Path.of(dir);
    }
}
