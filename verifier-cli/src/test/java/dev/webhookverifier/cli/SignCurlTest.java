package dev.webhookverifier.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.webhookverifier.Providers;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sign --curl}: the shape of the command, and (where bash exists) what a shell actually passes to curl. */
class SignCurlTest {
    private static final Clock AT_T = Clock.fixed(Instant.ofEpochSecond(Lines.T), ZoneOffset.UTC);
    private static final String URL = "http://localhost:8080/webhooks/stripe?tenant=a&x=1";
    private static final String SECRET = SignCommandTest.SECRETS.get("stripe");

    private static CliRun sign(String... extra) {
        List<String> args = new ArrayList<>(List.of("sign", "--provider", "stripe", "--secret", SECRET));
        args.addAll(List.of(extra));
        args.addAll(List.of("--curl", URL));
        return CliRun.run(null, Map.of(), AT_T, args.toArray(String[]::new));
    }

    @Test
    void textBodyIsAQuotedArgument() {
        CliRun run = sign("--data", "{\"msg\":\"it's\"}");
        String sig = CliRun.run(
                        null,
                        Map.of(),
                        AT_T,
                        "sign",
                        "--provider",
                        "stripe",
                        "--secret",
                        SECRET,
                        "--data",
                        "{\"msg\":\"it's\"}")
                .out()
                .strip();

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.outLines())
                .containsExactly(
                        "curl -sS -i -X POST '" + URL + "' \\",
                        "  -H 'Content-Type: application/json' \\",
                        "  -H '" + sig + "' \\",
                        "  --data-binary '{\"msg\":\"it'\\''s\"}'");
        assertThat(run.out()).doesNotContain(SECRET);
    }

    @Test
    void bodyFileIsReferencedNotInlined(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("my event.json"), "{\"a\":1}");

        CliRun run = sign("--body-file", file.toString(), "-H", "X-Extra: yes", "--content-type", "text/plain");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.outLines();
        assertThat(lines.get(0)).isEqualTo("curl -sS -i -X POST '" + URL + "' \\");
        assertThat(lines).contains("  -H 'Content-Type: text/plain' \\", "  -H 'X-Extra: yes' \\");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("  --data-binary '@" + file + "'");
        assertThat(run.out()).doesNotContain("{\"a\":1}");
    }

    @Test
    void binaryBodyIsPipedThroughBase64() {
        byte[] binary = {0, 1, 2, (byte) 0xff, '\r', '\n'};
        CliRun run = sign("--body-base64", Base64.getEncoder().encodeToString(binary));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.outLines().get(0))
                .isEqualTo("printf '%s' '" + Base64.getEncoder().encodeToString(binary)
                        + "' | base64 --decode | curl -sS -i -X POST '" + URL + "' \\");
        assertThat(run.outLines().get(run.outLines().size() - 1)).isEqualTo("  --data-binary @-");
    }

    @Test
    void shellPassesExactlyTheSignedArgumentsToCurl() throws Exception {
        assumeTrue(new File("/bin/bash").canExecute(), "needs bash");
        String body = "{\"text\":\"quotes ' \\\" $HOME `id` \\\\ ! * ~ été\",\n\t\"n\":1}\n";
        CliRun run = sign("--data", body, "-H", "X-Note: it's $PATH");
        assertThat(run.exitCode()).as(run.err()).isZero();

        // a curl stand-in that prints each argument it got, NUL-separated
        List<String> args = shell("curl() { printf '%s\\0' \"$@\"; }\n" + run.out(), null);

        String sig = CliRun.run(
                        null, Map.of(), AT_T, "sign", "--provider", "stripe", "--secret", SECRET, "--data", body)
                .out()
                .strip();
        assertThat(args)
                .containsExactly(
                        "-sS",
                        "-i",
                        "-X",
                        "POST",
                        URL,
                        "-H",
                        "Content-Type: application/json",
                        "-H",
                        "X-Note: it's $PATH",
                        "-H",
                        sig,
                        "--data-binary",
                        body);
    }

    @Test
    void shellPipesBinaryBodyUnchanged() throws Exception {
        assumeTrue(new File("/bin/bash").canExecute(), "needs bash");
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        CliRun run = sign("--body-base64", Base64.getEncoder().encodeToString(binary));
        assertThat(run.exitCode()).as(run.err()).isZero();

        // the curl stand-in writes its standard input (the --data-binary @- body) out unchanged
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        List<String> ignored = shell("curl() { cat; }\n" + run.out(), stdout);

        assumeTrue(ignored != null, "needs base64 (coreutils)");
        assertThat(stdout.toByteArray()).isEqualTo(binary);
    }

    @Test
    void tokenSchemeNeverPrintsTheSecretAndCurlReadsItFromTheVariable() throws Exception {
        assumeTrue(Providers.ids().contains("gitlab"), "needs a preset that sends the secret itself");
        String token = "gitlab-token-0123456789abcdef";
        Map<String, String> env = Map.of("GITLAB_TOKEN", token);

        CliRun headers = CliRun.run(
                null, env, AT_T, "sign", "--provider", "gitlab", "--secret-env", "GITLAB_TOKEN", "--data", "{}");
        CliRun curl = CliRun.run(
                null,
                env,
                AT_T,
                "sign",
                "--provider",
                "gitlab",
                "--secret-env",
                "GITLAB_TOKEN",
                "--data",
                "{}",
                "--curl",
                URL);
        CliRun literal = CliRun.run(null, env, AT_T, "sign", "--provider", "gitlab", "--secret", token, "--data", "{}");

        assertThat(headers.exitCode()).as(headers.err()).isZero();
        assertThat(headers.out() + headers.err() + curl.out() + literal.out()).doesNotContain(token);
        assertThat(headers.out()).contains("X-Gitlab-Token: ${GITLAB_TOKEN}");
        assertThat(literal.out()).contains("X-Gitlab-Token: <secret>");
        assertThat(headers.err()).contains("gitlab sends the secret itself");
        assertThat(curl.out()).contains("-H 'X-Gitlab-Token: '\"${GITLAB_TOKEN}\" \\");

        if (new File("/bin/bash").canExecute()) {
            List<String> args =
                    shell("GITLAB_TOKEN='" + token + "'\ncurl() { printf '%s\\0' \"$@\"; }\n" + curl.out(), null);
            assertThat(args).contains("X-Gitlab-Token: " + token);
        }
    }

    /** Runs the script with bash; returns stdout split at NULs (or copies raw stdout into {@code raw}). */
    private static List<String> shell(String script, ByteArrayOutputStream raw) throws Exception {
        Process p = new ProcessBuilder("/bin/bash", "-c", script)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        if (p.exitValue() != 0) {
            return null;
        }
        if (raw != null) {
            raw.write(out);
            return List.of();
        }
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\0");
        return Arrays.asList(text.substring(0, text.length() - 1).split("\0", -1));
    }
}
