package dev.webhookverifier.jaxrs;

import dev.webhookverifier.Handshake;
import dev.webhookverifier.VerifiedDelivery;
import dev.webhookverifier.VerifiedWebhook;
import dev.webhookverifier.WebhookVerifier;
import dev.webhookverifier.WebhookVerifierRegistry;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies webhook requests in any Jakarta REST (JAX-RS) 3.1+ runtime before the resource method runs: for each
 * resource method that carries {@link VerifiedWebhook} (on the method or its class, directly or through an
 * annotation annotated with it), registers a filter at {@link Priorities#AUTHENTICATION} that uses the verifier
 * registered under that endpoint name. Methods without the annotation are untouched (nothing is buffered).
 *
 * <p>The filter reads the entity under the verifier's {@link WebhookVerifier#maxBodyBytes()} (a
 * {@code Content-Length} over it is refused with 413 before reading), verifies it, and restores the entity stream
 * with the exact bytes, so the resource reads {@code byte[]}, {@code String}, a JSON object or {@code @FormParam}s
 * as sent. The {@link VerifiedDelivery} is available through {@link WebhookDeliveries}: in a resource from
 * {@code @Context SecurityContext}, in filters from the request property {@link WebhookDeliveries#PROPERTY}.
 *
 * <p>Answers: 401 for any verification failure (an RFC 9457 problem body that names no reason), 413 for a body
 * over the limit, 409 for a duplicate whose first delivery is still being processed, 503 when the replay store is
 * unavailable (both with {@code Retry-After}), and 200 for a duplicate of a delivery already processed, without
 * running the resource (configurable). Every answer carries {@code Cache-Control: no-store}. The reason is logged
 * through {@link System.Logger} (never a secret, signature or body) and passed to the verifier's listener.
 *
 * <p>With a replay store, the delivery's claim is held while the resource runs and settled by a response filter:
 * completed on a 2xx status, released otherwise (including when the resource throws and an exception mapper,
 * or the runtime's default one, answers), so the provider's retry is processed.
 *
 * <p><b>Handshakes</b> (a provider's probe of the endpoint, see {@link Handshake}) are answered when the verifier
 * registered under the endpoint name was built with {@link WebhookVerifier.Builder#handshakes handshakes(...)}: the
 * filter offers every request to {@link WebhookVerifier#answerHandshake} before verifying it, writes the answer
 * (status, headers, {@code Content-Type}, body) without running the resource method, and answers a probe that fails
 * like any verification failure (401). A probe sent as {@code POST} (Asana's {@code X-Hook-Secret}, Slack's
 * {@code url_verification}) reaches the annotated {@code POST} method's filter as is. A {@code GET} challenge
 * (Dropbox, Meta) reaches a filter only if a resource method matches {@code GET} on that path: filters bound to
 * resource methods run after matching, and the runtime answers 405 when nothing matches. So declare a {@code GET}
 * method on the same path with the same {@link VerifiedWebhook} name; for those handshakes every {@code GET} is
 * answered or refused by the filter, so its body never runs (anything that is not a probe must pass verification
 * first). The feature does not route {@code GET}s itself: that would need a pre-matching filter that buffers and
 * inspects every request of the application, or runtime-specific resource registration.
 *
 * <pre>{@code
 * @GET
 * @Path("dropbox")
 * @VerifiedWebhook("dropbox")          // the verifier for "dropbox" has .handshakes(Handshakes.dropboxChallenge())
 * public Response dropboxChallenge() {
 *     return Response.status(Response.Status.NOT_FOUND).build();     // never runs for a challenge
 * }
 * }</pre>
 *
 * <p>An annotation naming an endpoint the registry does not hold fails the deployment: {@link #configure} throws.
 *
 * <p><b>Thread safety:</b> immutable and thread-safe.
 *
 * <p><b>Example:</b>
 *
 * <pre>{@code
 * WebhookVerifierRegistry registry = WebhookVerifierRegistry.builder()
 *     .register("stripe", stripeVerifier)
 *     .build();
 * ResourceConfig config = new ResourceConfig(WebhookResource.class)        // Jersey; or Application#getSingletons
 *     .register(WebhookVerificationFeature.of(registry));
 *
 * @Path("webhooks")
 * public class WebhookResource {
 *     @POST
 *     @Path("stripe")
 *     @VerifiedWebhook("stripe")
 *     public Response stripe(String payload, @Context SecurityContext security) {
 *         VerifiedDelivery delivery = WebhookDeliveries.from(security).orElseThrow();
 *         return Response.noContent().build();
 *     }
 * }
 * }</pre>
 */
public final class WebhookVerificationFeature implements DynamicFeature {
    private final WebhookVerifierRegistry registry;
    private final boolean acknowledgeDuplicates;
    private final URI publicBaseUrl;

    private WebhookVerificationFeature(Builder b) {
        this.registry = b.registry;
        this.acknowledgeDuplicates = b.acknowledgeDuplicates;
        this.publicBaseUrl = b.publicBaseUrl;
    }

    /**
     * A feature with the default options.
     *
     * @param registry the verifiers, by the endpoint names used in {@link VerifiedWebhook}
     * @return the feature
     */
    public static WebhookVerificationFeature of(WebhookVerifierRegistry registry) {
        return builder(registry).build();
    }

    /**
     * A builder.
     *
     * @param registry the verifiers, by the endpoint names used in {@link VerifiedWebhook}
     * @return a new builder
     */
    public static Builder builder(WebhookVerifierRegistry registry) {
        return new Builder(registry);
    }

    /**
     * Registers the verification filter for a resource method annotated with {@link VerifiedWebhook}.
     *
     * @param resourceInfo the resource method
     * @param context where the filter is registered
     * @throws IllegalStateException if the annotation names an endpoint the registry does not hold, or the method
     *     carries two different endpoint names (the deployment fails)
     */
    @Override
    public void configure(ResourceInfo resourceInfo, FeatureContext context) {
        Method method = resourceInfo.getResourceMethod();
        Class<?> resourceClass = resourceInfo.getResourceClass();
        if (method == null) {
            return; // e.g. a runtime-generated OPTIONS handler
        }
        String name = endpointName(resourceClass == null ? method.getDeclaringClass() : resourceClass, method);
        if (name == null) {
            return;
        }
        WebhookVerifier verifier = registry.find(name)
                .orElseThrow(() -> new IllegalStateException("@VerifiedWebhook(\"" + name + "\") on " + describe(method)
                        + " names no registered webhook endpoint; registered: " + registry.names()));
        context.register(
                new VerifiedWebhookFilter(name, verifier, acknowledgeDuplicates, publicBaseUrl),
                Priorities.AUTHENTICATION);
    }

    /**
     * The endpoint name for a resource method: from the method (or the method it overrides), else from the class
     * (or a supertype); {@code null} when neither is annotated.
     */
    static String endpointName(Class<?> resourceClass, Method method) {
        for (Method m : overridden(resourceClass, method)) {
            String name = nameOn(m, method);
            if (name != null) {
                return name;
            }
        }
        for (Class<?> type : supertypes(resourceClass)) {
            String name = nameOn(type, method);
            if (name != null) {
                return name;
            }
        }
        return null;
    }

    /** The name declared on one element, directly or through meta-annotations; two different names are an error. */
    private static String nameOn(AnnotatedElement element, Method method) {
        Set<String> names = new LinkedHashSet<>();
        VerifiedWebhook direct = element.getAnnotation(VerifiedWebhook.class);
        if (direct != null) {
            names.add(direct.value());
        }
        for (Annotation annotation : element.getAnnotations()) {
            collectMeta(annotation.annotationType(), new HashSet<>(), names);
        }
        if (names.size() > 1) {
            throw new IllegalStateException(
                    describe(method) + " names several webhook endpoints " + names + " through @VerifiedWebhook");
        }
        return names.isEmpty() ? null : names.iterator().next();
    }

    private static void collectMeta(Class<? extends Annotation> type, Set<Class<?>> seen, Set<String> names) {
        if (type == VerifiedWebhook.class || type.getName().startsWith("java.lang.annotation.") || !seen.add(type)) {
            return;
        }
        VerifiedWebhook meta = type.getAnnotation(VerifiedWebhook.class);
        if (meta != null) {
            names.add(meta.value());
        }
        for (Annotation annotation : type.getAnnotations()) {
            collectMeta(annotation.annotationType(), seen, names);
        }
    }

    /** The method itself, then the methods it overrides or implements (Jakarta REST annotation inheritance). */
    private static List<Method> overridden(Class<?> resourceClass, Method method) {
        List<Method> methods = new ArrayList<>();
        methods.add(method);
        for (Class<?> type : supertypes(resourceClass)) {
            if (type == method.getDeclaringClass()) {
                continue;
            }
            try {
                Method candidate = type.getDeclaredMethod(method.getName(), method.getParameterTypes());
                if (!Modifier.isPrivate(candidate.getModifiers()) && !Modifier.isStatic(candidate.getModifiers())) {
                    methods.add(candidate);
                }
            } catch (NoSuchMethodException e) {
                // not declared on this type
            }
        }
        return methods;
    }

    /** The class, its superclasses, then its interfaces (breadth first), without Object. */
    private static List<Class<?>> supertypes(Class<?> type) {
        List<Class<?>> result = new ArrayList<>();
        Deque<Class<?>> queue = new ArrayDeque<>();
        queue.add(type);
        while (!queue.isEmpty()) {
            Class<?> next = queue.poll();
            if (next == null || next == Object.class || result.contains(next)) {
                continue;
            }
            result.add(next);
            queue.add(next.getSuperclass() == null ? Object.class : next.getSuperclass());
            queue.addAll(List.of(next.getInterfaces()));
        }
        return result;
    }

    private static String describe(Method method) {
        return method.getDeclaringClass().getName() + "." + method.getName() + "()";
    }

    @Override
    public String toString() {
        return "WebhookVerificationFeature" + registry.names();
    }

    /**
     * Builds a {@link WebhookVerificationFeature}.
     *
     * <p><b>Thread safety:</b> not thread-safe.
     */
    public static final class Builder {
        private final WebhookVerifierRegistry registry;
        private boolean acknowledgeDuplicates = true;
        private URI publicBaseUrl;

        private Builder(WebhookVerifierRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /**
         * Whether a duplicate of an already processed delivery is answered 200 without running the resource
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
         * The public base URL the provider calls (scheme, host, port, and any path prefix the proxy strips), for
         * URL-signing providers behind a TLS-terminating proxy: the verified URL is this base followed by the
         * request's raw path (as the runtime sees it, context path included) and raw query. Without it the URL is the
         * runtime's {@code UriInfo.getRequestUri()}. {@code Forwarded} and {@code X-Forwarded-*} headers are never
         * trusted.
         *
         * @param baseUrl e.g. {@code https://hooks.example.com}
         * @return this builder
         * @throws IllegalArgumentException if the URL has no scheme or host
         */
        public Builder publicBaseUrl(URI baseUrl) {
            Objects.requireNonNull(baseUrl, "baseUrl");
            if (baseUrl.getScheme() == null || baseUrl.getHost() == null) {
                throw new IllegalArgumentException("the public base URL needs a scheme and a host: " + baseUrl);
            }
            if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
                throw new IllegalArgumentException("the public base URL has no query or fragment: " + baseUrl);
            }
            this.publicBaseUrl = baseUrl;
            return this;
        }

        /**
         * Builds the feature.
         *
         * @return the feature
         */
        public WebhookVerificationFeature build() {
            return new WebhookVerificationFeature(this);
        }
    }
}
