package dev.webhookverifier;

import static dev.webhookverifier.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A seeded, property-style fuzz of every header parser: thousands of garbage and near-miss header values per
 * provider. The verifier may only ever throw {@link WebhookVerificationException} (never an unchecked
 * exception) and never accepts, because every base request carries signatures made with another secret.
 */
class HeaderParserFuzzTest {
    private static final int ITERATIONS = 4000;
    private static final byte[] BODY = "{\"fuzz\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    /** The URL the forged requests are signed for (Twilio, Square, HubSpot and Trello sign it). */
    private static final String URL = "https://receiver.example/webhooks/fuzz?tenant=acme";

    private static final String[] TOKENS = {
        "v1,",
        "v1a,",
        "v2,",
        "v0,",
        "t=",
        "v1=",
        "v0=",
        "sha256=",
        "sha1=",
        "sha512=",
        "v0:",
        "sha256:",
        "=",
        "==",
        ",",
        ", ",
        " ",
        "  ",
        ";",
        ":",
        "\t",
        "0",
        "1",
        "00",
        "-1",
        "+1",
        "1700000000",
        "17e8",
        "1700000000000",
        "99999999999999999999",
        "\u00e9",
        "\u0000",
        "\r\n",
        "%",
        "whsec_",
        "whpk_",
        "\"",
        "'",
        "{",
        "}",
        "null",
        "x".repeat(100),
        "a",
        "A",
        "/",
        "+",
        "_",
        "-",
    };

    /** A provider, a verifier holding the real secret and a base request signed with a different one. */
    record Target(String name, WebhookVerifier verifier, WebhookRequest forged) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Target> targets() {
        List<Target> targets = new ArrayList<>();
        for (String id : Providers.ids()) {
            Provider provider = Providers.byId(id);
            String secret = SignVerifyRoundTripTest.secretFor(id);
            String other = PresetKeys.otherSignerKey(
                    id,
                    id.contains("webhooks") || id.equals("svix")
                            ? Fixtures.standardWebhooksSecret(31337)
                            : "whsec_fuzz-other-secret-31337");
            targets.add(target(id, provider, WebhookSecret.of("k", secret), WebhookSecret.of("o", other)));
        }
        Provider custom = Providers.custom("acme-fuzz")
                .signatureHeader("X-Acme-Signature", "v1=")
                .encoding(SignatureEncoding.BASE64URL)
                .timestampHeader("X-Acme-Timestamp", TimestampFormat.UNIX_MILLIS, Duration.ofMinutes(5))
                .idHeader("X-Acme-Id")
                .signedContent("{id}.{timestamp}.{body}")
                .build();
        targets.add(target(
                "custom",
                custom,
                WebhookSecret.of("k", "acme-fuzz-secret-0123456789"),
                WebhookSecret.of("o", "acme-fuzz-other-9876543210")));
        return targets.stream();
    }

    private static Target target(String name, Provider provider, WebhookSecret secret, WebhookSecret other) {
        WebhookVerifier verifier = WebhookVerifier.builder(provider)
                .secrets(secret)
                .clock(Fixtures.CLOCK)
                .build();
        WebhookRequest forged = WebhookSigner.of(provider, other, Fixtures.CLOCK)
                .sign(WebhookRequest.builder().url(URL).body(BODY).build(), "msg_fuzz", NOW);
        return new Target(name, verifier, forged);
    }

    @ParameterizedTest
    @MethodSource("targets")
    void verifyWhenHeadersAreGarbageThenOnlyTypedRejection(Target target) {
        Random random = new Random(target.name().hashCode() * 31L + 7);
        List<String> names = new ArrayList<>(target.forged().headers().keySet());
        Map<FailureReason, Integer> seen = new java.util.EnumMap<>(FailureReason.class);
        for (int i = 0; i < ITERATIONS; i++) {
            WebhookRequest request = mutate(target.forged(), names, random);
            try {
                VerifiedDelivery accepted = target.verifier().verify(request);
                throw new AssertionError("accepted a forged request: " + describe(request) + " -> " + accepted);
            } catch (WebhookVerificationException e) {
                seen.merge(e.reason(), 1, Integer::sum);
            } catch (RuntimeException e) {
                throw new AssertionError("unchecked exception for " + describe(request), e);
            }
        }
        // The fuzzer reaches past the first check: several kinds of rejection occur.
        assertThat(seen).containsKeys(FailureReason.MALFORMED_HEADER, FailureReason.SIGNATURE_MISMATCH);
    }

    private static WebhookRequest mutate(WebhookRequest base, List<String> names, Random random) {
        WebhookRequest.Builder b =
                WebhookRequest.builder().url(base.url().orElse(null)).body(BODY);
        String target = names.get(random.nextInt(names.size()));
        int mode = random.nextInt(10);
        for (String name : names) {
            String value = base.firstHeader(name).orElseThrow();
            if (!name.equals(target)) {
                b.header(name, value);
                continue;
            }
            String outName = random.nextInt(4) == 0 ? flipCase(name, random) : name;
            switch (mode) {
                case 0 -> b.header(outName, randomAscii(random, random.nextInt(8) == 0 ? 5000 : 200));
                case 1 -> b.header(outName, randomChars(random, 120));
                case 2, 3 -> b.header(outName, tokenSoup(random));
                case 4, 5, 6 -> b.header(outName, pointMutation(value, random));
                case 7 -> {
                    b.header(outName, value);
                    b.header(outName, random.nextBoolean() ? value : pointMutation(value, random));
                }
                case 8 -> {
                    // header dropped
                }
                default -> b.header(outName, repeatList(value, random));
            }
        }
        return b.build();
    }

    private static String randomAscii(Random random, int maxLength) {
        char[] c = new char[random.nextInt(maxLength + 1)];
        for (int i = 0; i < c.length; i++) {
            c[i] = (char) (0x20 + random.nextInt(0x5f));
        }
        return new String(c);
    }

    private static String randomChars(Random random, int maxLength) {
        char[] c = new char[random.nextInt(maxLength + 1)];
        for (int i = 0; i < c.length; i++) {
            c[i] = random.nextInt(4) == 0 ? (char) random.nextInt(0x10000) : (char) random.nextInt(0x80);
        }
        return new String(c);
    }

    private static String tokenSoup(Random random) {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(40);
        for (int i = 0; i < n; i++) {
            switch (random.nextInt(6)) {
                case 0 -> sb.append(randomHex(random, 32));
                case 1 -> sb.append(randomBase64(random, random.nextBoolean() ? 32 : 64));
                default -> sb.append(TOKENS[random.nextInt(TOKENS.length)]);
            }
        }
        return sb.toString();
    }

    private static String pointMutation(String value, Random random) {
        StringBuilder sb = new StringBuilder(value);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = sb.length() == 0 ? 0 : random.nextInt(sb.length());
            switch (random.nextInt(6)) {
                case 0 -> sb.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
                case 1 -> {
                    if (sb.length() > 0) {
                        sb.deleteCharAt(at);
                    }
                }
                case 2 -> {
                    if (sb.length() > 0) {
                        sb.setCharAt(at, (char) (0x20 + random.nextInt(0x5f)));
                    }
                }
                case 3 -> sb.setLength(at);
                case 4 -> {
                    if (sb.length() > 0) {
                        sb.setCharAt(
                                at,
                                Character.isUpperCase(sb.charAt(at))
                                        ? Character.toLowerCase(sb.charAt(at))
                                        : Character.toUpperCase(sb.charAt(at)));
                    }
                }
                default -> sb.append(sb, 0, Math.min(sb.length(), random.nextInt(80)));
            }
        }
        return sb.toString();
    }

    private static String repeatList(String value, Random random) {
        String separator = random.nextBoolean() ? "," : " ";
        List<String> parts = new ArrayList<>();
        int n = 1 + random.nextInt(40);
        for (int i = 0; i < n; i++) {
            parts.add(random.nextInt(3) == 0 ? pointMutation(value, random) : value);
        }
        return String.join(separator, parts);
    }

    private static String flipCase(String name, Random random) {
        return random.nextBoolean() ? name.toUpperCase(Locale.ROOT) : name.toLowerCase(Locale.ROOT);
    }

    private static String randomHex(Random random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String randomBase64(Random random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    private static String describe(WebhookRequest request) {
        StringBuilder sb = new StringBuilder();
        request.headers().forEach((k, v) -> sb.append(k).append('=').append(v).append("; "));
        return sb.length() > 600 ? sb.substring(0, 600) + "..." : sb.toString();
    }
}
