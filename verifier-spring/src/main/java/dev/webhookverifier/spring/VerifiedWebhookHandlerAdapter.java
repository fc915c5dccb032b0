package dev.webhookverifier.spring;

import dev.webhookverifier.RejectionResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.web.reactive.HandlerAdapter;
import org.springframework.web.reactive.HandlerResult;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Fails closed on WebFlux: a handler carrying {@link dev.webhookverifier.VerifiedWebhook @VerifiedWebhook} is invoked
 * (by the adapter that would otherwise invoke it) only for an exchange that the {@link WebhookVerificationWebFilter}
 * verified with that endpoint's verifier. Any other exchange reaching it (filter missing or bypassed) is answered
 * 401 and the handler does not run.
 *
 * <p>It is ordered first among the {@code DispatcherHandler}'s adapters and claims only webhook handlers.
 *
 * <p><b>Thread safety:</b> thread-safe.
 */
public final class VerifiedWebhookHandlerAdapter implements HandlerAdapter, Ordered {
    private static final System.Logger LOG = System.getLogger(VerifiedWebhookHandlerAdapter.class.getName());

    private final ListableBeanFactory beans;
    private final HandlerEndpoints endpoints = new HandlerEndpoints();
    private volatile List<HandlerAdapter> delegates;

    /**
     * Creates the adapter.
     *
     * @param beans the application context holding the other handler adapters (read on the first request)
     */
    public VerifiedWebhookHandlerAdapter(ListableBeanFactory beans) {
        this.beans = Objects.requireNonNull(beans, "beans");
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public boolean supports(Object handler) {
        return endpoints.endpointOf(handler) != null;
    }

    @Override
    public Mono<HandlerResult> handle(ServerWebExchange exchange, Object handler) {
        String endpoint = endpoints.endpointOf(handler);
        if (VerifiedWebhooks.verifiedFor(
                endpoint,
                exchange.getAttribute(VerifiedWebhooks.DELIVERY_ATTRIBUTE),
                exchange.getAttribute(VerifiedWebhooks.ENDPOINT_ATTRIBUTE))) {
            return delegate(handler).handle(exchange, handler);
        }
        LOG.log(
                System.Logger.Level.WARNING,
                "webhook handler for endpoint '" + endpoint + "' reached by "
                        + exchange.getRequest().getMethod() + " "
                        + exchange.getRequest().getPath().value()
                        + " without an exchange verified for that endpoint; rejected with 401. Is the"
                        + " WebhookVerificationWebFilter registered?");
        return WebhookVerificationWebFilter.write(exchange.getResponse(), RejectionResponse.unauthorized())
                .then(Mono.empty());
    }

    private HandlerAdapter delegate(Object handler) {
        List<HandlerAdapter> list = delegates;
        if (list == null) {
            list = new ArrayList<>(
                    BeanFactoryUtils.beansOfTypeIncludingAncestors(beans, HandlerAdapter.class, true, false)
                            .values());
            list.removeIf(a -> a instanceof VerifiedWebhookHandlerAdapter);
            AnnotationAwareOrderComparator.sort(list);
            delegates = List.copyOf(list);
        }
        for (HandlerAdapter adapter : list) {
            if (adapter.supports(handler)) {
                return adapter;
            }
        }
        throw new IllegalStateException("No HandlerAdapter: " + handler);
    }

    @Override
    public String toString() {
        return "VerifiedWebhookHandlerAdapter";
    }
}
