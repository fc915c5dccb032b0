package dev.webhookverifier.redis;

import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis Cluster of {@code n} primaries (no replicas) started from the redis-server binary on PATH, each node a
 * child process on a free loopback port in its own directory, joined with {@code redis-cli --cluster create}.
 */
final class LocalRedisCluster implements AutoCloseable {
    private final List<RedisServerProcess> nodes = new ArrayList<>();

    static LocalRedisCluster start(Path redisServer, Path redisCli, Path dir, int n)
            throws IOException, InterruptedException {
        LocalRedisCluster cluster = new LocalRedisCluster();
        try {
            for (int i = 0; i < n; i++) {
                int port = RedisServerProcess.freePort();
                cluster.nodes.add(new RedisServerProcess(
                                redisServer,
                                dir.resolve("node-" + port),
                                port,
                                "--cluster-enabled",
                                "yes",
                                "--cluster-config-file",
                                "nodes-" + port + ".conf",
                                "--cluster-node-timeout",
                                "5000")
                        .start());
            }
            cluster.create(redisCli, dir);
            cluster.awaitOk();
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void create(Path redisCli, Path dir) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(redisCli.toString(), "--cluster", "create"));
        for (RedisServerProcess node : nodes) {
            command.add("127.0.0.1:" + node.port());
        }
        command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        Process create = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        byte[] output = create.getInputStream().readAllBytes();
        if (!create.waitFor(30, TimeUnit.SECONDS) || create.exitValue() != 0) {
            throw new IOException("redis-cli --cluster create failed:\n" + new String(output, StandardCharsets.UTF_8));
        }
    }

    private void awaitOk() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String last = "";
        while (System.nanoTime() < deadline) {
            boolean allOk = true;
            for (RedisServerProcess node : nodes) {
                last = RedisServerProcess.command(node.port(), "CLUSTER", "INFO");
                if (!last.contains("cluster_state:ok") || !last.contains("cluster_known_nodes:" + nodes.size())) {
                    allOk = false;
                    break;
                }
            }
            if (allOk) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IOException("cluster did not reach cluster_state:ok within 20 s:\n" + last);
    }

    RedisURI[] seeds() {
        return nodes.stream()
                .map(node -> RedisURI.create("127.0.0.1", node.port()))
                .toArray(RedisURI[]::new);
    }

    @Override
    public void close() {
        nodes.forEach(RedisServerProcess::close);
    }
}
