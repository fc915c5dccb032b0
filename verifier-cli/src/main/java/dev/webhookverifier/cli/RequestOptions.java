package dev.webhookverifier.cli;

import dev.webhookverifier.Provider;
import dev.webhookverifier.Providers;
import dev.webhookverifier.SecretRing;
import dev.webhookverifier.WebhookRequest;
import dev.webhookverifier.WebhookSecret;
import dev.webhookverifier.WebhookVerifier;
import java.io.IOException;
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
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options {@code verify} and {@code explain} share (a picocli mixin): provider, key material, the captured
 * request (headers, body, URL, method) and the checks' settings (tolerance, clock, body limit, weak secrets).
 *
 * <p><b>Security:</b> secrets only become {@link WebhookSecret}s; no message built here contains one.
 */
final class RequestOptions {
    @Option(
            names = "--provider",
            required = true,
            paramLabel = "ID",
            description = "Provider id, e.g. stripe, github, standard-webhooks.")
    String providerId;

    @ArgGroup(exclusive = false, multiplicity = "1", heading = "%nKey material (at least one; tried in order):%n")
    Keys keys;

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
                description = "Verification public key (e.g. whpk_... for Standard Webhooks v1a, 64 hex digits for"
                        + " Discord, base64 DER for SendGrid).")
        List<String> publicKeys = new ArrayList<>();
    }

    @Option(
            names = {"-H", "--header"},
            paramLabel = "'NAME: VALUE'",
            description = "A request header; repeat for each header (and for each value of a repeated header).")
    List<String> headers = new ArrayList<>();

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    BodySource body;

    /** Where the body comes from; standard input when neither is given. */
    static final class BodySource {
        @Option(names = "--body-file", paramLabel = "FILE", description = "Read the raw body from this file.")
        Path file;

        @Option(names = "--body-base64", paramLabel = "BASE64", description = "The raw body, base64-encoded.")
        String base64;
    }

    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "Full URL the provider called, as received (URL-signing providers).")
    String url;

    @Option(
            names = "--method",
            paramLabel = "METHOD",
            defaultValue = "POST",
            description = "HTTP method (default POST).")
    String method;

    @Option(
            names = "--tolerance",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Timestamp tolerance in both directions, e.g. 300s or 5m (default: the provider's).")
    Duration tolerance;

    @Option(
            names = "--now",
            paramLabel = "EPOCH_SECONDS",
            description = "Check timestamps against this time instead of the system clock.")
    Long now;

    @Option(
            names = "--max-body-bytes",
            paramLabel = "BYTES",
            description = "Largest body accepted (default ${DEFAULT-VALUE}).")
    int maxBodyBytes = WebhookVerifier.DEFAULT_MAX_BODY_BYTES;

    @Option(
            names = "--allow-weak-secrets",
            description = "Accept secrets shorter than the usual minimum (test secrets only).")
    boolean allowWeakSecrets;

    /** The provider; an unknown id throws {@link IllegalArgumentException} listing the known ones. */
    Provider provider() {
        return Providers.byId(providerId);
    }

    /** {@code --now} as a fixed clock, else the CLI's clock. */
    Clock clock(WebhookVerifierCli cli) {
        return now == null ? cli.clock() : Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC);
    }

    /**
     * The key material in the order given: {@code --secret}s, {@code --secret-env}s, {@code --public-key}s.
     *
     * @throws IllegalArgumentException if a named environment variable is not set
     */
    SecretRing ring(WebhookVerifierCli cli) {
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

    /** The captured request: method, URL, headers and the raw body; a usage error names what is wrong. */
    WebhookRequest request(WebhookVerifierCli cli, CommandLine commandLine) {
        try {
            WebhookRequest.Builder b = WebhookRequest.builder().method(method).url(url == null ? null : uri(url));
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
            b.body(readBody(cli));
            return b.build();
        } catch (NoSuchFileException e) {
            throw new ParameterException(commandLine, "no such file: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ParameterException(commandLine, "cannot read the body: " + e, e);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandLine, e.getMessage(), e);
        }
    }

    /** The URL, or a message that does not repeat it (its query may hold a token). */
    private static URI uri(String text) {
        try {
            return URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--url is not a valid URL" + SendCommand.errorIndex(e), e);
        }
    }

    private byte[] readBody(WebhookVerifierCli cli) throws IOException {
        if (body != null && body.file != null) {
            return Files.readAllBytes(body.file);
        }
        if (body != null && body.base64 != null) {
            try {
                return Base64.getDecoder().decode(body.base64.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--body-base64 is not valid base64", e);
            }
        }
        return cli.stdin().readAllBytes();
    }
}
