package dev.webhookverifier.servlet;

import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The filter suite on embedded Jetty 12 (ee10, Servlet 6.0). */
class JettyWebhookVerificationFilterTest extends WebhookVerificationFilterContractTest {
    @Override
    TestServer.Factory container() {
        return (filters, servlets) -> {
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            ServletContextHandler ctx = new ServletContextHandler();
            ctx.setContextPath("/");
            for (var filter : filters) {
                FilterHolder holder = new FilterHolder(filter);
                holder.setAsyncSupported(true);
                ctx.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
            }
            for (var e : servlets.entrySet()) {
                ServletHolder holder = new ServletHolder(e.getValue());
                holder.setAsyncSupported(true);
                ctx.addServlet(holder, e.getKey());
            }
            server.setHandler(ctx);
            server.start();
            return new TestServer() {
                @Override
                public int port() {
                    return connector.getLocalPort();
                }

                @Override
                public void close() throws Exception {
                    server.stop();
                }
            };
        };
    }
}
