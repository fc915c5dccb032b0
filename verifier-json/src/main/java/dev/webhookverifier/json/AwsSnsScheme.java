package dev.webhookverifier.json;

import dev.webhookverifier.FailureReason;
import dev.webhookverifier.TimestampFormat;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookVerificationException;
import dev.webhookverifier.internal.Codec;
import dev.webhookverifier.internal.Headers;
import dev.webhookverifier.internal.Scheme;
import dev.webhookverifier.internal.SignedParts;
import dev.webhookverifier.internal.VerificationKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;

/**
 * AWS SNS HTTP(S) deliveries: the JSON body carries {@code Signature} = base64 RSA over the canonical
 * "name\nvalue\n" list of the message's fields, with SHA-1 ({@code SignatureVersion 1}) or SHA-256 ({@code 2}),
 * verified with the certificate at {@code SigningCertURL}. That URL is fetched only over HTTPS from an allowed host
 * (by default AWS's {@code sns.<region>.amazonaws.com}), with a bounded timeout and size, and cached in a bounded
 * LRU cache.
 *
 * <p>The configured "secret" is the {@code TopicArn} the endpoint accepts: the RSA signature proves AWS sent the
 * message, the ARN (compared in constant time) that it belongs to your topic rather than anyone else's.
 */
final class AwsSnsScheme implements Scheme {
    static final String ID = "aws-sns";
    static final int MAX_CERTIFICATE_BYTES = 64 * 1024;

    private final AwsSnsOptions options;
    private final HttpClient client;
    private final Map<String, PublicKey> cache;

    AwsSnsScheme(AwsSnsOptions options) {
        this.options = options;
        this.client = options.client();
        int size = options.cacheSize;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PublicKey> eldest) {
                return size() > size;
            }
        };
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String documentationUrl() {
        return "https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html";
    }

    @Override
    public Duration defaultTolerance() {
        // SNS retries an HTTP delivery for up to an hour under custom delivery policies.
        return Duration.ofHours(1);
    }

    @Override
    public boolean signsDeliveryId() {
        return true;
    }

    @Override
    public VerificationKey decodeKey(byte[] value, boolean raw, boolean allowWeak) {
        String arn = new String(value, StandardCharsets.UTF_8);
        if (raw || !arn.startsWith("arn:") || !arn.contains(":sns:")) {
            throw new IllegalArgumentException("for aws-sns the secret is the TopicArn the endpoint accepts"
                    + " (arn:aws:sns:<region>:<account>:<topic>), not a key");
        }
        return VerificationKey.token(value.clone());
    }

    @Override
    public SignedParts parse(WebhookRequest request) throws WebhookVerificationException {
        Map<String, Object> m = JsonBody.object(request.body(), ID, "the body");
        String type = JsonBody.requiredString(m, "Type", ID, "Type");
        String headerType = Headers.optional(request, ID, "x-amz-sns-message-type");
        if (headerType != null && !headerType.equals(type)) {
            throw JsonBody.malformed(ID, "x-amz-sns-message-type differs from the body's Type");
        }
        String[] fields = switch (type) {
            case "Notification" -> new String[] {"Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"};
            case "SubscriptionConfirmation", "UnsubscribeConfirmation" ->
                new String[] {"Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"};
            default ->
                throw new WebhookVerificationException(
                        FailureReason.UNSUPPORTED_SCHEME, ID, "unknown SNS message Type");
        };
        StringBuilder canonical = new StringBuilder();
        for (String f : fields) {
            String v = JsonBody.optionalString(m, f, ID, f);
            if (v == null) {
                if (f.equals("Subject")) {
                    continue;
                }
                throw JsonBody.missing(ID, "the message has no " + f);
            }
            canonical.append(f).append('\n').append(v).append('\n');
        }
        String version = JsonBody.requiredString(m, "SignatureVersion", ID, "SignatureVersion");
        String algorithm = switch (version) {
            case "1" -> "SHA1withRSA";
            case "2" -> "SHA256withRSA";
            default ->
                throw new WebhookVerificationException(
                        FailureReason.UNSUPPORTED_SCHEME, ID, "SignatureVersion is not 1 or 2");
        };
        byte[] signature = Codec.decodeBase64(JsonBody.requiredString(m, "Signature", ID, "Signature"), false);
        if (signature == null) {
            throw JsonBody.malformed(ID, "Signature is not canonical base64");
        }
        Instant timestamp = Headers.timestamp(
                JsonBody.requiredString(m, "Timestamp", ID, "Timestamp"), TimestampFormat.RFC_3339, ID, "Timestamp");
        URI certUrl = allowedCertificateUrl(JsonBody.requiredString(m, "SigningCertURL", ID, "SigningCertURL"));
        PublicKey key = certificateKey(certUrl);
        boolean valid;
        try {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(key);
            verifier.update(canonical.toString().getBytes(StandardCharsets.UTF_8));
            valid = verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            valid = false;
        }
        if (!valid) {
            throw JsonBody.mismatch(ID, "the RSA signature does not verify with the SNS signing certificate");
        }
        String topic = JsonBody.requiredString(m, "TopicArn", ID, "TopicArn");
        String messageId = JsonBody.requiredString(m, "MessageId", ID, "MessageId");
        return new SignedParts(
                new byte[][] {new byte[0]},
                null,
                false,
                null,
                null,
                null,
                null,
                new byte[][] {topic.getBytes(StandardCharsets.UTF_8)},
                0,
                timestamp,
                messageId,
                true);
    }

    /** The certificate URL if it is HTTPS on an allowed host; otherwise a typed failure. */
    URI allowedCertificateUrl(String text) throws WebhookVerificationException {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw JsonBody.malformed(ID, "SigningCertURL is not a URL");
        }
        boolean ok = options.allowsHttpsHost(uri)
                && uri.getRawQuery() == null
                && uri.getRawPath() != null
                && uri.getRawPath().endsWith(".pem");
        if (!ok) {
            throw JsonBody.mismatch(
                    ID,
                    "SigningCertURL is not an https .pem URL on an allowed SNS host; the certificate is not fetched");
        }
        return uri;
    }

    private PublicKey certificateKey(URI url) throws WebhookVerificationException {
        String k = url.toString();
        synchronized (cache) {
            PublicKey cached = cache.get(k);
            if (cached != null) {
                return cached;
            }
        }
        PublicKey key = fetch(url);
        synchronized (cache) {
            cache.put(k, key);
        }
        return key;
    }

    private PublicKey fetch(URI url) throws WebhookVerificationException {
        HttpRequest get =
                HttpRequest.newBuilder(url).timeout(options.fetchTimeout).GET().build();
        // The whole exchange is bounded in time (BoundedExchange), the body by size.
        HttpResponse.BodyHandler<byte[]> handler = info -> info.statusCode() == 200
                ? HttpResponse.BodySubscribers.fromSubscriber(new LimitedBytes(), LimitedBytes::bytes)
                : HttpResponse.BodySubscribers.replacing(null);
        HttpResponse<byte[]> response;
        try {
            response = BoundedExchange.send(client, get, handler, options.fetchTimeout);
        } catch (BoundedExchange.Failure e) {
            throw JsonBody.mismatch(ID, "the signing certificate could not be fetched (" + e.getMessage() + ")");
        }
        if (response.statusCode() != 200) {
            throw JsonBody.mismatch(
                    ID, "the signing certificate could not be fetched (HTTP " + response.statusCode() + ")");
        }
        byte[] pem = response.body();
        if (pem == null) {
            throw JsonBody.mismatch(ID, "the signing certificate is larger than " + MAX_CERTIFICATE_BYTES + " bytes");
        }
        try {
            X509Certificate cert = (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
            cert.checkValidity();
            if (!(cert.getPublicKey() instanceof RSAPublicKey rsa)) {
                throw JsonBody.mismatch(ID, "the signing certificate has no RSA key");
            }
            return rsa;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw JsonBody.mismatch(ID, "the signing certificate is not a valid X.509 certificate");
        }
    }

    @Override
    public Map<String, String> sign(
            byte[] value, boolean raw, WebhookRequest unsigned, String deliveryId, Instant timestamp) {
        throw new IllegalArgumentException(
                "aws-sns messages are signed by AWS with its private key; they cannot be" + " signed with a TopicArn");
    }

    /** Collects a response body up to {@link #MAX_CERTIFICATE_BYTES}; beyond that, cancels and yields null. */
    private static final class LimitedBytes implements Flow.Subscriber<List<ByteBuffer>> {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private Flow.Subscription subscription;
        private boolean tooLarge;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer b : buffers) {
                if (tooLarge || out.size() + b.remaining() > MAX_CERTIFICATE_BYTES) {
                    if (!tooLarge) {
                        tooLarge = true;
                        subscription.cancel();
                    }
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                out.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable t) {
            // the exchange fails; the future completes exceptionally
        }

        @Override
        public void onComplete() {
            // bytes() is applied next
        }

        byte[] bytes() {
            return tooLarge ? null : out.toByteArray();
        }
    }
}
