package dev.webhookverifier.servlet;

import dev.webhookverifier.DeliveryLease;
import dev.webhookverifier.FailureReason;
import dev.webhookverifier.HandshakeAnswer;
import dev.webhookverifier.RejectionResponse;
import dev.webhookverifier.VerifiedDelivery;
import dev.webhookverifier.WebhookDiagnostics;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookVerificationException;
import dev.webhookverifier.WebhookVerifier;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A servlet filter that verifies webhook requests before any servlet runs, and passes them on with the body
 * readable exactly as sent.
 *
 * <p>For each configured endpoint path it reads the body once (refusing more than the verifier's
 * {@link WebhookVerifier#maxBodyBytes()} with 413, before reading when {@code Content-Length} says so),
 * verifies it, and calls the chain with a request whose {@code getInputStream()}, {@code getReader()} and
 * {@code getParameter*()} read the verified bytes. The {@link VerifiedDelivery} is available through
 * {@link #delivery(ServletRequest)}. Requests to other paths pass through untouched (nothing is buffered).
 *
 * <p>Answers: 401 for any verification failure (an RFC 9457 problem body that names no reason), 413 for a body
 * over the limit, 409 for a duplicate whose first delivery is still being processed, 503 when the replay store is
 * unavailable, and 200 for a duplicate of a delivery already processed (without running the chain; configurable).
 * Every answer carries {@code Cache-Control: no-store}. The reason is logged through {@link System.Logger}
 * (never a secret, signature or body) and passed to the verifier's listener.
 *
 * <p><b>Handshakes:</b> on an endpoint whose verifier has {@link WebhookVerifier.Builder#handshakes handshakes}
 * (opt-in), every request, whatever its method, is first offered to
 * {@link WebhookVerifier#answerHandshake(WebhookRequest)}: a probe (Dropbox's or Meta's {@code GET} challenge,
 * Asana's {@code X-Hook-Secret}, Slack's {@code url_verification}, ...) is answered with the handshake's status,
 * headers and body, and the chain does not run; a probe that fails is answered like any verification failure;
 * anything else is verified as a delivery. Answered handshakes are logged at INFO with the handshake id, never the
 * challenge or an echoed secret. The URL handed to the verifier includes the query string.
 *
 * <p>With a replay store, the delivery's claim is held while the chain runs: completed when the response status
 * is 2xx, released otherwise or when the chain throws, so the provider's retry is processed. For asynchronous
 * servlets the claim is settled when the async request completes.
 *
 * <p><b>Thread safety:</b> immutable and thread-safe.
 *
 * <p><b>Example:</b>
 *
 * <pre>{@code
 * WebhookVerificationFilter filter = WebhookVerificationFilter.builder()
 *     .endpoint("/webhooks/stripe", stripeVerifier)
 *     .endpoint("/webhooks/github", githubVerifier)
 *     .build();
 * servletContext.addFilter("webhooks", filter).addMappingForUrlPatterns(null, false, "/webhooks/*");
 * }</pre>
 */
public final class WebhookVerificationFilter implements Filter {
    /** The request attribute holding the {@link VerifiedDelivery} of a verified request. */
    public static final String DELIVERY_ATTRIBUTE = VerifiedDelivery.class.getName();

    private static final System.Logger LOG = System.getLogger(WebhookVerificationFilter.class.getName());

    private final Map<String, WebhookVerifier> endpoints;
    private final EndpointResolver resolver;
    private final boolean acknowledgeDuplicates;
    /** The public base URL without trailing slashes, trimmed once (not a regex per request); or {@code null}. */
    private final String publicBaseUrl;

    private WebhookVerificationFilter(Builder b) {
        this.endpoints = Collections.unmodifiableMap(new LinkedHashMap<>(b.endpoints));
        this.resolver = b.resolver;
        this.acknowledgeDuplicates = b.acknowledgeDuplicates;
        this.publicBaseUrl =
                b.publicBaseUrl == null ? null : b.publicBaseUrl.toString().replaceAll("/+$", "");
    }

    /**
     * A builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The verified delivery of a request that passed this filter.
     *
     * @param request the request the servlet received
     * @return the delivery, or empty if the request did not pass a webhook endpoint of this filter
     */
    public static Optional<VerifiedDelivery> delivery(ServletRequest request) {
        Object value = request.getAttribute(DELIVERY_ATTRIBUTE);
        return value instanceof VerifiedDelivery d ? Optional.of(d) : Optional.empty();
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        WebhookVerifier verifier = endpoints.get(path);
        if (verifier == null && resolver != null) {
            verifier = resolver.resolve(request);
        }
        if (verifier == null) {
            chain.doFilter(req, res);
            return;
        }
        String providerId = verifier.provider().id();
        int limit = verifier.maxBodyBytes();
        if (request.getContentLengthLong() > limit) {
            answerFailure(
                    response,
                    path,
                    tooLarge(
                            providerId,
                            "Content-Length " + request.getContentLengthLong() + " exceeds " + limit
                                    + " bytes (not read)"));
            return;
        }
        byte[] body;
        try {
            body = readBody(request, limit);
        } catch (IllegalStateException e) {
            bodyConsumed(response, path, providerId, "getReader() was called before this filter");
            return;
        }
        if (body == null) {
            answerFailure(response, path, tooLarge(providerId, "body exceeds " + limit + " bytes"));
            return;
        }
        if (consumedEarlier(request, body)) {
            bodyConsumed(response, path, providerId, "the body or its form parameters were read before this filter");
            return;
        }

        DeliveryLease lease;
        WebhookRequest webhookRequest = toWebhookRequest(request, body);
        if (!verifier.handshakes().isEmpty() && answerHandshake(response, path, verifier, webhookRequest)) {
            return; // a probe, answered (or refused): the application never sees it
        }
        try {
            lease = verifier.lease(webhookRequest);
        } catch (WebhookVerificationException e) {
            logDiagnosis(path, verifier, webhookRequest, e.reason());
            answerFailure(response, path, e);
            return;
        }
        BufferedRequest verified = new BufferedRequest(request, body);
        verified.setAttribute(DELIVERY_ATTRIBUTE, lease.delivery());
        boolean returned = false;
        try {
            chain.doFilter(verified, response);
            returned = true;
        } finally {
            if (!returned) {
                lease.release(); // the handler threw: let the provider's retry through
            } else if (verified.isAsyncStarted()) {
                verified.getAsyncContext().addListener(new SettleOnCompletion(lease, response));
            } else {
                settle(lease, response.getStatus());
            }
        }
    }

    /**
     * Answers the request if it is one of the verifier's handshakes; {@code true} if the response was written (the
     * answer, or a rejection of a probe that failed), {@code false} for an ordinary delivery.
     */
    private boolean answerHandshake(
            HttpServletResponse response, String path, WebhookVerifier verifier, WebhookRequest request)
            throws IOException {
        Optional<HandshakeAnswer> answer;
        try {
            answer = verifier.answerHandshake(request);
        } catch (WebhookVerificationException e) {
            logDiagnosis(path, verifier, request, e.reason());
            answerFailure(response, path, e);
            return true;
        }
        if (answer.isEmpty()) {
            return false;
        }
        HandshakeAnswer a = answer.get();
        // The id and status only: the challenge, an echoed secret and the body stay out of the log.
        log(
                System.Logger.Level.INFO,
                path,
                verifier.provider().id(),
                "answered handshake " + a.handshakeId().orElse("?") + " with " + a.status());
        byte[] body = a.body();
        response.setStatus(a.status());
        a.headers().forEach(response::setHeader);
        if (a.contentType() != null) {
            response.setContentType(a.contentType());
        }
        response.setContentLength(body.length);
        if (body.length > 0) {
            response.getOutputStream().write(body);
        }
        return true;
    }

    /** Reads at most {@code limit + 1} bytes; {@code null} if the body is larger than {@code limit}. */
    private static byte[] readBody(HttpServletRequest request, int limit) throws IOException {
        long declared = request.getContentLengthLong();
        int initial = declared >= 0 ? (int) declared : Math.min(limit, 16 * 1024);
        byte[] buf = new byte[Math.max(initial, 1)];
        int n = 0;
        InputStream in = request.getInputStream();
        while (true) {
            if (n == buf.length) {
                if (n > limit) {
                    return null;
                }
                buf = Arrays.copyOf(buf, (int) Math.min((long) limit + 1, 2L * buf.length));
            }
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        if (n > limit) {
            return null;
        }
        return n == buf.length ? buf : Arrays.copyOf(buf, n);
    }

    /**
     * An earlier filter that read the stream or called {@code getParameter} leaves less than the declared body;
     * saying so beats reporting a signature mismatch that sends the user hunting for a wrong secret.
     */
    private static boolean consumedEarlier(HttpServletRequest request, byte[] body) {
        long declared = request.getContentLengthLong();
        if (declared > 0 && body.length < declared) {
            return true;
        }
        if (body.length == 0 && BufferedRequest.isForm(request.getContentType())) {
            String query = request.getQueryString();
            // The stream is already empty, so asking for parameters cannot consume anything now.
            return !request.getParameterMap().isEmpty() && (query == null || query.isEmpty());
        }
        return false;
    }

    private WebhookRequest toWebhookRequest(HttpServletRequest request, byte[] body) {
        WebhookRequest.Builder b = WebhookRequest.builder()
                .method(request.getMethod())
                .url(requestUrl(request))
                .body(body);
        for (String name : Collections.list(request.getHeaderNames())) {
            for (String value : Collections.list(request.getHeaders(name))) {
                b.header(name, value);
            }
        }
        return b.build();
    }

    private URI requestUrl(HttpServletRequest request) {
        String query = request.getQueryString();
        String suffix = query == null ? "" : "?" + query;
        try {
            if (publicBaseUrl != null) {
                return URI.create(publicBaseUrl + request.getRequestURI() + suffix);
            }
            return URI.create(request.getRequestURL() + suffix);
        } catch (IllegalArgumentException e) {
            return null; // URL-signing schemes then report the missing URL; others do not need it
        }
    }

    private void answerFailure(HttpServletResponse response, String path, WebhookVerificationException e)
            throws IOException {
        RejectionResponse answer = RejectionResponse.of(e, acknowledgeDuplicates);
        log(answer.logLevel(), path, e.providerId(), answer.logMessage(e));
        write(response, answer);
    }

    private static WebhookVerificationException tooLarge(String providerId, String message) {
        return new WebhookVerificationException(FailureReason.BODY_TOO_LARGE, providerId, message);
    }

    /**
     * At DEBUG, explains a signature or timestamp failure (re-serialized body, secret encoding, clock skew, a proxy
     * that changed the URL). Only in the log, never in the response; the report holds no secret, signature or body.
     */
    private static void logDiagnosis(
            String path, WebhookVerifier verifier, WebhookRequest request, FailureReason reason) {
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            WebhookDiagnostics.debugReport(verifier, request, reason)
                    .ifPresent(report -> log(
                            System.Logger.Level.DEBUG, path, verifier.provider().id(), report));
        }
    }

    private void bodyConsumed(HttpServletResponse response, String path, String providerId, String what)
            throws IOException {
        log(
                System.Logger.Level.ERROR,
                path,
                providerId,
                FailureReason.BODY_ALREADY_CONSUMED + ": " + what
                        + "; map WebhookVerificationFilter before any filter that reads the body or parameters"
                        + " (e.g. a CharacterEncodingFilter calling getParameter, or a logging filter)");
        write(response, RejectionResponse.unauthorized());
    }

    private static void write(HttpServletResponse response, RejectionResponse answer) throws IOException {
        response.setStatus(answer.status());
        response.setHeader("Cache-Control", RejectionResponse.CACHE_CONTROL);
        answer.retryAfter().ifPresent(seconds -> response.setHeader("Retry-After", seconds));
        if (answer.acknowledged()) {
            return;
        }
        byte[] json = answer.problemJson();
        response.setContentType(RejectionResponse.PROBLEM_JSON);
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }

    private static void log(System.Logger.Level level, String path, String providerId, String message) {
        if (LOG.isLoggable(level)) {
            LOG.log(level, "webhook " + path + (providerId.isEmpty() ? "" : " (" + providerId + ")") + ": " + message);
        }
    }

    /** 2xx completes the claim (duplicates are acknowledged from now on); anything else releases it for a retry. */
    private static void settle(DeliveryLease lease, int status) {
        if (status >= 200 && status < 300) {
            lease.complete();
        } else {
            lease.release();
        }
    }

    private static final class SettleOnCompletion implements AsyncListener {
        private final DeliveryLease lease;
        private final HttpServletResponse response;

        SettleOnCompletion(DeliveryLease lease, HttpServletResponse response) {
            this.lease = lease;
            this.response = response;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            settle(lease, response.getStatus());
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            lease.release();
        }

        @Override
        public void onError(AsyncEvent event) {
            lease.release();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }

    @Override
    public String toString() {
        return "WebhookVerificationFilter" + endpoints.keySet();
    }

    /**
     * Chooses the verifier for a request by something other than its exact path (for framework adapters that know
     * which handler a request maps to).
     */
    @FunctionalInterface
    public interface EndpointResolver {
        /**
         * The verifier for this request.
         *
         * @param request the request, body not yet read (do not read it)
         * @return the verifier, or {@code null} if the request is not a webhook and passes through untouched
         */
        WebhookVerifier resolve(HttpServletRequest request);
    }

    /**
     * Builds a {@link WebhookVerificationFilter}.
     *
     * <p><b>Thread safety:</b> not thread-safe.
     */
    public static final class Builder {
        private final Map<String, WebhookVerifier> endpoints = new LinkedHashMap<>();
        private EndpointResolver resolver;
        private boolean acknowledgeDuplicates = true;
        private URI publicBaseUrl;

        private Builder() {}

        /**
         * Verifies requests to this path (relative to the context path, exact match) with this verifier.
         *
         * @param path e.g. {@code /webhooks/stripe}
         * @param verifier the endpoint's verifier; its {@code maxBodyBytes()} caps the body
         * @return this builder
         */
        public Builder endpoint(String path, WebhookVerifier verifier) {
            Objects.requireNonNull(verifier, "verifier");
            if (path == null || !path.startsWith("/") || path.contains("*")) {
                throw new IllegalArgumentException("an endpoint path starts with '/' and has no wildcard: " + path);
            }
            if (endpoints.putIfAbsent(path, verifier) != null) {
                throw new IllegalArgumentException("endpoint " + path + " is configured twice");
            }
            return this;
        }

        /**
         * Chooses verifiers for requests whose path is not configured with {@link #endpoint(String, WebhookVerifier)}.
         *
         * @param resolver the resolver
         * @return this builder
         */
        public Builder endpointResolver(EndpointResolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /**
         * Whether a duplicate of an already processed delivery is answered 200 without running the chain
         * (default {@code true}: the provider stops retrying). With {@code false} it is answered 409.
         *
         * @param acknowledge whether to acknowledge
         * @return this builder
         */
        public Builder acknowledgeDuplicates(boolean acknowledge) {
            this.acknowledgeDuplicates = acknowledge;
            return this;
        }

        /**
         * The public base URL the provider calls (scheme, host, port), for URL-signing providers behind a
         * TLS-terminating proxy. {@code X-Forwarded-*} headers are never trusted.
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
         * Builds the filter.
         *
         * @return the filter
         * @throws IllegalArgumentException if no endpoint is configured
         */
        public WebhookVerificationFilter build() {
            if (endpoints.isEmpty() && resolver == null) {
                throw new IllegalArgumentException(
                        "configure at least one endpoint(path, verifier) or an endpointResolver");
            }
            return new WebhookVerificationFilter(this);
        }
    }
}
