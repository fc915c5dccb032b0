package dev.webhookverifier.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.webhookverifier.Provider;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookSigner;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;

/** Signed requests and {@code verify-batch} input lines for tests. */
final class Lines {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SW_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String GITHUB_SECRET = "github-test-secret-0123456789";
    static final long T = 1_767_229_219L;
    static final byte[] BODY = "{\"event\":\"ping\"}".getBytes(StandardCharsets.UTF_8);

    private Lines() {}

    /** The signature headers of {@link #BODY}, signed at {@code signedAt}. */
    static Map<String, String> signedHeaders(Provider provider, String secret, String deliveryId, long signedAt) {
        WebhookSigner signer = WebhookSigner.of(
                provider,
                WebhookSecret.of("test", secret),
                Clock.fixed(Instant.ofEpochSecond(signedAt), ZoneOffset.UTC));
        return signer.headers(
                WebhookRequest.builder().body(BODY.clone()).build(), deliveryId, Instant.ofEpochSecond(signedAt));
    }

    /** A contract line for {@link #BODY} with the given headers, received at {@code receivedAt}. */
    static String line(String id, Provider provider, String secret, Map<String, ?> headers, long receivedAt) {
        ObjectNode line = JSON.createObjectNode();
        line.put("id", id);
        line.put("provider", provider.id());
        line.put("secret", secret);
        ObjectNode request = line.putObject("request");
        request.put("method", "POST");
        request.set("headers", JSON.valueToTree(headers));
        request.put("body_base64", Base64.getEncoder().encodeToString(BODY));
        request.put("received_at_epoch_seconds", receivedAt);
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String jsonl(String... lines) {
        return String.join("\n", lines) + "\n";
    }
}
