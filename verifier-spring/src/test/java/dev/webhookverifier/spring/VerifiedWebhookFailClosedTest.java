package dev.webhookverifier.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookverifier.Providers;
import dev.webhookverifier.VerifiedDelivery;
import dev.webhookverifier.VerifiedWebhook;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookVerifier;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.HandlerAdapter;
import org.springframework.web.reactive.HandlerResult;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** An annotated handler reached without a request verified for its endpoint is rejected, never run. */
class VerifiedWebhookFailClosedTest {
    static class Handlers {
        @VerifiedWebhook("stripe")
        public void webhook() {}

        @GitHubWebhook
        public void metaAnnotated() {}

        public void plain() {}
    }

    private static HandlerMethod handler(String name) throws NoSuchMethodException {
        return new HandlerMethod(new Handlers(), Handlers.class.getMethod(name));
    }

    private static VerifiedDelivery delivery() throws Exception {
        return WebhookVerifier.builder(Providers.stripe())
                .secrets(WebhookSecret.of("t", TestSecrets.STRIPE))
                .build()
                .verify(TestSecrets.STRIPE_SIGNER.sign("{}"));
    }

    @Test
    void endpointNameWhenAnnotatedDirectlyOrThroughMetaAnnotationThenFound() throws Exception {
        assertThat(VerifiedWebhooks.endpointName(handler("webhook"))).hasValue("stripe");
        assertThat(VerifiedWebhooks.endpointName(handler("metaAnnotated"))).hasValue("github");
        assertThat(VerifiedWebhooks.endpointName(handler("plain"))).isEmpty();
    }

    @Test
    void interceptorWhenAnnotatedHandlerUnverifiedThen401() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        boolean proceed = new VerifiedWebhookInterceptor()
                .preHandle(new MockHttpServletRequest("POST", "/x"), response, handler("webhook"));

        assertThat(proceed).isFalse();
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void interceptorWhenVerifiedForAnotherEndpointThen401() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/x");
        request.setAttribute(VerifiedWebhooks.DELIVERY_ATTRIBUTE, delivery());
        request.setAttribute(VerifiedWebhooks.ENDPOINT_ATTRIBUTE, "other");
        MockHttpServletResponse response = new MockHttpServletResponse();

        assertThat(new VerifiedWebhookInterceptor().preHandle(request, response, handler("webhook")))
                .isFalse();
        assertThat(response.getStatus()).isEqualTo(401);
    }

    @Test
    void interceptorWhenVerifiedForThisEndpointOrNotAWebhookThenProceeds() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/x");
        request.setAttribute(VerifiedWebhooks.DELIVERY_ATTRIBUTE, delivery());
        request.setAttribute(VerifiedWebhooks.ENDPOINT_ATTRIBUTE, "stripe");
        VerifiedWebhookInterceptor interceptor = new VerifiedWebhookInterceptor();

        assertThat(interceptor.preHandle(request, new MockHttpServletResponse(), handler("webhook")))
                .isTrue();
        assertThat(interceptor.preHandle(
                        new MockHttpServletRequest("POST", "/y"), new MockHttpServletResponse(), handler("plain")))
                .isTrue();
    }

    static final class RecordingAdapter implements HandlerAdapter {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public boolean supports(Object handler) {
            return true;
        }

        @Override
        public Mono<HandlerResult> handle(ServerWebExchange exchange, Object handler) {
            calls.incrementAndGet();
            return Mono.empty();
        }
    }

    @Test
    void handlerAdapterWhenAnnotatedHandlerUnverifiedThen401AndDelegateNotCalled() throws Exception {
        RecordingAdapter delegate = new RecordingAdapter();
        VerifiedWebhookHandlerAdapter adapter =
                new VerifiedWebhookHandlerAdapter(new StaticListableBeanFactory(Map.of("delegate", delegate)));
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/x"));

        assertThat(adapter.supports(handler("webhook"))).isTrue();
        assertThat(adapter.supports(handler("plain"))).isFalse();
        adapter.handle(exchange, handler("webhook")).block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(exchange.getResponse().getHeaders().getFirst("Cache-Control"))
                .isEqualTo("no-store");
        assertThat(delegate.calls).hasValue(0);
    }

    @Test
    void handlerAdapterWhenVerifiedForThisEndpointThenDelegates() throws Exception {
        RecordingAdapter delegate = new RecordingAdapter();
        VerifiedWebhookHandlerAdapter adapter =
                new VerifiedWebhookHandlerAdapter(new StaticListableBeanFactory(Map.of("delegate", delegate)));
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/x"));
        exchange.getAttributes().put(VerifiedWebhooks.DELIVERY_ATTRIBUTE, delivery());
        exchange.getAttributes().put(VerifiedWebhooks.ENDPOINT_ATTRIBUTE, "stripe");

        adapter.handle(exchange, handler("webhook")).block();

        assertThat(delegate.calls).hasValue(1);
    }
}
