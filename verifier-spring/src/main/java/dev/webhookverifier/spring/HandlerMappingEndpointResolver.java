package dev.webhookverifier.spring;

import dev.webhookverifier.WebhookVerifier;
import dev.webhookverifier.WebhookVerifierRegistry;
import dev.webhookverifier.servlet.WebhookVerificationFilter;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.Part;
import java.io.BufferedReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Tells the {@link WebhookVerificationFilter} which requests are webhooks: it asks Spring MVC's handler mappings,
 * in the order the {@code DispatcherServlet} does, which handler a request maps to, and answers the verifier of
 * the endpoint named by that handler's {@link dev.webhookverifier.VerifiedWebhook @VerifiedWebhook}. Requests to any
 * other handler pass through the filter untouched (their body is never buffered).
 *
 * <p>The lookup runs on a view of the request that keeps its own attributes, offers only query-string parameters
 * and refuses to read the body, so it neither consumes the body nor leaves state behind for the real dispatch. A
 * mapping that needs form parameters from the body to match is not seen here; a webhook handler reached that way is
 * rejected by the {@link VerifiedWebhookInterceptor} (fail closed).
 *
 * <p>A provider's probe may use a method the handler is not mapped for (Dropbox's and Meta's {@code GET} challenges
 * to a {@code @PostMapping}): when the mapping refuses a request's method, the handler is looked up again under the
 * methods it supports, and its verifier is used only if that endpoint answers
 * {@link WebhookVerifier#handshakes() handshakes}, so the filter answers the probe (or rejects the request with 401)
 * instead of the {@code DispatcherServlet} answering 405. Endpoints without handshakes keep the 405.
 *
 * <p><b>Thread safety:</b> thread-safe.
 */
public final class HandlerMappingEndpointResolver implements WebhookVerificationFilter.EndpointResolver {
    private final ListableBeanFactory beans;
    private final WebhookVerifierRegistry registry;
    private final HandlerEndpoints endpoints = new HandlerEndpoints();
    private final boolean anyHandshakes;
    private volatile List<HandlerMapping> mappings;

    /**
     * Creates a resolver.
     *
     * @param beans the web application context holding the {@code DispatcherServlet}'s handler mappings (read on the
     *     first request)
     * @param registry the verifiers by endpoint name
     */
    public HandlerMappingEndpointResolver(ListableBeanFactory beans, WebhookVerifierRegistry registry) {
        this.beans = Objects.requireNonNull(beans, "beans");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.anyHandshakes = registry.names().stream()
                .anyMatch(name -> !registry.get(name).handshakes().isEmpty());
    }

    @Override
    public WebhookVerifier resolve(HttpServletRequest request) {
        if (registry.names().isEmpty()) {
            return null;
        }
        String endpoint;
        try {
            endpoint = endpointName(request, null);
        } catch (HttpRequestMethodNotSupportedException e) {
            endpoint = probedEndpoint(request, e.getSupportedMethods());
        }
        if (endpoint == null) {
            return null;
        }
        WebhookVerifier verifier = registry.find(endpoint).orElse(null);
        if (verifier != null) {
            // Set before verification; the chain (and so the interceptor) only runs if it succeeds.
            request.setAttribute(VerifiedWebhooks.ENDPOINT_ATTRIBUTE, endpoint);
        }
        return verifier; // unknown name: passes here, and the interceptor rejects the handler
    }

    /**
     * The endpoint of the handler the request maps to, looked up as if its method were {@code method} (unless
     * {@code null}).
     */
    private String endpointName(HttpServletRequest request, String method)
            throws HttpRequestMethodNotSupportedException {
        LookupRequest lookup = new LookupRequest(request, method);
        ServletRequestPathUtils.parseAndCache(lookup);
        for (HandlerMapping mapping : mappings()) {
            HandlerExecutionChain chain;
            try {
                chain = mapping.getHandler(lookup);
            } catch (HttpRequestMethodNotSupportedException e) {
                throw e;
            } catch (Exception e) {
                return null; // the DispatcherServlet fails the same way (405, 415, ...) without running a handler
            }
            if (chain != null) {
                return endpoints.endpointOf(chain.getHandler());
            }
        }
        return null;
    }

    /** The endpoint of a handler mapped for other methods, if it answers handshakes (a probe may use any method). */
    private String probedEndpoint(HttpServletRequest request, String[] supportedMethods) {
        if (!anyHandshakes || supportedMethods == null) {
            return null;
        }
        for (String method : supportedMethods) {
            String endpoint;
            try {
                endpoint = endpointName(request, method);
            } catch (HttpRequestMethodNotSupportedException e) {
                continue;
            }
            if (endpoint != null
                    && registry.find(endpoint)
                            .map(verifier -> !verifier.handshakes().isEmpty())
                            .orElse(false)) {
                return endpoint;
            }
        }
        return null;
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

    @Override
    public String toString() {
        return "HandlerMappingEndpointResolver" + registry.names();
    }

    /**
     * The request as the handler lookup sees it: own attributes, query parameters only, body not readable, and
     * possibly another method.
     */
    private static final class LookupRequest extends HttpServletRequestWrapper {
        private final Map<String, Object> attributes = new HashMap<>();
        private final String method;
        private Map<String, String[]> parameters;

        LookupRequest(HttpServletRequest request, String method) {
            super(request);
            this.method = method;
            for (String name : Collections.list(request.getAttributeNames())) {
                attributes.put(name, request.getAttribute(name));
            }
        }

        @Override
        public String getMethod() {
            return method != null ? method : super.getMethod();
        }

        @Override
        public Object getAttribute(String name) {
            return attributes.get(name);
        }

        @Override
        public Enumeration<String> getAttributeNames() {
            return Collections.enumeration(new ArrayList<>(attributes.keySet()));
        }

        @Override
        public void setAttribute(String name, Object value) {
            if (value == null) {
                attributes.remove(name);
            } else {
                attributes.put(name, value);
            }
        }

        @Override
        public void removeAttribute(String name) {
            attributes.remove(name);
        }

        @Override
        public ServletInputStream getInputStream() {
            throw new IllegalStateException("the body is not readable while looking up the handler");
        }

        @Override
        public BufferedReader getReader() {
            throw new IllegalStateException("the body is not readable while looking up the handler");
        }

        @Override
        public Collection<Part> getParts() {
            throw new IllegalStateException("the body is not readable while looking up the handler");
        }

        @Override
        public Part getPart(String name) {
            throw new IllegalStateException("the body is not readable while looking up the handler");
        }

        @Override
        public String getParameter(String name) {
            String[] values = parameters().get(name);
            return values == null ? null : values[0];
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return parameters();
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.enumeration(parameters().keySet());
        }

        @Override
        public String[] getParameterValues(String name) {
            String[] values = parameters().get(name);
            return values == null ? null : values.clone();
        }

        private Map<String, String[]> parameters() {
            if (parameters == null) {
                Map<String, List<String>> collected = new LinkedHashMap<>();
                String query = getQueryString();
                if (query != null) {
                    for (String pair : query.split("&")) {
                        if (pair.isEmpty()) {
                            continue;
                        }
                        int eq = pair.indexOf('=');
                        try {
                            String name =
                                    URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                            String value =
                                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                            collected
                                    .computeIfAbsent(name, k -> new ArrayList<>())
                                    .add(value);
                        } catch (IllegalArgumentException e) {
                            // malformed escape: skipped, as containers do
                        }
                    }
                }
                Map<String, String[]> result = new LinkedHashMap<>();
                collected.forEach((k, v) -> result.put(k, v.toArray(String[]::new)));
                parameters = Collections.unmodifiableMap(result);
            }
            return parameters;
        }
    }
}
