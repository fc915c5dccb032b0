package dev.webhookverifier;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler method or controller class whose requests must be verified, by the verifier registered under
 * the given endpoint name, before the handler runs. Understood by the Spring and Jakarta REST adapters.
 *
 * <p>Usable as a meta-annotation, so an application can name its endpoints:
 *
 * <pre>{@code
 * @Target({ElementType.METHOD, ElementType.TYPE})
 * @Retention(RetentionPolicy.RUNTIME)
 * @VerifiedWebhook("stripe")
 * public @interface StripeWebhook {}
 * }</pre>
 *
 * <p><b>Security:</b> adapters fail at startup when the name matches no configured endpoint, and reject (never
 * pass) a request that reaches an annotated handler without having been verified.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
public @interface VerifiedWebhook {
    /**
     * The endpoint name, as registered in the {@link WebhookVerifierRegistry} (in Spring Boot: the
     * {@code <name>} of {@code webhooks.endpoints.<name>.*}).
     *
     * @return the endpoint name
     */
    String value();
}
