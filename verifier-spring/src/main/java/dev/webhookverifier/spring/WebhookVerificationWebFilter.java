package dev.webhookverifier.spring;

import dev.webhookverifier.DeliveryLease;
import dev.webhookverifier.FailureReason;
import dev.webhookverifier.HandshakeAnswer;
import dev.webhookverifier.RejectionResponse;
import dev.webhookverifier.WebhookDiagnostics;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookVerificationException;
import dev.webhookverifier.WebhookVerifier;
import dev.webhookverifier.WebhookVerifierRegistry;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.codec.FormHttpMessageReader;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebExchangeDecorator;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Verifies webhook requests to Spring WebFlux handlers carrying
 * {@link dev.webhookverifier.VerifiedWebhook @VerifiedWebhook} before the handler runs, and passes them on with the
 * body readable exactly as sent.
 *
 * <p>For each request it asks the handler mappings, in the order the {@code DispatcherHandler} does, which handler
 * the request maps to; requests to any other handler pass through untouched. For a webhook handler it reads the
 * body once, bounded by the verifier's {@link WebhookVerifier#maxBodyBytes()} (413 before reading when
 * {@code Content-Length} says so, and as soon as the bytes read exceed it otherwise; buffers are released), verifies
 * it with the endpoint's verifier, and calls the chain with a request whose body (and
 * {@link ServerWebExchange#getFormData() form data}) are the verified bytes. The
 * {@link dev.webhookverifier.VerifiedDelivery} is the exchange attribute {@link VerifiedWebhooks#DELIVERY_ATTRIBUTE}
 * and a handler argument.
 *
 * <p>Answers as the servlet filter does: 401 for any verification failure (an RFC 9457 problem body naming no
 * reason), 413, 409 for a duplicate still being processed, 503 when the replay store is unavailable, 200 for a
 * duplicate of a processed delivery (without running the handler; configurable), always with
 * {@code Cache-Control: no-store}. With a replay store, the claim is held while the handler runs, completed when the
 * response status is 2xx and released otherwise, on error or on cancellation, so the provider's retry is processed;
 * replay store calls run on {@link Schedulers#boundedElastic()}, off the event loop. At DEBUG, a rejection is
 * explained in the log with {@link WebhookDiagnostics#explain} (no secret, signature or body).
 *
 * <p><b>Handshakes:</b> on an endpoint whose verifier has {@link WebhookVerifier#handshakes() handshakes} (opt-in),
 * every request is first offered to {@link WebhookVerifier#answerHandshake(WebhookRequest)} (on
 * {@link Schedulers#boundedElastic()}: an Asana {@code HookSecretReceiver} may block): a probe is answered with the
 * handshake's status, headers and body and the handler does not run; a probe that fails is answered like any
 * verification failure; anything else is verified as a delivery. A probe may use a method the handler is not mapped
 * for (a {@code GET} challenge to a {@code @PostMapping}): the handler is then looked up under the methods it
 * supports, for endpoints with handshakes only. Answered handshakes are logged at INFO with the handshake id, never
 * the challenge or an echoed secret.
 *
 * <p><b>Thread safety:</b> immutable and thread-safe.
 */
public final class WebhookVerificationWebFilter implements WebFilter, Ordered {
    private static final System.Logger LOG = System.getLogger(WebhookVerificationWebFilter.class.getName());
    private static final byte[] EMPTY = new byte[0];
    private static final ResolvableType FORM_TYPE =
            ResolvableType.forClassWithGenerics(MultiValueMap.class, String.class, String.class);

    private final ListableBeanFactory beans;
    private final WebhookVerifierRegistry registry;
    private final boolean acknowledgeDuplicates;
    /** The public base URL without trailing slashes, trimmed once (not a regex per request); or {@code null}. */
    private final String publicBaseUrl;

    private final int order;
    private final HandlerEndpoints endpoints = new HandlerEndpoints();
    private final boolean anyHandshakes;
    private volatile List<HandlerMapping> mappings;

    private WebhookVerificationWebFilter(Builder b) {
        this.beans = b.beans;
        this.registry = b.registry;
        this.anyHandshakes = registry.names().stream()
                .anyMatch(name -> !registry.get(name).handshakes().isEmpty());
        this.acknowledgeDuplicates = b.acknowledgeDuplicates;
        this.publicBaseUrl =
                b.publicBaseUrl == null ? null : b.publicBaseUrl.toString().replaceAll("/+$", "");
        this.order = b.order;
    }

    /**
     * A builder.
     *
     * @param beans the application context holding the {@code DispatcherHandler}'s handler mappings (read on the
     *     first request)
     * @param registry the verifiers by endpoint name
     * @return a new builder
     */
    public static Builder builder(ListableBeanFactory beans, WebhookVerifierRegistry registry) {
        return new Builder(beans, registry);
    }

    @Override
    public int getOrder() {
        return order;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (registry.names().isEmpty()) {
            return chain.filter(exchange);
        }
        return endpointName(exchange).flatMap(name -> {
            WebhookVerifier verifier = name.flatMap(registry::find).orElse(null);
            if (verifier == null) {
                return chain.filter(exchange); // not a webhook (an unknown name is rejected by the handler adapter)
            }
            exchange.getAttributes().put(VerifiedWebhooks.ENDPOINT_ATTRIBUTE, name.get());
            return verify(exchange, chain, verifier);
        });
    }

    /**
     * The handler lookup may leave attributes on the exchange; they are put back as they were so the real dispatch
     * starts from the same state.
     */
    private Mono<Optional<String>> endpointName(ServerWebExchange exchange) {
        Map<String, Object> before = new HashMap<>(exchange.getAttributes());
        return lookup(exchange)
                .onErrorResume(MethodNotAllowedException.class, e -> probedEndpoint(exchange, e))
                // The DispatcherHandler fails the same way (405, 415, ...) without running a handler.
                .onErrorReturn(Optional.empty())
                .doOnNext(found -> {
                    Map<String, Object> attributes = exchange.getAttributes();
                    attributes.keySet().retainAll(before.keySet());
                    attributes.putAll(before);
                });
    }

    private Mono<Optional<String>> lookup(ServerWebExchange exchange) {
        return Flux.fromIterable(mappings())
                .concatMap(mapping -> mapping.getHandler(exchange))
                .next()
                .map(handler -> Optional.ofNullable(endpoints.endpointOf(handler)))
                .defaultIfEmpty(Optional.empty());
    }

    /**
     * A provider's probe may use a method the handler is not mapped for (Dropbox's and Meta's GET challenges to a
     * {@code @PostMapping}): the handler is looked up under the methods it supports, and its endpoint is used only if
     * it answers handshakes (otherwise the 405 stands).
     */
    private Mono<Optional<String>> probedEndpoint(ServerWebExchange exchange, MethodNotAllowedException refused) {
        if (!anyHandshakes || refused.getSupportedMethods().isEmpty()) {
            return Mono.just(Optional.empty());
        }
        return Flux.fromIterable(refused.getSupportedMethods())
                .concatMap(method -> lookup(
                                exchange.mutate().request(r -> r.method(method)).build())
                        .onErrorReturn(Optional.empty()))
                .filter(found -> found.flatMap(registry::find)
                        .map(verifier -> !verifier.handshakes().isEmpty())
                        .orElse(false))
                .next()
                .defaultIfEmpty(Optional.empty());
    }

    private List<HandlerMapping> mappings() {
        List<HandlerMapping> result = mappings;
        if (result == null) {
            result = new ArrayList<>(
                    BeanFactoryUtils.beansOfTypeIncludingAncestors(beans, HandlerMapping.class, true, false)
                            .values());
            AnnotationAwareOrderComparator.sort(result);
            mappings = List.copyOf(result);
        }
        return result;
    }

    /** What the filter does with a webhook request: answer a handshake, or pass a verified delivery on. */
    private sealed interface Outcome permits Answered, Verified {}

    private record Answered(HandshakeAnswer answer) implements Outcome {}

    private record Verified(byte[] body, DeliveryLease lease) implements Outcome {}

    private Mono<Void> verify(ServerWebExchange exchange, WebFilterChain chain, WebhookVerifier verifier) {
        ServerHttpRequest request = exchange.getRequest();
        ServerHttpResponse response = exchange.getResponse();
        String path = request.getPath().pathWithinApplication().value();
        String providerId = verifier.provider().id();
        int limit = verifier.maxBodyBytes();
        long declared = request.getHeaders().getContentLength();
        if (declared > limit) {
            return answerFailure(
                    response,
                    path,
                    providerId,
                    limit,
                    new WebhookVerificationException(
                            FailureReason.BODY_TOO_LARGE,
                            providerId,
                            "Content-Length " + declared + " exceeds " + limit + " bytes (not read)"));
        }
        boolean blocking = verifier.replayRetention().isPresent();
        return readBody(request, limit)
                .flatMap(body -> {
                    WebhookRequest webhookRequest = toWebhookRequest(request, body);
                    return handshake(path, verifier, webhookRequest)
                            .switchIfEmpty(Mono.defer(() -> lease(verifier, webhookRequest, blocking)
                                    .doOnError(
                                            WebhookVerificationException.class,
                                            e -> logDiagnosis(path, verifier, webhookRequest, e.reason()))
                                    .map(lease -> new Verified(body, lease))));
                })
                .onErrorResume(
                        e -> answerFailure(response, path, providerId, limit, e).then(Mono.<Outcome>empty()))
                .flatMap(outcome -> outcome instanceof Answered answered
                        ? writeAnswer(response, path, providerId, answered)
                        : proceed(exchange, chain, (Verified) outcome, blocking));
    }

    /**
     * The answer to a handshake probe, empty for an ordinary delivery (at once when no handshake recognizes the
     * request); fails with the probe's {@link WebhookVerificationException}, explained at DEBUG like any rejection.
     */
    private static Mono<Outcome> handshake(String path, WebhookVerifier verifier, WebhookRequest request) {
        if (verifier.handshakes().stream().noneMatch(h -> h.recognizes(request))) {
            return Mono.empty();
        }
        // Off the event loop: a handshake may call application code (Asana's HookSecretReceiver stores the secret).
        return Mono.fromCallable(() -> verifier.answerHandshake(request)
                        .map(answer -> (Outcome) new Answered(answer))
                        .orElse(null))
                .subscribeOn(Schedulers.boundedElastic())
                .doOnError(WebhookVerificationException.class, e -> logDiagnosis(path, verifier, request, e.reason()));
    }

    /** Writes a handshake's answer; the log names the handshake, never the challenge, an echoed secret or the body. */
    private static Mono<Void> writeAnswer(
            ServerHttpResponse response, String path, String providerId, Answered answered) {
        HandshakeAnswer answer = answered.answer();
        log(
                System.Logger.Level.INFO,
                path,
                providerId,
                "answered handshake " + answer.handshakeId().orElse("?") + " with " + answer.status());
        response.setStatusCode(HttpStatusCode.valueOf(answer.status()));
        HttpHeaders headers = response.getHeaders();
        answer.headers().forEach(headers::set);
        if (answer.contentType() != null) {
            headers.set(HttpHeaders.CONTENT_TYPE, answer.contentType());
        }
        byte[] body = answer.body();
        headers.setContentLength(body.length);
        if (body.length == 0) {
            return response.setComplete();
        }
        return response.writeWith(
                Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
    }

    /**
     * At DEBUG, explains a signature or timestamp failure (re-serialized body, secret encoding, clock skew, a proxy
     * that changed the URL), as the servlet filter does. Only in the log, never in the response; the report holds
     * no secret, signature or body.
     */
    private static void logDiagnosis(
            String path, WebhookVerifier verifier, WebhookRequest request, FailureReason reason) {
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            WebhookDiagnostics.debugReport(verifier, request, reason)
                    .ifPresent(report -> log(
                            System.Logger.Level.DEBUG, path, verifier.provider().id(), report));
        }
    }

    /** Collects at most {@code limit} bytes ({@link DataBufferLimitException} beyond) and releases every buffer. */
    private static Mono<byte[]> readBody(ServerHttpRequest request, int limit) {
        return DataBufferUtils.join(request.getBody(), limit)
                .map(buffer -> {
                    try {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .defaultIfEmpty(EMPTY);
    }

    private static Mono<DeliveryLease> lease(WebhookVerifier verifier, WebhookRequest request, boolean blocking) {
        Mono<DeliveryLease> lease = Mono.fromCallable(() -> verifier.lease(request));
        if (!blocking) {
            return lease;
        }
        // A claim acquired after the client went away is given back, or retries would be refused until it expires.
        return lease.subscribeOn(Schedulers.boundedElastic())
                .doOnDiscard(DeliveryLease.class, WebhookVerificationWebFilter::releaseLater);
    }

    private Mono<Void> proceed(ServerWebExchange exchange, WebFilterChain chain, Verified verified, boolean blocking) {
        DeliveryLease lease = verified.lease();
        VerifiedRequest request = new VerifiedRequest(exchange.getRequest(), verified.body());
        ServerWebExchange next =
                new VerifiedExchange(exchange.mutate().request(request).build(), request);
        next.getAttributes().put(VerifiedWebhooks.DELIVERY_ATTRIBUTE, lease.delivery());
        return chain.filter(next)
                .then(Mono.defer(() -> settle(lease, exchange.getResponse().getStatusCode(), blocking)))
                .onErrorResume(e -> run(lease::release, blocking).then(Mono.error(e)))
                .doOnCancel(() -> releaseLater(lease));
    }

    /** 2xx completes the claim (duplicates are acknowledged from now on); anything else releases it for a retry. */
    private static Mono<Void> settle(DeliveryLease lease, HttpStatusCode status, boolean blocking) {
        int code = status == null ? 200 : status.value();
        return run(code >= 200 && code < 300 ? lease::complete : lease::release, blocking);
    }

    private static Mono<Void> run(Runnable action, boolean blocking) {
        Mono<Void> mono = Mono.fromRunnable(action);
        return blocking ? mono.subscribeOn(Schedulers.boundedElastic()) : mono;
    }

    private static void releaseLater(DeliveryLease lease) {
        Schedulers.boundedElastic().schedule(lease::release);
    }

    private WebhookRequest toWebhookRequest(ServerHttpRequest request, byte[] body) {
        WebhookRequest.Builder b = WebhookRequest.builder()
                .method(request.getMethod().name())
                .url(requestUrl(request))
                .body(body);
        request.getHeaders().forEach((name, values) -> values.forEach(value -> b.header(name, value)));
        return b.build();
    }

    private URI requestUrl(ServerHttpRequest request) {
        URI uri = request.getURI();
        if (publicBaseUrl == null) {
            return uri;
        }
        String query = uri.getRawQuery();
        try {
            return URI.create(publicBaseUrl + uri.getRawPath() + (query == null ? "" : "?" + query));
        } catch (IllegalArgumentException e) {
            return null; // URL-signing schemes then report the missing URL; others do not need it
        }
    }

    private Mono<Void> answerFailure(
            ServerHttpResponse response, String path, String providerId, int limit, Throwable error) {
        WebhookVerificationException failure;
        if (error instanceof DataBufferLimitException) {
            failure = new WebhookVerificationException(
                    FailureReason.BODY_TOO_LARGE, providerId, "body exceeds " + limit + " bytes");
        } else if (error instanceof WebhookVerificationException e) {
            failure = e;
        } else {
            return Mono.error(error);
        }
        RejectionResponse answer = RejectionResponse.of(failure, acknowledgeDuplicates);
        log(answer.logLevel(), path, failure.providerId(), answer.logMessage(failure));
        return write(response, answer);
    }

    static Mono<Void> write(ServerHttpResponse response, RejectionResponse answer) {
        response.setStatusCode(HttpStatusCode.valueOf(answer.status()));
        response.getHeaders().set("Cache-Control", RejectionResponse.CACHE_CONTROL);
        answer.retryAfter().ifPresent(seconds -> response.getHeaders().set("Retry-After", seconds));
        if (answer.acknowledged()) {
            return response.setComplete();
        }
        byte[] json = answer.problemJson();
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().setContentLength(json.length);
        return response.writeWith(
                Mono.fromSupplier(() -> response.bufferFactory().wrap(json)));
    }

    private static void log(System.Logger.Level level, String path, String providerId, String message) {
        if (LOG.isLoggable(level)) {
            LOG.log(level, "webhook " + path + " (" + providerId + "): " + message);
        }
    }

    @Override
    public String toString() {
        return "WebhookVerificationWebFilter" + registry.names();
    }

    /** The verified request: its body is the verified bytes, readable any number of times. */
    private static final class VerifiedRequest extends ServerHttpRequestDecorator {
        private final byte[] body;

        VerifiedRequest(ServerHttpRequest delegate, byte[] body) {
            super(delegate);
            this.body = body;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            return body.length == 0
                    ? Flux.empty()
                    : Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body)));
        }
    }

    /**
     * The exchange handed down the chain. Its form data must come from the verified bytes: the original exchange
     * would read it from the original request, whose body has been consumed.
     */
    private static final class VerifiedExchange extends ServerWebExchangeDecorator {
        private final Mono<MultiValueMap<String, String>> formData;

        VerifiedExchange(ServerWebExchange delegate, ServerHttpRequest request) {
            super(delegate);
            MediaType contentType;
            try {
                contentType = request.getHeaders().getContentType();
            } catch (InvalidMediaTypeException e) {
                contentType = null;
            }
            if (contentType != null && MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(contentType)) {
                FormHttpMessageReader reader = new FormHttpMessageReader();
                reader.setMaxInMemorySize(-1); // the body is already bounded by the endpoint's limit
                this.formData = reader.readMono(FORM_TYPE, request, Map.of())
                        .switchIfEmpty(Mono.fromSupplier(LinkedMultiValueMap::new))
                        .cache();
            } else {
                this.formData = Mono.fromSupplier(LinkedMultiValueMap::new);
            }
        }

        @Override
        public Mono<MultiValueMap<String, String>> getFormData() {
            return formData;
        }
    }

    /**
     * Builds a {@link WebhookVerificationWebFilter}.
     *
     * <p><b>Thread safety:</b> not thread-safe.
     */
    public static final class Builder {
        private final ListableBeanFactory beans;
        private final WebhookVerifierRegistry registry;
        private boolean acknowledgeDuplicates = true;
        private URI publicBaseUrl;
        private int order = WebhooksProperties.DEFAULT_FILTER_ORDER;

        private Builder(ListableBeanFactory beans, WebhookVerifierRegistry registry) {
            this.beans = Objects.requireNonNull(beans, "beans");
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /**
         * Whether a duplicate of an already processed delivery is answered 200 without running the handler (default
         * {@code true}); with {@code false} it is answered 409.
         *
         * @param acknowledge whether to acknowledge
         * @return this builder
         */
        public Builder acknowledgeDuplicates(boolean acknowledge) {
            this.acknowledgeDuplicates = acknowledge;
            return this;
        }

        /**
         * The public base URL the provider calls, for URL-signing providers behind a TLS-terminating proxy.
         * {@code X-Forwarded-*} headers are never trusted.
         *
         * @param baseUrl e.g. {@code https://hooks.example.com}
         * @return this builder
         */
        public Builder publicBaseUrl(URI baseUrl) {
            this.publicBaseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            if (baseUrl.getScheme() == null || baseUrl.getHost() == null) {
                throw new IllegalArgumentException("the public base URL needs a scheme and a host");
            }
            return this;
        }

        /**
         * The filter's order (default {@link WebhooksProperties#DEFAULT_FILTER_ORDER}): keep it before any filter
         * that reads the body or the form data.
         *
         * @param order the order
         * @return this builder
         */
        public Builder order(int order) {
            this.order = order;
            return this;
        }

        /**
         * Builds the filter.
         *
         * @return the filter
         */
        public WebhookVerificationWebFilter build() {
            return new WebhookVerificationWebFilter(this);
        }
    }
}
