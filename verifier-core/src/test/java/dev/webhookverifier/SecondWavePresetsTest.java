package dev.webhookverifier;

import static dev.webhookverifier.Fixtures.CLOCK;
import static dev.webhookverifier.Fixtures.NOW;
import static dev.webhookverifier.Fixtures.addHeader;
import static dev.webhookverifier.Fixtures.assertAccepted;
import static dev.webhookverifier.Fixtures.assertRejected;
import static dev.webhookverifier.Fixtures.utf8;
import static dev.webhookverifier.Fixtures.withBody;
import static dev.webhookverifier.Fixtures.withHeader;
import static dev.webhookverifier.Fixtures.withoutHeader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same attacks and mistakes against every second-wave preset: a tampered body, a wrong secret, a stale or
 * future timestamp, a missing, repeated or garbled signature header, and the secret mistakes each preset
 * recognises. The first-wave presets have {@link ProviderNegativeCasesTest}.
 */
class SecondWavePresetsTest {
    private static final byte[] BODY = utf8("{\"id\":\"evt_1NZ\",\"type\":\"invoice.paid\",\"amount\":4200}");
    private static final String URL = "https://receiver.example/webhooks/in?tenant=acme";

    /** Each second-wave preset and the header that carries its signature. */
    private static final Map<String, String> SIGNATURE_HEADER = new TreeMap<>(Map.ofEntries(
            Map.entry("asana", "X-Hook-Signature"),
            Map.entry("bitbucket", "X-Hub-Signature"),
            Map.entry("box", "BOX-SIGNATURE-PRIMARY"),
            Map.entry("calendly", "Calendly-Webhook-Signature"),
            Map.entry("coinbase-commerce", "X-CC-Webhook-Signature"),
            Map.entry("contentful", "x-contentful-signature"),
            Map.entry("discord", "X-Signature-Ed25519"),
            Map.entry("docusign", "X-DocuSign-Signature-1"),
            Map.entry("dropbox", "X-Dropbox-Signature"),
            Map.entry("gitlab", "X-Gitlab-Token"),
            Map.entry("hubspot", "X-HubSpot-Signature-v3"),
            Map.entry("hubspot-v1", "X-HubSpot-Signature"),
            Map.entry("hubspot-v2", "X-HubSpot-Signature"),
            Map.entry("intercom", "X-Hub-Signature"),
            Map.entry("linear", "Linear-Signature"),
            Map.entry("meta", "X-Hub-Signature-256"),
            Map.entry("mollie", "X-Mollie-Signature"),
            Map.entry("notion", "X-Notion-Signature"),
            Map.entry("paddle", "Paddle-Signature"),
            Map.entry("pagerduty", "X-PagerDuty-Signature"),
            Map.entry("paystack", "x-paystack-signature"),
            Map.entry("quickbooks", "intuit-signature"),
            Map.entry("razorpay", "X-Razorpay-Signature"),
            Map.entry("sanity", "sanity-webhook-signature"),
            Map.entry("sendgrid", "X-Twilio-Email-Event-Webhook-Signature"),
            Map.entry("sentry", "Sentry-Hook-Signature"),
            Map.entry("square", "x-square-hmacsha256-signature"),
            Map.entry("trello", "X-Trello-Webhook"),
            Map.entry("twilio", "X-Twilio-Signature"),
            Map.entry("twitch", "Twitch-Eventsub-Message-Signature"),
            Map.entry("typeform", "Typeform-Signature"),
            Map.entry("vercel", "x-vercel-signature"),
            Map.entry("webflow", "x-webflow-signature"),
            Map.entry("xero", "x-xero-signature"),
            Map.entry("zendesk", "X-Zendesk-Webhook-Signature"),
            Map.entry("zoom", "x-zm-signature")));

    /** Where the signed timestamp travels, for presets that have one in a header of its own. */
    private static final Map<String, String> TIMESTAMP_HEADER = Map.of(
            "box", "BOX-DELIVERY-TIMESTAMP",
            "contentful", "x-contentful-timestamp",
            "discord", "X-Signature-Timestamp",
            "hubspot", "X-HubSpot-Request-Timestamp",
            "sendgrid", "X-Twilio-Email-Event-Webhook-Timestamp",
            "twitch", "Twitch-Eventsub-Message-Timestamp",
            "webflow", "x-webflow-timestamp",
            "zendesk", "X-Zendesk-Webhook-Signature-Timestamp",
            "zoom", "x-zm-request-timestamp");

    static Stream<String> ids() {
        return SIGNATURE_HEADER.keySet().stream();
    }

    static Stream<String> timestamped() {
        return ids().filter(id -> Providers.byId(id).signsTimestamp());
    }

    private static String secret(String id) {
        return "Sx7-" + id + "-secret-Qm4Vb9Lk2";
    }

    private static WebhookVerifier verifier(String id) {
        return WebhookVerifier.builder(Providers.byId(id))
                .secrets(WebhookSecret.of("current", PresetKeys.verifierKey(id, secret(id))))
                .clock(CLOCK)
                .build();
    }

    private static WebhookSigner signer(String id) {
        return WebhookSigner.of(
                Providers.byId(id), WebhookSecret.of("current", PresetKeys.signerKey(id, secret(id))), CLOCK);
    }

    private static WebhookRequest sign(String id, Instant at) {
        return signer(id).sign(WebhookRequest.builder().url(URL).body(BODY).build(), "msg_2KWPBgLlAfxdpx2A", at);
    }

    @Test
    void idsWhenListedThenEverySecondWavePresetIsCoveredHere() {
        List<String> firstWave =
                List.of("standard-webhooks", "svix", "stripe", "github", "github-legacy-sha1", "slack", "shopify");

        assertThat(Providers.ids().stream().filter(id -> !firstWave.contains(id)))
                .containsExactlyInAnyOrderElementsOf(SIGNATURE_HEADER.keySet());
        assertThat(TIMESTAMP_HEADER.keySet()).allMatch(id -> Providers.byId(id).signsTimestamp());
    }

    @ParameterizedTest
    @MethodSource("ids")
    void verifyWhenSignedBySignerThenAcceptedWithSecretIdTimestampAndBody(String id) {
        VerifiedDelivery d = assertAccepted(verifier(id), sign(id, NOW));

        assertThat(d.providerId()).isEqualTo(id);
        assertThat(d.secretId()).isEqualTo("current");
        assertThat(d.body()).isEqualTo(BODY);
        assertThat(d.timestamp().isPresent()).isEqualTo(Providers.byId(id).signsTimestamp());
        d.timestamp().ifPresent(t -> assertThat(t).isEqualTo(NOW));
        assertThat(Providers.byId(id).documentationUrl()).startsWith("https://");
    }

    @ParameterizedTest
    @MethodSource("ids")
    void verifyWhenBodyTamperedThenSignatureMismatch(String id) {
        WebhookRequest signed = sign(id, NOW);
        byte[] tampered = BODY.clone();
        tampered[tampered.length - 3] ^= 1;

        if (PresetKeys.signsBody(id)) {
            assertRejected(verifier(id), withBody(signed, tampered), FailureReason.SIGNATURE_MISMATCH);
        } else {
            // GitLab's token signs nothing: a changed body is not detectable, which its javadoc says.
            assertAccepted(verifier(id), withBody(signed, tampered));
        }
    }

    @ParameterizedTest
    @MethodSource("ids")
    void verifyWhenSignedWithAnotherSecretThenSignatureMismatch(String id) {
        WebhookRequest forged = WebhookSigner.of(
                        Providers.byId(id),
                        WebhookSecret.of("other", PresetKeys.otherSignerKey(id, "Zk2-other-secret-Hp8Wq3")),
                        CLOCK)
                .sign(WebhookRequest.builder().url(URL).body(BODY).build(), "msg_x", NOW);

        assertRejected(verifier(id), forged, FailureReason.SIGNATURE_MISMATCH);
    }

    @ParameterizedTest
    @MethodSource("timestamped")
    void verifyWhenTimestampOutsideToleranceThenTooOldOrInFuture(String id) {
        Duration tolerance = Providers.byId(id).defaultTolerance().orElseThrow();
        WebhookVerifier verifier = verifier(id);

        assertAccepted(verifier, sign(id, NOW.minus(tolerance)));
        assertAccepted(verifier, sign(id, NOW.plus(tolerance)));
        assertRejected(verifier, sign(id, NOW.minus(tolerance).minusSeconds(1)), FailureReason.TIMESTAMP_TOO_OLD);
        assertRejected(verifier, sign(id, NOW.plus(tolerance).plusSeconds(1)), FailureReason.TIMESTAMP_IN_FUTURE);
    }

    @ParameterizedTest
    @MethodSource("timestamped")
    void verifyWhenSignedTimestampChangedThenRejected(String id) {
        WebhookRequest signed = sign(id, NOW);
        WebhookRequest later = sign(id, NOW.plusSeconds(1));
        String header = TIMESTAMP_HEADER.get(id);
        WebhookRequest moved = header != null
                ? withHeader(signed, header, later.firstHeader(header).orElseThrow())
                // The timestamp is inside the signature header (t=, ts=): carry the old signature under the new one.
                : withHeader(
                        later,
                        SIGNATURE_HEADER.get(id),
                        later.firstHeader(SIGNATURE_HEADER.get(id))
                                        .orElseThrow()
                                        .replaceAll("(v1|h1)=.*", "")
                                + signed.firstHeader(SIGNATURE_HEADER.get(id))
                                        .orElseThrow()
                                        .replaceAll(".*?((v1|h1)=.*)", "$1"));

        assertRejected(verifier(id), moved, FailureReason.SIGNATURE_MISMATCH);
        if (header != null) {
            assertRejected(verifier(id), withoutHeader(signed, header), FailureReason.MISSING_HEADER);
            assertRejected(verifier(id), withHeader(signed, header, "yesterday"), FailureReason.MALFORMED_HEADER);
        }
    }

    @ParameterizedTest
    @MethodSource("ids")
    void verifyWhenSignatureHeaderMissingThenMissingHeader(String id) {
        WebhookRequest signed = sign(id, NOW);

        assertRejected(verifier(id), withoutHeader(signed, SIGNATURE_HEADER.get(id)), FailureReason.MISSING_HEADER);
        assertRejected(
                verifier(id), WebhookRequest.builder().url(URL).body(BODY).build(), FailureReason.MISSING_HEADER);
    }

    @ParameterizedTest
    @MethodSource("ids")
    void verifyWhenSignatureGarbledThenMalformedHeader(String id) {
        WebhookRequest signed = sign(id, NOW);
        String header = SIGNATURE_HEADER.get(id);
        String value = signed.firstHeader(header).orElseThrow();
        WebhookVerifier verifier = verifier(id);

        assertRejected(verifier, withHeader(signed, header, ""), FailureReason.MALFORMED_HEADER);
        assertRejected(
                verifier,
                withHeader(signed, header, value.substring(0, 6) + "\u0000" + value.substring(6)),
                FailureReason.MALFORMED_HEADER);
        assertRejected(verifier, withHeader(signed, header, value + "\u00e9"), FailureReason.MALFORMED_HEADER);
        if (!id.equals("gitlab")) {
            // A token is any text, so a garbled token is merely a wrong one.
            assertRejected(
                    verifier,
                    withHeader(signed, header, value.substring(0, value.length() - 4) + "!!!!"),
                    FailureReason.MALFORMED_HEADER);
        }
    }

    @ParameterizedTest
    @MethodSource("ids")
    void verifyWhenSignatureHeaderRepeatedThenMalformedUnlessTheProviderRepeatsIt(String id) {
        WebhookRequest signed = sign(id, NOW);
        String header = SIGNATURE_HEADER.get(id);
        WebhookRequest twice =
                addHeader(signed, header, signed.firstHeader(header).orElseThrow());

        if (id.equals("mollie")) {
            // Mollie repeats the header while a secret is rotated.
            assertAccepted(verifier(id), twice);
        } else {
            assertRejected(verifier(id), twice, FailureReason.MALFORMED_HEADER);
        }
    }

    @ParameterizedTest
    @MethodSource("ids")
    void verifyWhenReplayStoreThenSecondDeliveryReplayed(String id) {
        WebhookVerifier.Builder b =
                verifier(id).toBuilder().replayStore(dev.webhookverifier.replay.ReplayStores.inMemory(100));
        if (!Providers.byId(id).signsTimestamp()) {
            b.replayRetention(Duration.ofDays(3));
        }
        WebhookVerifier verifier = b.build();
        WebhookRequest signed = sign(id, NOW);

        assertAccepted(verifier, signed);
        assertRejected(verifier, signed, FailureReason.REPLAYED);
        assertAccepted(
                verifier,
                signer(id)
                        .sign(
                                WebhookRequest.builder()
                                        .url(URL)
                                        .body(utf8("{\"id\":2}"))
                                        .build(),
                                "msg_2",
                                NOW));
    }

    @ParameterizedTest
    @MethodSource("ids")
    void buildWhenToleranceOnPresetWithoutTimestampThenIllegalArgument(String id) {
        if (Providers.byId(id).signsTimestamp()) {
            assertThat(verifier(id).toBuilder()
                            .tolerance(Duration.ofMinutes(1))
                            .build()
                            .tolerance())
                    .contains(Duration.ofMinutes(1));
        } else {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> verifier(id).toBuilder()
                            .tolerance(Duration.ofMinutes(1))
                            .build())
                    .withMessageContaining("signs no timestamp");
        }
    }

    static Stream<Arguments> wrongSecrets() {
        return Stream.of(
                Arguments.argumentSet("twitch oauth token", "twitch", "oauth:q8z4lk2m9x7v3b6n1c5d0f", "OAuth token"),
                Arguments.argumentSet(
                        "hubspot private app token", "hubspot", "pat-na1-1d2e3f4a-5b6c-7d8e-9f0a", "private app"),
                Arguments.argumentSet(
                        "hubspot-v1 private app token", "hubspot-v1", "pat-eu1-1d2e3f4a-5b6c-7d8e-9f0a", "private app"),
                Arguments.argumentSet(
                        "intercom access token", "intercom", "dG9rOjEyMzQ1Njc4OTBhYmNkZWY=", "access token"),
                Arguments.argumentSet(
                        "typeform personal token", "typeform", "tfp_8Hk2Lm9Qw3Er5Ty7Ui1Op", "personal access"),
                Arguments.argumentSet("razorpay key id", "razorpay", "rzp_live_Hk2Lm9Qw3Er5Ty", "API key id"),
                Arguments.argumentSet("paystack public key", "paystack", "pk_live_8Hk2Lm9Qw3Er5Ty7Ui1Op", "public key"),
                Arguments.argumentSet("meta access token", "meta", "EAABwzLixnjYBO8Hk2Lm9Qw3Er5Ty7", "access token"),
                Arguments.argumentSet("square access token", "square", "EAAAl8Hk2Lm9Qw3Er5Ty7Ui1Op", "access token"),
                Arguments.argumentSet("square application id", "square", "sq0idp-8Hk2Lm9Qw3Er5Ty7", "application ID"),
                Arguments.argumentSet(
                        "square application secret", "square", "sq0csp-8Hk2Lm9Qw3Er5Ty7", "application secret"),
                Arguments.argumentSet(
                        "asana personal token", "asana", "1/1200000000000001:8Hk2Lm9Qw3Er5Ty7", "personal access"),
                Arguments.argumentSet("mollie API key", "mollie", "live_8Hk2Lm9Qw3Er5Ty7Ui1Op", "API key"),
                Arguments.argumentSet("notion token", "notion", "ntn_8Hk2Lm9Qw3Er5Ty7Ui1Op", "integration token"),
                Arguments.argumentSet("linear API key", "linear", "lin_api_8Hk2Lm9Qw3Er5Ty7Ui1Op", "API key"),
                Arguments.argumentSet(
                        "gitlab personal token", "gitlab", "glpat-8Hk2Lm9Qw3Er5Ty7Ui1Op", "personal access token"),
                Arguments.argumentSet("gitlab deploy token", "gitlab", "gldt-8Hk2Lm9Qw3Er5Ty7Ui1Op", "deploy token"),
                Arguments.argumentSet(
                        "paddle API key", "paddle", "pdl_live_apikey_01hsdn8d43dt7mezr1ef2jtbaw_x8Hk2Lm9", "API key"),
                Arguments.argumentSet(
                        "paddle sandbox API key",
                        "paddle",
                        "pdl_sdbx_apikey_01hsdn8d43dt7mezr1ef2jtbaw_x8H",
                        "API key"),
                Arguments.argumentSet(
                        "calendly personal token",
                        "calendly",
                        "eyJraWQiOiIxY2UxZTEzNjE3ZGNmNzY2YjNjZWJjY2Y4ZGM1",
                        "JWT"),
                Arguments.argumentSet(
                        "twilio account SID", "twilio", "AC0123456789abcdef0123456789abcdef", "Account SID"),
                Arguments.argumentSet(
                        "twilio API key SID", "twilio", "SK0123456789abcdef0123456789abcdef", "API Key SID"),
                Arguments.argumentSet("twilio short token", "twilio", "12345", "allowWeakSecrets"),
                Arguments.argumentSet("zoom trailing newline", "zoom", "zoom-secret-token-Qm4Vb9\n", "whitespace"),
                Arguments.argumentSet(
                        "discord private key (seed and public key)",
                        "discord",
                        PresetKeys.DISCORD_SEED + PresetKeys.DISCORD_PUBLIC,
                        "private key"),
                Arguments.argumentSet("discord not hex", "discord", "not-a-key-0123456789", "64 hexadecimal"),
                Arguments.argumentSet("sendgrid private key", "sendgrid", PresetKeys.SENDGRID[1], "private key"),
                Arguments.argumentSet("sendgrid not base64", "sendgrid", "MFkw*EwYHKoZIzj0CAQY", "not base64"),
                Arguments.argumentSet(
                        "sendgrid Ed25519 key",
                        "sendgrid",
                        "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=",
                        "EC public key"));
    }

    @ParameterizedTest
    @MethodSource("wrongSecrets")
    void buildWhenSecretIsACommonMistakeThenIllegalArgumentWithHintAndWithoutTheValue(
            String id, String value, String hint) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WebhookVerifier.builder(Providers.byId(id))
                        .secrets(WebhookSecret.of("prod", value))
                        .build())
                .withMessageContaining(hint)
                .withMessageContaining("secret 'prod'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(value.strip()));
    }
}
