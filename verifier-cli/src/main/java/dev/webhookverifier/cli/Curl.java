package dev.webhookverifier.cli;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes a {@code curl} command line that POSTs a signed request, for POSIX shells (bash, zsh, sh): every
 * argument single-quoted, one option per line joined with backslashes.
 *
 * <p>A header value containing the secret (providers that send the secret itself as a token) refers to the
 * environment variable the secret came from instead ({@code "${VAR}"}), so the line runs without showing it.
 *
 * <p>The body goes in as {@code --data-binary @FILE} when it came from a file; as a quoted argument when it is
 * UTF-8 text without carriage returns or other control characters (tab and newline are kept) and at most
 * {@value #MAX_INLINE_BYTES} bytes; otherwise through {@code printf '%s' BASE64 | base64 --decode | curl ...
 * --data-binary @-}, so the bytes arrive exactly as signed.
 */
final class Curl {
    /** Longest body written inline; Linux limits one argument to 128 KiB. */
    static final int MAX_INLINE_BYTES = 64 * 1024;

    private Curl() {}

    /**
     * The command.
     *
     * @param method the HTTP method
     * @param url the target URL
     * @param headers header name to values, in order
     * @param body the body bytes (used unless {@code bodyFile} is given)
     * @param bodyFile the file the body came from, or {@code null}
     * @param secret the secret's text if some header value contains it (a token scheme), else {@code null}
     * @param secretEnv the environment variable the secret came from, or {@code null}
     * @return the command, lines joined with {@code " \\\n  "}
     */
    static String command(
            String method,
            String url,
            Map<String, List<String>> headers,
            byte[] body,
            Path bodyFile,
            String secret,
            String secretEnv) {
        List<String> parts = new ArrayList<>();
        String pipe = "";
        parts.add("curl -sS -i -X " + (method.matches("[A-Z]+") ? method : quote(method)) + " " + quote(url));
        headers.forEach((name, values) ->
                values.forEach(v -> parts.add("-H " + withoutSecret(name + ": " + v, secret, secretEnv))));
        if (bodyFile != null) {
            parts.add("--data-binary " + quote("@" + bodyFile));
        } else {
            String text = inlineText(body);
            if (text != null) {
                parts.add("--data-binary " + quote(text));
            } else {
                pipe = "printf '%s' " + quote(Base64.getEncoder().encodeToString(body)) + " | base64 --decode | ";
                parts.add("--data-binary @-");
            }
        }
        return pipe + String.join(" \\\n  ", parts);
    }

    /**
     * {@code header} as one shell word, the secret (if it contains it) written as {@code "${VAR}"} so the shell
     * fills it in, or as {@code <secret>} when it came from no variable.
     */
    static String withoutSecret(String header, String secret, String secretEnv) {
        if (secret == null || secret.isEmpty() || !header.contains(secret)) {
            return quote(header);
        }
        String ref = secretEnv != null && secretEnv.matches("[A-Za-z_][A-Za-z0-9_]*")
                ? "\"${" + secretEnv + "}\""
                : quote("<secret>");
        String[] pieces = header.split(Pattern.quote(secret), -1);
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < pieces.length; i++) {
            if (!pieces[i].isEmpty()) {
                word.append(quote(pieces[i]));
            }
            if (i < pieces.length - 1) {
                word.append(ref);
            }
        }
        return word.toString();
    }

    /** The body as text if it can go on the command line unchanged, else {@code null}. */
    static String inlineText(byte[] body) {
        if (body.length > MAX_INLINE_BYTES) {
            return null;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\uFEFF') {
                return null;
            }
        }
        return text;
    }

    /** {@code s} as one single-quoted POSIX shell word ({@code '} written as {@code '\''}). */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
