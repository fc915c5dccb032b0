package dev.webhookverifier.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.webhookverifier.Provider;
import dev.webhookverifier.VerifiedDelivery;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookVerificationException;
import dev.webhookverifier.WebhookVerifier;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code verify}: verifies one captured request and explains the verdict. Exit 0 valid, 1 rejected, 2 usage
 * error. Never prints the secret or the signature.
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Verify one captured webhook request.",
            "The body comes from --body-file, --body-base64 or standard input, exactly as received.",
            "Prints the verdict (provider, reason, delivery id, matching secret id); never the secret or the"
                    + " signature."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:valid", "1:rejected", "2:usage error (bad flags, unknown provider, malformed secret)"})
public final class VerifyCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.ParentCommand
    private WebhookVerifierCli cli;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private RequestOptions request;

    @Option(names = "--json", description = "Print one JSON object: {\"valid\":..,\"reason\":..,\"message\":..}.")
    private boolean json;

    /** Creates the command (picocli instantiates it). */
    public VerifyCommand() {}

    @Override
    public Integer call() {
        WebhookVerifier verifier = buildVerifier();
        WebhookRequest captured = request.request(cli, spec.commandLine());
        PrintWriter out = spec.commandLine().getOut();
        try {
            VerifiedDelivery delivery = verifier.verify(captured);
            out.println(json ? validJson(delivery) : validText(delivery));
            out.flush();
            return 0;
        } catch (WebhookVerificationException e) {
            out.println(json ? rejectedJson(e) : rejectedText(verifier.provider(), e));
            out.flush();
            return 1;
        }
    }

    private WebhookVerifier buildVerifier() {
        try {
            WebhookVerifier.Builder b = WebhookVerifier.builder(request.provider())
                    .secrets(request.ring(cli))
                    .maxBodyBytes(request.maxBodyBytes)
                    .clock(request.clock(cli));
            if (request.tolerance != null) {
                b.tolerance(request.tolerance);
            }
            if (request.allowWeakSecrets) {
                b.allowWeakSecrets();
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private static String validText(VerifiedDelivery d) {
        StringBuilder s = new StringBuilder("VALID: " + d.providerId() + " delivery verified\n");
        d.deliveryId().ifPresent(id -> s.append("  delivery id: ").append(id).append('\n'));
        d.timestamp().ifPresent(t -> s.append("  signed at:   ").append(t).append('\n'));
        s.append("  secret id:   ").append(d.secretId()).append('\n');
        s.append("  body:        ").append(d.bodyLength()).append(" bytes");
        return s.toString();
    }

    private static String rejectedText(Provider provider, WebhookVerificationException e) {
        return "REJECTED: " + provider.id() + " delivery\n"
                + "  reason:  " + e.reason() + "\n"
                + "  message: " + e.getMessage();
    }

    private static String validJson(VerifiedDelivery d) {
        ObjectNode o = JSON.createObjectNode();
        o.put("valid", true);
        o.putNull("reason");
        o.putNull("message");
        o.put("provider", d.providerId());
        o.put("delivery_id", d.deliveryId().orElse(null));
        o.put(
                "timestamp_epoch_seconds",
                d.timestamp().map(Instant::getEpochSecond).orElse(null));
        o.put("secret_id", d.secretId());
        return o.toString();
    }

    private static String rejectedJson(WebhookVerificationException e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("valid", false);
        o.put("reason", e.reason().name());
        o.put("message", e.getMessage());
        o.put("provider", e.providerId());
        return o.toString();
    }
}
