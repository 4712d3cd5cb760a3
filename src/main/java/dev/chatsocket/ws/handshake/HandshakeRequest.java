package dev.chatsocket.ws.handshake;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The parts of an HTTP request that decide a WebSocket handshake. Header names are matched
 * without regard to case (RFC 9110 §5.1); a header sent several times keeps every value.
 */
public record HandshakeRequest(String method, String protocol, Map<String, List<String>> headers) {

    public HandshakeRequest {
        // Names that differ only in case are one header: merge their values rather than let the
        // last one win, or a key sent twice as "Sec-WebSocket-Key" and "sec-websocket-key" would
        // pass as sent once.
        TreeMap<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> byName.merge(name, List.copyOf(values),
                (a, b) -> Stream.concat(a.stream(), b.stream()).toList()));
        headers = Collections.unmodifiableMap(byName);
    }

    /** Every value of a header, in order; empty when absent. */
    public List<String> values(String name) {
        return headers.getOrDefault(name, List.of());
    }

    /** The values of a header, split as a comma-separated list (RFC 9110 §5.6.1), trimmed. */
    public List<String> tokens(String name) {
        return values(name).stream()
                .flatMap(v -> java.util.Arrays.stream(v.split(",")))
                .map(String::trim)
                .filter(t -> !t.isEmpty())
                .toList();
    }

    /**
     * The size of the header section as it came on the wire, near enough: every field line as
     * {@code name: value} plus CRLF (RFC 9112 §5), one per value. Header text is ISO-8859-1, one
     * byte a character.
     */
    public long headerBytes() {
        long bytes = 0;
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            for (String value : header.getValue()) {
                bytes += header.getKey().length() + 2L + value.length() + 2L;
            }
        }
        return bytes;
    }

    /** The single value of a header, or {@code null} when absent or sent more than once. */
    public String single(String name) {
        List<String> values = values(name);
        return values.size() == 1 ? values.get(0).trim() : null;
    }
}
