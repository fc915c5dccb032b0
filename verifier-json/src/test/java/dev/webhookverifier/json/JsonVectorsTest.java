package dev.webhookverifier.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookverifier.FailureReason;
import dev.webhookverifier.Provider;
import dev.webhookverifier.Providers;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookVerificationException;
import dev.webhookverifier.WebhookVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every case of the shared vector files for the JSON presets gives its expected verdict (and reason). */
class JsonVectorsTest {
    static final List<String> FILES = List.of("mailgun", "adyen", "netlify", "linear", "aws-sns");

    static Path vectorsDir() {
        String dir = System.getProperty("webhookverifier.vectors.dir", "../verifier-core/src/test/resources/vectors");
        return Path.of(dir);
    }

    static Stream<Arguments> cases() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Arguments> out = new ArrayList<>();
        for (String file : FILES) {
            Path p = vectorsDir().resolve(file + ".json");
            if (!Files.exists(p)) {
                continue; // aws-sns has no shared vector file (yet); AwsSnsTest covers it with WireMock
            }
            JsonNode root = json.readTree(p.toFile());
            for (JsonNode c : root.get("cases")) {
                out.add(Arguments.of(file + "/" + c.get("name").asText(), file, c));
            }
        }
        return out.stream();
    }

    @Test
    void theFilesExistAndHoldCases() throws IOException {
        assertThat(cases().count()).isGreaterThanOrEqualTo(9);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void vector(String name, String file, JsonNode c) {
        String variant = text(c, "variant");
        Provider provider = switch (file) {
            case "mailgun" -> JsonProviders.mailgun();
            case "adyen" ->
                "hmac-signature-header".equals(variant) ? JsonProviders.adyenHmacHeader() : JsonProviders.adyen();
            case "netlify" -> JsonProviders.netlify();
            // README: DV-12 has no webhookTimestamp: checked with the body-timestamp check off (core's preset)
            case "linear" ->
                c.get("body").asText().contains("webhookTimestamp") ? JsonProviders.linear() : Providers.linear();
            default -> throw new IllegalArgumentException(file);
        };
        String key = text(c, "secret") != null ? text(c, "secret") : text(c, "key_hex");
        WebhookVerifier.Builder b = WebhookVerifier.builder(provider)
                .secrets(WebhookSecret.of("k", key))
                .allowWeakSecrets();
        if (c.has("now_epoch_seconds")) {
            b.clock(Clock.fixed(Instant.ofEpochSecond(c.get("now_epoch_seconds").asLong()), ZoneOffset.UTC));
        }
        if (c.has("tolerance_seconds")) {
            b.tolerance(Duration.ofSeconds(c.get("tolerance_seconds").asLong()));
        }
        WebhookVerifier verifier = b.build();
        byte[] body = c.has("body_base64")
                ? Base64.getDecoder().decode(c.get("body_base64").asText())
                : c.get("body").asText().getBytes(StandardCharsets.UTF_8);
        WebhookRequest.Builder rb = WebhookRequest.builder()
                .method(c.has("method") ? c.get("method").asText() : "POST")
                .body(body);
        if (c.has("url")) {
            rb.url(c.get("url").asText());
        }
        for (Map.Entry<String, JsonNode> h : c.get("headers").properties()) {
            rb.header(h.getKey(), h.getValue().asText());
        }
        WebhookRequest request = rb.build();
        if ("valid".equals(c.get("expect").asText())) {
            try {
                assertThat(verifier.verify(request).body()).isEqualTo(body);
            } catch (WebhookVerificationException e) {
                throw new AssertionError(name + " should verify: " + e.getMessage(), e);
            }
        } else {
            WebhookVerificationException e =
                    catchThrowableOfType(WebhookVerificationException.class, () -> verifier.verify(request));
            assertThat(e).as(name + " should be rejected").isNotNull();
            if (c.has("expect_reason")) {
                assertThat(e.reason())
                        .as(name)
                        .isEqualTo(FailureReason.valueOf(c.get("expect_reason").asText()));
            }
        }
    }

    private static String text(JsonNode c, String field) {
        return c.has(field) ? c.get(field).asText() : null;
    }
}
