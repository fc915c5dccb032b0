package dev.webhookverifier.jaxrs;

import dev.webhookverifier.VerifiedDelivery;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.InterceptorContext;
import java.util.Optional;

/**
 * Gives resources, filters and interceptors the {@link VerifiedDelivery} of a request that
 * {@link WebhookVerificationFeature} verified.
 *
 * <p>The delivery is published two ways, both without thread-locals:
 *
 * <ul>
 *   <li><b>In a resource method</b>, on every Jakarta REST runtime: inject {@code @Context SecurityContext}. The
 *       feature's filter authenticates the webhook sender and installs a security context whose principal carries
 *       the delivery ({@link ContainerRequestContext#setSecurityContext}, the portable way for an authentication
 *       filter to hand a result to resources). Tested on Jersey and RESTEasy.
 *       <pre>{@code
 * @POST
 * @Path("stripe")
 * @VerifiedWebhook("stripe")
 * public Response stripe(byte[] body, @Context SecurityContext security) {
 *     VerifiedDelivery delivery = WebhookDeliveries.from(security).orElseThrow();
 *     ...
 * }
 * }</pre>
 *   <li><b>In filters and interceptors</b> that run after verification: the request property {@link #PROPERTY},
 *       read with {@link #from(ContainerRequestContext)} or {@link #from(InterceptorContext)}. Where a runtime
 *       lets a resource inject {@code @Context ContainerRequestContext} (Jersey does, RESTEasy does not), the
 *       same accessor works there too. On servlet-based deployments request properties are servlet request
 *       attributes, so the servlet adapter's accessor finds the delivery under the same name.
 * </ul>
 *
 * <p><b>Thread safety:</b> stateless.
 */
public final class WebhookDeliveries {
    /**
     * The request property holding the {@link VerifiedDelivery}: {@code "dev.webhookverifier.VerifiedDelivery"},
     * the same name as the servlet adapter's request attribute.
     */
    public static final String PROPERTY = VerifiedDelivery.class.getName();

    /** The {@link SecurityContext#getAuthenticationScheme() authentication scheme} of a verified webhook request. */
    public static final String AUTHENTICATION_SCHEME = "WEBHOOK_SIGNATURE";

    private WebhookDeliveries() {}

    /**
     * The verified delivery, from the security context a resource method injects with {@code @Context}.
     *
     * @param security the request's security context
     * @return the delivery, or empty if the request was not verified by {@link WebhookVerificationFeature}
     */
    public static Optional<VerifiedDelivery> from(SecurityContext security) {
        if (security != null && security.getUserPrincipal() instanceof WebhookPrincipal principal) {
            return Optional.of(principal.delivery());
        }
        return Optional.empty();
    }

    /**
     * The verified delivery, from the request context of a filter running after verification (a request filter
     * with a priority above {@link jakarta.ws.rs.Priorities#AUTHENTICATION}, or any response filter).
     *
     * @param request the request context
     * @return the delivery, or empty if the request was not verified by {@link WebhookVerificationFeature}
     */
    public static Optional<VerifiedDelivery> from(ContainerRequestContext request) {
        return of(request.getProperty(PROPERTY));
    }

    /**
     * The verified delivery, from a reader or writer interceptor's context (which shares the request's
     * properties).
     *
     * @param context the interceptor context
     * @return the delivery, or empty if the request was not verified by {@link WebhookVerificationFeature}
     */
    public static Optional<VerifiedDelivery> from(InterceptorContext context) {
        return of(context.getProperty(PROPERTY));
    }

    private static Optional<VerifiedDelivery> of(Object value) {
        return value instanceof VerifiedDelivery delivery ? Optional.of(delivery) : Optional.empty();
    }
}
