package dev.webhookverifier.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Runs the CLI in-process with a given stdin, environment and clock, capturing both output streams. */
record CliRun(int exitCode, String out, String err) {

    static CliRun run(String stdin, String... args) {
        return run(stdin, Map.of(), Clock.systemUTC(), args);
    }

    static CliRun run(String stdin, Map<String, String> env, Clock clock, String... args) {
        byte[] in = stdin == null ? new byte[0] : stdin.getBytes(StandardCharsets.UTF_8);
        CommandLine cmd =
                WebhookVerifierCli.commandLine(new WebhookVerifierCli(new ByteArrayInputStream(in), env::get, clock));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    List<String> outLines() {
        return out.lines().toList();
    }
}
