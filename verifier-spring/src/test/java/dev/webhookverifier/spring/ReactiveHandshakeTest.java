package dev.webhookverifier.spring;

import dev.webhookverifier.spring.reactive.ReactiveAppTest;

/** Handshakes on Spring WebFlux (Netty): answered by the WebFilter before the DispatcherHandler. */
@ReactiveAppTest
class ReactiveHandshakeTest extends HandshakeContractTest {}
