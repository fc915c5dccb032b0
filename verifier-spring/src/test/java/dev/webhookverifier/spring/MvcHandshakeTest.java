package dev.webhookverifier.spring;

import dev.webhookverifier.spring.mvc.MvcAppTest;

/** Handshakes on Spring MVC (Tomcat): answered by the servlet filter before the DispatcherServlet. */
@MvcAppTest
class MvcHandshakeTest extends HandshakeContractTest {}
