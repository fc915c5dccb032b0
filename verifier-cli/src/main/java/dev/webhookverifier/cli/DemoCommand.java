package dev.webhookverifier.cli;

import dev.webhookverifier.Providers;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code demo}: signs sample deliveries for every provider preset with freshly generated secrets, verifies a
 * matrix of genuine and attacked deliveries, and prints the verdicts as a table. Exits 0 only if every verdict is
 * the expected one, so it doubles as a smoke test of the built jar.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Sign sample deliveries for every provider preset and verify genuine, tampered, wrongly keyed, stale,"
                    + " future-dated, garbled and replayed ones.",
            "Secrets are generated for this run and never printed. Exits 0 only if every verdict is as expected."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every verdict as expected", "1:some verdict not as expected"})
public final class DemoCommand implements Callable<Integer> {
    private static final String[] HEADINGS = {"PROVIDER", "CASE", "VERDICT", "REASON"};

    @CommandLine.ParentCommand
    private WebhookVerifierCli cli;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Creates the command (picocli instantiates it). */
    public DemoCommand() {}

    @Override
    public Integer call() {
        Instant now = cli.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        SecureRandom random = new SecureRandom();
        List<DemoScenario.Row> rows = new ArrayList<>();
        for (String id : Providers.ids()) {
            rows.addAll(new DemoScenario(Providers.byId(id), now, random).run());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(
                "Signing and verifying sample deliveries for " + Providers.ids().size() + " provider presets at " + now
                        + " (secrets generated for this run, not shown).");
        out.println();
        printTable(out, rows);
        int deliveries = rows.stream().mapToInt(DemoScenario.Row::deliveries).sum();
        long unexpected = rows.stream().filter(r -> !r.asExpected()).count();
        out.println();
        out.println(
                unexpected == 0
                        ? deliveries + " deliveries, all verdicts as expected"
                        : deliveries + " deliveries, " + unexpected + " verdict(s) NOT as expected");
        out.flush();
        return unexpected == 0 ? 0 : 1;
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
