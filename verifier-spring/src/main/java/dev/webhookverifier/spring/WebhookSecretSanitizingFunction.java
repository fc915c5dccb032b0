package dev.webhookverifier.spring;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Keeps webhook secrets out of the actuator's {@code env} and {@code configprops} output even when an application
 * sets {@code show-values: always}: masks every key containing {@code secret} or {@code verify-token} (Meta's verify
 * token, in any of Spring's relaxed forms), the Redis URI (it may hold a password), and any value that contains a
 * configured webhook secret or verify token (an environment variable with another name).
 */
final class WebhookSecretSanitizingFunction implements SanitizingFunction {
    /** Shorter values would mask unrelated properties that merely contain them. */
    private static final int MIN_MATCHED_LENGTH = 8;

    /** {@code meta-verify-token}, {@code metaVerifyToken}, {@code META_VERIFY_TOKEN}, lower-cased. */
    private static final Pattern VERIFY_TOKEN = Pattern.compile("verify[-_.]?token");

    private final Supplier<WebhooksProperties> properties;

    WebhookSecretSanitizingFunction(Supplier<WebhooksProperties> properties) {
        this.properties = properties;
    }

    @Override
    public SanitizableData apply(SanitizableData data) {
        Object value = data.getValue();
        if (value == null) {
            return data;
        }
        String key = data.getKey() == null ? "" : data.getKey().toLowerCase(Locale.ROOT);
        if (key.contains("secret")
                || VERIFY_TOKEN.matcher(key).find()
                || key.endsWith("redis-uri")
                || key.endsWith("redisuri")
                || containsSecret(String.valueOf(value))) {
            return data.withValue(SanitizableData.SANITIZED_VALUE);
        }
        return data;
    }

    private boolean containsSecret(String value) {
        if (value.length() < MIN_MATCHED_LENGTH) {
            return false;
        }
        WebhooksProperties props = properties.get();
        if (props == null) {
            return false;
        }
        for (WebhooksProperties.Endpoint endpoint : props.getEndpoints().values()) {
            List<WebhooksProperties.Secret> secrets = Objects.requireNonNullElse(endpoint.getSecrets(), List.of());
            for (WebhooksProperties.Secret secret : secrets) {
                if (contains(value, secret.getSecret())) {
                    return true;
                }
            }
            if (contains(value, endpoint.getMetaVerifyToken())) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(String value, String secret) {
        return secret != null && secret.length() >= MIN_MATCHED_LENGTH && value.contains(secret);
    }

    @Override
    public String toString() {
        return "WebhookSecretSanitizingFunction";
    }
}
