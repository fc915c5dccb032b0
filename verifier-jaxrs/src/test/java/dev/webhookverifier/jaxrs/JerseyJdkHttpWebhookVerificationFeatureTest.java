package dev.webhookverifier.jaxrs;

import com.sun.net.httpserver.HttpServer;
import dev.webhookverifier.jaxrs.contract.WebhookVerificationFeatureContractTest;
import jakarta.ws.rs.core.Application;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/** The contract on Jersey 4 and the JDK's HTTP server (the container of samples/jaxrs-jersey). */
class JerseyJdkHttpWebhookVerificationFeatureTest extends WebhookVerificationFeatureContractTest {
    @Override
    protected RunningServer start(Application application) {
        ResourceConfig config =
                ResourceConfig.forApplication(application).property(ServerProperties.WADL_FEATURE_DISABLE, true);
        HttpServer http = JdkHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"), config, false);
        ExecutorService workers = Executors.newFixedThreadPool(8);
        http.setExecutor(workers);
        http.start();
        return new RunningServer() {
            @Override
            public int port() {
                return http.getAddress().getPort();
            }

            @Override
            public void close() {
                http.stop(0);
                workers.shutdownNow();
            }
        };
    }

    /** Jersey's JDK HTTP container cannot suspend a request: {@code @Suspended} fails there whatever the filter. */
    @Override
    protected boolean supportsAsync() {
        return false;
    }

    /** The JDK HTTP server closes a connection whose request body was not read, racing the client's upload. */
    @Override
    protected boolean deliversEarlyRefusal() {
        return false;
    }
}
