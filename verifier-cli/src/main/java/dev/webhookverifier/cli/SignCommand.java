package dev.webhookverifier.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.webhookverifier.Provider;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sign}: signs a body as the provider would and prints the signature headers ({@code Name: value}, one per
 * line), or with {@code --curl URL} a ready-to-paste {@code curl} command line. Prints the signature (that is the
 * point) but never the secret or a private key; with {@code --generate-key-pair}, the generated public key goes to
 * standard error (and into {@code --json} output).
 */
@Command(
        name = "sign",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Sign a body as the provider would, for testing your endpoint locally.",
            "Prints the signature headers, one 'Name: value' per line, or with --curl URL a curl command line that"
                    + " POSTs the signed body. The body comes from --body-file, --body-base64, --data or standard"
                    + " input. The secret is never printed.",
            "mailgun and adyen sign inside the JSON body: sign prints the signed body instead of headers (adyen"
                    + " needs one notificationItems[0].NotificationRequestItem in it). aws-sns cannot be signed:"
                    + " AWS signs it with its own private key.",
            "Providers that sign with a private key (discord, sendgrid, and standard-webhooks for v1a with a whsk_"
                    + " key) take it with --private-key, --private-key-env or --private-key-file, or"
                    + " --generate-key-pair makes a pair for this run and prints its public key to standard error for"
                    + " the receiver to configure."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:signed",
            "2:usage error (bad flags, unknown provider, secret or private key unfit for the provider)"
        })
public final class SignCommand extends SigningOptions implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(
            names = "--curl",
            paramLabel = "URL",
            description = "Print a curl command line POSTing the signed body to this URL instead of the headers.")
    private String curlUrl;

    @Option(
            names = "--json",
            description = "Print one JSON object: provider, delivery_id, timestamp_epoch_seconds, url, headers (and"
                    + " curl; body for mailgun and adyen; public_key with --generate-key-pair).")
    private boolean json;

    /** Creates the command (picocli instantiates it). */
    public SignCommand() {}

    @Override
    public Integer call() {
        Provider provider = provider();
        Signer signer = signer(provider);
        byte[] bodyBytes = readBody();
        URI signedUrl = signedUrl(curlUrl);
        String id = deliveryIdOrNew();
        Instant at = signingTime();
        Map<String, List<String>> unsignedHeaders = unsignedHeaders();
        Signature signed = sign(signer, signedUrl, unsignedHeaders, bodyBytes, id, at);
        Map<String, String> signature = signed.headers();
        String hidden = signature.values().stream()
                .map(this::secretIn)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
        if (hidden != null) {
            spec.commandLine()
                    .getErr()
                    .println("note: " + provider.id() + " sends the secret itself, shown as " + placeholder()
                            + (secretEnv() == null && curlUrl != null
                                    ? "; use --secret-env VAR for a curl line that runs as printed"
                                    : ""));
            spec.commandLine().getErr().flush();
        }
        String calledUrl = signed.url() == null ? null : signed.url().toString();
        if (calledUrl != null && !calledUrl.equals(signedUrl == null ? null : signedUrl.toString()) && !json) {
            spec.commandLine()
                    .getErr()
                    .println("note: " + provider.id() + " calls (and signs) the URL " + redact(calledUrl));
            spec.commandLine().getErr().flush();
        }

        boolean inBody = signer.signsInBody();
        byte[] signedBody = signed.body();
        if (inBody && !json) {
            spec.commandLine()
                    .getErr()
                    .println("note: " + provider.id() + " signs inside the JSON body: "
                            + (curlUrl != null ? "the curl line sends" : "printed is")
                            + " the signed body, to send exactly as printed (no signature header)");
            spec.commandLine().getErr().flush();
        }

        String curl = null;
        if (curlUrl != null) {
            Map<String, List<String>> all = new LinkedHashMap<>(unsignedHeaders);
            signature.forEach((name, value) ->
                    all.computeIfAbsent(name, k -> new ArrayList<>()).add(value));
            curl = Curl.command(
                    method,
                    targetFor(curlUrl, signed),
                    all,
                    signedBody,
                    // a rewritten body is no longer the file's content
                    body == null || inBody ? null : body.file,
                    hidden,
                    secretEnv());
        }

        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = JSON.createObjectNode();
            o.put("provider", provider.id());
            o.put("delivery_id", signature.containsValue(id) || (inBody && provider.signsDeliveryId()) ? id : null);
            o.put("timestamp_epoch_seconds", provider.signsTimestamp() ? at.getEpochSecond() : null);
            o.put("url", calledUrl == null ? null : redact(calledUrl));
            ObjectNode h = o.putObject("headers");
            signature.forEach((name, value) -> h.put(name, redact(value)));
            if (inBody) {
                o.put("body", new String(signedBody, StandardCharsets.UTF_8));
            }
            if (generatedPublicKey != null) {
                o.put("public_key", generatedPublicKey);
            }
            if (curl != null) {
                o.put("curl", curl);
            }
            out.println(o);
        } else if (curl != null) {
            out.println(curl);
        } else if (inBody) {
            out.println(new String(signedBody, StandardCharsets.UTF_8));
        } else {
            signature.forEach((name, value) -> out.println(name + ": " + redact(value)));
        }
        out.flush();
        return 0;
    }
}
