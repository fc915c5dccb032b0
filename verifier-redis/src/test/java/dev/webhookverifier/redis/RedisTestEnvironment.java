package dev.webhookverifier.redis;

import static org.junit.jupiter.api.Assertions.fail;

import dev.webhookverifier.replay.ReplayStoreException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the Redis tests find Redis.
 *
 * <ul>
 *   <li>The shared server: system property or environment variable {@value #URI_VARIABLE}, default
 *       {@value #DEFAULT_URI} ({@code .ci/run} starts one there).
 *   <li>The {@code redis-server} and {@code redis-cli} binaries on {@code PATH}, for the tests that start their own
 *       servers (a 3-node cluster, a server that is killed and restarted).
 * </ul>
 *
 * <p>When something is missing the tests are skipped with a loud message on a developer machine, and fail when
 * {@code CI=true}: a CI run without Redis must not pass silently.
 */
final class RedisTestEnvironment {
    static final String URI_VARIABLE = "WEBHOOK_VERIFIER_REDIS_URI";
    static final String DEFAULT_URI = "redis://127.0.0.1:6379";

    private static volatile String sharedProblem;
    private static volatile boolean sharedChecked;

    private RedisTestEnvironment() {}

    static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** The shared Redis, checked reachable (PING) once per JVM; otherwise skips or, in CI, fails. */
    static RedisURI sharedRedis() {
        RedisURI uri = RedisURI.create(sharedUriText());
        if (!sharedChecked) {
            synchronized (RedisTestEnvironment.class) {
                if (!sharedChecked) {
                    sharedProblem = ping(uri);
                    sharedChecked = true;
                }
            }
        }
        if (sharedProblem != null) {
            unavailable("no Redis at " + sharedUriText().replaceAll("//[^@/]*@", "//") + " (" + sharedProblem
                    + "). Start one (e.g. `redis-server --save '' --appendonly no`) or set " + URI_VARIABLE + ".");
        }
        return uri;
    }

    /** The redis-server binary on PATH; otherwise skips or, in CI, fails. */
    static Path redisServer() {
        return binary("redis-server");
    }

    /** The redis-cli binary on PATH; otherwise skips or, in CI, fails. */
    static Path redisCli() {
        return binary("redis-cli");
    }

    private static Path binary(String name) {
        Optional<Path> found = onPath(name);
        if (found.isEmpty()) {
            unavailable("no `" + name + "` on PATH (install the redis-server package, e.g. `apt-get install -y"
                    + " redis-server`)");
        }
        return found.get();
    }

    static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static String sharedUriText() {
        String value = System.getProperty(URI_VARIABLE);
        if (value == null || value.isBlank()) {
            value = System.getenv(URI_VARIABLE);
        }
        return value == null || value.isBlank() ? DEFAULT_URI : value.trim();
    }

    private static String ping(RedisURI uri) {
        RedisURI probe =
                RedisURI.builder(uri).withTimeout(Duration.ofSeconds(2)).build();
        RedisClient client = RedisClient.create(probe);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            String pong = c.sync().ping();
            return "PONG".equals(pong) ? null : "PING answered " + pong;
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    private static void unavailable(String what) {
        if (ci()) {
            fail("CI=true but Redis tests cannot run: " + what);
        }
        String banner = "\n" + "*".repeat(100) + "\n*** SKIPPING Redis tests: " + what + "\n" + "*".repeat(100);
        System.err.println(banner);
        Assumptions.abort("SKIPPED, Redis unavailable: " + what);
    }

    /**
     * The first connection in a cold JVM (class loading of Netty, Reactor and Lettuce) can take longer than a store's
     * timeout on a loaded machine; tests about semantics warm up once with patience.
     */
    static void warmUp(RedisReplayStore.Builder builder) throws ReplayStoreException {
        try (RedisReplayStore store = builder.timeout(Duration.ofSeconds(30)).build()) {
            store.release(store.claim("test:warm-up:" + UUID.randomUUID(), Duration.ofSeconds(10)));
        }
    }
}
