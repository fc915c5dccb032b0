package dev.webhookverifier.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Selects the provider and secret of a {@link dev.webhookverifier.WebhookSigner} parameter that
 * {@link WebhookTestExtension} injects.
 *
 * <p>Without {@link #secret()}, the signer uses the test's generated secret for the provider, which the test reads
 * from an injected {@link WebhookSigners#secret(String)}.
 *
 * <p><b>Example:</b>
 *
 * <pre>{@code
 * @Test
 * void accepts(@Signer(provider = "stripe", secret = "whsec_test_0123456789abcdef") WebhookSigner stripe) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Signer {
    /**
     * The provider preset id, as in {@code Providers.byId}.
     *
     * @return e.g. {@code stripe}
     */
    String provider();

    /**
     * The secret text; empty (the default) for the test's generated secret.
     *
     * @return the secret
     */
    String secret() default "";
}
