package dev.webhookverifier.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.webhookverifier.Provider;
import dev.webhookverifier.Providers;
import dev.webhookverifier.SecretRing;
import dev.webhookverifier.VerifiedDelivery;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookVerificationException;
import dev.webhookverifier.WebhookVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
    private static final int DEFAULT_MAX_BODY = WebhookVerifier.DEFAULT_MAX_BODY_BYTES;

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
    private Keys keys;

    /** The key options; several may be given (a rotation), ids name them in the output. */
    static final class Keys {
        @Option(
                names = "--secret",
                paramLabel = "SECRET",
                description = "Signing secret exactly as the provider shows it (prefer --secret-env: command lines"
                        + " are visible to other users and end up in shell history).")
        List<String> secrets = new ArrayList<>();

        @Option(
                names = "--secret-env",
                paramLabel = "VAR",
                description = "Read the signing secret from this environment variable.")
        List<String> secretEnvs = new ArrayList<>();

        @Option(
                names = "--public-key",
                paramLabel = "KEY",
                description = "Verification public key (e.g. whpk_... for Standard Webhooks v1a).")
        List<String> publicKeys = new ArrayList<>();
    }

    @Option(
            names = {"-H", "--header"},
            paramLabel = "'NAME: VALUE'",
            description = "A request header; repeat for each header (and for each value of a repeated header).")
    private List<String> headers = new ArrayList<>();

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    private BodySource body;

    /** Where the body comes from; standard input when neither is given. */
    static final class BodySource {
        @Option(names = "--body-file", paramLabel = "FILE", description = "Read the raw body from this file.")
        Path file;

        @Option(names = "--body-base64", paramLabel = "BASE64", description = "The raw body, base64-encoded.")
        String base64;
    }

    @Option(names = "--url", paramLabel = "URL", description = "Full URL the provider called (URL-signing providers).")
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
    private int maxBodyBytes = DEFAULT_MAX_BODY;

    @Option(
            names = "--allow-weak-secrets",
            description = "Accept secrets shorter than the usual minimum (test secrets only).")
    private boolean allowWeakSecrets;

    @Option(names = "--json", description = "Print one JSON object: {\"valid\":..,\"reason\":..,\"message\":..}.")
    private boolean json;

    /** Creates the command (picocli instantiates it). */
    public VerifyCommand() {}

    @Override
    public Integer call() {
        WebhookVerifier verifier = buildVerifier();
        WebhookRequest request = buildRequest();
        PrintWriter out = spec.commandLine().getOut();
        try {
            VerifiedDelivery delivery = verifier.verify(request);
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
            Provider provider = Providers.byId(providerId);
            WebhookVerifier.Builder b = WebhookVerifier.builder(provider)
                    .secrets(ring())
                    .maxBodyBytes(maxBodyBytes)
                    .clock(now == null ? cli.clock() : Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC));
            if (tolerance != null) {
                b.tolerance(tolerance);
            }
            if (allowWeakSecrets) {
                b.allowWeakSecrets();
            }
            return b.build();
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
            ring.add(WebhookSecret.of(envSecretId(var), value));
        }
        for (int i = 0; i < keys.publicKeys.size(); i++) {
            ring.add(WebhookSecret.of("public-key-" + (i + 1), keys.publicKeys.get(i)));
        }
        return SecretRing.of(ring);
    }

    /** The variable's name (not secret) as the id, so the output says which variable's secret matched. */
    private static String envSecretId(String var) {
        String id = "env:" + var.replaceAll("[^A-Za-z0-9.-]", "-");
        return id.length() <= 64 ? id : id.substring(0, 64);
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
            readBody(b);
            return b.build();
        } catch (IllegalArgumentException | IOException e) {
            throw new ParameterException(spec.commandLine(), describe(e), e);
        }
    }

    private void readBody(WebhookRequest.Builder b) throws IOException {
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
    }

    private static String describe(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file: " + e.getMessage();
        }
        if (e instanceof IOException) {
            return "cannot read the body: " + e;
        }
        return e.getMessage();
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
