package dev.webhookverifier.samples.spring;

import dev.webhookverifier.VerifiedDelivery;
import dev.webhookverifier.VerifiedWebhook;
import java.util.List;
import java.util.Map;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.core.env.Environment;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot app receiving Stripe, GitHub, Slack and Standard Webhooks deliveries at
 * {@code /webhooks/<provider-id>}; each answers 204 once verified. Endpoints are configured in
 * {@code application.yaml}; forged, stale and replayed requests never reach the controllers.
 */
@SpringBootApplication
public class SpringWebhookReceiver {
    /** The demo secrets used when the environment variable is unset (also in application.yaml). */
    static final Map<String, String> DEMO_SECRETS = Map.of(
            "STRIPE_WEBHOOK_SECRET", "whsec_demo_stripe_secret_0123456789",
            "GITHUB_WEBHOOK_SECRET", "demo-github-secret-0123456789",
            "SLACK_SIGNING_SECRET", "demo0slack0signing0secret0123456",
            "STANDARD_WEBHOOKS_SECRET", "whsec_ZGVtby1zdGFuZGFyZC13ZWJob29rcy1zZWNyZXQ=");

    /**
     * Runs the app.
     *
     * @param args Spring Boot arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(SpringWebhookReceiver.class, args);
    }

    /** Prints where the app listens and which secrets it uses (demo defaults only; never a real secret). */
    @org.springframework.context.annotation.Bean
    ApplicationRunner banner(Environment env) {
        return (ApplicationArguments args) -> {
            System.out.println("webhook receiver listening on http://localhost:" + env.getProperty("local.server.port")
                    + "/webhooks/{stripe,github,slack,standard-webhooks}");
            DEMO_SECRETS.keySet().stream().sorted().forEach(name -> {
                String value = System.getenv(name);
                boolean fromEnv = value != null && !value.isEmpty();
                System.out.println("  " + name + " = "
                        + (fromEnv ? "<from environment>" : DEMO_SECRETS.get(name) + "   (demo default)"));
            });
        };
    }

    /** The application's handlers: reached only by verified, first-time deliveries. */
    @RestController
    static class Webhooks {
        @VerifiedWebhook("stripe")
        @PostMapping("/webhooks/stripe")
        ResponseEntity<Void> stripe(@RequestBody Map<String, Object> event, VerifiedDelivery delivery) {
            System.out.println("verified Stripe event " + event.get("type") + ": " + delivery);
            return ResponseEntity.noContent().build();
        }

        @VerifiedWebhook("github")
        @PostMapping("/webhooks/github")
        ResponseEntity<Void> github(@RequestBody String payload, VerifiedDelivery delivery) {
            System.out.println(
                    "verified GitHub delivery " + delivery.deliveryId().orElse("?"));
            return ResponseEntity.noContent().build();
        }

        @VerifiedWebhook("slack")
        @PostMapping("/webhooks/slack")
        ResponseEntity<Void> slack(@RequestParam Map<String, String> form, VerifiedDelivery delivery) {
            System.out.println("verified Slack request with fields " + List.copyOf(form.keySet()));
            return ResponseEntity.noContent().build();
        }

        @VerifiedWebhook("standard-webhooks")
        @PostMapping("/webhooks/standard-webhooks")
        ResponseEntity<Void> standardWebhooks(@RequestBody byte[] payload, VerifiedDelivery delivery) {
            System.out.println("verified Standard Webhooks message "
                    + delivery.deliveryId().orElse("?"));
            return ResponseEntity.noContent().build();
        }
    }
}
