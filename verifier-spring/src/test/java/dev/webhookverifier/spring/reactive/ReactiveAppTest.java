package dev.webhookverifier.spring.reactive;

import dev.webhookverifier.spring.WebhookTestProperties;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/** One Spring WebFlux application on Netty on a random port (both stacks are on the test classpath). */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@WebhookTestProperties
@SpringBootTest(
        classes = ReactiveTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.main.web-application-type=reactive")
public @interface ReactiveAppTest {}
