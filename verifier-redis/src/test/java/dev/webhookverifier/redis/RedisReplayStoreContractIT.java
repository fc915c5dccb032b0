package dev.webhookverifier.redis;

import dev.webhookverifier.replay.ReplayStore;
import dev.webhookverifier.replay.ReplayStoreException;
import dev.webhookverifier.test.ReplayStoreContractTest;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;

/** The Redis store passes the replay store contract on the shared standalone Redis, on real time. */
class RedisReplayStoreContractIT extends ReplayStoreContractTest {
    private static RedisURI redis;

    @BeforeAll
    static void findRedis() throws ReplayStoreException {
        redis = RedisTestEnvironment.sharedRedis();
        RedisTestEnvironment.warmUp(RedisReplayStore.builder(redis));
    }

    @Override
    protected ReplayStore newStore() {
        return RedisReplayStore.builder(redis).build();
    }

    @Override
    protected void advance(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }
}
