package dev.webhookverifier.spring.mvc;

import dev.webhookverifier.spring.WebhookTestProperties;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/** One Spring MVC application on Tomcat on a random port, shared (cached) by every test class using it. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@WebhookTestProperties
@SpringBootTest(
        classes = MvcTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.endpoints.web.exposure.include=env,configprops",
            "management.endpoint.env.show-values=always",
            "management.endpoint.configprops.show-values=always"
        })
public @interface MvcAppTest {}
