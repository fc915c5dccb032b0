package dev.webhookverifier.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookverifier.Providers;
import dev.webhookverifier.VerifiedDelivery;
import dev.webhookverifier.VerifiedWebhook;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookSigner;
import dev.webhookverifier.WebhookVerifier;
import dev.webhookverifier.WebhookVerifierRegistry;
import dev.webhookverifier.jaxrs.contract.WebhookVerificationFeatureContractTest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.junit.jupiter.api.Test;

/** The contract on Jersey 4 and its Grizzly container, plus what only Jersey offers. */
class JerseyWebhookVerificationFeatureTest extends WebhookVerificationFeatureContractTest {
    private static final String SECRET = "whsec_jersey_only_secret";

    @Override
    protected RunningServer start(Application application) throws IOException {
        ResourceConfig config =
                ResourceConfig.forApplication(application).property(ServerProperties.WADL_FEATURE_DISABLE, true);
        HttpServer http = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"), config, false);
        http.start();
        return new RunningServer() {
            @Override
            public int port() {
                return http.getListeners().iterator().next().getPort();
            }

            @Override
            public void close() {
                http.shutdownNow();
            }
        };
    }

    /** Jersey (not every runtime) injects the request context into resources, so the property is readable there. */
    @Path("jersey")
    public static class ContextResource {
        @POST
        @VerifiedWebhook("stripe")
        @Produces(MediaType.TEXT_PLAIN)
        public String receive(byte[] body, @Context ContainerRequestContext request) {
            VerifiedDelivery delivery = WebhookDeliveries.from(request).orElseThrow();
            return delivery.providerId() + "|" + delivery.bodyLength();
        }
    }

    @Test
    void requestContextWhenInjectedIntoJerseyResourceThenDeliveryPropertyReadable() throws Exception {
        WebhookVerifierRegistry registry = WebhookVerifierRegistry.builder()
                .register(
                        "stripe",
                        WebhookVerifier.builder(Providers.stripe())
                                .secrets(WebhookSecret.of("k", SECRET))
                                .build())
                .build();
        Application app = new Application() {
            @Override
            @SuppressWarnings("deprecation")
            public Set<Object> getSingletons() {
                return Set.of(new ContextResource(), WebhookVerificationFeature.of(registry));
            }
        };
        try (RunningServer jersey = start(app)) {
            WebhookRequest signed = WebhookSigner.of(Providers.stripe(), WebhookSecret.of("k", SECRET))
                    .sign("{\"jersey\":true}");
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + jersey.port() + "/jersey"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(signed.body()));
            signed.headers().forEach((k, v) -> v.forEach(value -> request.header(k, value)));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("stripe|15");
        }
    }
}
