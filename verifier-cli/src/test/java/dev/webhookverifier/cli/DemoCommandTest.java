package dev.webhookverifier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookverifier.Providers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DemoCommandTest {
    private static final CliRun DEMO = CliRun.run(null, "demo");

    /** The table's rows of one provider label: case to "VERDICT REASON". */
    private static Map<String, String> rows(String label) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : DEMO.outLines()) {
            String[] cells = line.split(" \\| ");
            if (cells.length == 4 && cells[0].strip().equals(label)) {
                rows.put(cells[1].strip(), cells[2].strip() + " " + cells[3].strip());
            }
        }
        return rows;
    }

    @Test
    void everyVerdictIsAsExpected() {
        assertThat(DEMO.exitCode()).as(DEMO.out() + DEMO.err()).isZero();
        assertThat(DEMO.out())
                .contains("all verdicts as expected")
                .doesNotContain("UNEXPECTED")
                .doesNotContain("whsec_")
                .doesNotContain("cannot sign")
                .doesNotContain("no generated secret fits")
                .contains("n/a (no signed timestamp)")
                .contains("REPLAYED")
                .contains("TIMESTAMP_IN_FUTURE");
        for (String id : Providers.ids()) {
            assertThat(rows(id)).as(id).isNotEmpty();
        }
        String last = DEMO.outLines().get(DEMO.outLines().size() - 1);
        assertThat(last).matches("\\d+ deliveries and 13 handshake probes, all verdicts as expected");
    }

    /** The handshake table's rows: "HANDSHAKE | CASE" to "ANSWER | EXPECTED". */
    private static Map<String, String> handshakeRows() {
        Map<String, String> rows = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : DEMO.outLines()) {
            String[] cells = line.split(" \\| ");
            if (cells.length == 4 && cells[0].strip().equals("HANDSHAKE")) {
                inTable = true;
            } else if (inTable && cells.length == 4 && !cells[0].startsWith("---")) {
                rows.put(cells[0].strip() + " | " + cells[1].strip(), cells[2].strip() + " | " + cells[3].strip());
            } else if (inTable && line.isBlank()) {
                break;
            }
        }
        return rows;
    }

    private static Map.Entry<String, String> answered(String handshakeAndCase, String answer) {
        return Map.entry(handshakeAndCase, answer + " | " + answer);
    }

    @Test
    void handshakesWhenDemoedThenEveryProbeAnsweredOrRefusedAsExpected() {
        assertThat(DEMO.exitCode()).as(DEMO.out() + DEMO.err()).isZero();
        String echoed = "200 text/plain, challenge echoed";
        String forged = "401 SIGNATURE_MISMATCH";
        assertThat(handshakeRows())
                .containsExactly(
                        answered("dropbox-challenge | GET ?challenge=<token>", echoed),
                        answered("dropbox-challenge | GET ?challenge=<script> (markup)", "401 MALFORMED_HEADER"),
                        answered("meta-verify-token | GET, right hub.verify_token", echoed),
                        answered("meta-verify-token | GET, wrong hub.verify_token", forged),
                        answered(
                                "asana-hook-secret | X-Hook-Secret, the receiver accepts", "200, X-Hook-Secret echoed"),
                        answered("asana-hook-secret | X-Hook-Secret, the receiver refuses", "401 NO_SECRET"),
                        answered("slack-url-verification | url_verification, signed", echoed),
                        answered("slack-url-verification | url_verification, forged (wrong secret)", forged),
                        answered(
                                "zoom-url-validation | endpoint.url_validation, signed",
                                "200 application/json, encryptedToken verified"),
                        answered("zoom-url-validation | endpoint.url_validation, forged (wrong secret)", forged),
                        answered("twitch-callback-verification | webhook_callback_verification, signed", echoed),
                        answered(
                                "twitch-callback-verification | webhook_callback_verification, forged (wrong secret)",
                                forged),
                        answered(
                                DemoHandshakes.NONE + " | GET ?challenge=<token>",
                                "401 MISSING_HEADER as a delivery, not echoed"));
        assertThat(DEMO.out())
                .contains("  aws-sns-subscription-confirmation: a SubscriptionConfirmation is signed by AWS")
                .contains("SubscribeURL over HTTPS");
    }

    @Test
    void handshakesWhenPrintedThenNoSecretTokenChallengeOrMacAppears() {
        List<String> generated = new ArrayList<>();
        Supplier<String> random = DemoHandshakes.randomTokens(new SecureRandom());
        List<DemoHandshakes.Row> rows = new DemoHandshakes(Instant.parse("2026-11-27T09:00:00Z"), () -> {
                    String token = random.get();
                    generated.add(token);
                    return token;
                })
                .run();
        StringWriter printed = new StringWriter();
        DemoCommand.printHandshakeTable(new PrintWriter(printed, true), rows);

        assertThat(rows).hasSize(13).allMatch(DemoHandshakes.Row::asExpected);
        // the app secrets, the verify tokens, the challenges, Asana's hook secret and Zoom's plainToken
        assertThat(generated).hasSizeGreaterThan(15).doesNotHaveDuplicates();
        for (String token : generated) {
            assertThat(printed.toString()).doesNotContain(token);
        }
        // Zoom's encryptedToken is 64 hex digits; nothing of the kind is printed by the whole demo either
        assertThat(printed.toString()).doesNotContainPattern("[0-9a-f]{32}");
        assertThat(DEMO.out()).doesNotContainPattern("[0-9a-fA-F]{32}");
    }

    @Test
    void handshakeTableWhenAnAnswerIsNotTheExpectedOneThenMarked() {
        DemoHandshakes.Row wrong = new DemoHandshakes.Row("dropbox-challenge", "case", "200 text/plain, x", "401 Y");
        StringWriter printed = new StringWriter();
        DemoCommand.printHandshakeTable(new PrintWriter(printed, true), List.of(wrong));

        assertThat(wrong.asExpected()).isFalse();
        assertThat(printed.toString()).containsPattern("401 Y +<-- UNEXPECTED");
    }

    /** The verdicts of every case of a preset that signs a timestamp, in the demo's order. */
    private static Map<String, String> timestampedRows(String wrongKeyCase) {
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("genuine", "ACCEPTED -");
        rows.put("tampered body", "REJECTED SIGNATURE_MISMATCH");
        rows.put(wrongKeyCase, "REJECTED SIGNATURE_MISMATCH");
        rows.put("stale (window + 1 min)", "REJECTED TIMESTAMP_TOO_OLD");
        rows.put("future-dated (window + 1 min)", "REJECTED TIMESTAMP_IN_FUTURE");
        rows.put("garbled signature header", "REJECTED MALFORMED_HEADER");
        rows.put("replayed", "REJECTED REPLAYED");
        return rows;
    }

    @ParameterizedTest
    @ValueSource(strings = {"discord", "sendgrid"})
    void asymmetricPresetsWhenDemoedThenSignedWithAGeneratedKeyPairAndEveryCaseHasItsVerdict(String id) {
        assertThat(rows(id)).containsExactlyEntriesOf(timestampedRows("wrong key (another key pair)"));
    }

    @Test
    void standardWebhooksWhenDemoedThenBothItsWhsecRowsAndItsV1aKeyPairRowsHaveTheirVerdicts() {
        // the whsec_ (v1 HMAC) rows are unchanged
        assertThat(rows("standard-webhooks")).containsExactlyEntriesOf(timestampedRows("wrong secret"));
        assertThat(rows(DemoCommand.STANDARD_WEBHOOKS_V1A))
                .containsExactlyEntriesOf(timestampedRows("wrong key (another key pair)"));
        assertThat(DEMO.outLines().get(0))
                .contains("(and " + DemoCommand.STANDARD_WEBHOOKS_V1A + " with a key pair)")
                .doesNotContain("whpk_")
                .doesNotContain("whsk_");
        assertThat(DEMO.out()).doesNotContain("whsk_").doesNotContain("whpk_");
    }

    @Test
    void contentfulWhenDemoedThenItsSixtyFourCharacterSecretSignsEveryCase() {
        assertThat(rows("contentful")).containsExactlyEntriesOf(timestampedRows("wrong secret"));
    }

    @Test
    void jsonPresetsWhenDemoedThenCoveredWithTheirOwnSemantics() {
        assertThat(rows("mailgun"))
                .containsEntry("genuine", "ACCEPTED -")
                // Mailgun signs its timestamp and token, not the event: a changed event passes, and the demo says so
                .containsEntry("tampered event (not signed by mailgun)", "ACCEPTED -")
                .containsEntry("wrong secret", "REJECTED SIGNATURE_MISMATCH")
                .containsEntry("stale (window + 1 min)", "REJECTED TIMESTAMP_TOO_OLD")
                .containsEntry("garbled signature in the body", "REJECTED MALFORMED_HEADER")
                .containsEntry("replayed", "REJECTED REPLAYED");
        assertThat(rows("adyen"))
                .containsEntry("genuine", "ACCEPTED -")
                .containsEntry("tampered body", "REJECTED SIGNATURE_MISMATCH")
                .containsEntry("stale (window + 1 min)", "n/a (no signed timestamp) -")
                .containsEntry("garbled signature in the body", "REJECTED MALFORMED_HEADER")
                .containsEntry("replayed", "REJECTED REPLAYED");
        for (String label : List.of("adyen-hmac-signature", "netlify", DemoCommand.LINEAR_JSON)) {
            assertThat(rows(label))
                    .as(label)
                    .containsEntry("genuine", "ACCEPTED -")
                    .containsEntry("tampered body", "REJECTED SIGNATURE_MISMATCH")
                    .containsEntry("wrong secret", "REJECTED SIGNATURE_MISMATCH")
                    .containsEntry("replayed", "REJECTED REPLAYED");
        }
        // verifier-json's Linear checks the body's webhookTimestamp (60 s); core's Linear signs no timestamp
        assertThat(rows(DemoCommand.LINEAR_JSON))
                .containsEntry("stale (window + 1 min)", "REJECTED TIMESTAMP_TOO_OLD")
                .containsEntry("future-dated (window + 1 min)", "REJECTED TIMESTAMP_IN_FUTURE");
        assertThat(rows("linear")).containsEntry("stale (window + 1 min)", "n/a (no signed timestamp) -");
    }

    @Test
    void awsSnsWhenDemoedThenListedAsADocumentedExclusion() {
        assertThat(rows("aws-sns")).containsExactly(Map.entry("all", "n/a (excluded, see below) -"));
        assertThat(DEMO.out())
                .contains("Not demoed:")
                .contains("  aws-sns: AWS signs SNS messages with its own private key")
                .contains("over HTTPS");
    }

    @Test
    void targetsWhenListedThenEveryPresetOfCoreAndVerifierJsonOnce() {
        List<String> labels =
                DemoCommand.targets().stream().map(DemoScenario.Target::label).toList();

        assertThat(labels).containsAll(Providers.ids());
        assertThat(labels)
                .contains(
                        "mailgun",
                        "adyen",
                        "adyen-hmac-signature",
                        "netlify",
                        "aws-sns",
                        DemoCommand.LINEAR_JSON,
                        DemoCommand.STANDARD_WEBHOOKS_V1A)
                .doesNotHaveDuplicates();
        assertThat(labels.stream().collect(Collectors.toSet())).hasSameSizeAs(labels);
    }

    @Test
    void scenarioWhenThePresetCannotBeSignedThenReportedAsNotExpected() {
        // aws-sns bypassing the demo's documented exclusion: a preset without a signer must fail the run, not pass
        List<DemoScenario.Row> rows = new DemoScenario(
                        DemoScenario.Target.of(Providers.byId("aws-sns")),
                        Instant.parse("2026-11-27T09:00:00Z"),
                        new SecureRandom())
                .run();

        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).verdict()).startsWith("n/a (cannot sign:");
        assertThat(rows.get(0).asExpected()).isFalse();
    }
}
