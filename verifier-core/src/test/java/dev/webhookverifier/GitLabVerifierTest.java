package dev.webhookverifier;

import static dev.webhookverifier.Fixtures.CLOCK;
import static dev.webhookverifier.Fixtures.assertAccepted;
import static dev.webhookverifier.Fixtures.assertRejected;
import static dev.webhookverifier.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.webhookverifier.replay.ReplayStores;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * GitLab's static {@code X-Gitlab-Token}: compared in constant time, no timestamp, and a replay key taken from the
 * body because the token is the same for every delivery.
 */
class GitLabVerifierTest {
    private static final String TOKEN = "gitlab-hook-token-Qm4Vb9Lk2";
    private static final byte[] PUSH = utf8("{\"object_kind\":\"push\",\"after\":\"da1560886d4f\"}");

    private static WebhookRequest request(String token, byte[] body) {
        return WebhookRequest.builder()
                .header("X-Gitlab-Event", "Push Hook")
                .header("X-Gitlab-Event-UUID", "6a8c9f51-5c21-4e3b-a6b2-2f9f41e4c0d1")
                .header("X-Gitlab-Token", token)
                .body(body)
                .build();
    }

    private static WebhookVerifier.Builder builder() {
        return WebhookVerifier.builder(Providers.gitlab())
                .secrets(WebhookSecret.of("hook", TOKEN))
                .clock(CLOCK);
    }

    @Test
    void verifyWhenTokenMatchesThenAcceptedWithUnsignedEventUuid() {
        VerifiedDelivery d = assertAccepted(builder().build(), request(TOKEN, PUSH));

        assertThat(d.secretId()).isEqualTo("hook");
        assertThat(d.deliveryId()).contains("6a8c9f51-5c21-4e3b-a6b2-2f9f41e4c0d1");
        assertThat(d.timestamp()).isEmpty();
        assertThat(Providers.gitlab().signsTimestamp()).isFalse();
        assertThat(Providers.gitlab().signsDeliveryId()).isFalse();
    }

    @Test
    void verifyWhenTokenDiffersInAnyWayThenSignatureMismatch() {
        WebhookVerifier verifier = builder().build();

        for (String wrong : new String[] {
            TOKEN + "x", TOKEN.substring(1), TOKEN.toUpperCase(java.util.Locale.ROOT), "x", TOKEN.replace('Q', 'q')
        }) {
            assertRejected(verifier, request(wrong, PUSH), FailureReason.SIGNATURE_MISMATCH);
        }
    }

    @Test
    void verifyWhenTokenRotatedThenOldAndNewTokensAccepted() {
        WebhookVerifier verifier = WebhookVerifier.builder(Providers.gitlab())
                .secrets(WebhookSecret.of("new", "gitlab-new-token-Hp8Wq3Zk2"), WebhookSecret.of("old", TOKEN))
                .build();

        assertThat(assertAccepted(verifier, request(TOKEN, PUSH)).secretId()).isEqualTo("old");
        assertThat(assertAccepted(verifier, request("gitlab-new-token-Hp8Wq3Zk2", PUSH))
                        .secretId())
                .isEqualTo("new");
    }

    @Test
    void verifyWhenReplayStoreThenSameBodyReplayedAndOtherBodyAccepted() {
        WebhookVerifier verifier = builder()
                .replayStore(ReplayStores.inMemory(16, CLOCK))
                .replayRetention(Duration.ofDays(2))
                .build();

        assertAccepted(verifier, request(TOKEN, PUSH));
        // GitLab's retry repeats the body exactly: a duplicate.
        assertRejected(verifier, request(TOKEN, PUSH), FailureReason.REPLAYED);
        // Another delivery with the same token is not a duplicate (the token is no replay key).
        assertAccepted(verifier, request(TOKEN, utf8("{\"object_kind\":\"push\",\"after\":\"0b3c1f2e\"}")));
    }

    @Test
    void buildWhenReplayStoreWithoutRetentionThenIllegalArgument() {
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () -> builder().replayStore(ReplayStores.inMemory(16)).build())
                .withMessageContaining("replayRetention");
    }

    @Test
    void buildWhenTokenHasNonAsciiCharacterThenIllegalArgument() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WebhookVerifier.builder(Providers.gitlab())
                        .secrets(WebhookSecret.of("hook", "gitlab-t\u00f6ken-Qm4Vb9Lk2"))
                        .build())
                .withMessageContaining("visible ASCII");
    }

    @Test
    void signWhenTokenThenHeaderCarriesItVerbatim() {
        WebhookRequest signed = WebhookSigner.of(Providers.gitlab(), WebhookSecret.of("hook", TOKEN))
                .sign(WebhookRequest.builder().body(PUSH).build(), "evt-uuid", Fixtures.NOW);

        assertThat(signed.firstHeader("X-Gitlab-Token")).contains(TOKEN);
        assertThat(signed.firstHeader("X-Gitlab-Event-UUID")).contains("evt-uuid");
        assertAccepted(builder().build(), signed);
    }
}
