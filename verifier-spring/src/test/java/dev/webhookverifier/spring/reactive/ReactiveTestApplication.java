package dev.webhookverifier.spring.reactive;

import dev.webhookverifier.VerifiedDelivery;
import dev.webhookverifier.VerifiedWebhook;
import dev.webhookverifier.replay.Claim;
import dev.webhookverifier.replay.ReplayStore;
import dev.webhookverifier.replay.ReplayStoreException;
import dev.webhookverifier.replay.ReplayStores;
import dev.webhookverifier.spring.AsanaHookSecrets;
import dev.webhookverifier.spring.GitHubWebhook;
import dev.webhookverifier.spring.Recorder;
import dev.webhookverifier.spring.WebhookVerifierCustomizer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.http.ResponseEntity;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

@SpringBootApplication
@Import(ReactiveTestApplication.NettyServer.class)
public class ReactiveTestApplication {
    /**
     * Netty, even though Tomcat is on the test classpath too (Boot 3.5 would pick Tomcat's reactive adapter). The
     * factory's class moved in Boot 4, hence by name; registered with the user configuration, before the
     * auto-configured factories check for one.
     */
    static class NettyServer implements ImportBeanDefinitionRegistrar {
        @Override
        public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
            ClassLoader loader = ReactiveTestApplication.class.getClassLoader();
            for (String name : new String[] {
                "org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory", // Boot 4
                "org.springframework.boot.web.embedded.netty.NettyReactiveWebServerFactory" // Boot 3
            }) {
                if (ClassUtils.isPresent(name, loader)) {
                    registry.registerBeanDefinition(
                            "webhookTestNettyServerFactory",
                            new RootBeanDefinition(ClassUtils.resolveClassName(name, loader)));
                    return;
                }
            }
        }
    }

    @Bean
    Recorder recorder() {
        return new Recorder();
    }

    @Bean
    Gate gate() {
        return new Gate();
    }

    /** The application's own replay store: replaces the auto-configured one. */
    @Bean
    FlakyReplayStore flakyReplayStore() {
        return new FlakyReplayStore();
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
        Mono<String> dropbox(@RequestBody String body, VerifiedDelivery delivery) {
            recorder.record("dropbox", body, delivery);
            return Mono.just("handled");
        }

        /** Any method, no handshake configured: a GET challenge is verified as a delivery, and fails. */
        @VerifiedWebhook("dropbox-plain")
        @RequestMapping("/webhooks/dropbox-plain")
        Mono<String> dropboxPlain(VerifiedDelivery delivery) {
            recorder.record("dropbox-plain", delivery);
            return Mono.just("handled");
        }

        @VerifiedWebhook("meta")
        @GetMapping("/webhooks/meta")
        Mono<String> metaGet() {
            recorder.record("meta-get");
            return Mono.just("handled");
        }

        @VerifiedWebhook("meta")
        @PostMapping("/webhooks/meta")
        Mono<String> meta(@RequestBody String body, VerifiedDelivery delivery) {
            recorder.record("meta", body, delivery);
            return Mono.just("handled");
        }

        @VerifiedWebhook("asana")
        @PostMapping("/webhooks/asana")
        Mono<String> asana(@RequestBody(required = false) String body, VerifiedDelivery delivery) {
            recorder.record("asana", body == null ? "" : body, delivery);
            return Mono.just("handled");
        }
    }

    public static final class Gate {
        public volatile CountDownLatch entered = new CountDownLatch(1);
        public volatile CountDownLatch release = new CountDownLatch(0);
    }

    public static final class FlakyReplayStore implements ReplayStore {
        private final ReplayStore delegate = ReplayStores.inMemory(10_000);
        public volatile boolean down;

        @Override
        public Claim claim(String key, Duration lease) throws ReplayStoreException {
            if (down) {
                throw new ReplayStoreException("test store is down");
            }
            return delegate.claim(key, lease);
        }

        @Override
        public void complete(Claim claim, Duration retention) throws ReplayStoreException {
            delegate.complete(claim, retention);
        }

        @Override
        public void release(Claim claim) throws ReplayStoreException {
            delegate.release(claim);
        }
    }

    @RestController
    static class StripeController {
        private final Recorder recorder;
        private final Gate gate;

        StripeController(Recorder recorder, Gate gate) {
            this.recorder = recorder;
            this.gate = gate;
        }

        @VerifiedWebhook("stripe")
        @PostMapping("/webhooks/stripe")
        Mono<ResponseEntity<Void>> stripe(@RequestBody String body, VerifiedDelivery delivery) {
            recorder.record("stripe", body, delivery);
            if (body.contains("\"slow\":true")) {
                return Mono.fromCallable(() -> {
                            gate.entered.countDown();
                            gate.release.await(10, TimeUnit.SECONDS);
                            return ResponseEntity.noContent().<Void>build();
                        })
                        .subscribeOn(Schedulers.boundedElastic());
            }
            if (body.contains("\"fail\":true")) {
                return Mono.just(ResponseEntity.status(500).build());
            }
            return Mono.just(ResponseEntity.noContent().build());
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
        Mono<ResponseEntity<Void>> github(@RequestBody GitHubEvent event, VerifiedDelivery delivery) {
            recorder.record("github", event, delivery);
            return Mono.just(ResponseEntity.noContent().build());
        }
    }

    @RestController
    static class SlackController {
        private final Recorder recorder;

        SlackController(Recorder recorder) {
            this.recorder = recorder;
        }

        /** WebFlux refuses @RequestBody for form data: the handler reads getFormData() and the delivery's bytes. */
        @VerifiedWebhook("slack")
        @PostMapping(value = "/webhooks/slack", consumes = "application/x-www-form-urlencoded")
        Mono<ResponseEntity<Void>> slack(ServerWebExchange exchange, VerifiedDelivery delivery) {
            return exchange.getFormData().map(form -> {
                recorder.record(
                        "slack",
                        form.getFirst("command"),
                        form.getFirst("text"),
                        delivery.bodyAsString(StandardCharsets.UTF_8));
                return ResponseEntity.noContent().build();
            });
        }
    }

    @RestController
    @VerifiedWebhook("standard")
    @RequestMapping("/webhooks/standard")
    static class StandardController {
        private final Recorder recorder;

        StandardController(Recorder recorder) {
            this.recorder = recorder;
        }

        @PostMapping
        Mono<ResponseEntity<Void>> standard(@RequestBody byte[] body, VerifiedDelivery delivery) {
            recorder.record("standard", body, delivery);
            return Mono.just(ResponseEntity.noContent().build());
        }
    }

    @RestController
    static class OtherController {
        private final Recorder recorder;

        OtherController(Recorder recorder) {
            this.recorder = recorder;
        }

        @PostMapping("/other")
        Mono<String> other(@RequestBody String body, ServerWebExchange exchange) {
            recorder.record(
                    "other",
                    exchange.getRequest().getClass().getName().startsWith("dev.webhookverifier"),
                    exchange.getAttribute(VerifiedDelivery.class.getName()) != null);
            return Mono.just(body);
        }
    }
}
