package dev.webhookverifier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.webhookverifier.Provider;
import dev.webhookverifier.Providers;
import dev.webhookverifier.WebhookKeyPair;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookVerificationException;
import dev.webhookverifier.WebhookVerifier;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code send} with a private key, over HTTP to a receiver in this JVM that verifies with the public key. */
class SendCommandKeyPairTest {
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A receiver answering 204 to deliveries that verify with {@code publicKey}, 401 otherwise. */
    private String receiver(Provider provider, String publicKey) throws Exception {
        WebhookVerifier verifier = WebhookVerifier.builder(provider)
                .secrets(dev.webhookverifier.WebhookSecret.of("receiver", publicKey))
                .build();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            WebhookRequest.Builder b = WebhookRequest.builder()
                    .method(exchange.getRequestMethod())
                    .body(exchange.getRequestBody().readAllBytes());
            exchange.getRequestHeaders().forEach((name, values) -> values.forEach(v -> b.header(name, v)));
            int status;
            try {
                verifier.verify(b.build());
                status = 204;
            } catch (WebhookVerificationException e) {
                status = 401;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/interactions";
    }

    @ParameterizedTest
    @ValueSource(strings = {"discord", "sendgrid", "standard-webhooks"})
    void privateKeyWhenReceiverTrustsItsPublicKeyThenAcceptedAndTamperedRejected(String id, @TempDir Path dir)
            throws Exception {
        Provider provider = Providers.byId(id);
        Path key = dir.resolve("key");
        CliRun generated = CliRun.run(
                null,
                "sign",
                "--provider",
                id,
                "--generate-key-pair",
                "--private-key-out",
                key.toString(),
                "--data",
                "{}");
        String publicKey = generated
                .err()
                .lines()
                .filter(l -> l.startsWith("public key ("))
                .map(l -> l.substring(l.lastIndexOf(' ') + 1))
                .findFirst()
                .orElseThrow();
        String url = receiver(provider, publicKey);
        List<String> common =
                List.of("send", url, "--provider", id, "--private-key-file", key.toString(), "--data", "{\"type\":1}");

        CliRun genuine = CliRun.run(null, common.toArray(String[]::new));
        CliRun tampered = CliRun.run(null, SignCommandTest.concat(common.toArray(String[]::new), "--tamper"));
        CliRun wrongKey = CliRun.run(
                null,
                Map.of("OTHER_KEY", WebhookKeyPair.generate(provider).exportPrivateKey()),
                java.time.Clock.systemUTC(),
                "send",
                url,
                "--provider",
                id,
                "--private-key-env",
                "OTHER_KEY",
                "--data",
                "{\"type\":1}");

        assertThat(genuine.exitCode()).as(genuine.out() + genuine.err()).isZero();
        assertThat(genuine.outLines().get(1)).startsWith("#1   signed").endsWith("-> 204");
        assertThat(tampered.exitCode()).isEqualTo(1);
        assertThat(tampered.outLines().get(1)).contains("-> 401");
        assertThat(wrongKey.exitCode()).isEqualTo(1);
        assertThat(wrongKey.outLines().get(1)).contains("-> 401");
        String saved = java.nio.file.Files.readString(key).strip();
        for (CliRun run : List.of(generated, genuine, tampered, wrongKey)) {
            assertThat(run.out() + run.err()).doesNotContain(saved);
        }
    }
}
