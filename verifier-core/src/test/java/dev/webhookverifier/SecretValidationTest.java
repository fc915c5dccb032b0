package dev.webhookverifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Obviously wrong secrets are refused when the verifier is built, with a hint, and the message never repeats
 * the value.
 */
class SecretValidationTest {
    private static final String SW_KEY = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    static Stream<Arguments> wrongSecrets() {
        return Stream.of(
                Arguments.argumentSet("standard-webhooks empty", "standard-webhooks", "", null),
                Arguments.argumentSet("stripe empty", "stripe", "", null),
                Arguments.argumentSet("github empty", "github", "", null),
                Arguments.argumentSet("slack empty", "slack", "", null),
                Arguments.argumentSet("shopify empty", "shopify", "", null),
                Arguments.argumentSet(
                        "standard-webhooks trailing newline",
                        "standard-webhooks",
                        "whsec_" + SW_KEY + "\n",
                        "whitespace"),
                Arguments.argumentSet(
                        "standard-webhooks leading space", "standard-webhooks", " whsec_" + SW_KEY, "whitespace"),
                Arguments.argumentSet("stripe trailing space", "stripe", "whsec_Zq8rT2mWvX9pLk4nB7cYxQ ", "whitespace"),
                Arguments.argumentSet("github padded", "github", "\tgithub-secret-Qw3Er5Ty7\t", "whitespace"),
                Arguments.argumentSet("slack padded", "slack", " 8f742231b10e8888abcd99yyyzzz85a5 ", "whitespace"),
                Arguments.argumentSet("standard-webhooks whsec_ alone", "standard-webhooks", "whsec_", "prefix"),
                Arguments.argumentSet("svix whsec_ alone", "svix", "whsec_", "prefix"),
                Arguments.argumentSet("stripe whsec_ alone", "stripe", "whsec_", "prefix"),
                Arguments.argumentSet(
                        "standard-webhooks signature header entry pasted",
                        "standard-webhooks",
                        "v1,whsec_" + SW_KEY,
                        "signature"),
                Arguments.argumentSet(
                        "standard-webhooks v1a entry pasted",
                        "standard-webhooks",
                        "v1a,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                        "signature"),
                Arguments.argumentSet(
                        "standard-webhooks bad base64",
                        "standard-webhooks",
                        "whsec_MfKQ9r8GKYq*TwjUPD8I!PZIo2LaLaSw",
                        "base64"),
                Arguments.argumentSet(
                        "standard-webhooks base64 with inner space",
                        "standard-webhooks",
                        "whsec_MfKQ9r8GKYqrTwjU PD8ILPZIo2LaLaSw",
                        "base64"),
                Arguments.argumentSet(
                        "standard-webhooks truncated key", "standard-webhooks", "whsec_MfKQ9r8GKYqrTwjU", null),
                Arguments.argumentSet(
                        "stripe live API key", "stripe", "sk_live_51HxQzLkj8Rt5Vb2Nm9Pq4Wx7Yz1Ac3De", "API key"),
                Arguments.argumentSet(
                        "stripe test API key", "stripe", "sk_test_51HxQzLkj8Rt5Vb2Nm9Pq4Wx7Yz1Ac3De", "API key"),
                Arguments.argumentSet(
                        "stripe restricted key", "stripe", "rk_live_51HxQzLkj8Rt5Vb2Nm9Pq4Wx7Yz1Ac3De", "API key"),
                Arguments.argumentSet(
                        "stripe publishable key", "stripe", "pk_live_51HxQzLkj8Rt5Vb2Nm9Pq4Wx7Yz1Ac3De", "publishable"),
                Arguments.argumentSet(
                        "stripe secret without whsec_", "stripe", "Zq8rT2mWvX9pLk4nB7cYxQ3sD5fG", "whsec_"),
                Arguments.argumentSet(
                        "slack bot token", "slack", "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy", "token"),
                Arguments.argumentSet(
                        "slack user token", "slack", "xoxp-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy", "token"),
                Arguments.argumentSet(
                        "shopify admin token", "shopify", "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", "access token"),
                Arguments.argumentSet("github short", "github", "hunter2", "allowWeakSecrets"),
                Arguments.argumentSet("slack short", "slack", "s3cr3tz", "allowWeakSecrets"),
                Arguments.argumentSet("shopify short", "shopify", "abc123xyz", "allowWeakSecrets"),
                Arguments.argumentSet("stripe short", "stripe", "whsec_abc", "allowWeakSecrets"),
                Arguments.argumentSet("standard-webhooks short key", "standard-webhooks", "whsec_QWxhZGRpbg==", null));
    }

    @ParameterizedTest
    @MethodSource("wrongSecrets")
    void buildWhenSecretObviouslyWrongThenIllegalArgumentWithHintAndWithoutValue(
            String provider, String value, String hint) {
        WebhookVerifier.Builder builder =
                WebhookVerifier.builder(Providers.byId(provider)).secrets(WebhookSecret.of("prod-2026", value));

        IllegalArgumentException e =
                org.assertj.core.api.Assertions.catchThrowableOfType(IllegalArgumentException.class, builder::build);

        assertThat(e).as("build() should refuse this secret").isNotNull();
        assertThat(e.getMessage()).contains("prod-2026");
        if (hint != null) {
            assertThat(e.getMessage()).containsIgnoringCase(hint);
        }
        assertNoSecretIn(e.getMessage(), value);
    }

    @Test
    void buildWhenShortSecretAndAllowWeakSecretsThenAccepted() {
        for (String provider : new String[] {"github", "slack", "shopify"}) {
            WebhookVerifier.builder(Providers.byId(provider))
                    .secrets(WebhookSecret.of("weak", "hunter2"))
                    .allowWeakSecrets()
                    .build();
        }
        WebhookVerifier.builder(Providers.stripe())
                .secrets(WebhookSecret.of("weak", "whsec_abc"))
                .allowWeakSecrets()
                .build();
        WebhookVerifier.builder(Providers.standardWebhooks())
                .secrets(WebhookSecret.of("weak", "whsec_QWxhZGRpbg=="))
                .allowWeakSecrets()
                .build();
    }

    @Test
    void buildWhenSecretAtMinimumLengthThenAccepted() {
        WebhookVerifier.builder(Providers.github())
                .secrets(WebhookSecret.of("min", "123456789012"))
                .build();
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WebhookVerifier.builder(Providers.github())
                        .secrets(WebhookSecret.of("min", "12345678901"))
                        .build());
    }

    @Test
    void buildWhenOneSecretOfRingWrongThenMessageNamesItsId() {
        WebhookVerifier.Builder builder = WebhookVerifier.builder(Providers.stripe())
                .secrets(
                        WebhookSecret.of("new", Fixtures.Preset.STRIPE.secret),
                        WebhookSecret.of("old", "sk_live_51HxQzLkj8Rt5Vb2Nm9Pq4Wx7Yz1Ac3De"));

        assertThatIllegalArgumentException()
                .isThrownBy(builder::build)
                .withMessageContaining("'old'")
                .satisfies(e -> assertNoSecretIn(e.getMessage(), "sk_live_51HxQzLkj8Rt5Vb2Nm9Pq4Wx7Yz1Ac3De"))
                .satisfies(e -> assertNoSecretIn(e.getMessage(), Fixtures.Preset.STRIPE.secret));
    }

    @Test
    void secretWhenValueNullThenIllegalArgumentMentionsEnvironment() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WebhookSecret.of("k", null))
                .withMessageContaining("environment");
    }

    @Test
    void secretWhenIdInvalidThenIllegalArgumentWithoutTheId() {
        String secretLookingId = "whsec_" + SW_KEY;
        for (String id : new String[] {"", " ", "a b", "x".repeat(65), secretLookingId + "!", "k\n"}) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> WebhookSecret.of(id, "whsec_" + SW_KEY))
                    .satisfies(e -> assertNoSecretIn(e.getMessage(), SW_KEY));
        }
        assertThatIllegalArgumentException().isThrownBy(() -> WebhookSecret.of(null, "x"));
    }

    @Test
    void ringWhenEmptyDuplicateIdsOrTooManyThenIllegalArgument() {
        WebhookSecret a = WebhookSecret.of("a", "secret-aaaaaaaaaaaa");
        assertThatIllegalArgumentException().isThrownBy(SecretRing::of);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SecretRing.of(a, WebhookSecret.of("a", "secret-bbbbbbbbbbbb")));
        WebhookSecret[] seventeen = new WebhookSecret[17];
        for (int i = 0; i < seventeen.length; i++) {
            seventeen[i] = WebhookSecret.of("s" + i, "secret-value-" + i + "-xxxxxxxx");
        }
        assertThatIllegalArgumentException().isThrownBy(() -> SecretRing.of(seventeen));
        assertThat(SecretRing.of(java.util.Arrays.copyOf(seventeen, 16)).secrets())
                .hasSize(16);
    }

    private static final java.util.List<String> PUBLIC_PREFIXES = java.util.List.of(
            "v1,whsec_",
            "v1a,",
            "whsec_",
            "whpk_",
            "whsk_",
            "sk_live_",
            "sk_test_",
            "rk_live_",
            "pk_live_",
            "xoxb-",
            "xoxp-",
            "shpat_");

    /**
     * Neither the value nor any 8-character piece of it may appear (catches partial echoes). Well-known public
     * prefixes such as {@code whsec_} are not secret and may be named in a hint.
     */
    static void assertNoSecretIn(String message, String value) {
        String core = value.strip();
        for (String prefix : PUBLIC_PREFIXES) {
            if (core.startsWith(prefix)) {
                core = core.substring(prefix.length());
                break;
            }
        }
        if (core.isEmpty()) {
            return;
        }
        assertThat(message).doesNotContain(core);
        for (int i = 0; i + 8 <= core.length(); i++) {
            assertThat(message).doesNotContain(core.substring(i, i + 8));
        }
    }
}
