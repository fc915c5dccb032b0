package dev.webhookverifier.servlet;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/** The filter suite on embedded Tomcat 11. */
class TomcatWebhookVerificationFilterTest extends WebhookVerificationFilterContractTest {
    @Override
    TestServer.Factory container() {
        return (filters, servlets) -> {
            Path base = Files.createTempDirectory("tomcat");
            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(base.toString());
            Connector connector = new Connector();
            connector.setPort(0);
            connector.setProperty("address", "127.0.0.1");
            tomcat.setConnector(connector);
            Context ctx = tomcat.addContext("", base.toString());
            int i = 0;
            for (var filter : filters) {
                String name = "filter" + i++;
                FilterDef def = new FilterDef();
                def.setFilterName(name);
                def.setFilter(filter);
                def.setAsyncSupported("true");
                ctx.addFilterDef(def);
                FilterMap map = new FilterMap();
                map.setFilterName(name);
                map.addURLPattern("/*");
                ctx.addFilterMap(map);
            }
            for (var e : servlets.entrySet()) {
                String name = "servlet" + i++;
                Tomcat.addServlet(ctx, name, e.getValue()).setAsyncSupported(true);
                ctx.addServletMappingDecoded(e.getKey(), name);
            }
            tomcat.start();
            return new TestServer() {
                @Override
                public int port() {
                    return connector.getLocalPort();
                }

                @Override
                public void close() throws Exception {
                    tomcat.stop();
                    tomcat.destroy();
                }
            };
        };
    }
}
