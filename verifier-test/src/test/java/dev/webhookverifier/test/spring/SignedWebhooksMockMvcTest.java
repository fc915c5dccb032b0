package dev.webhookverifier.test.spring;

import static dev.webhookverifier.test.spring.SignedWebhooks.signedWebhook;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.webhookverifier.Providers;
import dev.webhookverifier.VerifiedDelivery;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookVerificationException;
import dev.webhookverifier.WebhookVerifier;
import dev.webhookverifier.test.TestClock;
import dev.webhookverifier.test.TestSecrets;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The MockMvc post-processor signs requests that a controller verifying with {@link WebhookVerifier} accepts
 * (standalone MockMvc: no Spring Boot, no verifier-spring).
 */
class SignedWebhooksMockMvcTest {
    static final String STRIPE = TestSecrets.secret("stripe");
    static final String HUBSPOT = TestSecrets.secret("hubspot");
    static final String TWILIO = TestSecrets.secret("twilio");

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        Map<String, WebhookVerifier> verifiers = new LinkedHashMap<>();
        verifiers.put("stripe", verifier("stripe", STRIPE));
        verifiers.put("hubspot", verifier("hubspot", HUBSPOT));
        verifiers.put("twilio", verifier("twilio", TWILIO));
        mvc = MockMvcBuilders.standaloneSetup(new VerifyingController(verifiers))
                .build();
    }

    @Test
    void postWhenSignedThenControllerVerifiesIt() throws Exception {
        mvc.perform(post("/webhooks/stripe")
                        .with(signedWebhook("stripe", STRIPE).body("{\"type\":\"charge.succeeded\"}")))
                .andExpect(status().isOk())
                .andExpect(content().string("stripe {\"type\":\"charge.succeeded\"}"));
    }

    @Test
    void postWhenTamperedThen401() throws Exception {
        mvc.perform(post("/webhooks/stripe")
                        .with(signedWebhook("stripe", STRIPE)
                                .body("{\"amount\":100}")
                                .tampered()))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void postWhenSignedWithOtherSecretOrStaleThen401() throws Exception {
        mvc.perform(post("/webhooks/stripe")
                        .with(signedWebhook("stripe", TestSecrets.secret("stripe"))
                                .body("{}")))
                .andExpect(status().isUnauthorized());
        TestClock clock = TestClock.now().advance(Duration.ofMinutes(-10));
        mvc.perform(post("/webhooks/stripe")
                        .with(signedWebhook("stripe", STRIPE).body("{}").clock(clock)))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void postWhenProviderSignsMethodAndUrlThenMockRequestUrlIsSigned() throws Exception {
        mvc.perform(post("/webhooks/hubspot?portal=42")
                        .with(signedWebhook("hubspot", HUBSPOT).body("[{\"eventId\":1}]")))
                .andExpect(status().isOk());
        mvc.perform(post("/webhooks/hubspot?portal=43")
                        .with(signedWebhook("hubspot", HUBSPOT).body("[{\"eventId\":1}]"))
                        .queryParam("extra", "set-on-the-builder"))
                .andExpect(status().isOk()); // the builder's query params are in the URL the post-processor signs
    }

    @Test
    void postWhenTwilioJsonBodyThenBodySha256ParameterIsAddedAndSigned() throws Exception {
        mvc.perform(post("/webhooks/twilio")
                        .with(signedWebhook("twilio", TWILIO).body("{\"CallSid\":\"CA1\"}")))
                .andExpect(status().isOk());
    }

    private static WebhookVerifier verifier(String id, String secret) {
        return WebhookVerifier.builder(Providers.byId(id))
                .secrets(WebhookSecret.of("test", secret))
                .build();
    }

    /** A plain controller that verifies the raw request itself. */
    @RestController
    static final class VerifyingController {
        private final Map<String, WebhookVerifier> verifiers;

        VerifyingController(Map<String, WebhookVerifier> verifiers) {
            this.verifiers = verifiers;
        }

        @PostMapping("/webhooks/{provider}")
        ResponseEntity<String> receive(
                @PathVariable("provider") String provider,
                @RequestBody(required = false) byte[] body,
                HttpServletRequest request) {
            String query = request.getQueryString();
            WebhookRequest.Builder b = WebhookRequest.builder()
                    .method(request.getMethod())
                    .url(request.getRequestURL() + (query == null ? "" : "?" + query))
                    .body(body);
            for (String name : Collections.list(request.getHeaderNames())) {
                for (String value : Collections.list(request.getHeaders(name))) {
                    b.header(name, value);
                }
            }
            try {
                VerifiedDelivery delivery = verifiers.get(provider).verify(b.build());
                return ResponseEntity.ok(
                        delivery.providerId() + " " + delivery.bodyAsString(java.nio.charset.StandardCharsets.UTF_8));
            } catch (WebhookVerificationException e) {
                return ResponseEntity.status(401).body(e.reason().toString());
            }
        }
    }
}
