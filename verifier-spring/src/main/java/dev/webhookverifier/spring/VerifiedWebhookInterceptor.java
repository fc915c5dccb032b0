package dev.webhookverifier.spring;

import dev.webhookverifier.RejectionResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Fails closed: a Spring MVC handler carrying {@link dev.webhookverifier.VerifiedWebhook @VerifiedWebhook} runs only
 * for a request that the verification filter verified with that endpoint's verifier. Any other request reaching it
 * (filter not registered, misordered or mapped elsewhere, a forward from another route) is answered 401 and the
 * handler does not run.
 *
 * <p>The auto-configuration registers it as a {@link org.springframework.web.servlet.handler.MappedInterceptor}
 * bean, which every handler mapping of the context picks up.
 *
 * <p><b>Thread safety:</b> thread-safe.
 */
public final class VerifiedWebhookInterceptor implements HandlerInterceptor {
    private static final System.Logger LOG = System.getLogger(VerifiedWebhookInterceptor.class.getName());

    private final HandlerEndpoints endpoints = new HandlerEndpoints();

    /** Creates the interceptor. */
    public VerifiedWebhookInterceptor() {}

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        String endpoint = endpoints.endpointOf(handler);
        if (endpoint == null
                || VerifiedWebhooks.verifiedFor(
                        endpoint,
                        request.getAttribute(VerifiedWebhooks.DELIVERY_ATTRIBUTE),
                        request.getAttribute(VerifiedWebhooks.ENDPOINT_ATTRIBUTE))) {
            return true;
        }
        LOG.log(
                System.Logger.Level.WARNING,
                "webhook handler for endpoint '" + endpoint + "' reached by " + request.getDispatcherType() + " "
                        + request.getMethod() + " " + request.getRequestURI()
                        + " without a request verified for that endpoint; rejected with 401. Is the verification"
                        + " filter registered for this path and ordered before any filter that reads the body?");
        // Fail closed: answered like any verification failure.
        RejectionResponse answer = RejectionResponse.unauthorized();
        byte[] json = answer.problemJson();
        response.setStatus(answer.status());
        response.setHeader("Cache-Control", RejectionResponse.CACHE_CONTROL);
        response.setContentType(RejectionResponse.PROBLEM_JSON);
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
        return false;
    }

    @Override
    public String toString() {
        return "VerifiedWebhookInterceptor";
    }
}
