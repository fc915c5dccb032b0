package dev.webhookverifier.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.webhookverifier.Diagnosis;
import dev.webhookverifier.WebhookDiagnostics;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
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

    @CommandLine.Mixin
    private RequestOptions request;

    @Option(names = "--json", description = "Print the diagnosis as one JSON object.")
    private boolean json;

    /** Creates the command (picocli instantiates it). */
    public ExplainCommand() {}

    @Override
    public Integer call() {
        WebhookDiagnostics.Builder diagnostics = diagnostics();
        Diagnosis diagnosis = diagnostics.explain(request.request(cli, spec.commandLine()));
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? toJson(diagnosis) : diagnosis.toString());
        out.flush();
        return diagnosis.verified() ? 0 : 1;
    }

    /** Not a verifier: a secret the verifier would refuse (whitespace, an API key) is what explain diagnoses. */
    private WebhookDiagnostics.Builder diagnostics() {
        try {
            WebhookDiagnostics.Builder b = WebhookDiagnostics.builder(request.provider())
                    .secrets(request.ring(cli))
                    .maxBodyBytes(request.maxBodyBytes)
                    .clock(request.clock(cli));
            if (request.tolerance != null) {
                b.tolerance(request.tolerance);
            }
            if (request.allowWeakSecrets) {
                b.allowWeakSecrets();
            }
            return b;
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
