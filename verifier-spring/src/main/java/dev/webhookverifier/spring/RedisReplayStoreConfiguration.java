package dev.webhookverifier.spring;

import dev.webhookverifier.redis.RedisReplayStore;
import dev.webhookverifier.replay.ReplayStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A {@link RedisReplayStore} shared by every node, when {@code verifier-redis} is on the classpath and
 * {@code webhooks.replay-store.redis-uri} is set; it connects on first use, through the application's Lettuce
 * {@link RedisClient} bean if there is exactly one.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = {"dev.webhookverifier.redis.RedisReplayStore", "io.lettuce.core.RedisClient"})
@ConditionalOnProperty(prefix = "webhooks.replay-store", name = "redis-uri")
class RedisReplayStoreConfiguration {
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(ReplayStore.class)
    RedisReplayStore webhookRedisReplayStore(WebhooksProperties properties, ObjectProvider<RedisClient> client) {
        WebhooksProperties.Store store = properties.getReplayStore();
        RedisReplayStore.Builder builder;
        try {
            RedisClient own = client.getIfUnique();
            builder = own != null
                    ? RedisReplayStore.builder(own, RedisURI.create(store.getRedisUri()))
                    : RedisReplayStore.builder(store.getRedisUri());
        } catch (IllegalArgumentException e) {
            // Lettuce's message may repeat the URI, password included.
            throw new WebhookConfigurationException(
                    "webhooks.replay-store.redis-uri is not a valid Redis URI",
                    "Use redis://host:6379, rediss://:password@host:6380/0 or redis-sentinel://host:26379#master.");
        }
        if (store.getRedisTimeout() != null) {
            builder.timeout(store.getRedisTimeout());
        }
        return builder.build();
    }
}
