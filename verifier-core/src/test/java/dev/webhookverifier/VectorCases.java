package dev.webhookverifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Loads the published test vectors ({@code src/test/resources/vectors/*.json}, copied from
 * {@code shared/vectors/}) and checks one case against a verifier built the way a user would build it.
 */
final class VectorCases {
    private static final ObjectMapper JSON = new ObjectMapper();

    private VectorCases() {}

    /** One case of a vector file; {@code privateKey} is the informative signing key of a few asymmetric cases. */
    record Case(
            String file,
            String name,
            String provider,
            String variant,
            String secret,
            List<String> secrets,
            String publicKey,
            String privateKey,
            String method,
            String url,
            Map<String, String> headers,
            byte[] body,
            List<List<String>> formParams,
            Long nowEpochSeconds,
            Long toleranceSeconds,
            boolean valid,
            FailureReason expectedReason) {

        @Override
        public String toString() {
            return name;
        }

        /** The key material exactly as the provider shows it: {@code secret}, else {@code public_key}. */
        String keyText() {
            return secret != null ? secret : publicKey;
        }

        /**
         * The preset id for this case: the file's provider, except where a file holds schemes that are separate
         * presets (HubSpot's legacy {@code v1} and {@code v2} are {@code hubspot-v1} and {@code hubspot-v2}).
         */
        String providerId() {
            if (provider.equals("hubspot") && ("v1".equals(variant) || "v2".equals(variant))) {
                return "hubspot-" + variant;
            }
            return provider;
        }

        /** The ring: {@code k} for a single secret or key, {@code k1}..{@code kn} for a {@code secrets} list. */
        SecretRing ring() {
            if (secrets != null) {
                List<WebhookSecret> ring = new ArrayList<>();
                for (int i = 0; i < secrets.size(); i++) {
                    ring.add(WebhookSecret.of("k" + (i + 1), secrets.get(i)));
                }
                return SecretRing.of(ring);
            }
            return SecretRing.of(WebhookSecret.of("k", keyText()));
        }

        /** Built as verify-batch builds it: short (weak) test secrets are accepted, as in the published tests. */
        WebhookVerifier verifier() {
            WebhookVerifier.Builder b = WebhookVerifier.builder(Providers.byId(providerId()))
                    .secrets(ring())
                    .allowWeakSecrets();
            if (nowEpochSeconds != null) {
                b.clock(Clock.fixed(Instant.ofEpochSecond(nowEpochSeconds), ZoneOffset.UTC));
            }
            if (toleranceSeconds != null) {
                b.tolerance(Duration.ofSeconds(toleranceSeconds));
            }
            return b.build();
        }

        WebhookRequest request() {
            WebhookRequest.Builder b = WebhookRequest.builder()
                    .method(method == null ? "POST" : method)
                    .url(url == null ? null : java.net.URI.create(url))
                    .body(body.clone());
            headers.forEach(b::header);
            return b.build();
        }

        /** Verifies the case and asserts the expected decision (and reason, when the file names one). */
        void check() {
            WebhookVerifier verifier = verifier();
            WebhookRequest request = request();
            if (valid) {
                VerifiedDelivery delivery;
                try {
                    delivery = verifier.verify(request);
                } catch (WebhookVerificationException e) {
                    throw new AssertionError(name + " should verify but was rejected: " + e.getMessage(), e);
                }
                assertThat(delivery.body()).as(name).isEqualTo(body);
                assertThat(delivery.secretId())
                        .as(name)
                        .isIn(ring().secrets().stream().map(WebhookSecret::id).toList());
                assertThat(delivery.providerId())
                        .as(name)
                        .isEqualTo(verifier.provider().id());
            } else {
                WebhookVerificationException e =
                        catchThrowableOfType(WebhookVerificationException.class, () -> verifier.verify(request));
                assertThat(e).as(name + " should be rejected").isNotNull();
                if (expectedReason != null) {
                    assertThat(e.reason()).as(name).isEqualTo(expectedReason);
                }
            }
        }
    }

    /** Every case of one file, e.g. {@code load("stripe")}. */
    static List<Case> load(String file) {
        String path = "/vectors/" + file + ".json";
        try (InputStream in = VectorCases.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            JsonNode root = JSON.readTree(in);
            String provider = root.get("provider").asText();
            List<Case> cases = new ArrayList<>();
            for (JsonNode c : root.get("cases")) {
                cases.add(toCase(file, provider, c));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The cases of a file as arguments for a {@code @ParameterizedTest}, named after each case. */
    static Stream<Arguments> arguments(String file) {
        return load(file).stream().map(c -> Arguments.argumentSet(c.name(), c));
    }

    private static Case toCase(String file, String provider, JsonNode c) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (c.has("headers")) {
            Iterator<Map.Entry<String, JsonNode>> fields = c.get("headers").fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                if (!f.getValue().isTextual()) {
                    throw new IllegalStateException(file + " " + c.get("name") + ": header " + f.getKey()
                            + " is not a single string; this loader expects one value per header");
                }
                headers.put(f.getKey(), f.getValue().asText());
            }
        }
        byte[] body;
        if (c.hasNonNull("body_base64")) {
            body = Base64.getDecoder().decode(c.get("body_base64").asText());
        } else {
            body = c.hasNonNull("body") ? c.get("body").asText().getBytes(StandardCharsets.UTF_8) : new byte[0];
        }
        String expect = c.get("expect").asText();
        if (!expect.equals("valid") && !expect.equals("invalid")) {
            throw new IllegalStateException(file + " " + c.get("name") + ": unknown expect " + expect);
        }
        List<String> secrets = null;
        if (c.hasNonNull("secrets")) {
            secrets = new ArrayList<>();
            for (JsonNode s : c.get("secrets")) {
                secrets.add(s.asText());
            }
        }
        List<List<String>> formParams = null;
        if (c.hasNonNull("form_params")) {
            formParams = new ArrayList<>();
            for (JsonNode pair : c.get("form_params")) {
                formParams.add(List.of(pair.get(0).asText(), pair.get(1).asText()));
            }
        }
        return new Case(
                file,
                c.get("name").asText(),
                provider,
                text(c, "variant"),
                text(c, "secret"),
                secrets,
                text(c, "public_key"),
                text(c, "private_key"),
                text(c, "method"),
                text(c, "url"),
                headers,
                body,
                formParams,
                c.hasNonNull("now_epoch_seconds") ? c.get("now_epoch_seconds").asLong() : null,
                c.hasNonNull("tolerance_seconds") ? c.get("tolerance_seconds").asLong() : null,
                expect.equals("valid"),
                c.hasNonNull("expect_reason")
                        ? FailureReason.valueOf(c.get("expect_reason").asText())
                        : null);
    }

    private static String text(JsonNode c, String field) {
        return c.hasNonNull(field) ? c.get(field).asText() : null;
    }
}
