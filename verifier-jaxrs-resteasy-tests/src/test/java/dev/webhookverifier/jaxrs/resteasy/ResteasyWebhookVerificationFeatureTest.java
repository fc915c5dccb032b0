package dev.webhookverifier.jaxrs.resteasy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookverifier.Providers;
import dev.webhookverifier.VerifiedDelivery;
import dev.webhookverifier.VerifiedWebhook;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookSigner;
import dev.webhookverifier.WebhookVerifier;
import dev.webhookverifier.WebhookVerifierRegistry;
import dev.webhookverifier.jaxrs.WebhookDeliveries;
import dev.webhookverifier.jaxrs.WebhookVerificationFeature;
import dev.webhookverifier.jaxrs.contract.WebhookVerificationFeatureContractTest;
import io.undertow.Undertow;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import org.jboss.resteasy.plugins.server.undertow.UndertowJaxrsServer;
import org.junit.jupiter.api.Test;

/** The contract on RESTEasy 7 and Undertow, plus what only RESTEasy offers. */
class ResteasyWebhookVerificationFeatureTest extends WebhookVerificationFeatureContractTest {
    private static final String SECRET = "whsec_resteasy_only_secret";

    @Override
    protected RunningServer start(Application application) {
        int port = freePort();
        UndertowJaxrsServer server = new UndertowJaxrsServer();
        server.start(Undertow.builder().addHttpListener(port, "127.0.0.1"));
        try {
            server.deploy(application);
        } catch (RuntimeException e) {
            server.stop();
            throw e;
        }
        return new RunningServer() {
            @Override
            public int port() {
                return port;
            }

            @Override
            public void close() {
                server.stop();
            }
        };
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * RESTEasy cannot inject {@code ContainerRequestContext} into a resource ("Unable to find contextual data"), but
     * its own request type exposes the request properties as attributes.
     */
    @Path("resteasy")
    public static class AttributeResource {
        @POST
        @VerifiedWebhook("stripe")
        @Produces(MediaType.TEXT_PLAIN)
        public String receive(byte[] body, @Context org.jboss.resteasy.spi.HttpRequest request) {
            VerifiedDelivery delivery = (VerifiedDelivery) request.getAttribute(WebhookDeliveries.PROPERTY);
            return delivery.providerId() + "|" + delivery.bodyLength();
        }
    }

    @Test
    void resteasyHttpRequestWhenInjectedThenDeliveryAttributeReadable() throws Exception {
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
                return Set.of(new AttributeResource(), WebhookVerificationFeature.of(registry));
            }
        };
        try (RunningServer resteasy = start(app)) {
            WebhookRequest signed = WebhookSigner.of(Providers.stripe(), WebhookSecret.of("k", SECRET))
                    .sign("{\"resteasy\":true}");
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + resteasy.port() + "/resteasy"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(signed.body()));
            signed.headers().forEach((k, v) -> v.forEach(value -> request.header(k, value)));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("stripe|17");
        }
    }
}
