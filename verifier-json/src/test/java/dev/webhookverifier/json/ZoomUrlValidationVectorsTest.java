package dev.webhookverifier.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.webhookverifier.HandshakeAnswer;
import dev.webhookverifier.Providers;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookSigner;
import dev.webhookverifier.WebhookVerifier;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shared vector {@code zoom.json} case {@code DV-8} (variant {@code url-validation}): a signed {@code
 * endpoint.url_validation} probe carrying its {@code plain_token} is answered with exactly its {@code
 * expected_response}.
 */
class ZoomUrlValidationVectorsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void dv8WhenProbeSignedWithTheVectorSecretThenAnswerIsTheExpectedResponse() throws Exception {
        JsonNode root =
                JSON.readTree(JsonVectorsTest.vectorsDir().resolve("zoom.json").toFile());
        JsonNode c = null;
        for (JsonNode n : root.get("cases")) {
            if (n.get("name").asText().equals("DV-8")) {
                c = n;
            }
        }
        assertThat(c).as("zoom.json has DV-8").isNotNull();
        assertThat(c.get("variant").asText()).isEqualTo("url-validation");
        assertThat(c.get("expect").asText()).isEqualTo("valid");
        String secret = c.get("secret").asText();
        String plainToken = c.get("plain_token").asText();
        JsonNode expected = c.get("expected_response");

        Instant now = Instant.ofEpochSecond(1_700_000_000L);
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        ObjectNode body = JSON.createObjectNode();
        body.putObject("payload").put("plainToken", plainToken);
        body.put("event_ts", now.toEpochMilli());
        body.put("event", "endpoint.url_validation");
        WebhookRequest probe = WebhookSigner.of(Providers.zoom(), WebhookSecret.of("k", secret), clock)
                .sign(JSON.writeValueAsBytes(body));
        WebhookVerifier verifier = WebhookVerifier.builder(Providers.zoom())
                .secrets(WebhookSecret.of("k", secret))
                .allowWeakSecrets()
                .clock(clock)
                .handshakes(JsonHandshakes.zoomUrlValidation())
                .build();

        HandshakeAnswer answer = verifier.answerHandshake(probe).orElseThrow();

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).isEqualTo(HandshakeAnswer.APPLICATION_JSON);
        JsonNode actual = JSON.readTree(answer.body());
        assertThat(actual).isEqualTo(expected);
        List<String> names = new ArrayList<>();
        actual.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("plainToken", "encryptedToken");
    }
}
