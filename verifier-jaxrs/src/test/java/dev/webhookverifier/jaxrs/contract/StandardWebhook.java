package dev.webhookverifier.jaxrs.contract;

import dev.webhookverifier.VerifiedWebhook;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A meta-annotation used on a whole resource class. */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@VerifiedWebhook("standard")
public @interface StandardWebhook {}
