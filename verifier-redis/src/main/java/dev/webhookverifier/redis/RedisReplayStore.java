package dev.webhookverifier.redis;

import dev.webhookverifier.replay.Claim;
import dev.webhookverifier.replay.ReplayStore;
import dev.webhookverifier.replay.ReplayStoreException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A {@link ReplayStore} on Redis, shared by every node of a cluster of webhook receivers: a delivery is claimed by
 * exactly one node, and its duplicates are recognised on all of them.
 *
 * <p>Each operation is one atomic server-side script on one key, so it is one round trip and works the same on a
 * standalone Redis (or Valkey, or a Sentinel-managed master) and on a Redis Cluster (each key lives in one slot):
 *
 * <ul>
 *   <li>{@link #claim}: {@code SET key token PX lease} unless the key exists (like {@code SET NX}), answering the
 *       existing value otherwise. An in-flight claim holds the holder's token, a completed one {@code done:token}.
 *   <li>{@link #complete}: if the key still holds this claim's token, {@code SET key done:token PX retention}.
 *   <li>{@link #release}: if the key still holds this claim's token, {@code DEL key}.
 * </ul>
 *
 * <p>Tokens are random per store instance plus a counter, so a holder whose lease expired can neither complete nor
 * release the claim of the node that took over. Requires Redis 2.6 or later (Lua scripting); tested on 7.0.
 *
 * <p><b>Failure semantics:</b> every call is bounded by the {@linkplain Builder#timeout(Duration) timeout} (default 2
 * seconds). When Redis is unreachable, slow or answers an error, the call throws
 * {@link ReplayStoreException} within that time; the verifier then rejects the delivery with
 * {@code STORE_UNAVAILABLE} (503, the provider retries later). It never hangs a request thread and never
 * accepts a delivery it could not claim. {@link Builder#build()} starts connecting in the background and never
 * fails for an unreachable Redis (an application starts while Redis is down: each call then tries again), and
 * Lettuce reconnects by itself when an established connection is lost and Redis returns. A claim that timed out may still have
 * reached Redis; the store then sends a best-effort release of that claim's token behind it, so the provider's
 * retry is not refused as in flight until the lease expires.
 *
 * <p><b>Thread safety:</b> thread-safe. All calls share one multiplexed connection; build one store per
 * application (or per Redis) and share it between verifiers, whose keys are already scoped.
 *
 * <p><b>Security:</b> {@link #toString()} names the server without credentials. Keys hold signed delivery ids (or
 * hashes of signatures), never bodies or secrets.
 *
 * <p><b>Example:</b>
 *
 * <pre>{@code
 * RedisReplayStore store = RedisReplayStore.of("redis://redis.internal:6379");       // or a cluster:
 * // RedisReplayStore.clusterBuilder(RedisURI.create("redis://node-1:6379")).build();
 * WebhookVerifier verifier = WebhookVerifier.builder(Providers.standardWebhooks())
 *     .secrets(WebhookSecret.of("2026-11", System.getenv("WEBHOOK_SECRET")))
 *     .replayStore(store)
 *     .build();
 * }</pre>
 */
public final class RedisReplayStore implements ReplayStore, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RedisReplayStore.class.getName());

    /** Default bound on every call: 2 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    /** The value prefix that marks a completed delivery (an in-flight claim holds the bare token). */
    static final String COMPLETED_PREFIX = "done:";

    /** Owned clients try to reconnect at least this often while Redis is down (Lettuce's default backs off to 30 s). */
    private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

    private static final Script CLAIM = new Script("claim", """
            local current = redis.call('GET', KEYS[1])
            if current then
              return current
            end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return false
            """);

    private static final Script COMPLETE = new Script("complete", """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
              return 1
            end
            return 0
            """);

    private static final Script RELEASE = new Script("release", """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """);

    private final Supplier<CompletableFuture<? extends StatefulConnection<String, String>>> connector;
    private final List<AutoCloseable> owned;
    private final Duration timeout;
    private final long timeoutNanos;
    private final String description;
    private final String tokenPrefix;
    private final AtomicLong tokens = new AtomicLong();
    private final AtomicReference<CompletableFuture<StatefulConnection<String, String>>> connection =
            new AtomicReference<>();
    private volatile boolean closed;

    private RedisReplayStore(Builder b) {
        this.connector = b.connector;
        this.owned = b.owned;
        this.timeout = b.timeout;
        this.timeoutNanos = b.timeout.toNanos();
        this.description = b.description;
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        this.tokenPrefix = Base64.getUrlEncoder().withoutPadding().encodeToString(random) + ".";
        // Connect in the background now: a cold JVM can need longer than the timeout for its first connection,
        // which would otherwise fail the first deliveries after startup.
        CompletableFuture<StatefulConnection<String, String>> first = new CompletableFuture<>();
        connection.set(first);
        connect(first);
    }

    /**
     * A store on the standalone Redis (or Sentinel-managed master) at {@code uri}, with the default timeout. The
     * store owns its client and shuts it down on {@link #close()}.
     *
     * @param uri e.g. {@code redis://host:6379}, {@code rediss://:password@host:6380/0},
     *     {@code redis-sentinel://host:26379#mymaster}
     * @return the store (connecting in the background)
     * @throws IllegalArgumentException if the URI is malformed
     */
    public static RedisReplayStore of(String uri) {
        return builder(uri).build();
    }

    /**
     * Configures a store on the standalone Redis at {@code uri}; the store owns its client.
     *
     * @param uri the Redis URI
     * @return a builder
     * @throws IllegalArgumentException if the URI is malformed
     */
    public static Builder builder(String uri) {
        RedisURI parsed;
        try {
            parsed = RedisURI.create(Objects.requireNonNull(uri, "uri"));
        } catch (IllegalArgumentException e) {
            // Lettuce's message quotes the URI, password included.
            throw new IllegalArgumentException("not a valid Redis URI (redis://[:password@]host[:port][/database])");
        }
        return builder(parsed);
    }

    /**
     * Configures a store on the standalone Redis at {@code uri}; the store owns its client (reconnecting at least
     * once a second, commands rejected at once while disconnected) and shuts it down on {@link #close()}.
     *
     * @param uri the Redis URI
     * @return a builder
     */
    public static Builder builder(RedisURI uri) {
        Objects.requireNonNull(uri, "uri");
        return new Builder(describe(List.of(uri)), (b) -> {
            ClientResources resources = ownedResources();
            RedisClient client = RedisClient.create(resources);
            client.setOptions(ClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(b.timeout))
                    .socketOptions(socketOptions(b.timeout))
                    .build());
            b.owned.add(client::shutdown);
            b.owned.add(resources::shutdown);
            b.connector = () -> client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture();
        });
    }

    /**
     * Configures a store that uses an application's own client and connects to {@code uri} with it. The store
     * opens and closes its own connection but never shuts the client down, and does not change its options.
     *
     * <p>Prefer a client with {@link ClientOptions.DisconnectedBehavior#REJECT_COMMANDS}: with Lettuce's default,
     * commands issued while disconnected wait for the reconnect, so each claim during an outage takes the whole
     * timeout before failing.
     *
     * @param client the application's client
     * @param uri the Redis to connect to
     * @return a builder
     */
    public static Builder builder(RedisClient client, RedisURI uri) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(uri, "uri");
        warnIfCommandsQueue(client.getOptions());
        return new Builder(
                describe(List.of(uri)),
                b -> b.connector =
                        () -> client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture());
    }

    /**
     * Configures a store on the Redis Cluster reachable through {@code seeds}; the store owns its client (adaptive
     * topology refresh, commands rejected at once while disconnected) and shuts it down on {@link #close()}.
     *
     * @param seeds one or more nodes of the cluster
     * @return a builder
     */
    public static Builder clusterBuilder(RedisURI... seeds) {
        List<RedisURI> nodes = List.of(seeds);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("a Redis Cluster store needs at least one seed node");
        }
        return new Builder("cluster " + describe(nodes), (b) -> {
            ClientResources resources = ownedResources();
            RedisClusterClient client = RedisClusterClient.create(resources, nodes);
            client.setOptions(ClusterClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(b.timeout))
                    .socketOptions(socketOptions(b.timeout))
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enableAllAdaptiveRefreshTriggers()
                            .enablePeriodicRefresh(Duration.ofMinutes(1))
                            .build())
                    .build());
            b.owned.add(client::shutdown);
            b.owned.add(resources::shutdown);
            b.connector = () -> connectCluster(client);
        });
    }

    /**
     * Configures a store that uses an application's own Redis Cluster client. The store opens and closes its own
     * connection but never shuts the client down, and does not change its options (see
     * {@link #builder(RedisClient, RedisURI)} on {@code REJECT_COMMANDS}).
     *
     * @param client the application's cluster client
     * @return a builder
     */
    public static Builder builder(RedisClusterClient client) {
        Objects.requireNonNull(client, "client");
        warnIfCommandsQueue(client.getOptions());
        return new Builder("cluster", b -> b.connector = () -> connectCluster(client));
    }

    /** Loads the topology without blocking (connectAsync alone requires it loaded), then connects. */
    private static CompletableFuture<StatefulRedisClusterConnection<String, String>> connectCluster(
            RedisClusterClient client) {
        return client.refreshPartitionsAsync()
                .toCompletableFuture()
                .thenCompose(loaded -> client.connectAsync(StringCodec.UTF8));
    }

    @Override
    public Claim claim(String key, Duration lease) throws ReplayStoreException {
        Objects.requireNonNull(key, "key");
        String token = tokenPrefix + Long.toString(tokens.incrementAndGet(), 36);
        long deadline = System.nanoTime() + timeoutNanos;
        RedisScriptingAsyncCommands<String, String> commands = commands(deadline);
        String existing;
        try {
            existing = run(commands, CLAIM, ScriptOutputType.VALUE, deadline, key, token, millis(lease));
        } catch (ReplayStoreException e) {
            if (!(e.getCause() instanceof RedisCommandExecutionException)) {
                // The claim may still reach Redis after we gave up on it: undo it behind itself (same connection,
                // so in order), or the provider's retry would be answered "in flight" until the lease expires.
                releaseQuietly(commands, key, token);
            }
            throw e;
        }
        if (existing == null) {
            return Claim.acquired(key, token);
        }
        return Claim.duplicate(key, existing.startsWith(COMPLETED_PREFIX));
    }

    @Override
    public void complete(Claim claim, Duration retention) throws ReplayStoreException {
        String token = heldToken(claim);
        long deadline = System.nanoTime() + timeoutNanos;
        run(
                commands(deadline),
                COMPLETE,
                ScriptOutputType.INTEGER,
                deadline,
                claim.key(),
                token,
                COMPLETED_PREFIX + token,
                millis(retention));
    }

    @Override
    public void release(Claim claim) throws ReplayStoreException {
        String token = heldToken(claim);
        long deadline = System.nanoTime() + timeoutNanos;
        run(commands(deadline), RELEASE, ScriptOutputType.INTEGER, deadline, claim.key(), token);
    }

    /**
     * The bound on every call.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Closes the store's connection and, if the store created its client, shuts the client down. Later calls
     * throw {@link ReplayStoreException}.
     */
    @Override
    public void close() {
        closed = true;
        CompletableFuture<StatefulConnection<String, String>> current = connection.getAndSet(null);
        if (current != null) {
            current.cancel(false);
            if (current.isDone() && !current.isCompletedExceptionally()) {
                current.join().close();
            }
        }
        for (AutoCloseable resource : owned) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "closing a Redis client resource failed", e);
            }
        }
    }

    @Override
    public String toString() {
        return "RedisReplayStore[" + description + ", timeout=" + timeout + "]";
    }

    private static String heldToken(Claim claim) {
        Objects.requireNonNull(claim, "claim");
        if (claim.token() == null) {
            throw new IllegalArgumentException("only an acquired claim can be completed or released");
        }
        return claim.token();
    }

    private static String millis(Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("lease and retention must be positive");
        }
        return Long.toString(Math.max(1, d.toMillis()));
    }

    /** The connection; a failed attempt is retried by the next call, one attempt at a time shared by all callers. */
    private RedisScriptingAsyncCommands<String, String> commands(long deadline) throws ReplayStoreException {
        while (true) {
            if (closed) {
                throw new ReplayStoreException("Redis replay store is closed");
            }
            CompletableFuture<StatefulConnection<String, String>> current = connection.get();
            if (current == null || current.isCompletedExceptionally()) {
                CompletableFuture<StatefulConnection<String, String>> fresh = new CompletableFuture<>();
                if (!connection.compareAndSet(current, fresh)) {
                    continue;
                }
                connect(fresh);
                current = fresh;
            }
            // Not cancelled on timeout: the attempt stays shared by the callers behind this one.
            StatefulConnection<String, String> c = await(current, deadline, "connect", false);
            return scripting(c);
        }
    }

    private void connect(CompletableFuture<StatefulConnection<String, String>> target) {
        CompletableFuture<? extends StatefulConnection<String, String>> attempt;
        try {
            attempt = connector.get();
        } catch (RuntimeException e) {
            target.completeExceptionally(e);
            return;
        }
        attempt.whenComplete((c, failure) -> {
            if (failure != null) {
                target.completeExceptionally(failure);
            } else if (closed || !target.complete(c)) {
                c.closeAsync();
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static RedisScriptingAsyncCommands<String, String> scripting(StatefulConnection<String, String> c) {
        if (c instanceof StatefulRedisClusterConnection<?, ?> cluster) {
            return ((StatefulRedisClusterConnection<String, String>) cluster).async();
        }
        return ((StatefulRedisConnection<String, String>) c).async();
    }

    private <T> T run(
            RedisScriptingAsyncCommands<String, String> commands,
            Script script,
            ScriptOutputType type,
            long deadline,
            String key,
            String... args)
            throws ReplayStoreException {
        String[] keys = {key};
        try {
            return await(commands.evalsha(script.sha, type, keys, args), deadline, script.name, true);
        } catch (ReplayStoreException e) {
            if (!isNoScript(e.getCause())) {
                throw e;
            }
            // First use on this node (or after a restart): EVAL loads the script, later EVALSHAs find it.
            return await(commands.eval(script.text, type, keys, args), deadline, script.name, true);
        }
    }

    private static boolean isNoScript(Throwable t) {
        return t instanceof RedisNoScriptException
                || (t instanceof RedisCommandExecutionException
                        && t.getMessage() != null
                        && t.getMessage().startsWith("NOSCRIPT"));
    }

    private void releaseQuietly(RedisScriptingAsyncCommands<String, String> commands, String key, String token) {
        try {
            commands.eval(RELEASE.text, ScriptOutputType.INTEGER, new String[] {key}, token);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not send the release of a timed-out claim", e);
        }
    }

    private <T> T await(Future<T> future, long deadline, String operation, boolean cancelOnTimeout)
            throws ReplayStoreException {
        long remaining = deadline - System.nanoTime();
        try {
            return future.get(Math.max(0, remaining), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (cancelOnTimeout) {
                future.cancel(false);
            }
            throw new ReplayStoreException(
                    "Redis " + operation + " timed out after " + timeout.toMillis() + " ms (" + description + ")", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ReplayStoreException(
                    "Redis " + operation + " failed (" + description + "): "
                            + cause.getClass().getSimpleName()
                            + (cause.getMessage() == null ? "" : ": " + cause.getMessage()),
                    cause);
        } catch (CancellationException e) {
            throw new ReplayStoreException("Redis " + operation + " was cancelled (" + description + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (cancelOnTimeout) {
                future.cancel(false);
            }
            throw new ReplayStoreException("interrupted while waiting for Redis " + operation, e);
        }
    }

    private static ClientResources ownedResources() {
        return DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(1), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
                .build();
    }

    private static SocketOptions socketOptions(Duration timeout) {
        return SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build();
    }

    private static void warnIfCommandsQueue(ClientOptions options) {
        if (options.isAutoReconnect()
                && options.getDisconnectedBehavior() != ClientOptions.DisconnectedBehavior.REJECT_COMMANDS) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "the Redis client queues commands while disconnected; during an outage every replay claim waits"
                            + " the full timeout before failing. Consider ClientOptions.disconnectedBehavior("
                            + "REJECT_COMMANDS).");
        }
    }

    /** Host and port of each node, never credentials. */
    private static String describe(List<RedisURI> uris) {
        List<String> parts = new ArrayList<>();
        for (RedisURI uri : uris) {
            if (uri.getSentinels() != null && !uri.getSentinels().isEmpty()) {
                parts.add("sentinel master " + uri.getSentinelMasterId());
            } else if (uri.getSocket() != null) {
                parts.add("redis-socket://" + uri.getSocket());
            } else {
                parts.add((uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort()
                        + (uri.getDatabase() == 0 ? "" : "/" + uri.getDatabase()));
            }
        }
        return parts.size() == 1 ? parts.get(0) : parts.toString();
    }

    private static final class Script {
        final String name;
        final String text;
        final String sha;

        Script(String name, String text) {
            this.name = name;
            this.text = text;
            this.sha = sha1(text);
        }

        private static String sha1(String text) {
            try {
                return HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** How a builder wires its client once the timeout is known. */
    private interface Wiring {
        void wire(Builder builder);
    }

    /**
     * Configures a {@link RedisReplayStore}.
     *
     * <p><b>Thread safety:</b> not thread-safe.
     */
    public static final class Builder {
        private final String description;
        private final Wiring wiring;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Supplier<CompletableFuture<? extends StatefulConnection<String, String>>> connector;
        private List<AutoCloseable> owned = new ArrayList<>();
        private boolean built;

        private Builder(String description, Wiring wiring) {
            this.description = description;
            this.wiring = wiring;
        }

        /**
         * The bound on every call, including opening the connection (default 2 seconds).
         * Keep it well below the provider's own request timeout, so a Redis outage is answered 503 rather than
         * cut off.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Builds the store and starts connecting in the background; building succeeds while Redis is down.
         *
         * @return the store
         * @throws IllegalStateException if this builder was already built
         */
        public RedisReplayStore build() {
            if (built) {
                throw new IllegalStateException("a RedisReplayStore.Builder builds once");
            }
            built = true;
            wiring.wire(this);
            return new RedisReplayStore(this);
        }
    }
}
