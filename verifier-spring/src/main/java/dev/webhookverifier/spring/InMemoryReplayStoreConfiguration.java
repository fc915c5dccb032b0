package dev.webhookverifier.spring;

import dev.webhookverifier.replay.ReplayStore;
import dev.webhookverifier.replay.ReplayStores;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The default replay store: bounded, in memory, for one process. */
@Configuration(proxyBeanMethods = false)
class InMemoryReplayStoreConfiguration {
    @Bean
    @ConditionalOnMissingBean(ReplayStore.class)
    ReplayStore webhookReplayStore(WebhooksProperties properties, ObjectProvider<Clock> clock) {
        int maxEntries = properties.getReplayStore().getMaxEntries();
        if (maxEntries < 1) {
            throw new WebhookConfigurationException(
                    "webhooks.replay-store.max-entries must be at least 1",
                    "Size it for the peak number of deliveries per retention window (default 100000).");
        }
        return ReplayStores.inMemory(maxEntries, clock.getIfUnique(Clock::systemUTC));
    }
}
