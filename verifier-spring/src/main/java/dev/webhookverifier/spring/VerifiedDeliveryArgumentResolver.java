package dev.webhookverifier.spring;

import dev.webhookverifier.VerifiedDelivery;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Makes the {@link VerifiedDelivery} a Spring MVC handler argument:
 * {@code void handle(@RequestBody Event event, VerifiedDelivery delivery)}.
 *
 * <p><b>Thread safety:</b> thread-safe.
 */
public final class VerifiedDeliveryArgumentResolver implements HandlerMethodArgumentResolver {
    /** Creates the resolver. */
    public VerifiedDeliveryArgumentResolver() {}

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == VerifiedDelivery.class;
    }

    @Override
    public Object resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest,
            WebDataBinderFactory binderFactory) {
        Object delivery = webRequest.getAttribute(VerifiedWebhooks.DELIVERY_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (delivery instanceof VerifiedDelivery d) {
            return d;
        }
        throw new IllegalStateException("no verified delivery for " + parameter.getExecutable()
                + ": annotate the handler (or its class) with @VerifiedWebhook(\"endpoint-name\")");
    }
}
