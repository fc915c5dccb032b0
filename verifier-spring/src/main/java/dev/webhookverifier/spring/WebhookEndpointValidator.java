package dev.webhookverifier.spring;

import dev.webhookverifier.WebhookVerifierRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.web.method.HandlerMethod;

/**
 * Checks, once every singleton exists and before the web server starts, that each handler method carrying
 * {@link dev.webhookverifier.VerifiedWebhook @VerifiedWebhook} names a configured endpoint; the application does not
 * start otherwise. (Boot's lazy initialization leaves {@link SmartInitializingSingleton} beans eager.)
 */
final class WebhookEndpointValidator implements SmartInitializingSingleton {
    private final Supplier<Collection<HandlerMethod>> handlers;
    private final ObjectProvider<WebhookVerifierRegistry> registry;

    WebhookEndpointValidator(
            Supplier<Collection<HandlerMethod>> handlers, ObjectProvider<WebhookVerifierRegistry> registry) {
        this.handlers = handlers;
        this.registry = registry;
    }

    /** The handler methods of every mapping bean of a type (MVC's or WebFlux's {@code AbstractHandlerMethodMapping}). */
    static Collection<HandlerMethod> handlerMethods(
            ListableBeanFactory beans, Class<?> mappingType, Function<Object, Collection<HandlerMethod>> methods) {
        List<HandlerMethod> result = new ArrayList<>();
        for (Object mapping : beans.getBeansOfType(mappingType).values()) {
            result.addAll(methods.apply(mapping));
        }
        return result;
    }

    @Override
    public void afterSingletonsInstantiated() {
        HandlerEndpoints endpoints = new HandlerEndpoints();
        List<String> unknown = new ArrayList<>();
        Set<String> missing = new LinkedHashSet<>();
        WebhookVerifierRegistry known = null;
        for (HandlerMethod handler : handlers.get()) {
            String name = endpoints.endpointOf(handler);
            if (name == null) {
                continue;
            }
            if (known == null) {
                known = registry.getObject();
            }
            if (known.find(name).isEmpty()) {
                unknown.add("@VerifiedWebhook(\"" + name + "\") on " + VerifiedWebhooks.describe(handler));
                missing.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            String first = missing.iterator().next();
            throw new WebhookConfigurationException(
                    "webhook handlers name endpoints that are not configured: " + String.join("; ", unknown)
                            + ". Configured endpoints: " + known.names(),
                    "Configure each endpoint (e.g. webhooks.endpoints." + first + ".provider and webhooks.endpoints."
                            + first + ".secrets[0].secret) or fix the name in the annotation.");
        }
    }
}
