package dev.webhookverifier.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code webhook-verifier} command line: {@code verify} one captured request (and {@code explain} why it
 * fails), {@code verify-batch} for conformance corpora (JSON Lines in, JSON Lines out), {@code sign} and
 * {@code send} to produce or POST a correctly signed request for local testing, and a self-checking {@code demo} (in
 * memory, or over HTTP against the servlet-jetty sample with {@code --http}).
 *
 * <p>Exit codes: {@code 0} success (for {@code verify}: the request is valid; for {@code send}: every request was
 * answered 2xx), {@code 1} the request was rejected (or the demo saw an unexpected verdict, or {@code send} got a
 * non-2xx answer), {@code 2} usage error (bad flags, unknown provider, malformed secret), {@code 3} unexpected
 * internal error.
 *
 * <p><b>Security:</b> no command prints a secret; only {@code sign} and {@code send} (whose purpose is signing with
 * a secret the user gave) compute signatures, and only {@code sign} prints them.
 */
@Command(
        name = "webhook-verifier",
        mixinStandardHelpOptions = true,
        versionProvider = WebhookVerifierCli.Version.class,
        description = "Verify webhook signatures (one request, a batch of JSON Lines), sign or send a signed test"
                + " delivery, or run a self-checking demo.",
        subcommands = {
            VerifyCommand.class,
            ExplainCommand.class,
            VerifyBatchCommand.class,
            SignCommand.class,
            SendCommand.class,
            DemoCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success (verify: the request is valid)",
            "1:rejected (verify), non-2xx answer (send), unexpected verdict (demo)",
            "2:usage error (bad flags, unknown provider, malformed secret, unreadable input)",
            "3:unexpected internal error"
        })
public final class WebhookVerifierCli implements Runnable {
    /** Exit code of a usage error. */
    static final int USAGE = 2;

    /** Exit code of an unexpected failure. */
    static final int INTERNAL_ERROR = 3;

    private final InputStream stdin;
    private final Function<String, String> env;
    private final Clock clock;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** A CLI reading the process's standard input, environment and the system clock. */
    public WebhookVerifierCli() {
        this(System.in, System::getenv, Clock.systemUTC());
    }

    /**
     * A CLI with explicit sources, for tests and embedding.
     *
     * @param stdin where bodies and JSON Lines are read when no file is given
     * @param env looks up environment variables ({@code --secret-env}); returns {@code null} when unset
     * @param clock the clock {@code verify} and {@code demo} use unless {@code --now} is given
     */
    public WebhookVerifierCli(InputStream stdin, Function<String, String> env, Clock clock) {
        this.stdin = Objects.requireNonNull(stdin, "stdin");
        this.env = Objects.requireNonNull(env, "env");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Runs the CLI and exits the JVM with its exit code.
     *
     * @param args the command-line arguments
     */
    public static void main(String[] args) {
        System.exit(commandLine(new WebhookVerifierCli()).execute(args));
    }

    /**
     * A picocli command line for this CLI, with short error reporting (message and a hint, no stack trace).
     * Callers may redirect its output with {@link CommandLine#setOut(PrintWriter)} and
     * {@link CommandLine#setErr(PrintWriter)}.
     *
     * @param cli the command object
     * @return the command line, ready to {@link CommandLine#execute(String...) execute}
     */
    /**
     * picocli's message, except for the two kinds that quote the arguments themselves (a second {@code --secret}, a
     * secret split at a space): those can carry a secret or a body, so only their kind is said.
     */
    private static String usageError(CommandLine.ParameterException ex) {
        if (ex instanceof CommandLine.MaxValuesExceededException) {
            return "an option was given more than once, or together with an option it excludes (values not shown)";
        }
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched) {
            if (unmatched.isUnknownOption()) {
                // the option's name only: "--secert=whsec_..." must not print the value
                String arg = unmatched.getUnmatched().get(0);
                int eq = arg.indexOf('=');
                return "unknown option '" + (eq < 0 ? arg : arg.substring(0, eq)) + "'";
            }
            return "unexpected argument (not shown: it may hold a secret); quote values that contain spaces";
        }
        String message = ex.getMessage();
        return message.startsWith("Error: ") ? message.substring(7) : message;
    }

    public static CommandLine commandLine(WebhookVerifierCli cli) {
        CommandLine cmd = new CommandLine(cli);
        cmd.setParameterExceptionHandler((ex, args) -> {
            CommandLine failed = ex.getCommandLine();
            PrintWriter err = failed.getErr();
            err.println("error: " + usageError(ex));
            err.println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for usage.");
            err.flush();
            return USAGE;
        });
        cmd.setExecutionExceptionHandler((ex, failed, parseResult) -> {
            PrintWriter err = failed.getErr();
            err.println("internal error: " + ex.getClass().getSimpleName()
                    + (ex.getMessage() == null ? "" : ": " + ex.getMessage()));
            err.flush();
            return INTERNAL_ERROR;
        });
        return cmd;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "missing subcommand: verify, explain, verify-batch, sign, send or demo");
    }

    InputStream stdin() {
        return stdin;
    }

    String env(String name) {
        return env.apply(name);
    }

    Clock clock() {
        return clock;
    }

    /** Reports the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = WebhookVerifierCli.class.getPackage().getImplementationVersion();
            return new String[] {"webhook-verifier " + (version == null ? "(development build)" : version)};
        }
    }
}
