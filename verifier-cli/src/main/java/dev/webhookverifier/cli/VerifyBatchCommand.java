package dev.webhookverifier.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.webhookverifier.SecretRing;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookVerificationException;
import dev.webhookverifier.WebhookVerifier;
import dev.webhookverifier.replay.ReplayStore;
import dev.webhookverifier.replay.ReplayStores;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code verify-batch}: verifies JSON Lines of captured requests for conformance runs (DESIGN §5, a contract).
 * One output line per input line, in order: {@code {"id":..,"valid":..,"reason":..}}, or
 * {@code {"id":..,"error":".."}} for a line that cannot be checked; the run always continues.
 */
@Command(
        name = "verify-batch",
        mixinStandardHelpOptions = true,
        description = {
            "Verify JSON Lines of captured requests (conformance corpora); reads FILE, or standard input.",
            "",
            "Input, one object per line:",
            "  {\"id\": \"...\", \"provider\": \"<provider id>\", \"secret\": \"...\" (or \"secrets\": [\"...\", \"...\"],"
                    + " a rotation ring valid if any one matches, or \"public_key\": \"...\"),",
            "   \"tolerance_seconds\": 300 (optional), \"request\": {\"method\": \"POST\", \"url\": \"https://...\",",
            "   \"headers\": {\"Name\": \"value\" or [\"v1\", \"v2\"]}, \"body_base64\": \"...\",",
            "   \"received_at_epoch_seconds\": 1767229219}}",
            "Output, one compact JSON object per input line, same order:",
            "  {\"id\": \"...\", \"valid\": true|false, \"reason\": null | \"<FailureReason>\"}",
            "  or {\"id\": ..., \"error\": \"...\"} for a line that cannot be checked (bad JSON, unknown provider,"
                    + " missing field, malformed secret); the run continues. Blank lines are skipped.",
            "",
            "Each line is checked against its own received_at_epoch_seconds as the clock. With --replay, give the"
                    + " lines in received_at order (a warning is printed when time goes back).",
            "Short (weak) secrets are accepted, since conformance corpora use short test secrets: never feed"
                    + " production secrets through this command.",
            "Output never contains a secret or a signature.",
            ""
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the run completed (whatever the verdicts)", "2:usage error (bad flags, unreadable FILE)"})
public final class VerifyBatchCommand implements Callable<Integer> {
    /** Upper bound on keys the run's in-memory replay store holds (they are allocated as lines arrive). */
    static final int REPLAY_CAPACITY = 10_000_000;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    @CommandLine.ParentCommand
    private WebhookVerifierCli cli;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--replay",
            paramLabel = "STORE",
            description = "Detect duplicates with one replay store spanning all lines in file order, each line's"
                    + " received_at_epoch_seconds acting as its clock; a duplicate reports"
                    + " \"valid\": false, \"reason\": \"REPLAYED\". STORE: memory.")
    private String replay;

    @Option(
            names = "--replay-retention",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "With --replay: how long a delivery is remembered for providers without a signed timestamp"
                    + " (github, shopify, ...), e.g. 1d, 12h, 30m, 300s. Required for such lines; providers with"
                    + " a signed timestamp remember for twice their tolerance.")
    private Duration replayRetention;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "FILE",
            description = "JSON Lines input; standard input when absent or '-'.")
    private Path file;

    private SettableClock clock;
    private ReplayStore store;
    private Instant latest = Instant.MIN;
    private boolean warnedBackwards;
    private long lineNumber;

    /** Creates the command (picocli instantiates it). */
    public VerifyBatchCommand() {}

    @Override
    public Integer call() {
        if (replay != null && !replay.equals("memory")) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--replay supports 'memory' only, got '" + replay + "'");
        }
        if (replayRetention != null && replay == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--replay-retention needs --replay memory");
        }
        if (replayRetention != null && (replayRetention.isZero() || replayRetention.isNegative())) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--replay-retention must be positive");
        }
        clock = new SettableClock(Instant.EPOCH);
        store = replay == null ? null : ReplayStores.inMemory(REPLAY_CAPACITY, clock);
        PrintWriter out = spec.commandLine().getOut();
        try (BufferedReader in = open()) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                if (!line.isBlank()) {
                    out.println(JSON.writeValueAsString(check(line)));
                    out.flush();
                }
            }
        } catch (NoSuchFileException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no such file: " + file);
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "cannot read " + source() + ": " + e);
        }
        return 0;
    }

    private BufferedReader open() throws IOException {
        InputStream in = file == null || file.toString().equals("-") ? cli.stdin() : Files.newInputStream(file);
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    private String source() {
        return file == null ? "standard input" : file.toString();
    }

    /** The output object for one input line; never throws for bad input. */
    ObjectNode check(String text) {
        JsonNode parsed;
        try {
            parsed = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            // the parser's own message may quote the line (and so a secret): report the position only
            return error(
                    null,
                    "malformed JSON"
                            + (e.getLocation() == null
                                    ? ""
                                    : " at column " + e.getLocation().getColumnNr()));
        }
        JsonNode id = BatchLine.id(parsed);
        BatchLine line;
        WebhookVerifier verifier;
        try {
            line = BatchLine.parse(parsed);
            verifier = verifier(line);
        } catch (BatchLine.Invalid e) {
            return error(id, e.getMessage());
        } catch (IllegalArgumentException e) {
            return error(id, e.getMessage());
        }
        ObjectNode result = JSON.createObjectNode();
        result.set("id", id);
        try {
            verifier.verify(line.request());
            result.put("valid", true);
            result.putNull("reason");
        } catch (WebhookVerificationException e) {
            result.put("valid", false);
            result.put("reason", e.reason().name());
        }
        return result;
    }

    private WebhookVerifier verifier(BatchLine line) throws BatchLine.Invalid {
        clock.set(line.receivedAt());
        if (store != null) {
            warnIfTimeGoesBack(line.receivedAt());
        }
        List<WebhookSecret> ring = new ArrayList<>();
        String kind = line.publicKey() ? "public-key" : "secret";
        for (int i = 0; i < line.keys().size(); i++) {
            ring.add(WebhookSecret.of(
                    line.keys().size() == 1 ? kind : kind + "-" + (i + 1),
                    line.keys().get(i)));
        }
        WebhookVerifier.Builder b = WebhookVerifier.builder(line.provider())
                .secrets(SecretRing.of(ring))
                .clock(clock)
                .allowWeakSecrets();
        if (line.tolerance() != null) {
            b.tolerance(line.tolerance());
        }
        if (store != null) {
            b.replayStore(store);
            if (!line.provider().signsTimestamp()) {
                if (replayRetention == null) {
                    throw new BatchLine.Invalid("provider '" + line.provider().id()
                            + "' signs no timestamp: with --replay, give --replay-retention (e.g. 1d) covering its"
                            + " retry period");
                }
                b.replayRetention(replayRetention);
            }
        }
        return b.build();
    }

    /**
     * The store forgets keys as its clock passes their expiry; when the clock then goes back, a duplicate of a
     * forgotten key is accepted. Exact replay results need input in received_at order.
     */
    private void warnIfTimeGoesBack(Instant receivedAt) {
        if (receivedAt.isBefore(latest) && !warnedBackwards) {
            warnedBackwards = true;
            PrintWriter err = spec.commandLine().getErr();
            err.println("warning: line " + lineNumber + ": received_at_epoch_seconds goes back in time (" + receivedAt
                    + " after " + latest + "); keys that expired at the later time may be forgotten, so a duplicate"
                    + " may pass: sort the input by received_at for exact --replay results");
            err.flush();
        }
        if (receivedAt.isAfter(latest)) {
            latest = receivedAt;
        }
    }

    private static ObjectNode error(JsonNode id, String message) {
        ObjectNode o = JSON.createObjectNode();
        o.set("id", id);
        o.put("error", message);
        return o;
    }
}
