package dev.webhookverifier.spring;

import dev.webhookverifier.VerifiedDelivery;
import dev.webhookverifier.VerifiedWebhook;
import java.lang.reflect.Method;
import java.util.Optional;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;

/**
 * Where the Spring adapter keeps a verified request's state, and how it reads {@link VerifiedWebhook} from a
 * handler.
 *
 * <p><b>Thread safety:</b> thread-safe.
 */
public final class VerifiedWebhooks {
    /**
     * The request (servlet) or exchange (WebFlux) attribute holding the {@link VerifiedDelivery} of a verified
     * request; the same name as {@code WebhookVerificationFilter.DELIVERY_ATTRIBUTE} (not referenced, so that
     * WebFlux applications need no servlet API).
     */
    public static final String DELIVERY_ATTRIBUTE = VerifiedDelivery.class.getName();

    /** The request or exchange attribute holding the endpoint name whose verifier checked the request. */
    public static final String ENDPOINT_ATTRIBUTE = VerifiedWebhooks.class.getName() + ".endpoint";

    private VerifiedWebhooks() {}

    /**
     * The endpoint named by the {@link VerifiedWebhook} on a handler method, or else on its controller class, found
     * through meta-annotations (a user's {@code @StripeWebhook}) and the type hierarchy.
     *
     * @param handler a handler method
     * @return the endpoint name, or empty if the handler is not a webhook
     */
    public static Optional<String> endpointName(HandlerMethod handler) {
        return endpointName(handler.getBeanType(), handler.getMethod());
    }

    /**
     * The endpoint named by the {@link VerifiedWebhook} on a method, or else on the class that handles it.
     *
     * @param beanType the controller class
     * @param method the handler method
     * @return the endpoint name, or empty if the method is not a webhook handler
     */
    public static Optional<String> endpointName(Class<?> beanType, Method method) {
        VerifiedWebhook annotation = AnnotatedElementUtils.findMergedAnnotation(method, VerifiedWebhook.class);
        if (annotation == null) {
            annotation = AnnotatedElementUtils.findMergedAnnotation(beanType, VerifiedWebhook.class);
        }
        return annotation == null ? Optional.empty() : Optional.of(annotation.value());
    }

    /**
     * Whether the state found on a request proves it was verified for this endpoint.
     *
     * @param endpoint the endpoint the handler requires
     * @param delivery the {@link #DELIVERY_ATTRIBUTE} value
     * @param verifiedEndpoint the {@link #ENDPOINT_ATTRIBUTE} value
     * @return {@code true} only if a delivery is present and was verified by that endpoint's verifier
     */
    static boolean verifiedFor(String endpoint, Object delivery, Object verifiedEndpoint) {
        return delivery instanceof VerifiedDelivery && endpoint.equals(verifiedEndpoint);
    }

    /** The RFC 9457 body every adapter answers with; it names no reason. */
    static String describe(HandlerMethod handler) {
        Method m = handler.getMethod();
        return handler.getBeanType().getName() + "#" + m.getName();
    }
}
