package dev.webhookverifier;

import static dev.webhookverifier.Fixtures.assertAccepted;
import static dev.webhookverifier.Fixtures.assertRejected;
import static dev.webhookverifier.Fixtures.clockAt;
import static dev.webhookverifier.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link TimestampFormat#RFC_3339} (Twitch, Box, Zendesk, custom providers): complete date-times with an optional
 * fraction of up to nanoseconds and {@code Z} or an offset, signed exactly as received; anything else is
 * malformed.
 */
class Rfc3339TimestampTest {
    private static final String SECRET = "twitch-subscription-secret-Qm4";
    private static final byte[] BODY = utf8("{\"subscription\":{\"type\":\"channel.follow\"}}");

    private static WebhookRequest twitch(String timestamp) {
        String id = "e76c6bd4-55c9-4987-8304-da1588d8988b";
        String sig = HexFormat.of().formatHex(Fixtures.hmacSha256(utf8(SECRET), utf8(id + timestamp), BODY));
        return WebhookRequest.builder()
                .header("Twitch-Eventsub-Message-Id", id)
                .header("Twitch-Eventsub-Message-Timestamp", timestamp)
                .header("Twitch-Eventsub-Message-Signature", "sha256=" + sig)
                .body(BODY)
                .build();
    }

    private static WebhookVerifier twitchAt(Instant now) {
        return WebhookVerifier.builder(Providers.twitch())
                .secrets(WebhookSecret.of("sub", SECRET))
                .clock(clockAt(now))
                .build();
    }

    @ParameterizedTest
    @CsvSource({
        "2023-11-14T22:13:20Z, 2023-11-14T22:13:20Z",
        "2023-11-14T22:13:20.1Z, 2023-11-14T22:13:20.100Z",
        "2023-11-14T22:13:20.123456789Z, 2023-11-14T22:13:20.123456789Z",
        "2023-11-14T23:13:20.5+01:00, 2023-11-14T22:13:20.500Z",
        "2023-11-14T14:13:20-08:00, 2023-11-14T22:13:20Z",
        "2023-11-14T22:13:20-00:00, 2023-11-14T22:13:20Z",
        "2024-02-29T00:00:00Z, 2024-02-29T00:00:00Z"
    })
    void verifyWhenRfc3339TimestampThenSignedAsSentAndReadAsTheInstant(String text, String instant) {
        VerifiedDelivery d = assertAccepted(twitchAt(Instant.parse(instant)), twitch(text));

        assertThat(d.timestamp()).contains(Instant.parse(instant));
        assertThat(d.deliveryId()).contains("e76c6bd4-55c9-4987-8304-da1588d8988b");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2023-11-14 22:13:20Z",
                "2023-11-14t22:13:20Z",
                "2023-11-14T22:13:20z",
                "2023-11-14T22:13Z",
                "2023-11-14T22:13:20",
                "2023-11-14T22:13:20.Z",
                "2023-11-14T22:13:20.1234567890Z",
                "2023-11-14T22:13:20+0100",
                "2023-11-14T22:13:20+01",
                "2023-11-14T22:13:60Z",
                "2023-02-30T22:13:20Z",
                "2023-13-14T22:13:20Z",
                "2023-11-14T24:00:00Z",
                "2023-11-14T22:13:20+19:00",
                "+2023-11-14T22:13:20Z",
                "1700000000",
                "２０23-11-14T22:13:20Z"
            })
    void verifyWhenTimestampIsNotAStrictRfc3339DateTimeThenMalformedHeader(String text) {
        assertRejected(twitchAt(Instant.parse("2023-11-14T22:13:20Z")), twitch(text), FailureReason.MALFORMED_HEADER);
    }

    @ParameterizedTest
    @ValueSource(longs = {-601, 601})
    void verifyWhenTwitchMessageOutsideTenMinutesThenRejected(long skewSeconds) {
        Instant now = Instant.parse("2023-11-14T22:13:20Z");
        WebhookRequest request = twitch(now.minusSeconds(skewSeconds).toString());

        assertRejected(
                twitchAt(now),
                request,
                skewSeconds > 0 ? FailureReason.TIMESTAMP_TOO_OLD : FailureReason.TIMESTAMP_IN_FUTURE);
        assertAccepted(twitchAt(now.minusSeconds(skewSeconds).plusSeconds(skewSeconds > 0 ? 600 : -600)), request);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2023-11-14T22:13:20Z", "2023-11-14T22:13:20.250Z"})
    void signWhenCustomProviderWithRfc3339ThenTimestampWrittenAsIsoInstantAndVerifies(String instant) {
        Provider acme = Providers.custom("acme-rfc")
                .signatureHeader("X-Acme-Signature", "")
                .encoding(SignatureEncoding.BASE64)
                .timestampHeader("X-Acme-Time", TimestampFormat.RFC_3339, Duration.ofMinutes(5))
                .signedContent("{timestamp}.{body}")
                .build();
        Instant at = Instant.parse(instant);
        WebhookSecret secret = WebhookSecret.of("k", "acme-rfc-secret-Qm4Vb9");

        WebhookRequest signed = WebhookSigner.of(acme, secret, clockAt(at))
                .sign(WebhookRequest.builder().body(BODY).build(), null, at);

        assertThat(signed.firstHeader("X-Acme-Time")).contains(instant);
        assertThat(signed.firstHeader("X-Acme-Signature"))
                .contains(Base64.getEncoder()
                        .encodeToString(
                                Fixtures.hmacSha256(utf8("acme-rfc-secret-Qm4Vb9"), utf8(instant + "."), BODY)));
        assertAccepted(
                WebhookVerifier.builder(acme).secrets(secret).clock(clockAt(at)).build(), signed);
    }
}
