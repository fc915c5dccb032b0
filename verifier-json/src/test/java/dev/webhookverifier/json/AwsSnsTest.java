package dev.webhookverifier.json;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.webhookverifier.FailureReason;
import dev.webhookverifier.HandshakeAnswer;
import dev.webhookverifier.Provider;
import dev.webhookverifier.VerifiedDelivery;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookVerificationException;
import dev.webhookverifier.WebhookVerifier;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AWS SNS against a WireMock HTTPS server serving a freshly generated certificate (keytool; the same key pair is
 * WireMock's TLS identity and the SNS signing key). The test client trusts only that certificate.
 */
class AwsSnsTest {
    static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:orders";
    static final String PASSWORD = "changeit";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static WireMockServer server;
    static PrivateKey privateKey;
    static String pem;
    static HttpClient trustingClient;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        Path ks = dir.resolve("sns.p12");
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "sns",
                        "-keyalg",
                        "RSA",
                        "-keysize",
                        "2048",
                        "-validity",
                        "2",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "san=dns:localhost,ip:127.0.0.1",
                        "-keystore",
                        ks.toString(),
                        "-storetype",
                        "PKCS12",
                        "-storepass",
                        PASSWORD,
                        "-keypass",
                        PASSWORD)
                .redirectErrorStream(true)
                .start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, PASSWORD.toCharArray());
        }
        privateKey = (PrivateKey) store.getKey("sns", PASSWORD.toCharArray());
        X509Certificate cert = (X509Certificate) store.getCertificate("sns");
        pem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n";

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("sns", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        trustingClient = HttpClient.newBuilder()
                .sslContext(tls)
                .connectTimeout(Duration.ofSeconds(2))
                .build();

        server = new WireMockServer(options()
                .httpDisabled(true)
                .dynamicHttpsPort()
                .bindAddress("127.0.0.1")
                .keystorePath(ks.toString())
                .keystoreType("PKCS12")
                .keystorePassword(PASSWORD)
                .keyManagerPassword(PASSWORD));
        server.start();
        port = server.httpsPort();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @BeforeEach
    void stubs() {
        server.resetAll();
        server.stubFor(get(urlPathMatching("/SimpleNotificationService-[a-z0-9]+\\.pem"))
                .willReturn(aResponse().withStatus(200).withBody(pem)));
        server.stubFor(get(urlPathEqualTo("/slow.pem"))
                .willReturn(aResponse().withStatus(200).withBody(pem).withFixedDelay(3000)));
        server.stubFor(
                get(urlPathEqualTo("/missing.pem")).willReturn(aResponse().withStatus(404)));
        server.stubFor(get(urlPathEqualTo("/garbage.pem"))
                .willReturn(aResponse().withStatus(200).withBody("nope")));
    }

    static AwsSnsOptions.Builder testOptions() {
        return AwsSnsOptions.builder()
                .certificateHosts(Pattern.compile(Pattern.quote("localhost:" + port)))
                .httpClient(trustingClient)
                .fetchTimeout(Duration.ofSeconds(2));
    }

    static String certUrl(String name) {
        return "https://localhost:" + port + "/" + name;
    }

    static final String TOKEN =
            "2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a747ba6f3beb71854e285d6ad02428b09ceece29417f1f02d609c582afbacc99c583a916b9981dd2728f4ae6fdb82efd087cc3b7849e05798d2d2785c03b0879594eeac82c01f235d0e717736";

    static String message(String type, String version, String certUrl, Instant timestamp, boolean subject)
            throws Exception {
        return message(
                type,
                version,
                certUrl,
                timestamp,
                subject,
                TOPIC,
                "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=" + TOPIC + "&Token="
                        + TOKEN);
    }

    static String message(
            String type,
            String version,
            String certUrl,
            Instant timestamp,
            boolean subject,
            String topic,
            String subscribeUrl)
            throws Exception {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Type", type);
        m.put("MessageId", "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324");
        if (!type.equals("Notification")) {
            m.put("Token", TOKEN);
            m.put("SubscribeURL", subscribeUrl);
        }
        m.put("TopicArn", topic);
        if (subject) {
            m.put("Subject", "My First Message");
        }
        m.put("Message", "Hello world!\nwith \"quotes\" and ünïcode");
        m.put("Timestamp", timestamp.truncatedTo(ChronoUnit.MILLIS).toString());
        m.put("SignatureVersion", version);
        String[] fields = type.equals("Notification")
                ? new String[] {"Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"}
                : new String[] {"Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"};
        StringBuilder canonical = new StringBuilder();
        for (String f : fields) {
            if (m.containsKey(f)) {
                canonical.append(f).append('\n').append(m.get(f)).append('\n');
            }
        }
        Signature s = Signature.getInstance(version.equals("1") ? "SHA1withRSA" : "SHA256withRSA");
        s.initSign(privateKey);
        s.update(canonical.toString().getBytes(StandardCharsets.UTF_8));
        m.put("Signature", Base64.getEncoder().encodeToString(s.sign()));
        m.put("SigningCertURL", certUrl);
        return JSON.writeValueAsString(m);
    }

    static String notification(String certUrl) throws Exception {
        return message("Notification", "2", certUrl, Instant.now(), true);
    }

    static WebhookRequest request(String body) {
        return WebhookRequest.builder()
                .method("POST")
                .header(
                        "x-amz-sns-message-type",
                        body.contains("\"Notification\"") ? "Notification" : "SubscriptionConfirmation")
                .body(body.getBytes(StandardCharsets.UTF_8))
                .build();
    }

    static WebhookVerifier verifier(Provider provider) {
        return WebhookVerifier.builder(provider)
                .secrets(WebhookSecret.of("orders", TOPIC))
                .build();
    }

    static FailureReason reason(WebhookVerifier v, String body) {
        Throwable t = catchThrowable(() -> v.verify(request(body)));
        assertThat(t).isInstanceOf(WebhookVerificationException.class);
        return ((WebhookVerificationException) t).reason();
    }

    @Test
    void signatureVersionsOneAndTwoAndSubscriptionConfirmation() throws Exception {
        WebhookVerifier v = verifier(JsonProviders.awsSns(testOptions().build()));
        String url = certUrl("SimpleNotificationService-abc.pem");
        for (String version : new String[] {"1", "2"}) {
            for (boolean subject : new boolean[] {true, false}) {
                VerifiedDelivery d = v.verify(request(message("Notification", version, url, Instant.now(), subject)));
                assertThat(d.deliveryId()).contains("22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324");
            }
            assertThat(catchThrowable(() ->
                            v.verify(request(message("SubscriptionConfirmation", version, url, Instant.now(), false)))))
                    .isNull();
        }
        // one fetch, then the cache
        server.verify(1, getRequestedFor(urlPathEqualTo("/SimpleNotificationService-abc.pem")));
    }

    @Test
    void tamperedMessageWrongTopicStaleAndUnsupported() throws Exception {
        Provider sns = JsonProviders.awsSns(testOptions().build());
        WebhookVerifier v = verifier(sns);
        String url = certUrl("SimpleNotificationService-abc.pem");
        String body = notification(url);
        assertThat(reason(v, body.replace("Hello world", "Hello World"))).isEqualTo(FailureReason.SIGNATURE_MISMATCH);
        assertThat(reason(v, body.replace("My First Message", "Other"))).isEqualTo(FailureReason.SIGNATURE_MISMATCH);
        WebhookVerifier otherTopic = WebhookVerifier.builder(sns)
                .secrets(WebhookSecret.of("other", "arn:aws:sns:us-east-1:123456789012:other"))
                .build();
        assertThat(reason(otherTopic, body)).isEqualTo(FailureReason.SIGNATURE_MISMATCH);
        assertThat(reason(v, message("Notification", "2", url, Instant.now().minus(Duration.ofHours(2)), true)))
                .isEqualTo(FailureReason.TIMESTAMP_TOO_OLD);
        assertThat(reason(v, message("Notification", "3", url, Instant.now(), true)))
                .isEqualTo(FailureReason.UNSUPPORTED_SCHEME);
        assertThat(reason(v, body.replace("\"Type\":\"Notification\"", "\"Type\":\"Other\"")))
                .isIn(FailureReason.UNSUPPORTED_SCHEME, FailureReason.MALFORMED_HEADER);
        assertThat(reason(v, "{\"Type\":")).isEqualTo(FailureReason.MALFORMED_HEADER);
        assertThat(reason(v, body.replace("\"Signature\":\"", "\"Signature\":\"!")))
                .isEqualTo(FailureReason.MALFORMED_HEADER);
    }

    @Test
    void forgedCertificateUrlsAreRefusedWithoutAFetch() throws Exception {
        WebhookVerifier local = verifier(JsonProviders.awsSns(testOptions().build()));
        WebhookVerifier aws = verifier(JsonProviders.awsSns());
        String[] forged = {
            "http://localhost:" + port + "/SimpleNotificationService-abc.pem",
            "https://evil.example/SimpleNotificationService-abc.pem",
            "https://sns.us-east-1.amazonaws.com@localhost:" + port + "/SimpleNotificationService-abc.pem",
            "https://localhost:" + port + "@sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem",
            "https://sns.us-east-1.amazonaws.com.evil.example/SimpleNotificationService-abc.pem",
            "https://sns.us-east-1.amazonaws.com:8443/SimpleNotificationService-abc.pem",
            "https://localhost:" + port + "/SimpleNotificationService-abc.pem?x=.pem",
            "https://localhost:" + port + "/SimpleNotificationService-abc.txt",
            "https://evilsns.us-east-1.amazonaws.com/x.pem",
            "file:///etc/passwd.pem",
            "https://localhost:" + port + "\\@sns.us-east-1.amazonaws.com/x.pem",
        };
        for (String url : forged) {
            assertThat(reason(aws, notification(url)))
                    .as(url)
                    .isIn(FailureReason.SIGNATURE_MISMATCH, FailureReason.MALFORMED_HEADER);
            assertThat(reason(local, notification(url)))
                    .as(url)
                    .isIn(FailureReason.SIGNATURE_MISMATCH, FailureReason.MALFORMED_HEADER);
        }
        // The AWS pattern itself: these pass the URL check (and would be fetched from AWS)
        AwsSnsScheme scheme = new AwsSnsScheme(AwsSnsOptions.defaults());
        assertThat(
                        scheme.allowedCertificateUrl(
                                "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem"))
                .hasHost("sns.eu-west-1.amazonaws.com");
        assertThat(scheme.allowedCertificateUrl("https://sns.cn-north-1.amazonaws.com.cn/x.pem"))
                .isNotNull();
        assertThat(server.getAllServeEvents()).isEmpty();
    }

    @Test
    void certificateFailuresAreTyped() throws Exception {
        WebhookVerifier v = verifier(JsonProviders.awsSns(testOptions().build()));
        assertThat(reason(v, notification(certUrl("missing.pem")))).isEqualTo(FailureReason.SIGNATURE_MISMATCH);
        assertThat(reason(v, notification(certUrl("garbage.pem")))).isEqualTo(FailureReason.SIGNATURE_MISMATCH);
        assertThat(reason(v, notification(certUrl("huge.pem")))).isEqualTo(FailureReason.SIGNATURE_MISMATCH);
        // the default JDK client does not trust the test certificate: TLS is checked
        WebhookVerifier untrusting = verifier(JsonProviders.awsSns(AwsSnsOptions.builder()
                .certificateHosts(Pattern.compile(Pattern.quote("localhost:" + port)))
                .build()));
        assertThat(reason(untrusting, notification(certUrl("SimpleNotificationService-abc.pem"))))
                .isEqualTo(FailureReason.SIGNATURE_MISMATCH);
    }

    @Test
    void fetchTimeoutIsBounded() throws Exception {
        WebhookVerifier v = verifier(JsonProviders.awsSns(
                testOptions().fetchTimeout(Duration.ofMillis(300)).build()));
        long start = System.nanoTime();
        assertThat(reason(v, notification(certUrl("slow.pem")))).isEqualTo(FailureReason.SIGNATURE_MISMATCH);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
        // a body that trickles in after prompt headers is bounded too, not only the wait for headers
        start = System.nanoTime();
        assertThat(reason(v, notification(certUrl("dribble.pem")))).isEqualTo(FailureReason.SIGNATURE_MISMATCH);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
        assertThatThrownBy(() -> AwsSnsOptions.builder().fetchTimeout(Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cacheIsBounded() throws Exception {
        WebhookVerifier v =
                verifier(JsonProviders.awsSns(testOptions().cacheSize(1).build()));
        String a = certUrl("SimpleNotificationService-a.pem");
        String b = certUrl("SimpleNotificationService-b.pem");
        v.verify(request(notification(a)));
        v.verify(request(notification(a)));
        v.verify(request(notification(b))); // evicts a
        v.verify(request(notification(a)));
        server.verify(2, getRequestedFor(urlPathEqualTo("/SimpleNotificationService-a.pem")));
        server.verify(1, getRequestedFor(urlPathEqualTo("/SimpleNotificationService-b.pem")));
        assertThatThrownBy(() -> AwsSnsOptions.builder().cacheSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AwsSnsOptions.builder().cacheSize(100_000))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSecretIsATopicArn() {
        assertThatThrownBy(() -> WebhookVerifier.builder(JsonProviders.awsSns())
                        .secrets(WebhookSecret.of("k", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TopicArn");
    }

    @Test
    void subscriptionConfirmationWhenSubscribeUrlOrTokenTamperedThenMismatch() throws Exception {
        // the canonical list of a SubscriptionConfirmation covers SubscribeURL and Token
        WebhookVerifier v = verifier(JsonProviders.awsSns(testOptions().build()));
        String body = message(
                "SubscriptionConfirmation", "2", certUrl("SimpleNotificationService-abc.pem"), Instant.now(), false);
        assertThat(catchThrowable(() -> v.verify(request(body)))).isNull();
        assertThat(reason(v, body.replace("https://sns.us-east-1", "https://sns.us-east-2")))
                .isEqualTo(FailureReason.SIGNATURE_MISMATCH);
        assertThat(reason(v, body.replace("\"Token\":\"2336", "\"Token\":\"3336")))
                .isEqualTo(FailureReason.SIGNATURE_MISMATCH);
    }

    /** {@link JsonHandshakes#awsSnsSubscriptionConfirmation}: WireMock serves the SubscribeURL over HTTPS. */
    @Nested
    class SubscriptionConfirmationHandshake {
        static final String OTHER_TOPIC = "arn:aws:sns:us-east-1:123456789012:other";

        @BeforeEach
        void confirmStubs() {
            server.stubFor(get(urlPathEqualTo("/confirm"))
                    .withQueryParam("Action", equalTo("ConfirmSubscription"))
                    .willReturn(aResponse().withStatus(200).withBody("<ConfirmSubscriptionResponse/>")));
            server.stubFor(
                    get(urlPathEqualTo("/confirm-500")).willReturn(aResponse().withStatus(500)));
            server.stubFor(get(urlPathEqualTo("/confirm-slow"))
                    .willReturn(aResponse().withStatus(200).withFixedDelay(3000)));
            server.stubFor(get(urlPathEqualTo("/confirm-redirect"))
                    .willReturn(aResponse().withStatus(302).withHeader("Location", subscribeUrl("confirm"))));
        }

        String subscribeUrl(String path) {
            return "https://localhost:" + port + "/" + path + "?Action=ConfirmSubscription&TopicArn=" + TOPIC
                    + "&Token=" + TOKEN;
        }

        String confirmation(String topic, String subscribeUrl) throws Exception {
            return message(
                    "SubscriptionConfirmation",
                    "2",
                    certUrl("SimpleNotificationService-abc.pem"),
                    Instant.now(),
                    false,
                    topic,
                    subscribeUrl);
        }

        WebhookVerifier confirming(AwsSnsOptions options, Set<String> allowed, String... ring) {
            WebhookSecret[] secrets = new WebhookSecret[ring.length];
            for (int i = 0; i < ring.length; i++) {
                secrets[i] = WebhookSecret.of("t" + i, ring[i]);
            }
            return WebhookVerifier.builder(JsonProviders.awsSns(options))
                    .secrets(secrets)
                    .handshakes(JsonHandshakes.awsSnsSubscriptionConfirmation(allowed, options))
                    .build();
        }

        int confirmGets() {
            return server.findAll(getRequestedFor(urlPathMatching("/confirm.*")))
                    .size();
        }

        FailureReason handshakeReason(WebhookVerifier v, String body) {
            Throwable t = catchThrowable(() -> v.answerHandshake(request(body)));
            assertThat(t).isInstanceOf(WebhookVerificationException.class);
            assertThat(t.getMessage()).doesNotContain(TOKEN).doesNotContain("Token=");
            return ((WebhookVerificationException) t).reason();
        }

        @Test
        void answerWhenTopicAllowedThenSubscribeUrlVisitedOnceAndAnswered200() throws Exception {
            AwsSnsOptions options = testOptions().build();
            WebhookVerifier v = confirming(options, Set.of(TOPIC), TOPIC);

            HandshakeAnswer answer = v.answerHandshake(request(confirmation(TOPIC, subscribeUrl("confirm"))))
                    .orElseThrow();

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).isEmpty();
            assertThat(answer.headers()).containsEntry("Cache-Control", "no-store");
            server.verify(
                    1,
                    getRequestedFor(urlPathEqualTo("/confirm"))
                            .withQueryParam("Action", equalTo("ConfirmSubscription"))
                            .withQueryParam("Token", equalTo(TOKEN)));
            assertThat(confirmGets()).isEqualTo(1);
        }

        @Test
        void answerWhenTopicNotAllowedThenNoSecretAndNoGet() throws Exception {
            WebhookVerifier v = confirming(testOptions().build(), Set.of(TOPIC), TOPIC, OTHER_TOPIC);
            // the verifier accepts the other topic's messages, the handshake does not confirm it
            assertThat(handshakeReason(v, confirmation(OTHER_TOPIC, subscribeUrl("confirm"))))
                    .isEqualTo(FailureReason.NO_SECRET);
            assertThat(confirmGets()).isZero();
        }

        @Test
        void answerWhenSubscribeUrlNotOnAnAllowedHostThenRejectedAndNoGet() throws Exception {
            WebhookVerifier v = confirming(testOptions().build(), Set.of(TOPIC), TOPIC);
            String query = "?Action=ConfirmSubscription&TopicArn=" + TOPIC + "&Token=" + TOKEN;
            String[] urls = {
                "https://127.0.0.1:" + port + "/confirm" + query,
                "http://localhost:" + port + "/confirm" + query,
                "https://localhost:" + port + "/confirm?TopicArn=" + TOPIC + "&Token=" + TOKEN,
                "https://sns.us-east-1.amazonaws.com@localhost:" + port + "/confirm" + query,
                "https://evil.example/confirm" + query,
                "https://localhost:" + port + "/confirm" + query + "#x",
                "not a url " + query,
            };
            for (String url : urls) {
                assertThat(handshakeReason(v, confirmation(TOPIC, url)))
                        .as(url)
                        .isEqualTo(FailureReason.MALFORMED_HEADER);
            }
            assertThat(confirmGets()).isZero();
            assertThat(server.getAllServeEvents())
                    .allSatisfy(e -> assertThat(e.getRequest().getUrl()).endsWith(".pem"));
        }

        @Test
        void answerWhenAwsFailsTimesOutOrRedirectsThen503WithRetryAfter() throws Exception {
            AwsSnsOptions options =
                    testOptions().fetchTimeout(Duration.ofMillis(500)).build();
            WebhookVerifier v = confirming(options, Set.of(TOPIC), TOPIC);
            // the certificate is fetched (and cached) first, so the timing below measures the confirmation only
            v.verify(request(notification(certUrl("SimpleNotificationService-abc.pem"))));
            for (String path : new String[] {"confirm-500", "confirm-slow", "confirm-redirect"}) {
                long start = System.nanoTime();
                HandshakeAnswer answer = v.answerHandshake(request(confirmation(TOPIC, subscribeUrl(path))))
                        .orElseThrow();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as(path).isLessThan(Duration.ofMillis(2500));
                assertThat(answer.status()).as(path).isEqualTo(503);
                assertThat(answer.headers()).as(path).containsEntry("Retry-After", "30");
                assertThat(answer.body()).isEmpty();
            }
            assertThat(server.findAll(getRequestedFor(urlPathEqualTo("/confirm"))))
                    .isEmpty();
        }

        @Test
        void answerWhenSignatureForgedOrMissingThenRejectedBeforeAnyGet() throws Exception {
            WebhookVerifier v = confirming(testOptions().build(), Set.of(TOPIC), TOPIC);
            String body = confirmation(TOPIC, subscribeUrl("confirm"));
            assertThat(handshakeReason(v, body.replace("Hello world", "Hello World")))
                    .isEqualTo(FailureReason.SIGNATURE_MISMATCH);
            assertThat(handshakeReason(v, body.replace("/confirm?", "/confirm-500?")))
                    .isEqualTo(FailureReason.SIGNATURE_MISMATCH);
            assertThat(handshakeReason(v, body.replace("\"Signature\":\"", "\"Signature\":\"AAAA")))
                    .isEqualTo(FailureReason.SIGNATURE_MISMATCH);
            assertThat(handshakeReason(v, body.replace("\"Signature\":", "\"Unsigned\":")))
                    .isEqualTo(FailureReason.MISSING_HEADER);
            assertThat(handshakeReason(v, "{\"Type\":\"SubscriptionConfirmation\""))
                    .isEqualTo(FailureReason.MALFORMED_HEADER);
            assertThat(confirmGets()).isZero();
        }

        @Test
        void answerWhenNotificationOrHandshakeNotEnabledThenOrdinaryDelivery() throws Exception {
            WebhookVerifier v = confirming(testOptions().build(), Set.of(TOPIC), TOPIC);
            assertThat(v.answerHandshake(request(notification(certUrl("SimpleNotificationService-abc.pem")))))
                    .isEmpty();
            WebhookVerifier plain = verifier(JsonProviders.awsSns(testOptions().build()));
            String body = confirmation(TOPIC, subscribeUrl("confirm"));
            assertThat(plain.answerHandshake(request(body))).isEmpty();
            assertThat(plain.verify(request(body)).body()).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
            assertThat(confirmGets()).isZero();
        }

        @Test
        void logsNameTheHostAndOutcomeButNeverTheTokenOrQuery() throws Exception {
            List<String> logged = new ArrayList<>();
            Handler capture = new Handler() {
                @Override
                public void publish(LogRecord record) {
                    logged.add(record.getMessage());
                }

                @Override
                public void flush() {}

                @Override
                public void close() {}
            };
            Logger logger = Logger.getLogger(JsonHandshakes.class.getName());
            logger.addHandler(capture);
            try {
                WebhookVerifier v = confirming(testOptions().build(), Set.of(TOPIC), TOPIC);
                v.answerHandshake(request(confirmation(TOPIC, subscribeUrl("confirm"))));
                v.answerHandshake(request(confirmation(TOPIC, subscribeUrl("confirm-500"))));
            } finally {
                logger.removeHandler(capture);
            }
            assertThat(logged).hasSize(2);
            assertThat(logged)
                    .allSatisfy(m -> assertThat(m)
                            .contains("localhost")
                            .doesNotContain(TOKEN)
                            .doesNotContain("Token")
                            .doesNotContain("Action=")
                            .doesNotContain(TOPIC));
        }

        @Test
        void buildWhenTopicsEmptyOrNotArnsOrWrongProviderThenFails() {
            assertThatThrownBy(() -> JsonHandshakes.awsSnsSubscriptionConfirmation(Set.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("topic");
            assertThatThrownBy(() -> JsonHandshakes.awsSnsSubscriptionConfirmation(Set.of("whsec_abc")))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> JsonHandshakes.awsSnsSubscriptionConfirmation(Set.of(TOPIC + " ")))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(JsonHandshakes.awsSnsSubscriptionConfirmation(Set.of(TOPIC, OTHER_TOPIC))
                            .toString())
                    .isEqualTo("Handshake[aws-sns-subscription-confirmation, 2 allowed topic(s)]");
            assertThatThrownBy(() -> WebhookVerifier.builder(dev.webhookverifier.Providers.stripe())
                            .secrets(WebhookSecret.of("s", "whsec_0123456789abcdef0123456789abcdef"))
                            .handshakes(JsonHandshakes.awsSnsSubscriptionConfirmation(Set.of(TOPIC)))
                            .build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("aws-sns-subscription-confirmation");
        }
    }
}
