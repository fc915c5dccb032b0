package dev.webhookverifier.spring;

import dev.webhookverifier.VerifiedDelivery;
import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Makes the {@link VerifiedDelivery} a Spring WebFlux handler argument:
 * {@code Mono<Void> handle(@RequestBody Event event, VerifiedDelivery delivery)}.
 *
 * <p><b>Thread safety:</b> thread-safe.
 */
public final class ReactiveVerifiedDeliveryArgumentResolver implements HandlerMethodArgumentResolver {
    /** Creates the resolver. */
    public ReactiveVerifiedDeliveryArgumentResolver() {}

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == VerifiedDelivery.class;
    }

    @Override
    public Mono<Object> resolveArgument(
            MethodParameter parameter, BindingContext bindingContext, ServerWebExchange exchange) {
        Object delivery = exchange.getAttribute(VerifiedWebhooks.DELIVERY_ATTRIBUTE);
        if (delivery instanceof VerifiedDelivery) {
            return Mono.just(delivery);
        }
        return Mono.error(new IllegalStateException("no verified delivery for " + parameter.getExecutable()
                + ": annotate the handler (or its class) with @VerifiedWebhook(\"endpoint-name\")"));
    }
}
