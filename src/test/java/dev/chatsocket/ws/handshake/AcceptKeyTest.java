package dev.chatsocket.ws.handshake;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** §4.2.2 item 5.4, with the example of RFC 6455 §1.3. */
class AcceptKeyTest {
    @Test
    void computesTheAcceptValueOfTheRfcExample() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", AcceptKey.of("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    @Test
    void computesTheAcceptValueOfASecondKeyCheckedWithSha1sum() {
        // Another vector, checked with: printf '%s' 'x3JJHMbDL1EzLkh9GBhXDw==258EAFA5-E914-47DA-95CA-C5AB0DC85B11' | sha1sum
        assertEquals("HSmrc0sMlYUkAGmm5OPpG2HaGWk=", AcceptKey.of("x3JJHMbDL1EzLkh9GBhXDw=="));
    }
}
