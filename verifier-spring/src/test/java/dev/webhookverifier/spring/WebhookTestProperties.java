package dev.webhookverifier.spring;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.TestPropertySource;

/** The webhook endpoints of both test applications (MVC and WebFlux). */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@TestPropertySource(
        properties = {
            "webhooks.endpoints.stripe.provider=stripe",
            "webhooks.endpoints.stripe.max-body-size=64KB",
            "webhooks.endpoints.stripe.secrets[0].id=current",
            "webhooks.endpoints.stripe.secrets[0].secret=" + TestSecrets.STRIPE,
            "webhooks.endpoints.stripe.secrets[1].id=old",
            "webhooks.endpoints.stripe.secrets[1].secret=" + TestSecrets.STRIPE_OLD,
            "webhooks.endpoints.stripe.secrets[1].accept-until=2999-01-01T00:00:00Z",
            "webhooks.endpoints.stripe.secrets[2].id=expired",
            "webhooks.endpoints.stripe.secrets[2].secret=" + TestSecrets.STRIPE_EXPIRED,
            "webhooks.endpoints.stripe.secrets[2].accept-until=2020-01-01T00:00:00Z",
            "webhooks.endpoints.github.provider=github",
            "webhooks.endpoints.github.secrets[0].id=main",
            "webhooks.endpoints.github.secrets[0].secret=" + TestSecrets.GITHUB,
            "webhooks.endpoints.github.replay.retention=3d",
            "webhooks.endpoints.slack.provider=slack",
            "webhooks.endpoints.slack.secrets[0].id=main",
            "webhooks.endpoints.slack.secrets[0].secret=" + TestSecrets.SLACK,
            "webhooks.endpoints.standard.provider=standard-webhooks",
            "webhooks.endpoints.standard.tolerance=2m",
            "webhooks.endpoints.standard.secrets[0].id=main",
            "webhooks.endpoints.standard.secrets[0].secret=" + TestSecrets.STANDARD,
            // handshakes: Dropbox's GET challenge (handler mapped for POST only), Meta's verify token (handler mapped
            // for GET and POST), Asana's X-Hook-Secret (AsanaHookSecrets' customizer: no secrets property)
            "webhooks.endpoints.dropbox.provider=dropbox",
            "webhooks.endpoints.dropbox.secrets[0].id=app",
            "webhooks.endpoints.dropbox.secrets[0].secret=" + TestSecrets.DROPBOX,
            "webhooks.endpoints.dropbox.replay.retention=3d",
            "webhooks.endpoints.dropbox.handshakes[0]=dropbox-challenge",
            "webhooks.endpoints.dropbox-plain.provider=dropbox",
            "webhooks.endpoints.dropbox-plain.secrets[0].id=app",
            "webhooks.endpoints.dropbox-plain.secrets[0].secret=" + TestSecrets.DROPBOX,
            "webhooks.endpoints.dropbox-plain.replay.retention=3d",
            "webhooks.endpoints.meta.provider=meta",
            "webhooks.endpoints.meta.secrets[0].id=app",
            "webhooks.endpoints.meta.secrets[0].secret=" + TestSecrets.META,
            "webhooks.endpoints.meta.replay.retention=3d",
            "webhooks.endpoints.meta.handshakes=meta-verify-token",
            "webhooks.endpoints.meta.meta-verify-token=" + TestSecrets.META_VERIFY_TOKEN,
            "webhooks.endpoints.asana.provider=asana",
            "webhooks.endpoints.asana.replay.retention=3d",
            // a property under another name that happens to hold a webhook secret (an environment variable)
            "unrelated.holder=" + TestSecrets.GITHUB,
            "server.address=127.0.0.1"
        })
public @interface WebhookTestProperties {}
