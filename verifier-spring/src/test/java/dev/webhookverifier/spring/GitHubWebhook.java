package dev.webhookverifier.spring;

import dev.webhookverifier.VerifiedWebhook;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A user's own meta-annotation. */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@VerifiedWebhook("github")
public @interface GitHubWebhook {}
