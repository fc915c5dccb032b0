package dev.webhookverifier.spring;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookverifier.FailureReason;
import dev.webhookverifier.Providers;
import dev.webhookverifier.VerificationListener;
import dev.webhookverifier.VerifiedDelivery;
import dev.webhookverifier.VerifiedWebhook;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookVerificationException;
import dev.webhookverifier.WebhookVerifier;
import dev.webhookverifier.WebhookVerifierRegistry;
import dev.webhookverifier.redis.RedisReplayStore;
import dev.webhookverifier.replay.Claim;
import dev.webhookverifier.replay.ReplayStore;
import dev.webhookverifier.replay.ReplayStoreException;
import dev.webhookverifier.replay.ReplayStores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.config.EnableWebFlux;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;
import org.springframework.web.servlet.handler.MappedInterceptor;

class WebhookVerifierAutoConfigurationTest {
    private static final String[] STRIPE = {
        "webhooks.endpoints.stripe.provider=stripe",
        "webhooks.endpoints.stripe.secrets[0].id=current",
        "webhooks.endpoints.stripe.secrets[0].secret=" + TestSecrets.STRIPE
    };
    private static final String[] GITHUB = {
        "webhooks.endpoints.github.provider=github",
        "webhooks.endpoints.github.secrets[0].id=main",
        "webhooks.endpoints.github.secrets[0].secret=" + TestSecrets.GITHUB,
        "webhooks.endpoints.github.replay.retention=3d"
    };

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WebhookVerifierAutoConfiguration.class));
    private final WebApplicationContextRunner mvc = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WebhookVerifierAutoConfiguration.class))
            .withUserConfiguration(MvcConfig.class);
    private final ReactiveWebApplicationContextRunner webflux = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WebhookVerifierAutoConfiguration.class))
            .withUserConfiguration(WebFluxConfig.class);

    @Configuration(proxyBeanMethods = false)
    @EnableWebMvc
    static class MvcConfig {}

    @Configuration(proxyBeanMethods = false)
    @EnableWebFlux
    static class WebFluxConfig {}

    @RestController
    static class UnknownEndpointController {
        @VerifiedWebhook("nope")
        @PostMapping("/webhooks/nope")
        void nope() {}
    }

    @RestController
    @GitHubWebhook
    static class MetaAnnotatedController {
        @PostMapping("/webhooks/github")
        void github() {}
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    @Test
    void registryWhenPropertiesThenOneVerifierPerEndpointWithReplayProtection() {
        runner.withPropertyValues(STRIPE).withPropertyValues(GITHUB).run(context -> {
            WebhookVerifierRegistry registry = context.getBean(WebhookVerifierRegistry.class);
            assertThat(registry.names()).containsExactly("stripe", "github");
            WebhookVerifier stripe = registry.get("stripe");
            assertThat(stripe.replayRetention()).hasValue(Duration.ofMinutes(10));
            assertThat(registry.get("github").replayRetention()).hasValue(Duration.ofDays(3));

            VerifiedDelivery delivery = stripe.verify(TestSecrets.STRIPE_SIGNER.sign("{}"));
            assertThat(delivery.secretId()).isEqualTo("current");
            assertThat(context.getBean(ReplayStore.class).toString()).contains("InMemory");
        });
    }

    @Test
    void replayWhenDisabledThenNoStoreUsed() {
        runner.withPropertyValues(STRIPE)
                .withPropertyValues(
                        "webhooks.endpoints.stripe.replay.enabled=false", "webhooks.endpoints.stripe.max-body-size=2KB")
                .run(context -> {
                    WebhookVerifier stripe =
                            context.getBean(WebhookVerifierRegistry.class).get("stripe");
                    assertThat(stripe.replayRetention()).isEmpty();
                    assertThat(stripe.maxBodyBytes()).isEqualTo(2048);
                });
    }

    @Test
    void mvcWhenAnnotationNamesUnknownEndpointThenContextFailsToStart() {
        mvc.withPropertyValues(STRIPE)
                .withUserConfiguration(UnknownEndpointController.class)
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable cause = rootCause(context.getStartupFailure());
                    assertThat(cause).isInstanceOf(WebhookConfigurationException.class);
                    assertThat(cause.getMessage())
                            .contains("@VerifiedWebhook(\"nope\")")
                            .contains("UnknownEndpointController#nope")
                            .contains("[stripe]");
                    assertThat(((WebhookConfigurationException) cause).action()).contains("webhooks.endpoints.nope");
                });
    }

    @Test
    void webfluxWhenAnnotationNamesUnknownEndpointThenContextFailsToStart() {
        webflux.withPropertyValues(STRIPE)
                .withUserConfiguration(UnknownEndpointController.class)
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(rootCause(context.getStartupFailure()))
                            .isInstanceOf(WebhookConfigurationException.class)
                            .hasMessageContaining("@VerifiedWebhook(\"nope\")");
                });
    }

    @Test
    void mvcWhenNoEndpointConfiguredButAnnotationUsedThenContextFailsToStart() {
        mvc.withUserConfiguration(UnknownEndpointController.class)
                .run(context -> assertThat(rootCause(context.getStartupFailure()))
                        .isInstanceOf(WebhookConfigurationException.class)
                        .hasMessageContaining("Configured endpoints: []"));
    }

    @Test
    void mvcWhenMetaAnnotationNamesConfiguredEndpointThenStartsWithFilterInterceptorAndValidator() {
        mvc.withPropertyValues(GITHUB)
                .withUserConfiguration(MetaAnnotatedController.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    FilterRegistrationBean<?> filter =
                            context.getBean("webhookVerificationFilter", FilterRegistrationBean.class);
                    assertThat(filter.getOrder()).isEqualTo(WebhooksProperties.DEFAULT_FILTER_ORDER);
                    assertThat(filter.getUrlPatterns()).containsExactly("/*");
                    assertThat(context).hasSingleBean(MappedInterceptor.class);
                    assertThat(context).doesNotHaveBean(WebhookVerificationWebFilter.class);
                });
    }

    @Test
    void webfluxWhenConfiguredThenWebFilterAndFailClosedAdapter() {
        webflux.withPropertyValues(GITHUB)
                .withUserConfiguration(MetaAnnotatedController.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(WebhookVerificationWebFilter.class);
                    assertThat(context).hasSingleBean(VerifiedWebhookHandlerAdapter.class);
                    assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
                });
    }

    @Test
    void webfluxWhenNoServletApiThenStartsWithoutServletParts() {
        webflux.withClassLoader(new FilteredClassLoader(
                        "jakarta.servlet.", "org.springframework.web.servlet.", "dev.webhookverifier.servlet."))
                .withPropertyValues(GITHUB)
                .withUserConfiguration(MetaAnnotatedController.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(WebhookVerificationWebFilter.class);
                    assertThat(context).doesNotHaveBean(MappedInterceptor.class);
                });
    }

    @Test
    void nonWebApplicationWhenConfiguredThenRegistryOnly() {
        runner.withClassLoader(new FilteredClassLoader(
                        "org.springframework.web.", "jakarta.servlet.", "dev.webhookverifier.servlet."))
                .withPropertyValues(STRIPE)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(WebhookVerifierRegistry.class);
                    assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
                    assertThat(context).doesNotHaveBean(WebhookVerificationWebFilter.class);
                });
    }

    @Test
    void providerWhenUnknownThenStartupFailsNamingPropertyAndKnownIds() {
        runner.withPropertyValues(
                        "webhooks.endpoints.pay.provider=strype",
                        "webhooks.endpoints.pay.secrets[0].secret=" + TestSecrets.STRIPE)
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable cause = rootCause(context.getStartupFailure());
                    assertThat(cause)
                            .isInstanceOf(WebhookConfigurationException.class)
                            .hasMessageContaining("webhooks.endpoints.pay.provider")
                            .hasMessageContaining("unknown provider 'strype'")
                            .hasMessageContaining("stripe");
                    assertThat(cause.getMessage()).doesNotContain(TestSecrets.STRIPE);
                });
    }

    @Test
    void secretWhenMalformedThenStartupFailsWithHintAndWithoutTheValue() {
        String wrong = "sk_live_0123456789abcdefghijklmnop";
        runner.withPropertyValues(
                        "webhooks.endpoints.stripe.provider=stripe",
                        "webhooks.endpoints.stripe.secrets[0].id=current",
                        "webhooks.endpoints.stripe.secrets[0].secret=" + wrong)
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable cause = rootCause(context.getStartupFailure());
                    assertThat(cause)
                            .isInstanceOf(WebhookConfigurationException.class)
                            .hasMessageContaining("webhooks.endpoints.stripe")
                            .hasMessageContaining("secret 'current'");
                    assertThat(cause.getMessage()).doesNotContain(wrong).doesNotContain("0123456789abcdef");
                    assertThat(((WebhookConfigurationException) cause).action())
                            .contains("webhooks.endpoints.stripe.secrets");
                });
    }

    @Test
    void secretsWhenMissingThenStartupFails() {
        runner.withPropertyValues("webhooks.endpoints.stripe.provider=stripe")
                .run(context -> assertThat(rootCause(context.getStartupFailure()))
                        .hasMessageContaining("webhooks.endpoints.stripe.secrets is empty"));
    }

    @Test
    void githubWhenReplayWithoutRetentionThenStartupFailsSayingWhatToSet() {
        runner.withPropertyValues(
                        "webhooks.endpoints.github.provider=github",
                        "webhooks.endpoints.github.secrets[0].secret=" + TestSecrets.GITHUB)
                .run(context -> {
                    Throwable cause = rootCause(context.getStartupFailure());
                    assertThat(cause).isInstanceOf(WebhookConfigurationException.class);
                    assertThat(((WebhookConfigurationException) cause).action())
                            .contains("webhooks.endpoints.github.replay.retention");
                });
    }

    @Test
    void failureAnalyzerWhenConfigurationExceptionThenDescriptionAndAction() {
        FailureAnalysis analysis = new WebhookConfigurationFailureAnalyzer()
                .analyze(new IllegalStateException(
                        "wrapped", new WebhookConfigurationException("what is wrong", "what to do")));
        assertThat(analysis.getDescription()).isEqualTo("what is wrong");
        assertThat(analysis.getAction()).isEqualTo("what to do");
    }

    static class FixedClockConfig {
        static final Instant NOW = Instant.parse("2020-06-01T12:00:00Z");

        @Bean
        Clock clock() {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }
    }

    @Test
    void clockWhenApplicationDefinesOneThenVerifiersUseIt() {
        runner.withPropertyValues(STRIPE)
                .withUserConfiguration(FixedClockConfig.class)
                .run(context -> {
                    WebhookVerifier stripe =
                            context.getBean(WebhookVerifierRegistry.class).get("stripe");
                    WebhookRequest then = TestSecrets.STRIPE_SIGNER.sign(
                            WebhookRequest.builder().body("{}", UTF_8).build(), "evt", FixedClockConfig.NOW);
                    assertThat(stripe.verify(then).timestamp()).hasValue(FixedClockConfig.NOW);

                    WebhookRequest now = TestSecrets.STRIPE_SIGNER.sign("{\"n\":1}");
                    assertThatThrownBy(() -> stripe.verify(now))
                            .isInstanceOf(WebhookVerificationException.class)
                            .extracting(e -> ((WebhookVerificationException) e).reason())
                            .isEqualTo(FailureReason.TIMESTAMP_IN_FUTURE);
                });
    }

    static class CountingStoreConfig {
        @Bean
        CountingStore countingStore() {
            return new CountingStore();
        }
    }

    static class CountingStore implements ReplayStore {
        final AtomicInteger claims = new AtomicInteger();
        private final ReplayStore delegate = ReplayStores.inMemory(100);

        @Override
        public Claim claim(String key, Duration lease) throws ReplayStoreException {
            claims.incrementAndGet();
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

    @Test
    void replayStoreWhenApplicationDefinesOneThenItReplacesTheDefault() {
        runner.withPropertyValues(STRIPE)
                .withPropertyValues("webhooks.replay-store.redis-uri=redis://127.0.0.1:1")
                .withUserConfiguration(CountingStoreConfig.class)
                .run(context -> {
                    assertThat(context).hasSingleBean(ReplayStore.class);
                    CountingStore store = context.getBean(CountingStore.class);
                    context.getBean(WebhookVerifierRegistry.class)
                            .get("stripe")
                            .verify(TestSecrets.STRIPE_SIGNER.sign("{}"));
                    assertThat(store.claims).hasValue(1);
                });
    }

    @Test
    void replayStoreWhenRedisUriSetThenRedisStoreConnectingLazily() {
        runner.withPropertyValues(STRIPE)
                .withPropertyValues(
                        "webhooks.replay-store.redis-uri=redis://127.0.0.1:1",
                        "webhooks.replay-store.redis-timeout=300ms")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    RedisReplayStore store = context.getBean(RedisReplayStore.class);
                    assertThat(store.timeout()).isEqualTo(Duration.ofMillis(300));
                    assertThat(context.getBean(WebhookVerifierRegistry.class)
                                    .get("stripe")
                                    .toString())
                            .contains("RedisReplayStore");
                    // Redis is unreachable here: the delivery is refused as retryable, never accepted.
                    assertThatThrownBy(() -> context.getBean(WebhookVerifierRegistry.class)
                                    .get("stripe")
                                    .verify(TestSecrets.STRIPE_SIGNER.sign("{}")))
                            .extracting(e -> ((WebhookVerificationException) e).reason())
                            .isEqualTo(FailureReason.STORE_UNAVAILABLE);
                });
    }

    static class ListenersAndCustomizersConfig {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Bean
        @Order(1)
        VerificationListener first() {
            return new VerificationListener() {
                @Override
                public void onVerified(VerifiedDelivery delivery) {
                    seen.add("first");
                }
            };
        }

        @Bean
        @Order(2)
        VerificationListener second() {
            return new VerificationListener() {
                @Override
                public void onVerified(VerifiedDelivery delivery) {
                    seen.add("second");
                }
            };
        }

        @Bean
        @Order(Ordered.HIGHEST_PRECEDENCE)
        WebhookVerifierCustomizer smallBodies() {
            return (name, builder) -> {
                seen.add("customize " + name);
                builder.maxBodyBytes(100);
            };
        }
    }

    @Test
    void listenersAndCustomizersWhenDefinedThenEveryOneApplies() {
        runner.withPropertyValues(STRIPE)
                .withUserConfiguration(ListenersAndCustomizersConfig.class)
                .run(context -> {
                    ListenersAndCustomizersConfig config = context.getBean(ListenersAndCustomizersConfig.class);
                    WebhookVerifier stripe =
                            context.getBean(WebhookVerifierRegistry.class).get("stripe");
                    assertThat(stripe.maxBodyBytes()).isEqualTo(100);
                    stripe.verify(TestSecrets.STRIPE_SIGNER.sign("{}"));
                    assertThat(config.seen).containsExactly("customize stripe", "first", "second");
                });
    }

    static class OwnRegistryConfig {
        @Bean
        WebhookVerifierRegistry registry() {
            return WebhookVerifierRegistry.builder()
                    .register(
                            "custom",
                            WebhookVerifier.builder(Providers.stripe())
                                    .secrets(WebhookSecret.of("mine", TestSecrets.STRIPE))
                                    .build())
                    .build();
        }
    }

    @Test
    void registryWhenApplicationDefinesOneThenPropertiesAreNotUsed() {
        runner.withPropertyValues(STRIPE)
                .withUserConfiguration(OwnRegistryConfig.class)
                .run(context -> {
                    assertThat(context).hasSingleBean(WebhookVerifierRegistry.class);
                    assertThat(context.getBean(WebhookVerifierRegistry.class).names())
                            .containsExactly("custom");
                });
    }

    private static final String[] DROPBOX = {
        "webhooks.endpoints.dropbox.provider=dropbox",
        "webhooks.endpoints.dropbox.secrets[0].id=app",
        "webhooks.endpoints.dropbox.secrets[0].secret=" + TestSecrets.DROPBOX,
        "webhooks.endpoints.dropbox.replay.retention=3d"
    };
    private static final String[] META = {
        "webhooks.endpoints.meta.provider=meta",
        "webhooks.endpoints.meta.secrets[0].id=app",
        "webhooks.endpoints.meta.secrets[0].secret=" + TestSecrets.META,
        "webhooks.endpoints.meta.replay.retention=3d"
    };

    private static WebhookConfigurationException startupFailure(
            org.springframework.boot.test.context.assertj.AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        Throwable cause = rootCause(context.getStartupFailure());
        assertThat(cause).isInstanceOf(WebhookConfigurationException.class);
        return (WebhookConfigurationException) cause;
    }

    @Test
    void handshakesWhenListedByIdThenVerifierAnswersThem() {
        runner.withPropertyValues(DROPBOX)
                .withPropertyValues(META)
                .withPropertyValues(
                        "webhooks.endpoints.dropbox.handshakes[0]=dropbox-challenge",
                        "webhooks.endpoints.meta.handshakes=meta-verify-token",
                        "webhooks.endpoints.meta.meta-verify-token=" + TestSecrets.META_VERIFY_TOKEN)
                .run(context -> {
                    WebhookVerifierRegistry registry = context.getBean(WebhookVerifierRegistry.class);
                    assertThat(registry.get("dropbox").handshakes())
                            .extracting(dev.webhookverifier.Handshake::id)
                            .containsExactly("dropbox-challenge");
                    WebhookVerifier meta = registry.get("meta");
                    assertThat(meta.handshakes())
                            .extracting(dev.webhookverifier.Handshake::id)
                            .containsExactly("meta-verify-token");
                    WebhookRequest probe = WebhookRequest.builder()
                            .method("GET")
                            .url("https://example.com/webhooks/meta?hub.mode=subscribe&hub.challenge=42"
                                    + "&hub.verify_token=" + TestSecrets.META_VERIFY_TOKEN)
                            .build();
                    assertThat(meta.answerHandshake(probe)).isPresent();
                    assertThat(context.getBean(WebhooksProperties.class).toString())
                            .contains("dropbox-challenge")
                            .doesNotContain(TestSecrets.META_VERIFY_TOKEN);
                });
    }

    @Test
    void handshakeWhenIdUnknownThenStartupFailsNamingPropertyAndKnownIds() {
        runner.withPropertyValues(DROPBOX)
                .withPropertyValues("webhooks.endpoints.dropbox.handshakes=dropbox-challenge,slack-url-verifcation")
                .run(context -> {
                    WebhookConfigurationException e = startupFailure(context);
                    assertThat(e.getMessage())
                            .contains("webhooks.endpoints.dropbox.handshakes[1]")
                            .contains("unknown handshake 'slack-url-verifcation'")
                            .contains("dropbox-challenge");
                    assertThat(e.action()).contains("slack-url-verification").contains("verifier-json");
                });
    }

    @Test
    void handshakeWhenForAnotherProviderThenStartupFailsNamingPropertyAndProvider() {
        runner.withPropertyValues(STRIPE)
                .withPropertyValues("webhooks.endpoints.stripe.handshakes=dropbox-challenge")
                .run(context -> {
                    WebhookConfigurationException e = startupFailure(context);
                    assertThat(e.getMessage())
                            .contains("webhooks.endpoints.stripe.handshakes[0]")
                            .contains("'dropbox-challenge' does not apply to provider 'stripe'");
                    assertThat(e.action()).contains("webhooks.endpoints.stripe.handshakes");
                });
        runner.withPropertyValues(DROPBOX)
                .withPropertyValues(
                        "webhooks.endpoints.dropbox.handshakes=meta-verify-token",
                        "webhooks.endpoints.dropbox.meta-verify-token=" + TestSecrets.META_VERIFY_TOKEN)
                .run(context -> assertThat(startupFailure(context).getMessage())
                        .contains("'meta-verify-token' does not apply to provider 'dropbox'")
                        .doesNotContain(TestSecrets.META_VERIFY_TOKEN));
    }

    @Test
    void metaVerifyTokenWhenListedWithoutTokenOrSetWithoutListingThenStartupFails() {
        runner.withPropertyValues(META)
                .withPropertyValues("webhooks.endpoints.meta.handshakes=meta-verify-token")
                .run(context -> {
                    WebhookConfigurationException e = startupFailure(context);
                    assertThat(e.getMessage()).contains("webhooks.endpoints.meta.meta-verify-token");
                    assertThat(e.action()).contains("meta-verify-token: ${META_VERIFY_TOKEN}");
                });
        runner.withPropertyValues(META)
                .withPropertyValues("webhooks.endpoints.meta.meta-verify-token=" + TestSecrets.META_VERIFY_TOKEN)
                .run(context -> {
                    WebhookConfigurationException e = startupFailure(context);
                    assertThat(e.getMessage())
                            .contains("webhooks.endpoints.meta.handshakes does not list meta-verify-token")
                            .doesNotContain(TestSecrets.META_VERIFY_TOKEN);
                });
    }

    @Test
    void handshakeWhenListedTwiceOrNeedingOptionsThenStartupFailsSayingWhere() {
        runner.withPropertyValues(DROPBOX)
                .withPropertyValues("webhooks.endpoints.dropbox.handshakes=dropbox-challenge,dropbox-challenge")
                .run(context -> assertThat(startupFailure(context).getMessage())
                        .contains("webhooks.endpoints.dropbox.handshakes[1]")
                        .contains("twice"));
        runner.withPropertyValues(
                        "webhooks.endpoints.asana.provider=asana",
                        "webhooks.endpoints.asana.secrets[0].secret=" + TestSecrets.GITHUB,
                        "webhooks.endpoints.asana.replay.retention=3d",
                        "webhooks.endpoints.asana.handshakes=asana-hook-secret")
                .run(context -> {
                    WebhookConfigurationException e = startupFailure(context);
                    assertThat(e.getMessage()).contains("HookSecretReceiver");
                    assertThat(e.action()).contains("WebhookVerifierCustomizer");
                });
    }

    static class AsanaConfig {
        @Bean
        AsanaHookSecrets asanaHookSecrets() {
            return new AsanaHookSecrets();
        }

        @Bean
        WebhookVerifierCustomizer asanaHandshake(AsanaHookSecrets secrets) {
            return secrets.customizer();
        }
    }

    @Test
    void customizerWhenItGivesSecretResolverAndHandshakeThenEndpointNeedsNoSecretsProperty() {
        runner.withPropertyValues(
                        "webhooks.endpoints.asana.provider=asana", "webhooks.endpoints.asana.replay.retention=3d")
                .withUserConfiguration(AsanaConfig.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(WebhookVerifierRegistry.class)
                                    .get("asana")
                                    .handshakes())
                            .extracting(dev.webhookverifier.Handshake::id)
                            .containsExactly("asana-hook-secret");
                });
    }

    static class DroppingCustomizerConfig {
        @Bean
        WebhookVerifierCustomizer replacesHandshakes() {
            return (name, builder) -> builder.handshakes();
        }
    }

    @Test
    void customizerWhenItReplacesHandshakesFromPropertiesThenStartupFails() {
        runner.withPropertyValues(DROPBOX)
                .withPropertyValues("webhooks.endpoints.dropbox.handshakes=dropbox-challenge")
                .withUserConfiguration(DroppingCustomizerConfig.class)
                .run(context -> {
                    WebhookConfigurationException e = startupFailure(context);
                    assertThat(e.getMessage())
                            .contains("webhooks.endpoints.dropbox.handshakes lists [dropbox-challenge]")
                            .contains("WebhookVerifierCustomizer");
                });
    }

    @Test
    void metadataWhenBuiltThenDescribesTheProperties() throws Exception {
        try (var in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).isNotNull();
            String json = new String(in.readAllBytes(), UTF_8);
            assertThat(json)
                    .contains("\"webhooks.endpoints\"")
                    .contains("webhooks.acknowledge-duplicates")
                    .contains("webhooks.replay-store.redis-uri")
                    .contains("handshakes")
                    .contains("meta-verify-token");
        }
    }
}
