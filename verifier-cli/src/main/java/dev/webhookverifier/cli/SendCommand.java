package dev.webhookverifier.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.webhookverifier.Provider;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code send}: POSTs correctly signed deliveries to a URL with {@link HttpClient} and prints each answer; the
 * switches try the endpoint the way an attacker ({@code --tamper}, {@code --stale}, {@code --replay}) or a
 * retrying provider ({@code --replay}, {@code --repeat}) would. Exit 0 only if every request was answered 2xx.
 */
@Command(
        name = "send",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "POST a correctly signed delivery to URL and print each answer (status, and the body if short).",
            "--tamper, --stale and --replay show how the endpoint treats a forged, an old and a resent delivery:"
                    + " a verifying receiver answers 401 to the first two and acknowledges a duplicate (200) or"
                    + " asks to retry later (409). The secret is never printed.",
            "mailgun and adyen sign inside the JSON body, which is rewritten with the signature (adyen: one"
                    + " notificationItems[0].NotificationRequestItem). aws-sns cannot be sent: AWS signs it.",
            "discord and sendgrid sign with a private key, standard-webhooks v1a with a whsk_ one: --private-key,"
                    + " --private-key-env or --private-key-file"
                    + " (a receiver must already trust its public key; make a pair once with sign"
                    + " --generate-key-pair --private-key-out FILE)."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every request was answered 2xx",
            "1:some request was answered otherwise, or could not be sent",
            "2:usage error (bad flags, unknown provider, secret or private key unfit for the provider)"
        })
public final class SendCommand extends SigningOptions implements Callable<Integer> {
    /** How old {@code --stale} makes the signed timestamp: twice the usual 5-minute tolerance. */
    static final Duration STALE_BY = Duration.ofMinutes(10);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHORT_BODY = 300;

    @Parameters(
            index = "0",
            paramLabel = "URL",
            description = "Where to POST, e.g. http://localhost:8080/webhooks/stripe")
    private String target;

    @Option(
            names = "--repeat",
            paramLabel = "N",
            defaultValue = "1",
            description = "Send N fresh deliveries, each with its own delivery id and signing time (default 1;"
                    + " providers without a signed delivery id get one delivery per second).")
    private int repeat;

    @Option(names = "--tamper", description = "Change one body byte after signing (expect 401).")
    private boolean tamper;

    @Option(
            names = "--stale",
            description = "Sign with a timestamp 10 minutes old (expect 401 from providers that sign a timestamp).")
    private boolean stale;

    @Option(
            names = "--replay",
            description = "Send each signed request twice, identically (expect the duplicate to be acknowledged"
                    + " with 200, or 409, by a receiver with replay protection).")
    private boolean replay;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "30s",
            description = "How long to wait for each answer, e.g. 30s (default ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Option(names = "--json", description = "Print one JSON object per request instead of text.")
    private boolean json;

    /** Creates the command (picocli instantiates it). */
    public SendCommand() {}

    @Override
    public Integer call() {
        URI uri = targetUri();
        if (repeat < 1) {
            throw usage("--repeat must be at least 1");
        }
        if (repeat > 1 && deliveryId != null) {
            throw usage("--id with --repeat would send one delivery id " + repeat
                    + " times; use --replay to resend a delivery");
        }
        if (stale && timestamp != null) {
            throw usage("--stale and --timestamp both set the signing time; give one");
        }
        Provider provider = provider();
        Signer signer = signer(provider);
        byte[] bodyBytes = readBody();
        URI signedUrl = signedUrl(target);
        Map<String, List<String>> unsignedHeaders = unsignedHeaders();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        if (stale && !provider.signsTimestamp()) {
            err.println("note: " + provider.id() + " signs no timestamp, so --stale changes nothing");
            err.flush();
        }
        // A signature inside the body (mailgun, adyen) changes the body per delivery: tamper with each signed body.
        String tampering = !tamper
                ? null
                : signer.signsInBody()
                        ? "tampered: the middle byte of each signed body changed after signing"
                        : Tampering.of(bodyBytes).describe();
        if (!json) {
            out.println(method.toUpperCase(Locale.ROOT) + " " + redact(uri.toString()) + "  (" + provider.id() + ", "
                    + bodyBytes.length + "-byte body"
                    + (signer.signsInBody() ? ", signature inside the body" : "")
                    + (tampering == null ? "" : "; " + tampering) + ")");
        }
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        int requests = 0;
        int ok = 0;
        // Without a signed delivery id, a receiver's replay key is the signature: only the timestamp tells two
        // deliveries of one body apart (and without a timestamp, nothing does).
        boolean keyedBySignature = !provider.signsDeliveryId();
        boolean distinctBySecond = keyedBySignature && provider.signsTimestamp() && timestamp == null;
        if (repeat > 1 && keyedBySignature && !distinctBySecond) {
            err.println("note: " + provider.id() + " signs no delivery id"
                    + (provider.signsTimestamp() ? " and --timestamp fixes the signing time" : " and no timestamp")
                    + ", so the " + repeat + " deliveries are identical; a receiver with replay protection"
                    + " acknowledges all but the first as duplicates. Vary the body to send distinct ones.");
            err.flush();
        } else if (repeat > 1 && distinctBySecond && !json) {
            err.println("note: " + provider.id() + " signs no delivery id, so each delivery gets its own signing"
                    + " second (at most one per second)");
            err.flush();
        }
        Instant previous = null;
        for (int n = 1; n <= repeat; n++) {
            String id = deliveryIdOrNew();
            Instant signedAt = signingTime();
            if (distinctBySecond && previous != null && !signedAt.isAfter(previous)) {
                signedAt = nextSecond(previous);
            }
            previous = signedAt;
            Instant at = stale ? signedAt.minus(STALE_BY) : signedAt;
            Signature signed = sign(signer, signedUrl, unsignedHeaders, bodyBytes, id, at);
            Map<String, String> signature = signed.headers();
            HttpRequest request = request(
                    URI.create(targetFor(target, signed)),
                    unsignedHeaders,
                    signature,
                    tamper ? Tampering.of(signed.body()).body : signed.body());
            String label = label();
            String idShown =
                    signature.containsValue(id) || (signer.signsInBody() && provider.signsDeliveryId()) ? id : null;
            for (int attempt = 0; attempt < (replay ? 2 : 1); attempt++) {
                String what = attempt == 0 ? label : "replay of #" + n;
                requests++;
                try {
                    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    boolean success = response.statusCode() / 100 == 2;
                    if (success) {
                        ok++;
                    }
                    out.println(redact(
                            json
                                    ? json(n, what, idShown, response.statusCode(), shortBody(response.body()), null)
                                    : text(
                                            n,
                                            what,
                                            idShown,
                                            response.statusCode() + shortBodySuffix(response.body()))));
                    out.flush();
                } catch (IOException e) {
                    String problem = describe(e, uri);
                    out.println(redact(
                            json ? json(n, what, idShown, null, null, problem) : text(n, what, idShown, problem)));
                    summary(out, requests, ok, true);
                    return 1;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 1;
                }
            }
        }
        summary(out, requests, ok, false);
        return ok == requests ? 0 : 1;
    }

    /** Waits for the clock's next second after {@code previous}; a clock that does not move gets one added. */
    private Instant nextSecond(Instant previous) {
        for (int i = 0; i < 3; i++) {
            Instant now = cli.clock().instant();
            if (now.getEpochSecond() > previous.getEpochSecond()) {
                return Instant.ofEpochSecond(now.getEpochSecond());
            }
            try {
                Thread.sleep(1000 - now.getNano() / 1_000_000 + 5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return previous.plusSeconds(1);
    }

    /** Where a URL failed to parse, without repeating the URL (its query may hold a token). */
    static String errorIndex(IllegalArgumentException e) {
        return e.getCause() instanceof URISyntaxException syntax && syntax.getIndex() >= 0
                ? " (at character " + syntax.getIndex() + ")"
                : "";
    }

    private URI targetUri() {
        URI uri;
        try {
            uri = URI.create(target);
        } catch (IllegalArgumentException e) {
            throw usage("the target is not a valid URL" + errorIndex(e));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw usage("the target must be an absolute http:// or https:// URL with a host");
        }
        return uri;
    }

    private HttpRequest request(
            URI uri, Map<String, List<String>> unsignedHeaders, Map<String, String> signature, byte[] payload) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                    .timeout(timeout)
                    .method(method.toUpperCase(Locale.ROOT), HttpRequest.BodyPublishers.ofByteArray(payload));
            unsignedHeaders.forEach((name, values) -> values.forEach(v -> b.header(name, v)));
            signature.forEach(b::header);
            return b.build();
        } catch (IllegalArgumentException e) {
            // The HTTP client's message quotes the refused header value, which may be a token: say only what kind.
            throw usage("cannot send this request: the HTTP client refuses its method or a header name or value"
                    + " (values not shown)");
        }
    }

    private String label() {
        if (tamper && stale) {
            return "stale, tampered";
        }
        return tamper ? "tampered" : stale ? "stale" : "signed";
    }

    private void summary(PrintWriter out, int requests, int ok, boolean aborted) {
        if (!json) {
            int other = requests - ok;
            out.println(requests + " request(s): " + ok + " answered 2xx"
                    + (other == 0 ? "" : ", " + other + (aborted ? " failed (stopped)" : " answered otherwise")));
        }
        out.flush();
    }

    private static String text(int n, String what, String id, String outcome) {
        return String.format("#%-3d %-16s%s -> %s", n, what, id == null ? "" : " " + id, outcome);
    }

    private static String json(int n, String what, String id, Integer status, String body, String error) {
        ObjectNode o = JSON.createObjectNode();
        o.put("delivery", n);
        o.put("request", what);
        o.put("delivery_id", id);
        if (error != null) {
            o.put("error", error);
        } else {
            o.put("status", status);
            o.put("body", body);
        }
        return o.toString();
    }

    /** The body as one line if it is short text, else {@code null}. */
    static String shortBody(byte[] body) {
        if (body.length == 0 || body.length > SHORT_BODY) {
            return null;
        }
        String text = Curl.inlineText(body);
        return text == null ? null : text.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    private static String shortBodySuffix(byte[] body) {
        String text = shortBody(body);
        if (text != null) {
            return "  " + text;
        }
        return body.length == 0 ? "" : "  (" + body.length + "-byte body)";
    }

    private static String describe(IOException e, URI uri) {
        if (e instanceof ConnectException) {
            return "error: cannot connect to " + uri.getHost() + ":" + port(uri) + " (is the receiver running?)";
        }
        if (e instanceof HttpTimeoutException) {
            return "error: no answer in time (" + e.getMessage() + ")";
        }
        return "error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** One body byte changed after signing: the byte in the middle, its lowest bit flipped (UTF-8 stays valid). */
    record Tampering(byte[] body, String describe) {
        static Tampering of(byte[] body) {
            if (body.length == 0) {
                return new Tampering(new byte[] {' '}, "tampered: a space appended to the empty body after signing");
            }
            byte[] copy = body.clone();
            int index = body.length / 2;
            copy[index] = (byte) (copy[index] ^ 1);
            return new Tampering(
                    copy,
                    "tampered: byte " + index + " changed from " + show(body[index]) + " to " + show(copy[index])
                            + " after signing");
        }

        private static String show(byte b) {
            return b >= 0x21 && b < 0x7f
                    ? "'" + new String(new byte[] {b}, StandardCharsets.US_ASCII) + "'"
                    : String.format("0x%02x", b & 0xff);
        }
    }
}
