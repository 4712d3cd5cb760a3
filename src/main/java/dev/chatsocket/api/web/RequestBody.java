package dev.chatsocket.api.web;

import dev.chatsocket.api.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads a request's JSON body, bounded: a declared length over the limit is refused before a byte
 * is read, and an undeclared one (chunked) as soon as it passes the limit, so no caller makes the
 * server buffer more than the limit.
 */
final class RequestBody {
    private RequestBody() {
    }

    /** The body as text; 415 when it is not JSON, 413 over {@code maxBytes}, 400 when not UTF-8. */
    static String read(HttpServletRequest request, int maxBytes) throws ApiProblem, IOException {
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).split(";", 2)[0].strip().equals("application/json")) {
            throw new ApiProblem(415, "the body must be JSON, sent as Content-Type: application/json");
        }
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge(maxBytes);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream((int) Math.max(0, Math.min(declared, maxBytes)));
        byte[] chunk = new byte[8192];
        try (InputStream in = request.getInputStream()) {
            int n;
            while ((n = in.read(chunk)) != -1) {
                if (body.size() + n > maxBytes) {
                    throw tooLarge(maxBytes);
                }
                body.write(chunk, 0, n);
            }
        }
        try {
            // JSON is UTF-8 (RFC 8259 §8.1); a malformed sequence is refused rather than replaced.
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new ApiProblem(400, "the body is not valid UTF-8");
        }
    }

    private static ApiProblem tooLarge(int maxBytes) {
        return new ApiProblem(413, "the body is over " + maxBytes + " bytes");
    }
}
