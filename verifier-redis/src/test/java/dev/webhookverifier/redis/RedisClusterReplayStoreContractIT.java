package dev.webhookverifier.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookverifier.replay.Claim;
import dev.webhookverifier.replay.ReplayStore;
import dev.webhookverifier.test.ReplayStoreContractTest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redis store passes the replay store contract on a real 3-node Redis Cluster, started for this class from the
 * redis-server binary on PATH and killed afterwards.
 */
class RedisClusterReplayStoreContractIT extends ReplayStoreContractTest {
    @TempDir
    static Path dir;

    private static LocalRedisCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalRedisCluster.start(RedisTestEnvironment.redisServer(), RedisTestEnvironment.redisCli(), dir, 3);
        RedisTestEnvironment.warmUp(RedisReplayStore.clusterBuilder(cluster.seeds()));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    protected ReplayStore newStore() {
        return RedisReplayStore.clusterBuilder(cluster.seeds()).build();
    }

    @Override
    protected void advance(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }

    @Test
    public void claimWhenKeysSpreadOverEverySlotRangeThenEachNodeAnswers() throws Exception {
        // Hash tags pin keys to slots owned by different primaries; every node must run the scripts.
        for (String tag : new String[] {"{a}", "{b}", "{c}", "{d}", "{e}", "{f}"}) {
            Claim claim = store.claim(key(tag), LONG);
            assertThat(claim.acquired()).as(tag).isTrue();
            store.complete(claim, LONG);
            assertThat(store.claim(key(tag), LONG).status()).as(tag).isEqualTo(Claim.Status.DUPLICATE_COMPLETED);
        }
    }
}
