package dev.webhookverifier.jaxrs.contract;

import dev.webhookverifier.VerifiedWebhook;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** An application's own endpoint annotation, meta-annotated with {@link VerifiedWebhook}. */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@VerifiedWebhook("slack")
public @interface SlackWebhook {}
