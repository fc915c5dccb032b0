package dev.webhookverifier.spring;

import dev.webhookverifier.VerificationListener;
import dev.webhookverifier.WebhookVerifierRegistry;
import dev.webhookverifier.replay.ReplayStore;
import dev.webhookverifier.servlet.WebhookVerificationFilter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.handler.MappedInterceptor;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.RequestResponseBodyMethodProcessor;

/**
 * Spring Boot auto-configuration of webhook verification (Spring Boot 4.0 and 3.5).
 *
 * <p>From the {@code webhooks.*} properties ({@link WebhooksProperties}) it builds a {@link WebhookVerifierRegistry}
 * with one verifier per {@code webhooks.endpoints.<name>}, and verifies requests to every handler carrying
 * {@link dev.webhookverifier.VerifiedWebhook @VerifiedWebhook("name")}:
 *
 * <ul>
 *   <li>Spring MVC: a {@link WebhookVerificationFilter} (registered as {@code webhookVerificationFilter}) whose
 *       {@link HandlerMappingEndpointResolver} buffers and verifies only requests mapped to such handlers; a
 *       {@link VerifiedWebhookInterceptor} that rejects any request reaching them unverified; a
 *       {@link VerifiedDeliveryArgumentResolver}.
 *   <li>Spring WebFlux: a {@link WebhookVerificationWebFilter}, a {@link VerifiedWebhookHandlerAdapter} that fails
 *       closed, a {@link ReactiveVerifiedDeliveryArgumentResolver}.
 * </ul>
 *
 * <p>Handshakes (opt-in per endpoint): {@code webhooks.endpoints.<name>.handshakes} lists the provider probes answered
 * on that endpoint instead of running its handler (ids of {@link dev.webhookverifier.Handshakes#byId(String)}, plus
 * {@code meta-verify-token} with {@code webhooks.endpoints.<name>.meta-verify-token}); handshakes that take other
 * options (Asana's {@link dev.webhookverifier.HookSecretReceiver}, SNS topics) are added by a
 * {@link WebhookVerifierCustomizer}. Both MVC and WebFlux answer them before the handler (which never runs for a
 * probe), also for a {@code GET} probe to a handler mapped for {@code POST} only.
 *
 * <p>The application's beans take precedence: a {@link WebhookVerifierRegistry} replaces the properties altogether; a
 * {@link ReplayStore} replaces the in-memory (or Redis) store; a {@link Clock} is used by every verifier; every
 * {@link VerificationListener} bean is called; every {@link WebhookVerifierCustomizer} adjusts each endpoint's builder.
 * With {@code verifier-redis} on the classpath and {@code webhooks.replay-store.redis-uri} set, the store is a
 * {@code RedisReplayStore} (through the application's Lettuce {@code RedisClient} bean if it has exactly one).
 *
 * <p>The application does not start ({@link WebhookConfigurationException}) when a provider id is unknown, a secret
 * is malformed, a handshake id is unknown or does not apply to the endpoint's provider, or an annotation names an
 * endpoint that is not configured. With the actuator present, secrets and Meta verify tokens are masked in
 * {@code /actuator/env} and {@code /actuator/configprops} even when values are shown.
 */
@AutoConfiguration
@EnableConfigurationProperties(WebhooksProperties.class)
// Top-level classes, processed in this order (after the member classes below): the Redis store first.
@Import({RedisReplayStoreConfiguration.class, InMemoryReplayStoreConfiguration.class})
public class WebhookVerifierAutoConfiguration {
    /** Created by Spring Boot. */
    public WebhookVerifierAutoConfiguration() {}

    /**
     * The verifiers configured under {@code webhooks.endpoints}.
     *
     * @param properties the properties
     * @param clock the application's clock, if it has one
     * @param replayStore the replay store
     * @param listeners the application's listeners
     * @param customizers the application's customizers
     * @return the registry
     * @throws WebhookConfigurationException naming the property at fault
     */
    @Bean
    @ConditionalOnMissingBean
    public WebhookVerifierRegistry webhookVerifierRegistry(
            WebhooksProperties properties,
            ObjectProvider<Clock> clock,
            ObjectProvider<ReplayStore> replayStore,
            ObjectProvider<VerificationListener> listeners,
            ObjectProvider<WebhookVerifierCustomizer> customizers) {
        return new WebhookRegistryFactory(
                        clock.getIfUnique(Clock::systemUTC),
                        replayStore::getObject,
                        CompositeVerificationListener.of(
                                listeners.orderedStream().toList()),
                        customizers.orderedStream().toList())
                .build(properties);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = {"org.springframework.web.servlet.DispatcherServlet", "jakarta.servlet.Filter"})
    static class ServletConfiguration {
        @Bean
        FilterRegistrationBean<WebhookVerificationFilter> webhookVerificationFilter(
                WebhooksProperties properties, WebhookVerifierRegistry registry, ListableBeanFactory beans) {
            WebhookVerificationFilter.Builder filter = WebhookVerificationFilter.builder()
                    .endpointResolver(new HandlerMappingEndpointResolver(beans, registry))
                    .acknowledgeDuplicates(properties.isAcknowledgeDuplicates());
            if (properties.getPublicBaseUrl() != null) {
                filter.publicBaseUrl(properties.getPublicBaseUrl());
            }
            FilterRegistrationBean<WebhookVerificationFilter> registration =
                    new FilterRegistrationBean<>(filter.build());
            registration.setName("webhookVerificationFilter");
            registration.setOrder(properties.getFilterOrder());
            registration.addUrlPatterns("/*");
            return registration;
        }

        @Bean
        MappedInterceptor webhookVerificationInterceptor() {
            return new MappedInterceptor(null, new VerifiedWebhookInterceptor());
        }

        @Bean
        WebMvcConfigurer webhookVerifiedDeliveryArgumentResolver() {
            return new WebMvcConfigurer() {
                @Override
                public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                    resolvers.add(new VerifiedDeliveryArgumentResolver());
                }
            };
        }

        /** Puts {@link VerifiedBodyArgumentResolver} before Spring's own {@code @RequestBody} resolver. */
        @Bean
        static BeanPostProcessor webhookVerifiedBodyArgumentResolver() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    if (bean instanceof RequestMappingHandlerAdapter adapter
                            && adapter.getArgumentResolvers() != null) {
                        List<HandlerMethodArgumentResolver> resolvers = new ArrayList<>(adapter.getArgumentResolvers());
                        resolvers.stream()
                                .filter(r -> r instanceof RequestResponseBodyMethodProcessor)
                                .findFirst()
                                .ifPresent(body -> {
                                    resolvers.add(0, new VerifiedBodyArgumentResolver(body));
                                    adapter.setArgumentResolvers(resolvers);
                                });
                    }
                    return bean;
                }
            };
        }

        @Bean
        static WebhookEndpointValidator webhookEndpointValidator(
                ListableBeanFactory beans, ObjectProvider<WebhookVerifierRegistry> registry) {
            return new WebhookEndpointValidator(
                    () -> WebhookEndpointValidator.handlerMethods(
                            beans,
                            org.springframework.web.servlet.handler.AbstractHandlerMethodMapping.class,
                            m -> ((org.springframework.web.servlet.handler.AbstractHandlerMethodMapping<?>) m)
                                    .getHandlerMethods()
                                    .values()),
                    registry);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(name = "org.springframework.web.reactive.DispatcherHandler")
    static class ReactiveConfiguration {
        @Bean
        WebhookVerificationWebFilter webhookVerificationWebFilter(
                WebhooksProperties properties, WebhookVerifierRegistry registry, ListableBeanFactory beans) {
            WebhookVerificationWebFilter.Builder filter = WebhookVerificationWebFilter.builder(beans, registry)
                    .acknowledgeDuplicates(properties.isAcknowledgeDuplicates())
                    .order(properties.getFilterOrder());
            if (properties.getPublicBaseUrl() != null) {
                filter.publicBaseUrl(properties.getPublicBaseUrl());
            }
            return filter.build();
        }

        @Bean
        VerifiedWebhookHandlerAdapter webhookVerifiedHandlerAdapter(ListableBeanFactory beans) {
            return new VerifiedWebhookHandlerAdapter(beans);
        }

        @Bean
        WebFluxConfigurer webhookVerifiedDeliveryArgumentResolver() {
            return new WebFluxConfigurer() {
                @Override
                public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
                    configurer.addCustomResolver(new ReactiveVerifiedDeliveryArgumentResolver());
                }
            };
        }

        @Bean
        static WebhookEndpointValidator webhookEndpointValidator(
                ListableBeanFactory beans, ObjectProvider<WebhookVerifierRegistry> registry) {
            return new WebhookEndpointValidator(
                    () -> WebhookEndpointValidator.handlerMethods(
                            beans,
                            org.springframework.web.reactive.result.method.AbstractHandlerMethodMapping.class,
                            m -> ((org.springframework.web.reactive.result.method.AbstractHandlerMethodMapping<?>) m)
                                    .getHandlerMethods()
                                    .values()),
                    registry);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.SanitizingFunction")
    static class ActuatorConfiguration {
        @Bean
        WebhookSecretSanitizingFunction webhookSecretSanitizingFunction(ObjectProvider<WebhooksProperties> properties) {
            return new WebhookSecretSanitizingFunction(properties::getIfAvailable);
        }
    }
}
