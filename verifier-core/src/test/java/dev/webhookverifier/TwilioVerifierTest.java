package dev.webhookverifier;

import static dev.webhookverifier.Fixtures.CLOCK;
import static dev.webhookverifier.Fixtures.NOW;
import static dev.webhookverifier.Fixtures.assertAccepted;
import static dev.webhookverifier.Fixtures.assertRejected;
import static dev.webhookverifier.Fixtures.utf8;
import static dev.webhookverifier.Fixtures.withBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.webhookverifier.replay.ReplayStores;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Twilio: URL plus sorted form parameters, the {@code bodySHA256} variant for JSON, the URL spellings Twilio's
 * SDKs accept, and a primary and secondary Auth Token. Expected signatures are computed here independently.
 */
class TwilioVerifierTest {
    private static final String TOKEN = "9f3c2a7d1e5b4c8a6f0d2e4b7a9c1d3e";
    private static final String SECONDARY = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private static final String URL = "https://hooks.example.com/twilio/voice?tenant=acme";
    private static final String FORM =
            "To=%2B18005551212&From=%2B14158675309&Body=Hello+w%C3%B6rld&Digits=5678&Digits=1234&Digits=1234";
    private static final String JSON = "{\"event\":\"call.completed\",\"ok\":true}";

    private static WebhookVerifier verifier(String... tokens) {
        WebhookSecret[] secrets = new WebhookSecret[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            secrets[i] = WebhookSecret.of(i == 0 ? "primary" : "secondary", tokens[i]);
        }
        return WebhookVerifier.builder(Providers.twilio())
                .secrets(secrets)
                .clock(CLOCK)
                .build();
    }

    /** Twilio's construction, written out: HMAC-SHA1 of the URL and the sorted, de-duplicated parameters. */
    private static String expected(String token, String signedUrl, String params) {
        return Base64.getEncoder().encodeToString(Fixtures.hmac("HmacSHA1", utf8(token), utf8(signedUrl + params)));
    }

    private static WebhookRequest request(String url, String body, String signature) {
        return WebhookRequest.builder()
                .url(url)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", signature)
                .body(utf8(body))
                .build();
    }

    private static final String SORTED_PARAMS =
            "BodyHello w\u00f6rldDigits1234Digits5678From+14158675309To+18005551212";

    @Test
    void verifyWhenFormSignedOverUrlAndSortedDistinctParamsThenAccepted() {
        String signature = expected(TOKEN, URL, SORTED_PARAMS);

        VerifiedDelivery d = assertAccepted(verifier(TOKEN), request(URL, FORM, signature));

        assertThat(d.body()).isEqualTo(utf8(FORM));
        assertThat(d.timestamp()).isEmpty();
    }

    @Test
    void verifyWhenParametersReorderedOrSpelledDifferentlyThenStillAccepted() {
        String signature = expected(TOKEN, URL, SORTED_PARAMS);
        String reordered = "Digits=1234&Body=Hello%20w%c3%b6rld&From=%2B14158675309&Digits=5678&To=%2B18005551212&&";

        // The parameters are what Twilio signs, not the body's bytes; its SDKs accept the same.
        assertAccepted(verifier(TOKEN), request(URL, reordered, signature));
    }

    @Test
    void verifyWhenParameterValueChangedAddedOrDroppedThenSignatureMismatch() {
        String signature = expected(TOKEN, URL, SORTED_PARAMS);
        WebhookVerifier verifier = verifier(TOKEN);

        assertRejected(
                verifier, request(URL, FORM.replace("5678", "5679"), signature), FailureReason.SIGNATURE_MISMATCH);
        assertRejected(verifier, request(URL, FORM + "&Extra=1", signature), FailureReason.SIGNATURE_MISMATCH);
        assertRejected(
                verifier, request(URL, FORM.replace("&Digits=5678", ""), signature), FailureReason.SIGNATURE_MISMATCH);
        assertRejected(verifier, request(URL + "&x=1", FORM, signature), FailureReason.SIGNATURE_MISMATCH);
    }

    @Test
    void verifyWhenBodyIsNotFormEncodedAndUrlHasNoBodyHashThenSignatureMismatch() {
        String signature = expected(TOKEN, URL, "");

        // A URL-only signature (a request without parameters) must not let an arbitrary body through.
        assertAccepted(verifier(TOKEN), request(URL, "", signature));
        assertRejected(verifier(TOKEN), request(URL, "{\"a\":1}", signature), FailureReason.SIGNATURE_MISMATCH);
        assertRejected(verifier(TOKEN), request(URL, "%zz", signature), FailureReason.SIGNATURE_MISMATCH);
        assertRejected(verifier(TOKEN), request(URL, "caf\u00e9=1", signature), FailureReason.SIGNATURE_MISMATCH);
        assertRejected(verifier(TOKEN), request(URL, "a=%ff", signature), FailureReason.SIGNATURE_MISMATCH);
    }

    @Test
    void verifyWhenJsonBodyWithMatchingBodySha256ThenAcceptedAndTamperedBodyRejected() throws Exception {
        String hash = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(JSON.getBytes(StandardCharsets.UTF_8)));
        String url = URL + "&bodySHA256=" + hash;
        WebhookRequest request = WebhookRequest.builder()
                .url(url)
                .header("Content-Type", "application/json")
                .header("X-Twilio-Signature", expected(TOKEN, url, ""))
                .body(utf8(JSON))
                .build();

        assertAccepted(verifier(TOKEN), request);
        assertRejected(
                verifier(TOKEN),
                withBody(request, utf8(JSON.replace("true", "false"))),
                FailureReason.SIGNATURE_MISMATCH);
        WebhookRequest twoHashes = WebhookRequest.builder()
                .url(url + "&bodySHA256=" + hash)
                .header("X-Twilio-Signature", expected(TOKEN, url + "&bodySHA256=" + hash, ""))
                .body(utf8(JSON))
                .build();
        assertRejected(verifier(TOKEN), twoHashes, FailureReason.SIGNATURE_MISMATCH);
    }

    @Test
    void verifyWhenSignedWithOrWithoutPortThenEachSpellingAccepted() {
        WebhookVerifier verifier = verifier(TOKEN);
        String withDefault = "https://hooks.example.com:443/twilio/voice?tenant=acme";
        String withOther = "https://hooks.example.com:8443/twilio/voice?tenant=acme";

        assertAccepted(verifier, request(URL, FORM, expected(TOKEN, withDefault, SORTED_PARAMS)));
        assertAccepted(verifier, request(withOther, FORM, expected(TOKEN, URL, SORTED_PARAMS)));
        assertAccepted(verifier, request(withOther, FORM, expected(TOKEN, withOther, SORTED_PARAMS)));
        // Another explicit port is not a spelling of the configured URL.
        assertRejected(
                verifier,
                request(withDefault, FORM, expected(TOKEN, withOther, SORTED_PARAMS)),
                FailureReason.SIGNATURE_MISMATCH);
    }

    @Test
    void verifyWhenUrlHasApostropheThenLiteralAndPercentEncodedSignaturesAccepted() {
        String url = "https://hooks.example.com/twilio/sms?Body=It's+here";
        String normalised = "https://hooks.example.com/twilio/sms?Body=It%27s+here";

        assertAccepted(verifier(TOKEN), request(url, FORM, expected(TOKEN, url, SORTED_PARAMS)));
        assertAccepted(verifier(TOKEN), request(url, FORM, expected(TOKEN, normalised, SORTED_PARAMS)));
    }

    @Test
    void verifyWhenHttpsSignatureCheckedAgainstHttpUrlThenSignatureMismatch() {
        String signature = expected(TOKEN, URL, SORTED_PARAMS);

        // Behind a TLS-terminating proxy the request must be built with the public https URL.
        assertRejected(
                verifier(TOKEN),
                request(URL.replace("https:", "http:"), FORM, signature),
                FailureReason.SIGNATURE_MISMATCH);
    }

    @Test
    void verifyWhenSignedWithSecondaryTokenThenAcceptedAndReportedAsSecondary() {
        VerifiedDelivery d =
                assertAccepted(verifier(TOKEN, SECONDARY), request(URL, FORM, expected(SECONDARY, URL, SORTED_PARAMS)));

        assertThat(d.secretId()).isEqualTo("secondary");
        assertRejected(
                verifier(TOKEN),
                request(URL, FORM, expected(SECONDARY, URL, SORTED_PARAMS)),
                FailureReason.SIGNATURE_MISMATCH);
    }

    @Test
    void verifyWhenRequestHasNoUrlOrSignatureIsNotSha1Base64ThenTypedRejection() {
        WebhookRequest noUrl = WebhookRequest.builder()
                .header("X-Twilio-Signature", expected(TOKEN, URL, SORTED_PARAMS))
                .body(utf8(FORM))
                .build();

        assertRejected(verifier(TOKEN), noUrl, FailureReason.MISSING_HEADER);
        assertRejected(
                verifier(TOKEN),
                request(URL, FORM, Base64.getEncoder().encodeToString(new byte[32])),
                FailureReason.MALFORMED_HEADER);
    }

    @Test
    void signWhenFormBodyThenUrlKeptAndSignatureAsTwilioComputesIt() {
        WebhookSigner signer = WebhookSigner.of(Providers.twilio(), WebhookSecret.of("k", TOKEN), CLOCK);
        WebhookRequest unsigned = WebhookRequest.builder()
                .url(URL)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(utf8(FORM))
                .build();

        WebhookRequest signed = signer.sign(unsigned, "idem-1", NOW);

        assertThat(signed.url()).contains(URI.create(URL));
        assertThat(signed.firstHeader("X-Twilio-Signature")).contains(expected(TOKEN, URL, SORTED_PARAMS));
        assertThat(signed.firstHeader("I-Twilio-Idempotency-Token")).contains("idem-1");
        assertThat(assertAccepted(verifier(TOKEN), signed).deliveryId()).contains("idem-1");
    }

    @Test
    void signWhenJsonBodyThenUrlCarriesBodySha256AndVerifies() throws Exception {
        WebhookSigner signer = WebhookSigner.of(Providers.twilio(), WebhookSecret.of("k", TOKEN), CLOCK);
        WebhookRequest unsigned = WebhookRequest.builder()
                .url(URL)
                .header("Content-Type", "application/json")
                .body(utf8(JSON))
                .build();
        String hash = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(JSON.getBytes(StandardCharsets.UTF_8)));

        WebhookRequest signed = signer.sign(unsigned, null, NOW);

        assertThat(signed.url()).contains(URI.create(URL + "&bodySHA256=" + hash));
        assertThat(signed.firstHeader("X-Twilio-Signature")).contains(expected(TOKEN, URL + "&bodySHA256=" + hash, ""));
        assertAccepted(verifier(TOKEN), signed);
    }

    @Test
    void signWhenNoUrlThenIllegalArgument() {
        WebhookSigner signer = WebhookSigner.of(Providers.twilio(), WebhookSecret.of("k", TOKEN), CLOCK);

        assertThatIllegalArgumentException()
                .isThrownBy(() ->
                        signer.sign(WebhookRequest.builder().body(utf8(FORM)).build(), null, NOW))
                .withMessageContaining("URL");
    }

    @Test
    void verifyWhenReplayStoreThenSameSignatureReplayedWhateverTheUrlSpelling() {
        WebhookVerifier verifier = verifier(TOKEN).toBuilder()
                .replayStore(ReplayStores.inMemory(16))
                .replayRetention(Duration.ofDays(1))
                .build();
        String signature = expected(TOKEN, URL, SORTED_PARAMS);

        assertAccepted(verifier, request(URL, FORM, signature));
        assertRejected(
                verifier,
                request("https://hooks.example.com:443/twilio/voice?tenant=acme", FORM, signature),
                FailureReason.REPLAYED);
    }

    @Test
    void vectorsWhenFormCasesThenBodyEncodesTheListedParameters() {
        for (VectorCases.Case c : VectorCases.load("twilio")) {
            if (c.formParams() == null) {
                continue;
            }
            StringBuilder encoded = new StringBuilder();
            for (List<String> p : c.formParams()) {
                if (encoded.length() > 0) {
                    encoded.append('&');
                }
                encoded.append(java.net.URLEncoder.encode(p.get(0), StandardCharsets.UTF_8))
                        .append('=')
                        .append(java.net.URLEncoder.encode(p.get(1), StandardCharsets.UTF_8));
            }
            assertThat(new String(c.body(), StandardCharsets.UTF_8))
                    .as(c.name())
                    .isEqualTo(encoded.toString());
        }
    }
}
