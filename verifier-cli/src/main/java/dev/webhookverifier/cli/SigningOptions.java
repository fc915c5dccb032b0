package dev.webhookverifier.cli;

import dev.webhookverifier.Provider;
import dev.webhookverifier.Providers;
import dev.webhookverifier.WebhookKeyPair;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookSigner;
import dev.webhookverifier.WebhookVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
 * The options {@code sign} and {@code send} share: provider, signing key (a shared secret, a private key for the
 * providers that sign with one, or a key pair generated for this run), body, delivery id, timestamp, URL, method,
 * content type and extra (unsigned) headers. Picocli reads the annotated fields of this superclass.
 *
 * <p><b>Security:</b> the secret or private key is handed to a {@link WebhookSigner} and never printed (a generated
 * key pair's public half is, since the receiver needs it): error messages name the option, file or environment
 * variable, and a value that contains the secret (providers that send the secret itself as
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

    @ArgGroup(exclusive = true, multiplicity = "1", heading = "%nSigning key (exactly one):%n")
    SecretSource secret;

    /** Where the signing key comes from: a shared secret, a private key, or a key pair generated for this run. */
    static final class SecretSource {
        @Option(
                names = "--secret",
                paramLabel = "SECRET",
                description = "Signing secret exactly as the provider shows it (prefer --secret-env: command lines"
                        + " are visible to other users and end up in shell history). For discord and sendgrid it"
                        + " takes the private key, like --private-key; for standard-webhooks a whsec_ secret (v1)"
                        + " or a whsk_ private key (v1a).")
        String value;

        @Option(
                names = "--secret-env",
                paramLabel = "VAR",
                description = "Read the signing secret from this environment variable.")
        String env;

        @Option(
                names = "--private-key",
                paramLabel = "KEY",
                description = "Private key, for providers that sign with one and verify with a public key: discord"
                        + " (Ed25519 seed as 64 hex digits, or PKCS#8 as base64 DER or PEM), sendgrid (PKCS#8 EC"
                        + " P-256 as base64 DER or PEM), standard-webhooks (whsk_... Ed25519, signs v1a). Prefer"
                        + " --private-key-file or --private-key-env.")
        String privateKey;

        @Option(
                names = "--private-key-env",
                paramLabel = "VAR",
                description = "Read the private key (discord, sendgrid, standard-webhooks) from this environment"
                        + " variable.")
        String privateKeyEnv;

        @Option(
                names = "--private-key-file",
                paramLabel = "FILE",
                description = "Read the private key (discord, sendgrid, standard-webhooks) from this file, e.g. a"
                        + " PEM file from"
                        + " 'openssl genpkey' or one written by --private-key-out.")
        Path privateKeyFile;

        @Option(
                names = "--generate-key-pair",
                description = "For discord, sendgrid and standard-webhooks (v1a, whsk_/whpk_): generate a key"
                        + " pair for this run, sign with its private"
                        + " half and print its public half (the key the receiver must configure) to standard"
                        + " error, labelled 'public key', so --curl output stays usable. The private half is not"
                        + " printed; keep it with --private-key-out.")
        boolean generate;
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

    @Option(
            names = "--private-key-out",
            paramLabel = "FILE",
            description = "With --generate-key-pair: also write the generated private key to FILE (a new file,"
                    + " never overwritten, readable by its owner only where the file system allows), to sign"
                    + " later deliveries with --private-key-file FILE.")
    Path privateKeyOut;

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

    /** The public key of a key pair generated by {@code --generate-key-pair}, once signed; else {@code null}. */
    String generatedPublicKey;

    /**
     * A signer for the provider with the given secret or private key; the key is checked against the provider's
     * format. With {@code --generate-key-pair}, prints the generated public key to standard error.
     */
    Signer signer(Provider provider) {
        boolean asymmetric = WebhookKeyPair.supports(provider);
        boolean privateKeyOption =
                secret.privateKey != null || secret.privateKeyEnv != null || secret.privateKeyFile != null;
        if ((privateKeyOption || secret.generate) && !asymmetric) {
            throw usage(provider.id() + " signs with a shared secret, not a private key: use --secret or"
                    + " --secret-env");
        }
        if (privateKeyOut != null && !secret.generate) {
            throw usage("--private-key-out needs --generate-key-pair");
        }
        boolean sharedSecretToo = asymmetric && !WebhookKeyPair.required(provider);
        WebhookSecret signingSecret;
        String noun = privateKeyOption || secret.generate ? "the private key" : "the secret";
        if (secret.generate) {
            WebhookKeyPair pair = WebhookKeyPair.generate(provider);
            secretText = pair.exportPrivateKey();
            signingSecret = pair.signingSecret("generated");
            if (privateKeyOut != null) {
                writePrivateKey(privateKeyOut, secretText);
            }
            generatedPublicKey = pair.publicKey();
            PrintWriter err = spec.commandLine().getErr();
            err.println("public key (" + provider.id() + ", generated for this run; configure the receiver with it): "
                    + generatedPublicKey);
            err.println(
                    privateKeyOut != null
                            ? "private key: written to " + privateKeyOut + " (sign with the same pair again with"
                                    + " --private-key-file " + privateKeyOut + ")"
                            : "private key: not kept (use --private-key-out FILE to sign with this pair again)");
            err.flush();
        } else {
            String value;
            String secretId;
            if (secret.env != null || secret.privateKeyEnv != null) {
                String var = secret.env != null ? secret.env : secret.privateKeyEnv;
                value = cli.env(var);
                if (value == null || value.isEmpty()) {
                    throw usage("environment variable " + var + " is not set");
                }
                secretId = "env";
            } else if (secret.privateKeyFile != null) {
                value = readKeyFile(secret.privateKeyFile);
                secretId = "file";
            } else {
                value = secret.value != null ? secret.value : secret.privateKey;
                secretId = "cli";
            }
            secretText = value;
            signingSecret = WebhookSecret.of(secretId, value);
            if (privateKeyOption && sharedSecretToo && verifies(provider, signingSecret)) {
                // standard-webhooks signs with a shared secret too: without this, a whsec_ secret given as the
                // private key would quietly sign v1 (HMAC) instead of failing.
                throw usage("that is not a private key: a " + provider.id() + " verifier accepts it, so it is a"
                        + " shared secret or a public key; give a shared secret with --secret or --secret-env, a"
                        + " private key (whsk_...) with --private-key");
            }
        }
        try {
            return BodySignature.signsInBody(provider)
                    ? new Signer(provider, null, BodySignature.of(provider, secretText))
                    : new Signer(provider, WebhookSigner.of(provider, signingSecret, cli.clock()), null);
        } catch (IllegalArgumentException e) {
            throw usage(noun + " cannot sign for " + provider.id() + ": " + redact(e.getMessage()));
        }
    }

    /** Whether a verifier takes the value (short test secrets allowed, as the signer allows them). */
    private static boolean verifies(Provider provider, WebhookSecret value) {
        try {
            WebhookVerifier.builder(provider).secrets(value).allowWeakSecrets().build();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Signs for one provider: in headers with a {@link WebhookSigner}, or inside the JSON body (mailgun, adyen) with
     * a {@link BodySignature}. Exactly one of the two is set.
     */
    static final class Signer {
        private final Provider provider;
        private final WebhookSigner headers;
        private final BodySignature body;

        Signer(Provider provider, WebhookSigner headers, BodySignature body) {
            this.provider = provider;
            this.headers = headers;
            this.body = body;
        }

        Provider provider() {
            return provider;
        }

        /** Whether the signature goes inside the body, which is then rewritten, rather than into headers. */
        boolean signsInBody() {
            return body != null;
        }

        @Override
        public String toString() {
            return "Signer[" + provider.id() + "]";
        }
    }

    /** The key file's text without surrounding whitespace (PEM line breaks inside are kept). */
    private String readKeyFile(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                throw usage("the private key file " + file + " is empty");
            }
            return text;
        } catch (NoSuchFileException e) {
            throw usage("no such file: " + file);
        } catch (IOException e) {
            // the exception names the file and the problem, never the content
            throw usage("cannot read the private key file " + file + ": "
                    + e.getClass().getSimpleName());
        }
    }

    /** Writes a generated private key to a new file, owner-only where POSIX permissions exist. */
    private void writePrivateKey(Path file, String privateKey) {
        try {
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, privateKey + "\n", StandardCharsets.UTF_8);
        } catch (FileAlreadyExistsException e) {
            throw usage("--private-key-out: " + file + " exists; not overwriting it");
        } catch (IOException e) {
            throw usage("--private-key-out: cannot write " + file + ": "
                    + e.getClass().getSimpleName());
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
                    throw usage("--body-base64 is not valid base64");
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
            throw usage("--url is not a valid URL" + SendCommand.errorIndex(e));
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
     * What to send: the signature headers (in the order the provider sends them; none for a signature inside the
     * body), the URL the provider would call, which a scheme may derive from the signed URL (e.g. by appending a
     * body hash), and the body, which presets that sign inside it rewrite.
     */
    static final class Signature {
        private final URI url;
        private final Map<String, String> headers;
        private final byte[] body;

        Signature(URI url, Map<String, String> headers, byte[] body) {
            this.url = url;
            this.headers = headers;
            this.body = body;
        }

        /** The URL the provider calls, or {@code null} for schemes that do not sign one. */
        URI url() {
            return url;
        }

        /** Signature header name to value. */
        Map<String, String> headers() {
            return headers;
        }

        /** The body to send, exactly as signed. */
        byte[] body() {
            return body.clone();
        }
    }

    /** Signs method, URL, headers and body as the provider would. */
    Signature sign(
            Signer signer,
            URI signedUrl,
            Map<String, List<String>> headers,
            byte[] bodyBytes,
            String deliveryId,
            Instant at) {
        try {
            if (signer.body != null) {
                return new Signature(signedUrl, Map.of(), signer.body.sign(bodyBytes, deliveryId, at));
            }
            WebhookRequest unsigned = unsigned(signedUrl, headers, bodyBytes);
            URI called = signer.headers.sign(unsigned, deliveryId, at).url().orElse(null);
            WebhookRequest asCalled =
                    called == null || called.equals(signedUrl) ? unsigned : unsigned(called, headers, bodyBytes);
            return new Signature(called, signer.headers.headers(asCalled, deliveryId, at), bodyBytes);
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
