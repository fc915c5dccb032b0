package dev.webhookverifier.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.util.List;
import java.util.Map;

/** A real servlet container started on a free loopback port for one test class. */
interface TestServer extends AutoCloseable {
    int port();

    @Override
    void close() throws Exception;

    /** Starts a container; {@code filters} are mapped to {@code /*} in order, servlets by exact path. */
    interface Factory {
        TestServer start(List<Filter> filters, Map<String, HttpServlet> servlets) throws Exception;
    }
}
