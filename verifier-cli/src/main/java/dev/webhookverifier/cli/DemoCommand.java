package dev.webhookverifier.cli;

import dev.webhookverifier.Provider;
import dev.webhookverifier.Providers;
import dev.webhookverifier.WebhookKeyPair;
import dev.webhookverifier.json.JsonProviders;
import dev.webhookverifier.spi.ProviderFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code demo}: signs sample deliveries for every provider preset with freshly generated secrets (key pairs for the
 * presets that sign with a private key; the signature inside the body for Mailgun and Adyen), verifies a matrix of
 * genuine and attacked deliveries, and prints the verdicts as a table; then answers provider handshakes in-process
 * (see {@link DemoHandshakes}) and prints a second table. Exits 0 only if every verdict and answer is the expected
 * one, so it doubles as a smoke test of the built jar.
 *
 * <p>With {@code --http} it instead starts the {@code samples/servlet-jetty} receiver in-process and fires genuine
 * and forged deliveries at it over HTTP (see {@link HttpDemo}), printing what the server answered.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Sign sample deliveries for every provider preset (core's and verifier-json's) and verify genuine,"
                    + " tampered, wrongly keyed, stale, future-dated, garbled and replayed ones.",
            "Then answer provider handshakes through WebhookVerifier.answerHandshake: Dropbox and Meta GET challenges,"
                    + " Asana's X-Hook-Secret, signed Slack, Zoom (encryptedToken checked) and Twitch probes, each"
                    + " answered as sent and refused when forged or wrong; and an endpoint without handshakes refusing a"
                    + " challenge.",
            "Secrets, tokens, and key pairs for discord, sendgrid and standard-webhooks (v1a, besides its whsec_"
                    + " rows), are generated for this run and never printed. aws-sns and its subscription confirmation"
                    + " are listed as not demoed (AWS signs them; its certificate and the SubscribeURL are fetched over"
                    + " HTTPS). Exits 0 only if every verdict and answer is as expected.",
            "With --http: start the servlet-jetty sample receiver in this JVM (its demo secrets) and fire genuine"
                    + " and forged deliveries at each endpoint over HTTP; exits 0 only if every status is as expected"
                    + " (genuine 204, forged 401, replayed duplicate 200)."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every verdict and handshake answer (--http: every HTTP status) as expected",
            "1:some verdict or answer not as expected",
            "2:usage error"
        })
public final class DemoCommand implements Callable<Integer> {
    private static final String[] HEADINGS = {"PROVIDER", "CASE", "VERDICT", "REASON"};

    private static final String[] HANDSHAKE_HEADINGS = {"HANDSHAKE", "CASE", "ANSWER", "EXPECTED"};

    /** The PROVIDER label of verifier-json's Linear preset, which checks the body's webhookTimestamp. */
    static final String LINEAR_JSON = "linear (verifier-json)";

    /**
     * The PROVIDER label of Standard Webhooks signed with a generated Ed25519 key pair ({@code v1a}); its plain
     * {@code standard-webhooks} rows sign with a {@code whsec_} secret ({@code v1}).
     */
    static final String STANDARD_WEBHOOKS_V1A = "standard-webhooks (v1a)";

    /** Presets the in-memory demo cannot cover, and why; printed under the table. */
    static final Map<String, String> EXCLUDED = Map.of(
            "aws-sns",
            "AWS signs SNS messages with its own private key, and verifying one fetches AWS's signing certificate"
                    + " over HTTPS from sns.<region>.amazonaws.com; this offline demo can do neither"
                    + " (verify-batch and verify check real captured SNS messages).");

    private static final String[] HTTP_HEADINGS = {
        "ENDPOINT", "CASE", "HTTP STATUS", "EXPECTED", "SERVLET RAN", "REASON LOGGED BY THE FILTER"
    };

    @CommandLine.ParentCommand
    private WebhookVerifierCli cli;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(
            names = "--http",
            description = "Start the servlet-jetty sample receiver in-process and send the deliveries over HTTP.")
    private boolean http;

    @CommandLine.Option(
            names = "--port",
            paramLabel = "PORT",
            description = "Port for the --http receiver (default: a free one).")
    private Integer port;

    /** Creates the command (picocli instantiates it). */
    public DemoCommand() {}

    @Override
    public Integer call() throws Exception {
        if (port != null && !http) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--port needs --http");
        }
        if (port != null && (port < 0 || port > 65535)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--port must be 0-65535");
        }
        return http ? httpDemo() : inMemoryDemo();
    }

    private int inMemoryDemo() {
        Instant now = cli.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        SecureRandom random = new SecureRandom();
        List<DemoScenario.Target> targets = targets();
        List<DemoScenario.Row> rows = new ArrayList<>();
        Map<String, String> excluded = new LinkedHashMap<>();
        for (DemoScenario.Target target : targets) {
            String why = EXCLUDED.get(target.label());
            if (why != null) {
                excluded.put(target.label(), why);
                rows.add(new DemoScenario.Row(target.label(), "all", "n/a (excluded, see below)", null, "-", true, 0));
            } else {
                rows.addAll(new DemoScenario(target, now, random).run());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        List<String> keyPairVariants = targets.stream()
                .filter(t -> !t.label().equals(t.provider().id()) && t.keyPair())
                .map(DemoScenario.Target::label)
                .toList();
        out.println("Signing and verifying sample deliveries for " + (targets.size() - keyPairVariants.size())
                + " provider presets"
                + (keyPairVariants.isEmpty() ? "" : " (and " + String.join(", ", keyPairVariants) + " with a key pair)")
                + " at " + now + " (secrets and key pairs generated for this run; no secret or private key is"
                + " shown).");
        out.println();
        printTable(out, rows);
        List<DemoHandshakes.Row> handshakes = new DemoHandshakes(now, DemoHandshakes.randomTokens(random)).run();
        excluded.put(DemoHandshakes.AWS_SNS, DemoHandshakes.AWS_SNS_WHY);
        out.println();
        out.println("Answering provider handshakes through WebhookVerifier.answerHandshake (secrets, verify tokens and"
                + " challenges generated for this run; none is shown).");
        out.println();
        printHandshakeTable(out, handshakes);
        int deliveries = rows.stream().mapToInt(DemoScenario.Row::deliveries).sum();
        long unexpected = rows.stream().filter(r -> !r.asExpected()).count()
                + handshakes.stream().filter(r -> !r.asExpected()).count();
        out.println();
        out.println("Not demoed:");
        excluded.forEach((id, why) -> out.println("  " + id + ": " + why));
        out.println();
        out.println(deliveries + " deliveries and " + handshakes.size() + " handshake probes, "
                + (unexpected == 0 ? "all verdicts as expected" : unexpected + " verdict(s) NOT as expected"));
        out.flush();
        return unexpected == 0 ? 0 : 1;
    }

    /** The handshake rows as a table; package-private so a test can check what is printed. */
    static void printHandshakeTable(PrintWriter out, List<DemoHandshakes.Row> rows) {
        List<String[]> cells = new ArrayList<>();
        List<String> marks = new ArrayList<>();
        for (DemoHandshakes.Row r : rows) {
            cells.add(new String[] {r.handshake(), r.name(), r.answer(), r.expected()});
            marks.add(r.asExpected() ? "" : "  <-- UNEXPECTED");
        }
        table(out, HANDSHAKE_HEADINGS, cells, marks);
    }

    /**
     * Every preset {@code Providers.byId} knows: core's (Standard Webhooks twice: with a {@code whsec_} secret and
     * with a {@code whsk_}/{@code whpk_} key pair), then those of other modules found by ServiceLoader
     * (verifier-json), then verifier-json's Linear with its body timestamp, which has no id of its own.
     */
    static List<DemoScenario.Target> targets() {
        List<DemoScenario.Target> targets = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String id : Providers.ids()) {
            seen.add(id);
            Provider provider = Providers.byId(id);
            targets.add(DemoScenario.Target.of(provider));
            if (WebhookKeyPair.supports(provider) && !WebhookKeyPair.required(provider)) {
                // Signs with a shared secret and with a key pair: the rows above cover the first, these the second.
                String label = id.equals("standard-webhooks") ? STANDARD_WEBHOOKS_V1A : id + " (key pair)";
                targets.add(DemoScenario.Target.withKeyPair(label, provider));
            }
        }
        for (ProviderFactory factory : ServiceLoader.load(ProviderFactory.class)) {
            for (String id : factory.ids()) {
                if (seen.add(id)) {
                    targets.add(DemoScenario.Target.of(Providers.byId(id)));
                }
            }
        }
        targets.add(new DemoScenario.Target(LINEAR_JSON, JsonProviders.linear(), DemoScenario.Body.LINEAR));
        return targets;
    }

    private int httpDemo() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<HttpDemo.Row> rows;
        try {
            rows = new HttpDemo().run(port == null ? 0 : port, base -> {
                out.println("Started the servlet-jetty sample receiver (JettyWebhookReceiver, demo secrets) at " + base
                        + "{"
                        + String.join(
                                ",",
                                HttpDemo.ENDPOINTS.stream()
                                        .map(HttpDemo.Endpoint::path)
                                        .toList())
                        + "}");
                out.println(
                        "Sending genuine and forged deliveries over HTTP; the table shows what the server answered.");
                out.println();
                out.flush();
            });
        } catch (IOException e) {
            // Jetty reports a port in use as an IOException wrapping the BindException
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "cannot start the receiver on port " + port + ": " + e.getMessage(), e);
        }
        List<String[]> cells = new ArrayList<>();
        List<String> marks = new ArrayList<>();
        for (HttpDemo.Row r : rows) {
            cells.add(new String[] {r.endpoint(), r.name(), r.status(), r.expected(), r.servletRan(), r.logged()});
            marks.add(r.asExpected() ? "" : "  <-- UNEXPECTED");
        }
        table(out, HTTP_HEADINGS, cells, marks);
        long requests = rows.stream()
                .filter(r -> !r.status().equals(HttpDemo.NOT_APPLICABLE))
                .count();
        long unexpected = rows.stream().filter(r -> !r.asExpected()).count();
        boolean servletOnlyForGenuine = rows.stream()
                .filter(r -> !r.servletRan().equals("-"))
                .allMatch(r -> r.servletRan().equals("yes") == r.expected().equals("204"));
        out.println();
        out.println((unexpected == 0
                        ? requests + " requests, every status as expected"
                        : requests + " requests, " + unexpected + " status(es) NOT as expected")
                + (servletOnlyForGenuine
                        ? " (the servlet ran only for genuine, first-time deliveries)"
                        : " (the servlet ran for a delivery it should not have, or not for a genuine one)"));
        out.println("Receiver stopped.");
        out.flush();
        return unexpected == 0 ? 0 : 1;
    }

    private static void table(PrintWriter out, String[] headings, List<String[]> rows, List<String> marks) {
        List<String[]> cells = new ArrayList<>();
        cells.add(headings);
        cells.addAll(rows);
        int[] widths = new int[headings.length];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (int i = 0; i < cells.size(); i++) {
            out.println((format(cells.get(i), widths) + (i == 0 ? "" : marks.get(i - 1))).stripTrailing());
            if (i == 0) {
                out.println(format(dashes(widths), widths).stripTrailing());
            }
        }
    }

    private static void printTable(PrintWriter out, List<DemoScenario.Row> rows) {
        List<String[]> cells = new ArrayList<>();
        cells.add(HEADINGS);
        for (DemoScenario.Row r : rows) {
            cells.add(new String[] {
                r.provider(),
                r.name(),
                r.verdict(),
                r.reason() == null ? "-" : r.reason().name()
            });
        }
        int[] widths = new int[HEADINGS.length];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (int i = 0; i < cells.size(); i++) {
            String line = format(cells.get(i), widths);
            if (i > 0 && !rows.get(i - 1).asExpected()) {
                line += "  <-- UNEXPECTED, expected " + rows.get(i - 1).expected();
            }
            out.println(line.stripTrailing());
            if (i == 0) {
                out.println(format(dashes(widths), widths).stripTrailing());
            }
        }
    }

    private static String format(String[] row, int[] widths) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < row.length; i++) {
            s.append(String.format("%-" + widths[i] + "s", row[i]));
            if (i < row.length - 1) {
                s.append(" | ");
            }
        }
        return s.toString();
    }

    private static String[] dashes(int[] widths) {
        String[] d = new String[widths.length];
        for (int i = 0; i < widths.length; i++) {
            d[i] = "-".repeat(widths[i]);
        }
        return d;
    }
}
