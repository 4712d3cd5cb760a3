package dev.chatsocket.ws;

import dev.chatsocket.testsupport.ClientFrames;
import dev.chatsocket.ws.codec.OpCode;
import dev.chatsocket.ws.Harness.ServerFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Data messages through the sans-I/O connection: delivery, echo, fragmentation and the errors that fail it. */
class ConnectionMessagesTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] frame(boolean fin, OpCode op, byte[] payload) {
        return ClientFrames.frame(fin, 0, op.code(), payload);
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static Harness echoing() {
        Harness h = new Harness();
        h.endpoint.onMessage = (session, message) -> {
            if (message.isText()) {
                session.send(OutboundMessage.text(message.text()));
            } else {
                session.send(OutboundMessage.of(message));
            }
        };
        return h;
    }

    @Test
    void tellsTheEndpointItIsOpenOnce() {
        Harness h = new Harness();
        assertEquals(List.of(h.connection), h.endpoint.opens);
        assertTrue(h.connection.isOpen());
        assertEquals("test-1", h.connection.id());
        assertEquals("/echo", h.connection.handshake().path());
    }

    @Test
    void echoesTextAsTextAndBinaryAsBinaryUnmasked() {
        Harness h = echoing();
        h.receive(ClientFrames.text("Hello 🌍"), ClientFrames.binary(bytes(0, 0xFF, 0x80)));
        List<ServerFrame> sent = h.sent();
        assertEquals(2, sent.size());
        assertEquals(OpCode.TEXT, sent.get(0).op());
        assertEquals("Hello 🌍", sent.get(0).text());
        assertEquals(OpCode.BINARY, sent.get(1).op());
        assertArrayEquals(bytes(0, 0xFF, 0x80), sent.get(1).payload());
        for (ServerFrame f : sent) {
            assertTrue(f.fin());
            assertFalse(f.masked(), "server frames are never masked");
        }
        assertEquals(List.of(false, false), h.transport.controlFlags());
        assertTrue(h.transport.flushes >= 2, "each send starts a write");
    }

    @Test
    void deliversTheSameMessagesWhateverTheReadBoundaries() {
        byte[] wire = ClientFrames.concat(ClientFrames.text("first"),
                frame(false, OpCode.TEXT, utf8("sec")), frame(true, OpCode.PING, utf8("p")),
                frame(true, OpCode.CONTINUATION, utf8("ond €")), ClientFrames.binary(new byte[300]));
        for (int cut = 0; cut <= wire.length; cut++) {
            Harness h = new Harness();
            h.receive(Arrays.copyOf(wire, cut), Arrays.copyOfRange(wire, cut, wire.length));
            assertEquals(List.of("first", "second €"), h.endpoint.texts().subList(0, 2), "cut at " + cut);
            assertEquals(3, h.endpoint.messages.size(), "cut at " + cut);
            assertTrue(h.endpoint.closes.isEmpty());
        }
        Harness h = new Harness();
        h.receiveOneByteAtATime(wire);
        assertEquals(3, h.endpoint.messages.size());
        assertEquals(300, h.endpoint.messages.get(2).data().length);
    }

    @Test
    void answersPingsBetweenFragmentsWithTheSamePayloadAndKeepsTheMessageIntact() {
        Harness h = echoing();
        h.receive(frame(false, OpCode.TEXT, utf8("Hel")),
                frame(true, OpCode.PING, utf8("ping-1")),
                frame(false, OpCode.CONTINUATION, utf8("lo")),
                frame(true, OpCode.PING, new byte[0]),
                frame(true, OpCode.PONG, utf8("unsolicited")),
                frame(true, OpCode.CONTINUATION, utf8(" world")));
        assertEquals(List.of("Hello world"), h.endpoint.texts());
        List<ServerFrame> sent = h.sent();
        assertEquals(3, sent.size(), () -> "sent " + sent);
        assertEquals(OpCode.PONG, sent.get(0).op());
        assertEquals("ping-1", sent.get(0).text());
        assertEquals(OpCode.PONG, sent.get(1).op());
        assertEquals(0, sent.get(1).payload().length);
        assertEquals(OpCode.TEXT, sent.get(2).op());
        assertEquals(List.of(true, true, false), h.transport.controlFlags(), "pongs go out as control frames");
    }

    @Test
    void answersAPingWith125BytesWithTheSame125Bytes() {
        Harness h = new Harness();
        byte[] payload = new byte[125];
        Arrays.fill(payload, (byte) 'x');
        h.receive(frame(true, OpCode.PING, payload));
        assertArrayEquals(payload, h.sent().get(0).payload());
    }

    @Test
    void ignoresUnsolicitedPongs() {
        Harness h = new Harness();
        h.receive(frame(true, OpCode.PONG, utf8("hi")));
        assertTrue(h.sent().isEmpty());
        assertTrue(h.endpoint.messages.isEmpty());
        assertTrue(h.connection.isOpen());
    }

    static Stream<Arguments> violations() {
        return Stream.of(
                Arguments.of("continuation without a start", frame(true, OpCode.CONTINUATION, utf8("x")), 1002),
                Arguments.of("new message inside a fragmented one",
                        ClientFrames.concat(frame(false, OpCode.TEXT, utf8("a")), ClientFrames.text("b")), 1002),
                Arguments.of("RSV1 without an extension", ClientFrames.frame(true, 4, OpCode.TEXT.code(), utf8("a")), 1002),
                Arguments.of("reserved opcode 3", ClientFrames.frame(true, 0, 3, utf8("a")), 1002),
                Arguments.of("reserved opcode 11", ClientFrames.frame(true, 0, 11, utf8("a")), 1002),
                Arguments.of("unmasked frame", ClientFrames.unmasked(true, OpCode.TEXT.code(), utf8("a")), 1002),
                Arguments.of("fragmented ping", frame(false, OpCode.PING, utf8("a")), 1002),
                Arguments.of("ping of 126 bytes", frame(true, OpCode.PING, new byte[126]), 1002),
                Arguments.of("frame over the frame limit", ClientFrames.binary(new byte[(1 << 16) + 1]), 1009),
                Arguments.of("invalid UTF-8", frame(true, OpCode.TEXT, bytes('o', 0xC0, 0x80)), 1007),
                Arguments.of("text ending inside a character", frame(true, OpCode.TEXT, bytes('o', 0xE2, 0x82)), 1007));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("violations")
    void failsTheConnectionWithTheRightCode(String name, byte[] wire, int code) {
        Harness h = new Harness();
        h.receive(wire, ClientFrames.text("after"));
        h.assertSentOneClose(code);
        assertEquals(1, h.transport.closeAfterFlush, "TCP closed once the close frame is written");
        h.assertClosedOnceWith(code);
        assertTrue(h.endpoint.messages.isEmpty(), "nothing delivered");
        assertFalse(h.connection.isOpen());
        // Anything later is discarded.
        h.receive(ClientFrames.text("later"), ClientFrames.close(1000, ""));
        h.connection.abort();
        assertTrue(h.endpoint.messages.isEmpty());
        h.assertClosedOnceWith(code);
        h.assertSentOneClose(code);
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("violations")
    void failsTheSameWayWhenFedOneByteAtATime(String name, byte[] wire, int code) {
        Harness h = new Harness();
        h.receiveOneByteAtATime(ClientFrames.concat(wire, ClientFrames.text("after")));
        h.assertSentOneClose(code);
        h.assertClosedOnceWith(code);
        assertTrue(h.endpoint.messages.isEmpty());
    }

    @Test
    void aMessageOverTheLimitAcrossFragmentsFailsWith1009AtTheContinuationHeader() {
        Harness h = new Harness(new Limits(1000, 1500, 4096, Harness.PING_INTERVAL, Harness.IDLE_TIMEOUT, Harness.CLOSE_TIMEOUT,
                Harness.FRAME_TIMEOUT));
        h.receive(frame(false, OpCode.BINARY, new byte[1000]));
        assertTrue(h.endpoint.closes.isEmpty());
        byte[] second = frame(true, OpCode.CONTINUATION, new byte[501]);
        h.receive(Arrays.copyOf(second, 8)); // header: 4 bytes of length plus the 4-byte key
        h.assertSentOneClose(1009);
        h.assertClosedOnceWith(1009);
    }

    @Test
    void invalidUtf8InTheFirstFragmentFailsBeforeTheRestArrives() {
        Harness h = new Harness();
        byte[] first = frame(false, OpCode.TEXT, bytes('o', 'k', 0xF5, 'a', 'b', 'c'));
        h.receive(Arrays.copyOf(first, 9)); // header (6) + "ok" + the bad byte
        h.assertSentOneClose(1007);
        h.assertClosedOnceWith(1007);
        h.receive(Arrays.copyOfRange(first, 9, first.length), frame(true, OpCode.CONTINUATION, utf8("rest")));
        assertTrue(h.endpoint.messages.isEmpty());
        h.assertSentOneClose(1007);
    }

    @Test
    void invalidUtf8SplitAcrossFragmentsFailsWith1007() {
        Harness h = new Harness();
        // ED in the first fragment, A0 80 (a surrogate) in the second.
        h.receive(frame(false, OpCode.TEXT, bytes('a', 0xED)));
        assertTrue(h.endpoint.closes.isEmpty());
        h.receive(frame(true, OpCode.CONTINUATION, bytes(0xA0, 0x80)));
        h.assertSentOneClose(1007);
        h.assertClosedOnceWith(1007);
    }

    @Test
    void anEndpointThatThrowsGetsTheConnectionClosedWith1011WithoutInternalDetail() {
        Harness h = new Harness();
        h.endpoint.onMessage = (s, m) -> {
            throw new IllegalStateException("secret internal detail");
        };
        h.receive(ClientFrames.text("boom"), ClientFrames.text("second"));
        ServerFrame close = h.assertSentOneClose(1011);
        assertFalse(close.text().contains("secret"));
        h.assertClosedOnceWith(1011);
        assertEquals(1, h.endpoint.messages.size(), "nothing delivered after the failure");
    }

    @Test
    void sendsReturnTrueWhileOpen() {
        Harness h = new Harness();
        assertTrue(h.connection.send(OutboundMessage.text("a")));
        assertTrue(h.connection.send(OutboundMessage.of(new Message(false, new byte[] {1}))));
        assertTrue(h.connection.send(OutboundMessage.text("b")));
        assertTrue(h.connection.enqueue(OutboundMessage.text("c")));
        h.connection.flush();
        assertEquals(List.of("a", "\u0001", "b", "c"), h.sent().stream().map(ServerFrame::text).toList());
    }

    @Test
    void anIdleTickDoesNothingToABusyConnection() {
        Harness h = new Harness();
        for (int i = 0; i < 20; i++) {
            h.advance(Duration.ofSeconds(5));
            h.receive(ClientFrames.text("tick " + i));
            h.connection.tick();
        }
        assertEquals(20, h.endpoint.messages.size());
        assertTrue(h.sent().isEmpty());
    }
}
