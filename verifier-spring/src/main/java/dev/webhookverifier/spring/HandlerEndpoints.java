package dev.webhookverifier.spring;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.method.HandlerMethod;

/** {@link VerifiedWebhooks#endpointName(HandlerMethod)}, remembered per handler method for the request path. */
final class HandlerEndpoints {
    private record Key(Class<?> beanType, Method method) {}

    private final Map<Key, Optional<String>> cache = new ConcurrentHashMap<>();

    /** The endpoint name of a handler, or {@code null} if it is not a webhook handler (or not a handler method). */
    String endpointOf(Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return null;
        }
        return cache.computeIfAbsent(
                        new Key(method.getBeanType(), method.getMethod()), k -> VerifiedWebhooks.endpointName(method))
                .orElse(null);
    }
}
