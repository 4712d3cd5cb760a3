package dev.chatsocket.ws.handshake;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The header size the 431 limit is measured in: each field line as sent, with its CRLF. */
class HandshakeRequestTest {

    @Test
    void headerBytesCountEveryFieldLineWithItsColonSpaceAndCrlf() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of("localhost:8080"));            // "Host: localhost:8080\r\n" = 22
        headers.put("Cookie", List.of("a=1", "b=22"));              // "Cookie: a=1\r\n" 13 + "Cookie: b=22\r\n" 14
        assertEquals(22 + 13 + 14, new HandshakeRequest("GET", "HTTP/1.1", headers).headerBytes());
    }

    @Test
    void namesThatDifferInCaseStillCountOncePerValue() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("X-A", List.of("1"));
        headers.put("x-a", List.of("2"));
        assertEquals(2 * "X-A: 1\r\n".length(), new HandshakeRequest("GET", "HTTP/1.1", headers).headerBytes());
    }

    @Test
    void noHeadersNoBytes() {
        assertEquals(0, new HandshakeRequest("GET", "HTTP/1.1", Map.of()).headerBytes());
    }
}
