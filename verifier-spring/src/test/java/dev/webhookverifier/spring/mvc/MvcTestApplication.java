package dev.webhookverifier.spring.mvc;

import dev.webhookverifier.VerifiedDelivery;
import dev.webhookverifier.VerifiedWebhook;
import dev.webhookverifier.spring.AsanaHookSecrets;
import dev.webhookverifier.spring.GitHubWebhook;
import dev.webhookverifier.spring.Recorder;
import dev.webhookverifier.spring.WebhookVerifierCustomizer;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@SpringBootApplication
public class MvcTestApplication {
    @Bean
    Recorder recorder() {
        return new Recorder();
    }

    @Bean
    AsanaHookSecrets asanaHookSecrets() {
        return new AsanaHookSecrets();
    }

    @Bean
    WebhookVerifierCustomizer asanaHandshake(AsanaHookSecrets secrets) {
        return secrets.customizer();
    }

    public record GitHubEvent(String action, Long number) {}

    /** Endpoints answering handshakes: their handlers run for deliveries only, never for a probe. */
    @RestController
    static class HandshakeController {
        private final Recorder recorder;

        HandshakeController(Recorder recorder) {
            this.recorder = recorder;
        }

        /** Mapped for POST only: Dropbox's GET challenge is answered all the same. */
        @VerifiedWebhook("dropbox")
        @PostMapping("/webhooks/dropbox")
        String dropbox(@RequestBody String body, VerifiedDelivery delivery) {
            recorder.record("dropbox", body, delivery);
            return "handled";
        }

        /** Any method, no handshake configured: a GET challenge is verified as a delivery, and fails. */
        @VerifiedWebhook("dropbox-plain")
        @RequestMapping("/webhooks/dropbox-plain")
        String dropboxPlain(VerifiedDelivery delivery) {
            recorder.record("dropbox-plain", delivery);
            return "handled";
        }

        @VerifiedWebhook("meta")
        @GetMapping("/webhooks/meta")
        String metaGet() {
            recorder.record("meta-get");
            return "handled";
        }

        @VerifiedWebhook("meta")
        @PostMapping("/webhooks/meta")
        String meta(@RequestBody String body, VerifiedDelivery delivery) {
            recorder.record("meta", body, delivery);
            return "handled";
        }

        @VerifiedWebhook("asana")
        @PostMapping("/webhooks/asana")
        String asana(@RequestBody(required = false) String body, VerifiedDelivery delivery) {
            recorder.record("asana", body == null ? "" : body, delivery);
            return "handled";
        }
    }

    @RestController
    static class StripeController {
        private final Recorder recorder;

        StripeController(Recorder recorder) {
            this.recorder = recorder;
        }

        @VerifiedWebhook("stripe")
        @PostMapping("/webhooks/stripe")
        ResponseEntity<Void> stripe(@RequestBody String body, VerifiedDelivery delivery) {
            recorder.record("stripe", body, delivery);
            return body.contains("\"fail\":true")
                    ? ResponseEntity.status(500).build()
                    : ResponseEntity.noContent().build();
        }
    }

    @RestController
    static class GitHubController {
        private final Recorder recorder;

        GitHubController(Recorder recorder) {
            this.recorder = recorder;
        }

        @GitHubWebhook
        @PostMapping("/webhooks/github")
        ResponseEntity<Void> github(@RequestBody GitHubEvent event, VerifiedDelivery delivery) {
            recorder.record("github", event, delivery);
            return ResponseEntity.noContent().build();
        }
    }

    @RestController
    static class SlackController {
        private final Recorder recorder;

        SlackController(Recorder recorder) {
            this.recorder = recorder;
        }

        @VerifiedWebhook("slack")
        @PostMapping(value = "/webhooks/slack", consumes = "application/x-www-form-urlencoded")
        ResponseEntity<Void> slack(
                @RequestParam("command") String command,
                @RequestParam("text") String text,
                @RequestBody String raw,
                VerifiedDelivery delivery) {
            recorder.record("slack", command, text, raw, delivery.bodyAsString(StandardCharsets.UTF_8));
            return ResponseEntity.noContent().build();
        }
    }

    /** Class-level annotation. */
    @RestController
    @VerifiedWebhook("standard")
    @RequestMapping("/webhooks/standard")
    static class StandardController {
        private final Recorder recorder;

        StandardController(Recorder recorder) {
            this.recorder = recorder;
        }

        @PostMapping
        ResponseEntity<Void> standard(@RequestBody byte[] body, VerifiedDelivery delivery) {
            recorder.record("standard", body, delivery);
            return ResponseEntity.noContent().build();
        }

        /** Asynchronous: the replay claim is settled when the async request completes. */
        @PostMapping("/async")
        Callable<ResponseEntity<Void>> async(@RequestBody byte[] body, VerifiedDelivery delivery) {
            return () -> {
                recorder.record("standard-async", body, delivery);
                return ResponseEntity.noContent().build();
            };
        }
    }

    @RestController
    static class OtherController {
        private final Recorder recorder;

        OtherController(Recorder recorder) {
            this.recorder = recorder;
        }

        @PostMapping("/other")
        String other(@RequestBody String body, HttpServletRequest request) {
            boolean wrapped = false;
            ServletRequest r = request;
            while (r instanceof ServletRequestWrapper w) {
                wrapped |= w.getClass().getName().startsWith("dev.webhookverifier");
                r = w.getRequest();
            }
            recorder.record("other", wrapped, request.getAttribute(VerifiedDelivery.class.getName()) != null);
            return body;
        }
    }

    /** Forwards to a webhook handler: the FORWARD dispatch skips the filter, so the interceptor must reject it. */
    @Controller
    static class ForwardController {
        @PostMapping("/forward-to-stripe")
        String forward() {
            return "forward:/webhooks/stripe";
        }
    }
}
