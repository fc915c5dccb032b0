package dev.webhookverifier.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookverifier.Providers;
import dev.webhookverifier.VerifiedWebhook;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookVerifier;
import dev.webhookverifier.WebhookVerifierRegistry;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the feature finds the endpoint of a resource method, and what it registers. */
class WebhookVerificationFeatureTest {
    @Target({ElementType.METHOD, ElementType.TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @VerifiedWebhook("stripe")
    @interface StripeWebhook {}

    /** Two levels of meta-annotation. */
    @Target({ElementType.METHOD, ElementType.TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @StripeWebhook
    @interface BillingWebhook {}

    @Target({ElementType.METHOD, ElementType.TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @VerifiedWebhook("github")
    @interface GitHubWebhook {}

    @VerifiedWebhook("github")
    static class ClassLevel {
        public void inherited() {}

        @VerifiedWebhook("stripe")
        public void overridden() {}
    }

    static class Methods {
        @StripeWebhook
        public void meta() {}

        @BillingWebhook
        public void metaMeta() {}

        @StripeWebhook
        @GitHubWebhook
        public void ambiguous() {}

        public void plain() {}
    }

    interface Contract {
        @VerifiedWebhook("stripe")
        void receive(byte[] body);
    }

    static class Implementation implements Contract {
        @Override
        public void receive(byte[] body) {}
    }

    @BillingWebhook
    static class MetaClass {
        public void receive() {}
    }

    @Test
    void endpointNameWhenOnMethodThenMethodWinsOverClass() throws Exception {
        assertThat(name(ClassLevel.class, "overridden")).isEqualTo("stripe");
        assertThat(name(ClassLevel.class, "inherited")).isEqualTo("github");
    }

    @Test
    void endpointNameWhenMetaAnnotatedThenResolvedThroughEveryLevel() throws Exception {
        assertThat(name(Methods.class, "meta")).isEqualTo("stripe");
        assertThat(name(Methods.class, "metaMeta")).isEqualTo("stripe");
        assertThat(name(MetaClass.class, "receive")).isEqualTo("stripe");
        assertThat(name(Methods.class, "plain")).isNull();
    }

    @Test
    void endpointNameWhenDeclaredOnInterfaceMethodThenInherited() throws Exception {
        Method m = Implementation.class.getMethod("receive", byte[].class);
        assertThat(WebhookVerificationFeature.endpointName(Implementation.class, m))
                .isEqualTo("stripe");
    }

    @Test
    void endpointNameWhenTwoDifferentNamesThenDeploymentFails() {
        assertThatThrownBy(() -> name(Methods.class, "ambiguous"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stripe")
                .hasMessageContaining("github");
    }

    @Test
    void configureWhenAnnotatedThenOneFilterAtAuthenticationPriority() throws Exception {
        List<Object[]> registered = new ArrayList<>();
        WebhookVerificationFeature.of(registry()).configure(info(Methods.class, "meta"), recording(registered));

        assertThat(registered).hasSize(1);
        assertThat(registered.get(0)[0]).isInstanceOf(VerifiedWebhookFilter.class);
        assertThat(registered.get(0)[1]).isEqualTo(Priorities.AUTHENTICATION);
    }

    @Test
    void configureWhenNotAnnotatedThenNothingRegistered() throws Exception {
        List<Object[]> registered = new ArrayList<>();
        WebhookVerificationFeature.of(registry()).configure(info(Methods.class, "plain"), recording(registered));

        assertThat(registered).isEmpty();
    }

    @Test
    void configureWhenNameUnknownThenThrowsNamingMethodAndRegisteredEndpoints() {
        assertThatThrownBy(() -> WebhookVerificationFeature.of(registry())
                        .configure(info(ClassLevel.class, "inherited"), recording(new ArrayList<>())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("@VerifiedWebhook(\"github\")")
                .hasMessageContaining("ClassLevel.inherited()")
                .hasMessageContaining("[stripe]");
    }

    @Test
    void publicBaseUrlWhenNotAbsoluteThenRejected() {
        WebhookVerificationFeature.Builder builder = WebhookVerificationFeature.builder(registry());
        assertThatThrownBy(() -> builder.publicBaseUrl(URI.create("/relative")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.publicBaseUrl(URI.create("https://hooks.example.com/?a=1")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(builder.publicBaseUrl(URI.create("https://hooks.example.com"))
                        .build())
                .isNotNull();
    }

    private static String name(Class<?> type, String method) throws Exception {
        return WebhookVerificationFeature.endpointName(type, type.getMethod(method));
    }

    private static WebhookVerifierRegistry registry() {
        return WebhookVerifierRegistry.builder()
                .register(
                        "stripe",
                        WebhookVerifier.builder(Providers.stripe())
                                .secrets(WebhookSecret.of("k", "whsec_unit_test_secret"))
                                .build())
                .build();
    }

    private static ResourceInfo info(Class<?> type, String method) throws Exception {
        Method m = type.getMethod(method);
        return new ResourceInfo() {
            @Override
            public Method getResourceMethod() {
                return m;
            }

            @Override
            public Class<?> getResourceClass() {
                return type;
            }
        };
    }

    /** A FeatureContext that records {@code register(component, priority)} calls. */
    private static FeatureContext recording(List<Object[]> registered) {
        return (FeatureContext) Proxy.newProxyInstance(
                FeatureContext.class.getClassLoader(), new Class<?>[] {FeatureContext.class}, (proxy, m, args) -> {
                    if (m.getName().equals("register")) {
                        registered.add(args);
                    }
                    return proxy;
                });
    }
}
