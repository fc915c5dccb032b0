package dev.webhookverifier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.webhookverifier.Provider;
import dev.webhookverifier.Providers;
import dev.webhookverifier.VerifiedDelivery;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookVerificationException;
import dev.webhookverifier.WebhookVerifier;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code sign} and {@code send} for verifier-json's presets: header signatures (netlify, adyen-hmac-signature) and
 * signatures inside the body (mailgun, adyen), which the CLI writes into the JSON; aws-sns cannot be signed.
 */
class SignCommandJsonPresetsTest {
    private static final long T = Lines.T;
    private static final Clock AT_T = Clock.fixed(Instant.ofEpochSecond(T), ZoneOffset.UTC);
    private static final String MAILGUN_KEY = "mailgun-signing-key-0123456789abcdef";
    private static final String ADYEN_KEY = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";
    private static final String MAILGUN_BODY = "{\"event-data\":{\"event\":\"delivered\",\"id\":\"evt_1\"}}";
    private static final String ADYEN_BODY = "{\"live\":\"false\",\"notificationItems\":[{\"NotificationRequestItem\":{"
            + "\"pspReference\":\"psp_1\",\"amount\":{\"value\":10.50,\"currency\":\"EUR\"},"
            + "\"eventCode\":\"AUTHORISATION\",\"merchantAccountCode\":\"Shop\",\"success\":\"true\"}}]}";

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static WebhookVerifier verifier(String id, String secret) {
        return WebhookVerifier.builder(Providers.byId(id))
                .secrets(WebhookSecret.of("s", secret))
                .allowWeakSecrets()
                .clock(AT_T)
                .build();
    }

    private static CliRun sign(String id, String secret, String body, String... extra) {
        List<String> args = new ArrayList<>(
                List.of("sign", "--provider", id, "--secret", secret, "--data", body, "--timestamp", Long.toString(T)));
        args.addAll(List.of(extra));
        return CliRun.run(null, Map.of(), AT_T, args.toArray(String[]::new));
    }

    @ParameterizedTest
    @CsvSource({"netlify, netlify-jws-secret-0123456789", "adyen-hmac-signature, " + ADYEN_KEY})
    void headerSignedJsonPresetWhenSignedThenPrintedHeadersVerify(String id, String secret) throws Exception {
        CliRun run = sign(id, secret, MAILGUN_BODY);

        assertThat(run.exitCode()).as(run.err()).isZero();
        WebhookRequest request = SignCommandTest.parse(
                run.outLines(),
                MAILGUN_BODY.getBytes(StandardCharsets.UTF_8),
                java.net.URI.create("https://r.example/"));
        assertThat(verifier(id, secret).verify(request).providerId()).isEqualTo(id);
        assertThat(run.out() + run.err()).doesNotContain(secret);
    }

    @Test
    void mailgunWhenSignedThenThePrintedBodyCarriesAVerifyingSignatureAndKeepsTheEvent() throws Exception {
        CliRun run = sign("mailgun", MAILGUN_KEY, MAILGUN_BODY, "--id", "token_0123456789");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("mailgun signs inside the JSON body");
        JsonNode body = Lines.JSON.readTree(run.out());
        assertThat(body.get("event-data").get("id").asText()).isEqualTo("evt_1");
        assertThat(body.get("signature").get("timestamp").asText()).isEqualTo(Long.toString(T));
        assertThat(body.get("signature").get("token").asText()).isEqualTo("token_0123456789");
        VerifiedDelivery delivery = verifier("mailgun", MAILGUN_KEY)
                .verify(WebhookRequest.builder()
                        .body(run.out().strip().getBytes(StandardCharsets.UTF_8))
                        .build());
        assertThat(delivery.deliveryId()).contains("token_0123456789");
        assertThat(run.out() + run.err()).doesNotContain(MAILGUN_KEY);
    }

    @Test
    void adyenWhenSignedThenHmacSignatureVerifiesAndNumbersKeepTheirText() throws Exception {
        CliRun json = sign("adyen", ADYEN_KEY, ADYEN_BODY, "--json");

        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode o = Lines.JSON.readTree(json.out());
        assertThat(o.get("headers").size()).isZero();
        String body = o.get("body").asText();
        assertThat(body).contains("\"value\":10.50").contains("\"hmacSignature\":\"");
        verifier("adyen", ADYEN_KEY)
                .verify(WebhookRequest.builder()
                        .body(body.getBytes(StandardCharsets.UTF_8))
                        .build());
        byte[] tampered = body.replace("10.50", "99.50").getBytes(StandardCharsets.UTF_8);
        assertThat(catchReason(() -> verifier("adyen", ADYEN_KEY)
                        .verify(WebhookRequest.builder().body(tampered).build())))
                .isEqualTo("SIGNATURE_MISMATCH");
    }

    @Test
    void bodySignedPresetWhenCurlThenTheCurlLineSendsTheSignedBodyNotTheFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("event.json"), MAILGUN_BODY);
        CliRun run = CliRun.run(
                null,
                Map.of(),
                AT_T,
                "sign",
                "--provider",
                "mailgun",
                "--secret",
                MAILGUN_KEY,
                "--body-file",
                file.toString(),
                "--curl",
                "http://localhost:8080/mailgun");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("curl ").contains("\"signature\":{").doesNotContain("@" + file);
    }

    @Test
    void bodySignedPresetsWhenBodyOrKeyUnfitThenUsageErrorWithoutEchoingTheKey() {
        CliRun notAnItem = sign("adyen", ADYEN_KEY, "{\"live\":\"false\"}");
        CliRun notJson = sign("mailgun", MAILGUN_KEY, "not json");
        CliRun apiKey = sign("mailgun", "key-0123456789abcdef0123456789", MAILGUN_BODY);
        CliRun notHex = sign("adyen", "not-a-hex-key-0123456789", ADYEN_BODY);
        CliRun sns = sign("aws-sns", "arn:aws:sns:us-east-1:123456789012:topic", "{}");

        for (CliRun run : List.of(notAnItem, notJson, apiKey, notHex, sns)) {
            assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
            assertThat(run.out()).isEmpty();
        }
        assertThat(notAnItem.err()).contains("NotificationRequestItem").doesNotContain(ADYEN_KEY);
        assertThat(notJson.err()).contains("must be a JSON object").doesNotContain(MAILGUN_KEY);
        assertThat(apiKey.err()).contains("Mailgun private API key").doesNotContain("key-0123456789abcdef0123456789");
        assertThat(notHex.err()).doesNotContain("not-a-hex-key-0123456789");
        assertThat(sns.err()).contains("signed by AWS");
    }

    @Test
    void mailgunWhenSentThenTheReceiverVerifiesEachSignedBodyAndRejectsStaleOnes() throws Exception {
        String url = receiver(Providers.byId("mailgun"), MAILGUN_KEY);

        CliRun genuine = CliRun.run(
                null,
                "send",
                url,
                "--provider",
                "mailgun",
                "--secret",
                MAILGUN_KEY,
                "--data",
                MAILGUN_BODY,
                "--repeat",
                "2");
        CliRun stale = CliRun.run(
                null, "send", url, "--provider", "mailgun", "--secret", MAILGUN_KEY, "--data", MAILGUN_BODY, "--stale");

        assertThat(genuine.exitCode()).as(genuine.out() + genuine.err()).isZero();
        assertThat(genuine.outLines().get(0)).contains("signature inside the body");
        assertThat(genuine.outLines().get(1)).endsWith("-> 204");
        assertThat(genuine.outLines().get(2)).endsWith("-> 204");
        assertThat(stale.exitCode()).isEqualTo(1);
        assertThat(stale.outLines().get(1)).contains("-> 401");
        assertThat(genuine.out() + genuine.err() + stale.out() + stale.err()).doesNotContain(MAILGUN_KEY);
    }

    /** A receiver answering 204 to deliveries that verify, 401 otherwise. */
    private String receiver(Provider provider, String secret) throws Exception {
        WebhookVerifier verifier = WebhookVerifier.builder(provider)
                .secrets(WebhookSecret.of("receiver", secret))
                .allowWeakSecrets()
                .build();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            int status;
            try {
                verifier.verify(WebhookRequest.builder()
                        .body(exchange.getRequestBody().readAllBytes())
                        .build());
                status = 204;
            } catch (WebhookVerificationException e) {
                status = 401;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/mailgun";
    }

    private interface Verification {
        void run() throws WebhookVerificationException;
    }

    private static String catchReason(Verification v) {
        try {
            v.run();
            return "ACCEPTED";
        } catch (WebhookVerificationException e) {
            return e.reason().name();
        }
    }
}
