package dev.webhookverifier.cli;

import dev.webhookverifier.Provider;
import dev.webhookverifier.Providers;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookSigner;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options {@code sign} and {@code send} share: provider, signing secret, body, delivery id, timestamp, URL,
 * method, content type and extra (unsigned) headers. Picocli reads the annotated fields of this superclass.
 *
 * <p><b>Security:</b> the secret is handed to a {@link WebhookSigner} and never printed: error messages name the
 * option or environment variable, and a value that contains the secret (providers that send the secret itself as
 * a token header) is printed with {@code <secret>} or {@code ${VAR}} in its place.
 */
abstract class SigningOptions {
    @CommandLine.ParentCommand
    WebhookVerifierCli cli;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--provider",
            required = true,
            paramLabel = "ID",
            description = "Provider id, e.g. stripe, github, slack, standard-webhooks.")
    String providerId;

    @ArgGroup(exclusive = true, multiplicity = "1", heading = "%nSigning secret (exactly one):%n")
    SecretSource secret;

    /** Where the signing secret comes from. */
    static final class SecretSource {
        @Option(
                names = "--secret",
                paramLabel = "SECRET",
                description = "Signing secret exactly as the provider shows it (prefer --secret-env: command lines"
                        + " are visible to other users and end up in shell history).")
        String value;

        @Option(
                names = "--secret-env",
                paramLabel = "VAR",
                description = "Read the signing secret from this environment variable.")
        String env;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1", heading = "%nBody (standard input when none is given):%n")
    BodySource body;

    /** Where the body comes from; standard input when none is given. */
    static final class BodySource {
        @Option(names = "--body-file", paramLabel = "FILE", description = "Read the raw body from this file.")
        Path file;

        @Option(names = "--body-base64", paramLabel = "BASE64", description = "The raw body, base64-encoded.")
        String base64;

        @Option(names = "--data", paramLabel = "TEXT", description = "The body as text (sent as UTF-8).")
        String text;
    }

    @Option(
            names = "--id",
            paramLabel = "ID",
            description = "Delivery id for providers that sign one (default: a random msg_...).")
    String deliveryId;

    @Option(
            names = "--timestamp",
            paramLabel = "EPOCH_SECONDS",
            description = "Signing time for providers that sign one (default: now).")
    Long timestamp;

    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "URL to sign, for providers that sign the URL (default: the target URL, if any).")
    String url;

    @Option(
            names = "--method",
            paramLabel = "METHOD",
            defaultValue = "POST",
            description = "HTTP method (default ${DEFAULT-VALUE}).")
    String method;

    @Option(
            names = "--content-type",
            paramLabel = "TYPE",
            defaultValue = "application/json",
            description = "Content-Type header to send (not signed; default ${DEFAULT-VALUE}; a --header"
                    + " 'Content-Type: ...' replaces it).")
    String contentType;

    @Option(
            names = {"-H", "--header"},
            paramLabel = "'NAME: VALUE'",
            description = "An extra, unsigned header to send (e.g. 'X-GitHub-Event: ping'); repeatable.")
    List<String> extraHeaders = new ArrayList<>();

    /** The provider, or a usage error naming the known ids. */
    Provider provider() {
        try {
            return Providers.byId(providerId);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /** The secret's text once {@link #signer(Provider)} resolved it; only ever compared, never printed. */
    private String secretText;

    /** A signer for the provider with the given secret; the secret is checked against the provider's format. */
    WebhookSigner signer(Provider provider) {
        String value;
        String secretId;
        if (secret.env != null) {
            value = cli.env(secret.env);
            if (value == null || value.isEmpty()) {
                throw usage("environment variable " + secret.env + " is not set");
            }
            secretId = "env";
        } else {
            value = secret.value;
            secretId = "cli";
        }
        secretText = value;
        try {
            return WebhookSigner.of(provider, WebhookSecret.of(secretId, value), cli.clock());
        } catch (IllegalArgumentException e) {
            throw usage("the secret cannot sign for " + provider.id() + ": " + redact(e.getMessage()));
        }
    }

    /**
     * The secret's text if {@code value} contains it (a provider that sends the secret itself as a token
     * header), else {@code null}. Secrets under 4 characters are only matched as a whole value.
     */
    String secretIn(String value) {
        if (secretText == null || secretText.isEmpty() || value == null) {
            return null;
        }
        if (value.equals(secretText) || (secretText.length() >= 4 && value.contains(secretText))) {
            return secretText;
        }
        return null;
    }

    /** {@code text} with the secret replaced by {@code <secret>} (or {@code ${VAR}} when it came from one). */
    String redact(String text) {
        String found = secretIn(text);
        if (text == null) {
            return null;
        }
        return found == null ? text : text.replace(found, placeholder());
    }

    /** How printed output refers to the secret. */
    String placeholder() {
        return secret != null && secret.env != null ? "${" + secret.env + "}" : "<secret>";
    }

    /** Where the secret came from, for curl lines: the environment variable, or {@code null} for --secret. */
    String secretEnv() {
        return secret == null ? null : secret.env;
    }

    /** The raw body from the chosen source. */
    byte[] readBody() {
        try {
            if (body != null && body.file != null) {
                return Files.readAllBytes(body.file);
            }
            if (body != null && body.base64 != null) {
                try {
                    return Base64.getDecoder().decode(body.base64.strip());
                } catch (IllegalArgumentException e) {
                    throw usage("--body-base64 is not valid base64: " + e.getMessage());
                }
            }
            if (body != null && body.text != null) {
                return body.text.getBytes(StandardCharsets.UTF_8);
            }
            if (cli.stdin() == System.in && System.console() != null) {
                spec.commandLine()
                        .getErr()
                        .println("reading the body from standard input (end it with Ctrl-D; or use --data or"
                                + " --body-file)");
                spec.commandLine().getErr().flush();
            }
            return cli.stdin().readAllBytes();
        } catch (NoSuchFileException e) {
            throw usage("no such file: " + e.getMessage());
        } catch (IOException e) {
            throw usage("cannot read the body: " + e);
        }
    }

    /** The extra headers as name to values, in the order given, after the Content-Type. */
    Map<String, List<String>> unsignedHeaders() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        boolean contentTypeGiven =
                extraHeaders.stream().anyMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("content-type:"));
        if (!contentTypeGiven && contentType != null && !contentType.isBlank()) {
            headers.computeIfAbsent("Content-Type", k -> new ArrayList<>()).add(contentType.strip());
        }
        for (String header : extraHeaders) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw usage("--header needs 'Name: value' (a name, a colon, then the value)");
            }
            headers.computeIfAbsent(header.substring(0, colon).trim(), k -> new ArrayList<>())
                    .add(header.substring(colon + 1).strip());
        }
        return headers;
    }

    /** The URI to sign: {@code --url}, else {@code fallback} (may be {@code null}). */
    URI signedUrl(String fallback) {
        String u = url != null ? url : fallback;
        if (u == null) {
            return null;
        }
        try {
            return URI.create(u);
        } catch (IllegalArgumentException e) {
            throw usage("not a URL: " + u);
        }
    }

    /**
     * The unsigned request to sign: method, URL, the unsigned headers (a scheme may look at the Content-Type) and
     * body.
     */
    WebhookRequest unsigned(URI signedUrl, Map<String, List<String>> headers, byte[] bodyBytes) {
        try {
            WebhookRequest.Builder b =
                    WebhookRequest.builder().method(method).url(signedUrl).body(bodyBytes);
            headers.forEach((name, values) -> values.forEach(v -> b.header(name, v)));
            return b.build();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /**
     * The signature headers (in the order the provider sends them) and the URL the provider would call, which a
     * scheme may derive from the signed URL (e.g. by appending a body hash).
     *
     * @param url the URL the provider calls, or {@code null} for schemes that do not sign one
     * @param headers signature header name to value
     */
    record Signature(URI url, Map<String, String> headers) {}

    /** Signs method, URL, headers and body as the provider would. */
    Signature sign(
            WebhookSigner signer,
            URI signedUrl,
            Map<String, List<String>> headers,
            byte[] bodyBytes,
            String deliveryId,
            Instant at) {
        try {
            WebhookRequest unsigned = unsigned(signedUrl, headers, bodyBytes);
            URI called = signer.sign(unsigned, deliveryId, at).url().orElse(null);
            WebhookRequest asCalled =
                    called == null || called.equals(signedUrl) ? unsigned : unsigned(called, headers, bodyBytes);
            return new Signature(called, signer.headers(asCalled, deliveryId, at));
        } catch (IllegalArgumentException e) {
            throw usage("cannot sign this request for " + signer.provider().id() + ": " + redact(e.getMessage()));
        }
    }

    /**
     * Where to send: {@code target}, unless {@code --url} was not given and the scheme changed the URL it signed
     * (the provider would call that URL).
     */
    String targetFor(String target, Signature signature) {
        return url == null && signature.url() != null ? signature.url().toString() : target;
    }

    /** The signing time: {@code --timestamp}, else the clock's current second. */
    Instant signingTime() {
        return timestamp != null
                ? Instant.ofEpochSecond(timestamp)
                : Instant.ofEpochSecond(cli.clock().instant().getEpochSecond());
    }

    /** {@code --id}, else a fresh random id in the {@code msg_...} form. */
    String deliveryIdOrNew() {
        return deliveryId != null ? deliveryId : newDeliveryId();
    }

    static String newDeliveryId() {
        return "msg_" + UUID.randomUUID().toString().replace("-", "");
    }

    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
