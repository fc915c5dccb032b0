package dev.webhookverifier.cli;

import static dev.webhookverifier.cli.Lines.SW_SECRET;
import static dev.webhookverifier.cli.Lines.T;
import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookverifier.Providers;
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
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code verify} and {@code explain} read the captured request through one mixin: same options, same behaviour. */
class RequestOptionsTest {
    private static final Clock AT_T = Clock.fixed(Instant.ofEpochSecond(T), ZoneOffset.UTC);
    private static final String BODY = new String(Lines.BODY, StandardCharsets.UTF_8);

    /** The request options both commands had before they were folded into {@link RequestOptions}. */
    private static final Set<String> REQUEST_OPTIONS = Set.of(
            "--provider",
            "--secret",
            "--secret-env",
            "--public-key",
            "-H",
            "--header",
            "--body-file",
            "--body-base64",
            "--url",
            "--method",
            "--tolerance",
            "--now",
            "--max-body-bytes",
            "--allow-weak-secrets");

    private final Map<String, String> headers =
            Lines.signedHeaders(Providers.standardWebhooks(), SW_SECRET, "msg_mixin", T);

    private static CommandSpec spec(String command) {
        return new CommandLine(new WebhookVerifierCli())
                .getSubcommands()
                .get(command)
                .getCommandSpec();
    }

    private static Set<String> names(CommandSpec spec) {
        Set<String> names = new TreeSet<>();
        for (OptionSpec o : spec.options()) {
            names.addAll(Arrays.asList(o.names()));
        }
        return names;
    }

    @Test
    void verifyAndExplainWhenParsedThenBothHaveEveryRequestOptionFromOneMixin() {
        Set<String> verify = names(spec("verify"));
        Set<String> explain = names(spec("explain"));

        assertThat(verify).containsAll(REQUEST_OPTIONS);
        assertThat(explain).containsAll(REQUEST_OPTIONS);
        // beyond the shared request options, each has only --json and the standard --help/--version
        Set<String> own = Set.of("--json", "-h", "--help", "-V", "--version");
        assertThat(verify).isEqualTo(explain).allMatch(n -> REQUEST_OPTIONS.contains(n) || own.contains(n));
        assertThat(spec("verify").mixins()).containsKey("request");
        assertThat(spec("explain").mixins()).containsKey("request");
        for (String name : REQUEST_OPTIONS) {
            OptionSpec v = spec("verify").findOption(name);
            OptionSpec e = spec("explain").findOption(name);
            assertThat(e.description()).as(name).isEqualTo(v.description());
            assertThat(e.required()).as(name).isEqualTo(v.required());
            assertThat(e.defaultValue()).as(name).isEqualTo(v.defaultValue());
        }
        assertThat(spec("verify").findOption("--provider").required()).isTrue();
        assertThat(spec("verify").findOption("--method").defaultValue()).isEqualTo("POST");
    }

    private CliRun run(String command, String stdin, Map<String, String> env, String... extra) {
        List<String> args = new ArrayList<>(List.of(command, "--provider", "standard-webhooks"));
        headers.forEach((name, value) -> args.add("--header=" + name + ": " + value));
        args.addAll(List.of(extra));
        return CliRun.run(stdin, env, AT_T, args.toArray(String[]::new));
    }

    @ParameterizedTest
    @ValueSource(strings = {"verify", "explain"})
    void requestOptionsWhenGivenThenBothCommandsReachTheSameVerdict(String command, @TempDir Path dir)
            throws Exception {
        Path body = Files.write(dir.resolve("body.json"), Lines.BODY);
        String base64 = Base64.getEncoder().encodeToString(Lines.BODY);
        String later = Long.toString(T + 600);

        assertThat(run(command, BODY, Map.of(), "--secret", SW_SECRET).exitCode())
                .isZero();
        assertThat(run(command, null, Map.of("S", SW_SECRET), "--secret-env", "S", "--body-file", body.toString())
                        .exitCode())
                .isZero();
        assertThat(run(command, null, Map.of(), "--secret", SW_SECRET, "--body-base64", base64)
                        .exitCode())
                .isZero();
        assertThat(run(
                                command,
                                BODY,
                                Map.of(),
                                "--secret",
                                "whsec_" + "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB",
                                "--secret",
                                SW_SECRET)
                        .exitCode())
                .as("a ring: the second secret matches")
                .isZero();
        assertThat(run(command, BODY, Map.of(), "--secret", SW_SECRET, "--now", later)
                        .exitCode())
                .isEqualTo(1);
        assertThat(run(command, BODY, Map.of(), "--secret", SW_SECRET, "--now", later, "--tolerance", "15m")
                        .exitCode())
                .isZero();
        assertThat(run(command, BODY + " ", Map.of(), "--secret", SW_SECRET).exitCode())
                .isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"verify", "explain"})
    void requestOptionsWhenInvalidThenBothCommandsGiveTheSameUsageError(String command) {
        CliRun unsetEnv = run(command, BODY, Map.of(), "--secret-env", "NOT_SET");
        CliRun badHeader = run(command, BODY, Map.of(), "--secret", SW_SECRET, "--header", "no-colon");
        CliRun noFile = run(command, null, Map.of(), "--secret", SW_SECRET, "--body-file", "no/such/file");
        CliRun badBase64 = run(command, null, Map.of(), "--secret", SW_SECRET, "--body-base64", "!!");
        CliRun noKey = run(command, BODY, Map.of());

        assertThat(List.of(unsetEnv, badHeader, noFile, badBase64, noKey))
                .allSatisfy(r -> assertThat(r.exitCode()).as(r.err()).isEqualTo(2));
        assertThat(unsetEnv.err()).contains("environment variable NOT_SET is not set");
        assertThat(badHeader.err()).contains("--header needs 'Name: value'");
        assertThat(noFile.err()).contains("no such file: no/such/file");
        assertThat(badBase64.err()).contains("--body-base64 is not valid base64");
        assertThat(noKey.err()).contains("--secret");
    }
}
