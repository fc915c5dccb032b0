package dev.webhookverifier.spring.mvc;

import dev.webhookverifier.VerifiedDelivery;
import dev.webhookverifier.VerifiedWebhook;
import dev.webhookverifier.spring.GitHubWebhook;
import dev.webhookverifier.spring.Recorder;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
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

    public record GitHubEvent(String action, Long number) {}

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
