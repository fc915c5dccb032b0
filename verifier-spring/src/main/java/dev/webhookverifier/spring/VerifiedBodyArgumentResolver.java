package dev.webhookverifier.spring;

import dev.webhookverifier.VerifiedDelivery;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Method;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import org.springframework.core.MethodParameter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Gives a webhook handler's {@code @RequestBody String} or {@code @RequestBody byte[]} the exact verified bytes of a
 * form-encoded body.
 *
 * <p>Spring MVC does not read a {@code application/x-www-form-urlencoded} POST body from the stream: it rebuilds it
 * from the parsed parameters, re-encoded ({@code %2A} becomes {@code *}), so the handler would see bytes other than
 * those that were verified. For such requests this resolver answers the verified bytes; for every other request it
 * hands over to Spring's own {@code @RequestBody} processing (which reads the same verified bytes). It applies only
 * to parameters of {@link dev.webhookverifier.VerifiedWebhook @VerifiedWebhook} handlers, and is put first in the
 * {@code RequestMappingHandlerAdapter}'s resolvers by the auto-configuration.
 *
 * <p><b>Thread safety:</b> thread-safe.
 */
public final class VerifiedBodyArgumentResolver implements HandlerMethodArgumentResolver {
    private final HandlerMethodArgumentResolver requestBody;

    /**
     * Creates the resolver.
     *
     * @param requestBody Spring's {@code @RequestBody} resolver, used for every request that is not form-encoded
     */
    public VerifiedBodyArgumentResolver(HandlerMethodArgumentResolver requestBody) {
        this.requestBody = Objects.requireNonNull(requestBody, "requestBody");
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        Class<?> type = parameter.getParameterType();
        Method method = parameter.getMethod();
        return (type == String.class || type == byte[].class)
                && method != null
                && parameter.hasParameterAnnotation(RequestBody.class)
                && VerifiedWebhooks.endpointName(parameter.getContainingClass(), method)
                        .isPresent();
    }

    @Override
    public Object resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest,
            WebDataBinderFactory binderFactory)
            throws Exception {
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        Object delivery = request == null ? null : request.getAttribute(VerifiedWebhooks.DELIVERY_ATTRIBUTE);
        if (!(delivery instanceof VerifiedDelivery verified) || !isForm(request.getContentType())) {
            return requestBody.resolveArgument(parameter, mavContainer, webRequest, binderFactory);
        }
        byte[] body = verified.body();
        RequestBody annotation = parameter.getParameterAnnotation(RequestBody.class);
        if (body.length == 0 && annotation != null && annotation.required()) {
            throw new HttpMessageNotReadableException(
                    "Required request body is missing: "
                            + parameter.getExecutable().toGenericString(),
                    new ServletServerHttpRequest(request));
        }
        return parameter.getParameterType() == byte[].class ? body : new String(body, charset(request));
    }

    private static boolean isForm(String contentType) {
        return contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    private static Charset charset(HttpServletRequest request) {
        String name = request.getCharacterEncoding();
        try {
            return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
