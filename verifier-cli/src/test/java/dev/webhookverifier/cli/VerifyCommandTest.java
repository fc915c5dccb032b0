package dev.webhookverifier.cli;

import static dev.webhookverifier.cli.Lines.SW_SECRET;
import static dev.webhookverifier.cli.Lines.T;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.webhookverifier.Providers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {
    private static final String BODY = new String(Lines.BODY, StandardCharsets.UTF_8);
    private static final Clock AT_T = Clock.fixed(Instant.ofEpochSecond(T), ZoneOffset.UTC);

    private final Map<String, String> headers =
            Lines.signedHeaders(Providers.standardWebhooks(), SW_SECRET, "msg_7", T);
    private final String signature = headers.get("webhook-signature");

    private CliRun verify(String stdin, Map<String, String> env, String... extra) {
        List<String> args = new ArrayList<>(List.of("verify", "--provider", "standard-webhooks"));
        headers.forEach((name, value) -> args.add("--header=" + name + ": " + value));
        args.addAll(List.of(extra));
        return CliRun.run(stdin, env, AT_T, args.toArray(String[]::new));
    }

    @Test
    void validRequestExitsZeroAndExplains() {
        CliRun run = verify(BODY, Map.of(), "--secret", SW_SECRET);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("VALID")
                .contains("standard-webhooks")
                .contains("msg_7")
                .contains("secret-1");
        assertNoSecretOrSignature(run);
    }

    @Test
    void tamperedBodyExitsOneWithReason() {
        CliRun run = verify(BODY + " ", Map.of(), "--secret", SW_SECRET);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("REJECTED").contains("SIGNATURE_MISMATCH");
        assertNoSecretOrSignature(run);
    }

    @Test
    void jsonOutput() throws IOException {
        CliRun valid = verify(BODY, Map.of(), "--secret", SW_SECRET, "--json");
        CliRun rejected = verify("{}", Map.of(), "--secret", SW_SECRET, "--json");

        JsonNode ok = Lines.JSON.readTree(valid.out());
        assertThat(ok.get("valid").asBoolean()).isTrue();
        assertThat(ok.get("reason").isNull()).isTrue();
        assertThat(ok.has("message")).isTrue();
        JsonNode bad = Lines.JSON.readTree(rejected.out());
        assertThat(rejected.exitCode()).isEqualTo(1);
        assertThat(bad.get("valid").asBoolean()).isFalse();
        assertThat(bad.get("reason").asText()).isEqualTo("SIGNATURE_MISMATCH");
        assertThat(bad.get("message").asText()).isNotBlank();
        assertThat(valid.out().strip()).doesNotContain("\n");
        assertNoSecretOrSignature(valid);
        assertNoSecretOrSignature(rejected);
    }

    @Test
    void secretFromEnvironmentAndBodyFromFileOrBase64(@TempDir Path dir) throws IOException {
        Path body = Files.write(dir.resolve("body.json"), Lines.BODY);
        String base64 = Base64.getEncoder().encodeToString(Lines.BODY);

        CliRun fromFile = verify(
                null, Map.of("SW_SECRET", SW_SECRET), "--secret-env", "SW_SECRET", "--body-file", body.toString());
        CliRun fromBase64 = verify(null, Map.of(), "--secret", SW_SECRET, "--body-base64", base64);

        assertThat(fromFile.exitCode()).as(fromFile.err()).isZero();
        assertThat(fromFile.out()).contains("env:SW-SECRET");
        assertThat(fromBase64.exitCode()).as(fromBase64.err()).isZero();
        assertNoSecretOrSignature(fromFile);
    }

    @Test
    void nowAndToleranceControlTheTimestampCheck() {
        String tenMinutesLater = String.valueOf(T + 600);

        CliRun stale = verify(BODY, Map.of(), "--secret", SW_SECRET, "--now", tenMinutesLater);
        CliRun widened = verify(BODY, Map.of(), "--secret", SW_SECRET, "--now", tenMinutesLater, "--tolerance", "15m");

        assertThat(stale.exitCode()).isEqualTo(1);
        assertThat(stale.out()).contains("TIMESTAMP_TOO_OLD");
        assertThat(widened.exitCode()).as(widened.err()).isZero();
    }

    @Test
    void oversizedBodyIsRejected() {
        CliRun run = verify(BODY, Map.of(), "--secret", SW_SECRET, "--max-body-bytes", "4");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("BODY_TOO_LARGE");
    }

    @Test
    void usageErrorsExitTwoWithTheBuildersMessage() {
        CliRun unknown = CliRun.run(BODY, "verify", "--provider", "nope", "--secret", SW_SECRET);
        CliRun malformed = verify(BODY, Map.of(), "--secret", "v1,whsec_pasted-whole");
        CliRun noKey = verify(BODY, Map.of());
        CliRun unsetEnv = verify(BODY, Map.of(), "--secret-env", "NOT_SET");
        CliRun badDuration = verify(BODY, Map.of(), "--secret", SW_SECRET, "--tolerance", "5");
        CliRun noFile = verify(null, Map.of(), "--secret", SW_SECRET, "--body-file", "no/such/file");
        CliRun badHeader = verify(BODY, Map.of(), "--secret", SW_SECRET, "--header", "no-colon");

        assertThat(List.of(unknown, malformed, noKey, unsetEnv, badDuration, noFile, badHeader))
                .allSatisfy(run -> assertThat(run.exitCode()).as(run.err()).isEqualTo(2));
        assertThat(unknown.err()).contains("unknown provider 'nope'");
        assertThat(malformed.err()).contains("secret-1").doesNotContain("pasted-whole");
        assertThat(unsetEnv.err()).contains("NOT_SET");
        assertThat(badDuration.err()).contains("5m");
        assertNoSecretOrSignature(unknown);
    }

    private void assertNoSecretOrSignature(CliRun run) {
        String all = run.out() + run.err();
        assertThat(all)
                .doesNotContain(SW_SECRET)
                .doesNotContain(SW_SECRET.substring("whsec_".length()))
                .doesNotContain(signature)
                .doesNotContain(signature.substring("v1,".length()));
    }
}
