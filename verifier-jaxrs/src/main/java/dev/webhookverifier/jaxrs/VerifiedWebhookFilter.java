package dev.webhookverifier.jaxrs;

import dev.webhookverifier.DeliveryLease;
import dev.webhookverifier.FailureReason;
import dev.webhookverifier.HandshakeAnswer;
import dev.webhookverifier.RejectionResponse;
import dev.webhookverifier.VerifiedDelivery;
import dev.webhookverifier.WebhookDiagnostics;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookVerificationException;
import dev.webhookverifier.WebhookVerifier;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;

/**
 * Verifies the requests of one annotated endpoint before its resource method runs and settles the replay claim
 * from the response status. Registered per resource method by {@link WebhookVerificationFeature}.
 *
 * <p>Each request is first offered to the verifier's handshakes ({@link WebhookVerifier#answerHandshake}): a probe's
 * answer is written with {@code abortWith} (the resource method never runs, no claim is taken), a probe that fails is
 * answered like any verification failure, and everything else is verified as a delivery. Without handshakes
 * configured that first step returns at once.
 *
 * <p>The claim travels from the request filter to the response filter as a request property, so nothing is bound
 * to a thread (asynchronous resources resume elsewhere). Response filters also run on responses produced by exception
 * mappers, so a resource that throws still reaches {@link #filter(ContainerRequestContext, ContainerResponseContext)}
 * and its claim is released. For an exception no mapper handles, Jakarta REST 3.1 runtimes fall back to a default
 * mapper (500); Jersey first lets the container write that 500 and runs the response filters just after, so there
 * the claim is released a moment after the client sees the 500 (tested; a provider's retry comes much later).
 */
final class VerifiedWebhookFilter implements ContainerRequestFilter, ContainerResponseFilter {
    /** The request property holding the held claim between the two filters; removed when settled. */
    static final String LEASE_PROPERTY = DeliveryLease.class.getName();

    private static final System.Logger LOG = System.getLogger(WebhookVerificationFeature.class.getName());

    private final String endpoint;
    private final WebhookVerifier verifier;
    private final boolean acknowledgeDuplicates;
    private final String publicBaseUrl;

    VerifiedWebhookFilter(String endpoint, WebhookVerifier verifier, boolean acknowledgeDuplicates, URI publicBaseUrl) {
        this.endpoint = endpoint;
        this.verifier = verifier;
        this.acknowledgeDuplicates = acknowledgeDuplicates;
        this.publicBaseUrl =
                publicBaseUrl == null ? null : publicBaseUrl.toString().replaceAll("/+$", "");
    }

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        if (request.getProperty(WebhookDeliveries.PROPERTY) != null) {
            return; // already verified: the feature was registered twice, and a second claim would answer 409
        }
        int limit = verifier.maxBodyBytes();
        long declared = contentLength(request);
        if (declared > limit) {
            answerFailure(request, tooLarge("Content-Length " + declared + " exceeds " + limit + " bytes (not read)"));
            return;
        }
        WebhookRequest.Builder webhook =
                WebhookRequest.builder().method(request.getMethod()).url(requestUrl(request));
        try {
            webhook.body(request.getEntityStream(), limit);
        } catch (WebhookVerificationException e) {
            answerFailure(request, tooLarge("body exceeds " + limit + " bytes"));
            return;
        }
        request.getHeaders().forEach((name, values) -> values.forEach(value -> webhook.header(name, value)));
        WebhookRequest received = webhook.build();
        if (declared > 0 && received.bodyLength() < declared) {
            // Less than the declared body is left: something read the entity first. Saying so beats reporting
            // a signature mismatch that sends the user hunting for a wrong secret.
            log(
                    System.Logger.Level.ERROR,
                    request,
                    FailureReason.BODY_ALREADY_CONSUMED + ": the entity stream was read before this filter;"
                            + " a @PreMatching filter or a filter with a priority below Priorities.AUTHENTICATION"
                            + " must not read the body of a webhook request");
            request.abortWith(response(RejectionResponse.unauthorized()));
            return;
        }

        Optional<HandshakeAnswer> handshake;
        try {
            handshake = verifier.answerHandshake(received);
        } catch (WebhookVerificationException e) {
            logDiagnosis(request, received, e.reason());
            answerFailure(request, e);
            return;
        }
        if (handshake.isPresent()) {
            HandshakeAnswer answer = handshake.get();
            log(
                    System.Logger.Level.INFO,
                    request,
                    "handshake " + answer.handshakeId().orElse("?") + " answered " + answer.status());
            request.abortWith(response(answer));
            return;
        }

        DeliveryLease lease;
        try {
            lease = verifier.lease(received);
        } catch (WebhookVerificationException e) {
            logDiagnosis(request, received, e.reason());
            answerFailure(request, e);
            return;
        }
        try {
            VerifiedDelivery delivery = lease.delivery();
            request.setEntityStream(received.bodyStream());
            request.setProperty(WebhookDeliveries.PROPERTY, delivery);
            request.setProperty(LEASE_PROPERTY, lease);
            request.setSecurityContext(new WebhookPrincipal.Context(
                    request.getSecurityContext(), new WebhookPrincipal(endpoint, delivery)));
        } catch (RuntimeException e) {
            request.removeProperty(LEASE_PROPERTY);
            lease.release();
            throw e;
        }
    }

    /** 2xx completes the claim (duplicates are acknowledged from now on); anything else releases it for a retry. */
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object held = request.getProperty(LEASE_PROPERTY);
        if (!(held instanceof DeliveryLease lease)) {
            return; // rejected, or not verified by this filter
        }
        request.removeProperty(LEASE_PROPERTY);
        int status = response.getStatus();
        if (status >= 200 && status < 300) {
            lease.complete();
        } else {
            lease.release();
        }
    }

    private static long contentLength(ContainerRequestContext request) {
        String value = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1; // the runtime judges a malformed length; the body is still read under the cap
        }
    }

    private URI requestUrl(ContainerRequestContext request) {
        URI uri = request.getUriInfo().getRequestUri();
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

    private void answerFailure(ContainerRequestContext request, WebhookVerificationException e) {
        RejectionResponse answer = RejectionResponse.of(e, acknowledgeDuplicates);
        log(answer.logLevel(), request, answer.logMessage(e));
        request.abortWith(response(answer));
    }

    private WebhookVerificationException tooLarge(String message) {
        return new WebhookVerificationException(
                FailureReason.BODY_TOO_LARGE, verifier.provider().id(), message);
    }

    private static Response response(RejectionResponse answer) {
        Response.ResponseBuilder response =
                Response.status(answer.status()).header(HttpHeaders.CACHE_CONTROL, RejectionResponse.CACHE_CONTROL);
        answer.retryAfter().ifPresent(seconds -> response.header(HttpHeaders.RETRY_AFTER, seconds));
        if (!answer.acknowledged()) {
            response.type(RejectionResponse.PROBLEM_JSON).entity(answer.problemJson());
        }
        return response.build();
    }

    /** The answer exactly as the handshake gave it: status, its headers, and its Content-Type and body if any. */
    private static Response response(HandshakeAnswer answer) {
        Response.ResponseBuilder response = Response.status(answer.status());
        answer.headers().forEach(response::header);
        if (answer.contentType() != null) { // null only for an answer without a body
            response.type(answer.contentType()).entity(answer.body());
        }
        return response.build();
    }

    /**
     * At DEBUG, explains a signature or timestamp failure (re-serialized body, secret encoding, clock skew, a proxy
     * that changed the URL). Only in the log, never in the response; the report holds no secret, signature or body.
     */
    private void logDiagnosis(ContainerRequestContext request, WebhookRequest received, FailureReason reason) {
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            WebhookDiagnostics.debugReport(verifier, received, reason)
                    .ifPresent(report -> log(System.Logger.Level.DEBUG, request, report));
        }
    }

    private void log(System.Logger.Level level, ContainerRequestContext request, String message) {
        if (LOG.isLoggable(level)) {
            LOG.log(
                    level,
                    "webhook " + endpoint + " (" + verifier.provider().id() + ") " + request.getMethod() + " "
                            + request.getUriInfo().getRequestUri().getRawPath() + ": " + message);
        }
    }

    @Override
    public String toString() {
        return "VerifiedWebhookFilter[" + endpoint + "]";
    }
}
