package dev.webhookverifier.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookverifier.WebhookRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Sends signed requests over real HTTP with java.net.http. */
public final class WebhookHttp {
    private static final Set<String> RESTRICTED = Set.of("content-length", "host", "connection", "expect", "upgrade");

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public WebhookHttp(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public HttpResponse<String> post(String path, WebhookRequest signed, String contentType)
            throws IOException, InterruptedException {
        return post(path, signed, contentType, Map.of());
    }

    public HttpResponse<String> post(
            String path, WebhookRequest signed, String contentType, Map<String, String> extraHeaders)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofByteArray(signed.body()))
                .header("Content-Type", contentType);
        signed.headers().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> b.header(name, v));
            }
        });
        extraHeaders.forEach(b::header);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path));
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    /** The signed headers with another body: what an attacker who changed the payload sends. */
    public static WebhookRequest withBody(WebhookRequest signed, String body) {
        WebhookRequest.Builder b =
                WebhookRequest.builder().body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        signed.headers().forEach((name, values) -> values.forEach(v -> b.header(name, v)));
        return b.build();
    }

    /** The uniform rejection: status, problem JSON naming no reason, no-store. */
    public static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.body()).contains("\"status\":" + status);
        for (String reason : List.of("SIGNATURE", "TIMESTAMP", "REPLAYED", "MISSING", "MALFORMED", "secret")) {
            assertThat(response.body()).doesNotContain(reason);
        }
    }
}
