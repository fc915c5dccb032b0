package dev.webhookverifier;

import static dev.webhookverifier.Fixtures.NOW;
import static dev.webhookverifier.Fixtures.assertAccepted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.webhookverifier.Fixtures.Preset;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Configuration mistakes fail at {@code build()} with a message saying what to do. */
class WebhookVerifierBuilderTest {
    private static final WebhookSecret STRIPE = WebhookSecret.of("s", Preset.STRIPE.secret);
    private static final WebhookSecret GITHUB = WebhookSecret.of("g", Preset.GITHUB.secret);

    @Test
    void buildWhenNoSecretsThenIllegalArgument() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WebhookVerifier.builder(Providers.stripe()).build())
                .withMessageContaining("secrets(")
                .withMessageContaining("secretResolver(");
    }

    @Test
    void buildWhenBothSecretsAndResolverThenIllegalArgument() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WebhookVerifier.builder(Providers.stripe())
                        .secrets(STRIPE)
                        .secretResolver(r -> SecretRing.of(STRIPE))
                        .build())
                .withMessageContaining("choose one");
    }

    @Test
    void buildWhenToleranceOnProviderWithoutTimestampThenIllegalArgument() {
        for (String id : new String[] {"github", "github-legacy-sha1", "shopify"}) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> WebhookVerifier.builder(Providers.byId(id))
                            .secrets(GITHUB)
                            .tolerance(Duration.ofMinutes(5))
                            .build())
                    .withMessageContaining("timestamp");
        }
    }

    @Test
    void buildWhenToleranceZeroOrNegativeThenIllegalArgumentPointingToDisable() {
        for (Duration d : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1), Duration.ofMinutes(-5)}) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> WebhookVerifier.builder(Providers.stripe())
                            .secrets(STRIPE)
                            .tolerance(d)
                            .build())
                    .withMessageContaining("disableTimestampCheck()");
        }
    }

    @Test
    void buildWhenToleranceOverOneHourThenIllegalArgument() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WebhookVerifier.builder(Providers.stripe())
                        .secrets(STRIPE)
                        .tolerance(Duration.ofHours(1).plusSeconds(1))
                        .build());
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WebhookVerifier.builder(Providers.slack())
                        .secrets(WebhookSecret.of("s", Preset.SLACK.secret))
                        .tolerance(Duration.ofDays(1))
                        .build());
        assertThat(WebhookVerifier.builder(Providers.stripe())
                        .secrets(STRIPE)
                        .tolerance(Duration.ofHours(1))
                        .build()
                        .tolerance())
                .contains(Duration.ofHours(1));
    }

    @Test
    void buildWhenToleranceAndDisableTimestampCheckThenIllegalArgument() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WebhookVerifier.builder(Providers.stripe())
                        .secrets(STRIPE)
                        .tolerance(Duration.ofMinutes(1))
                        .disableTimestampCheck()
                        .build())
                .withMessageContaining("choose one");
    }

    @Test
    void buildWhenAllSecretsExpiredThenIllegalArgument() {
        WebhookSecret expired1 = WebhookSecret.of("a", Preset.STRIPE.secret).acceptUntil(NOW.minusSeconds(1));
        WebhookSecret expired2 =
                WebhookSecret.of("b", Preset.STRIPE.otherSecret).acceptUntil(NOW.minusSeconds(3600));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> WebhookVerifier.builder(Providers.stripe())
                        .secrets(expired1, expired2)
                        .clock(Fixtures.CLOCK)
                        .build())
                .withMessageContaining("acceptUntil");
    }

    @Test
    void buildWhenOneSecretStillActiveThenBuilds() {
        WebhookSecret expired =
                WebhookSecret.of("old", Preset.STRIPE.otherSecret).acceptUntil(NOW.minusSeconds(1));
        WebhookSecret atDeadline = WebhookSecret.of("new", Preset.STRIPE.secret).acceptUntil(NOW);

        WebhookVerifier verifier = WebhookVerifier.builder(Providers.stripe())
                .secrets(expired, atDeadline)
                .clock(Fixtures.CLOCK)
                .build();

        assertThat(assertAccepted(verifier, Preset.STRIPE.sign(new byte[] {1})).secretId())
                .isEqualTo("new");
    }

    @Test
    void maxBodyBytesWhenBelowOneThenIllegalArgument() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WebhookVerifier.builder(Providers.stripe()).maxBodyBytes(0));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WebhookVerifier.builder(Providers.stripe()).maxBodyBytes(-1));
    }

    @Test
    void builderWhenNullsGivenThenNullPointer() {
        WebhookVerifier.Builder b = WebhookVerifier.builder(Providers.stripe());
        assertThatNullPointerException().isThrownBy(() -> WebhookVerifier.builder(null));
        assertThatNullPointerException().isThrownBy(() -> b.secrets((SecretRing) null));
        assertThatNullPointerException().isThrownBy(() -> b.secretResolver(null));
        assertThatNullPointerException().isThrownBy(() -> b.tolerance(null));
        assertThatNullPointerException().isThrownBy(() -> b.clock(null));
        assertThatNullPointerException().isThrownBy(() -> b.listener(null));
    }

    @Test
    void toBuilderWhenVariantDerivedThenOriginalUnchanged() {
        WebhookVerifier original = Preset.STRIPE.verifier();
        WebhookVerifier wider =
                original.toBuilder().tolerance(Duration.ofMinutes(30)).build();

        assertThat(original.tolerance()).contains(Duration.ofMinutes(5));
        assertThat(wider.tolerance()).contains(Duration.ofMinutes(30));
        WebhookRequest tenMinutesOld = Preset.STRIPE.signAt(new byte[] {1}, NOW.minusSeconds(600));
        assertAccepted(wider, tenMinutesOld);
        Fixtures.assertRejected(original, tenMinutesOld, FailureReason.TIMESTAMP_TOO_OLD);
    }

    @Test
    void builderWhenChangedAfterBuildThenBuiltVerifierUnaffected() {
        WebhookVerifier.Builder builder = Preset.STRIPE.builder();
        WebhookVerifier built = builder.build();
        builder.tolerance(Duration.ofMinutes(30)).maxBodyBytes(10);

        assertThat(built.tolerance()).contains(Duration.ofMinutes(5));
        assertThat(built.maxBodyBytes()).isEqualTo(WebhookVerifier.DEFAULT_MAX_BODY_BYTES);
    }

    @Test
    void providersWhenUnknownIdThenIllegalArgumentListingKnownIds() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Providers.byId("stripe-v2"))
                .withMessageContaining("stripe")
                .withMessageContaining("standard-webhooks");
        assertThatIllegalArgumentException().isThrownBy(() -> Providers.byId(null));
        assertThat(Providers.byId("STRIPE")).isSameAs(Providers.stripe());
        for (String id : Providers.ids()) {
            assertThat(Providers.byId(id).id()).isEqualTo(id);
            assertThat(Providers.byId(id).documentationUrl()).startsWith("https://");
        }
    }

    @Test
    void providersWhenPresetsThenIdsMatchFactoryMethods() {
        assertThat(Providers.standardWebhooks().id()).isEqualTo("standard-webhooks");
        assertThat(Providers.svix().id()).isEqualTo("svix");
        assertThat(Providers.stripe().id()).isEqualTo("stripe");
        assertThat(Providers.github().id()).isEqualTo("github");
        assertThat(Providers.slack().id()).isEqualTo("slack");
        assertThat(Providers.shopify().id()).isEqualTo("shopify");
        assertThat(Providers.ids()).contains("standard-webhooks", "svix", "stripe", "github", "slack", "shopify");
    }

    @Test
    void secretWhenAcceptUntilSetThenCopyCarriesDeadlineAndOriginalDoesNot() {
        WebhookSecret s = WebhookSecret.of("k", Preset.STRIPE.secret);
        Instant deadline = NOW.plusSeconds(60);

        assertThat(s.acceptUntil(deadline).acceptUntil()).contains(deadline);
        assertThat(s.acceptUntil()).isEmpty();
        assertThat(s.acceptUntil(deadline).id()).isEqualTo("k");
    }
}
