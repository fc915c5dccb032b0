package dev.webhookverifier.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.webhookverifier.Diagnosis;
import dev.webhookverifier.Provider;
import dev.webhookverifier.Providers;
import dev.webhookverifier.SecretRing;
import dev.webhookverifier.WebhookDiagnostics;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code explain}: why a captured request fails verification. Takes the same options as {@code verify}, runs each
 * check and tries the usual culprits (re-serialized body, newline, CRLF, BOM, charset, secret whitespace or
 * encoding, clock skew, a proxy-changed URL, unknown signature versions). Exit 0 if the request verifies, 1 if not,
 * 2 usage error. Never prints a secret, a signature or the body: only short fingerprints.
 */
@Command(
        name = "explain",
        mixinStandardHelpOptions = true,
        description = {
            "Explain why a captured webhook request fails (or passes) verification.",
            "Same options as verify. Checks each step and tries likely causes with the given secret(s): body"
                    + " re-serialized or pretty-printed, trailing newline, CRLF, BOM, wrong charset, secret whitespace"
                    + " or encoding, wrong secret type, clock skew, a URL changed by a proxy, unknown signature"
                    + " versions.",
            "Prints no secret, signature or body content; secrets and signatures appear as sha256 fingerprints"
                    + " (first 8 hex digits; for a secret: printf '%s' \"$SECRET\" | sha256sum | cut -c1-8)."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the request verifies", "1:it does not (see the explanation)", "2:usage error"})
public final class ExplainCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.ParentCommand
    private WebhookVerifierCli cli;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--provider",
            required = true,
            paramLabel = "ID",
            description = "Provider id, e.g. stripe, github, standard-webhooks.")
    private String providerId;

    @ArgGroup(exclusive = false, multiplicity = "1", heading = "%nKey material (at least one; tried in order):%n")
    private VerifyCommand.Keys keys;

    @Option(
            names = {"-H", "--header"},
            paramLabel = "'NAME: VALUE'",
            description = "A request header; repeat for each header (and for each value of a repeated header).")
    private List<String> headers = new ArrayList<>();

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    private VerifyCommand.BodySource body;

    @Option(names = "--url", paramLabel = "URL", description = "Full URL the request was received at.")
    private String url;

    @Option(
            names = "--method",
            paramLabel = "METHOD",
            defaultValue = "POST",
            description = "HTTP method (default POST).")
    private String method;

    @Option(
            names = "--tolerance",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Timestamp tolerance in both directions, e.g. 300s or 5m (default: the provider's).")
    private Duration tolerance;

    @Option(
            names = "--now",
            paramLabel = "EPOCH_SECONDS",
            description = "Check timestamps against this time instead of the system clock.")
    private Long now;

    @Option(
            names = "--max-body-bytes",
            paramLabel = "BYTES",
            description = "Largest body accepted (default ${DEFAULT-VALUE}).")
    private int maxBodyBytes = WebhookVerifier.DEFAULT_MAX_BODY_BYTES;

    @Option(
            names = "--allow-weak-secrets",
            description = "Accept secrets shorter than the usual minimum (test secrets only).")
    private boolean allowWeakSecrets;

    @Option(names = "--json", description = "Print the diagnosis as one JSON object.")
    private boolean json;

    /** Creates the command (picocli instantiates it). */
    public ExplainCommand() {}

    @Override
    public Integer call() {
        WebhookDiagnostics.Builder diagnostics = diagnostics();
        WebhookRequest request = buildRequest();
        Diagnosis diagnosis = diagnostics.explain(request);
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? toJson(diagnosis) : diagnosis.toString());
        out.flush();
        return diagnosis.verified() ? 0 : 1;
    }

    /** Not a verifier: a secret the verifier would refuse (whitespace, an API key) is what explain diagnoses. */
    private WebhookDiagnostics.Builder diagnostics() {
        try {
            Provider provider = Providers.byId(providerId);
            WebhookDiagnostics.Builder b = WebhookDiagnostics.builder(provider)
                    .secrets(ring())
                    .maxBodyBytes(maxBodyBytes)
                    .clock(now == null ? cli.clock() : Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC));
            if (tolerance != null) {
                b.tolerance(tolerance);
            }
            if (allowWeakSecrets) {
                b.allowWeakSecrets();
            }
            return b;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private SecretRing ring() {
        List<WebhookSecret> ring = new ArrayList<>();
        for (int i = 0; i < keys.secrets.size(); i++) {
            ring.add(WebhookSecret.of("secret-" + (i + 1), keys.secrets.get(i)));
        }
        for (String var : keys.secretEnvs) {
            String value = cli.env(var);
            if (value == null) {
                throw new IllegalArgumentException("environment variable " + var + " is not set");
            }
            String id = "env:" + var.replaceAll("[^A-Za-z0-9.-]", "-");
            ring.add(WebhookSecret.of(id.length() <= 64 ? id : id.substring(0, 64), value));
        }
        for (int i = 0; i < keys.publicKeys.size(); i++) {
            ring.add(WebhookSecret.of("public-key-" + (i + 1), keys.publicKeys.get(i)));
        }
        return SecretRing.of(ring);
    }

    private WebhookRequest buildRequest() {
        try {
            WebhookRequest.Builder b =
                    WebhookRequest.builder().method(method).url(url == null ? null : URI.create(url));
            for (String header : headers) {
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException(
                            "--header needs 'Name: value' (a name, a colon, then the value)");
                }
                b.header(
                        header.substring(0, colon).trim(),
                        header.substring(colon + 1).strip());
            }
            if (body != null && body.file != null) {
                b.body(Files.readAllBytes(body.file));
            } else if (body != null && body.base64 != null) {
                try {
                    b.body(Base64.getDecoder().decode(body.base64.strip()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--body-base64 is not valid base64: " + e.getMessage(), e);
                }
            } else {
                b.body(cli.stdin().readAllBytes());
            }
            return b.build();
        } catch (NoSuchFileException e) {
            throw new ParameterException(spec.commandLine(), "no such file: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "cannot read the body: " + e, e);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    static String toJson(Diagnosis d) {
        ObjectNode o = JSON.createObjectNode();
        o.put("provider", d.providerId());
        o.put("valid", d.verified());
        o.put("reason", d.reason().map(Enum::name).orElse(null));
        ArrayNode steps = o.putArray("steps");
        for (Diagnosis.Step s : d.steps()) {
            ObjectNode step = steps.addObject();
            step.put("name", s.name());
            step.put("status", s.status().name());
            step.put("reason", s.reason() == null ? null : s.reason().name());
            step.put("detail", s.detail());
        }
        ArrayNode hints = o.putArray("hints");
        for (Diagnosis.Hint h : d.hints()) {
            ObjectNode hint = hints.addObject();
            hint.put("cause", h.cause().name());
            hint.put("confirmed", h.confirmed());
            hint.put("message", h.message());
        }
        ObjectNode secrets = o.putObject("secret_fingerprints");
        d.secretFingerprints().forEach(secrets::put);
        ArrayNode signatures = o.putArray("signature_fingerprints");
        d.signatureFingerprints().forEach(signatures::add);
        return o.toString();
    }
}
