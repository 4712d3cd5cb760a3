package dev.chatsocket.ws;

import dev.chatsocket.testsupport.ClientFrames;
import dev.chatsocket.ws.codec.OpCode;
import dev.chatsocket.ws.Harness.Close;
import dev.chatsocket.ws.Harness.ServerFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The closing handshake (RFC 6455 §5.5.1, §7): codes, reasons, who closes first, timeouts, EOF. */
class ConnectionCloseHandshakeTest {

    private static byte[] closeWithBody(byte... body) {
        return ClientFrames.frame(true, 0, OpCode.CLOSE.code(), body);
    }

    @ParameterizedTest(name = "peer closes with {0}")
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999})
    void echoesAValidCloseCodeThenClosesTcp(int code) {
        Harness h = new Harness();
        h.receive(ClientFrames.close(code, "bye"));
        ServerFrame reply = h.assertSentOneClose(code);
        assertEquals(2, reply.payload().length, "the echo carries the code only");
        assertEquals(1, h.transport.closeAfterFlush);
        assertEquals(0, h.transport.aborts);
        assertEquals(List.of(new Close(code, "bye")), h.endpoint.closes);
        assertFalse(h.connection.isOpen());
    }

    @Test
    void theEndpointHearsOfAPeersCloseBeforeTheAnswerIsQueued() {
        // So what onClose gives back (a person's connection count) is free before the peer sees its close answered.
        Harness h = new Harness();
        List<Integer> queuedAtClose = new ArrayList<>();
        h.endpoint.onClose = () -> queuedAtClose.add(h.transport.enqueued.size());
        h.receive(ClientFrames.close(1000, "bye"));
        assertEquals(List.of(0), queuedAtClose, "nothing queued yet when onClose ran");
        h.assertSentOneClose(1000);
        assertEquals(1, h.transport.closeAfterFlush);
    }

    @ParameterizedTest(name = "peer closes with {0}")
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1012, 1013, 1014, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
    void answersAnInvalidCloseCodeWith1002(int code) {
        Harness h = new Harness();
        h.receive(ClientFrames.close(code, ""));
        h.assertSentOneClose(1002);
        assertEquals(1, h.transport.closeAfterFlush);
        h.assertClosedOnceWith(1002);
    }

    @Test
    void answersAnEmptyCloseWith1000AndReports1005() {
        Harness h = new Harness();
        h.receive(closeWithBody());
        h.assertSentOneClose(1000);
        assertEquals(List.of(new Close(1005, "")), h.endpoint.closes);
        assertEquals(1, h.transport.closeAfterFlush);
    }

    @Test
    void answersAOneByteCloseWith1002() {
        Harness h = new Harness();
        h.receive(closeWithBody((byte) 0x03));
        h.assertSentOneClose(1002);
        h.assertClosedOnceWith(1002);
    }

    @Test
    void answersAnInvalidUtf8ReasonWith1007() {
        Harness h = new Harness();
        h.receive(closeWithBody((byte) 0x03, (byte) 0xE8, (byte) 'o', (byte) 0xFF));
        h.assertSentOneClose(1007);
        h.assertClosedOnceWith(1007);
    }

    @Test
    void acceptsAReasonOf123Bytes() {
        Harness h = new Harness();
        h.receive(ClientFrames.close(1000, "r".repeat(123)));
        h.assertSentOneClose(1000);
        assertEquals(List.of(new Close(1000, "r".repeat(123))), h.endpoint.closes);
    }

    @Test
    void discardsEverythingAfterThePeersClose() {
        Harness h = new Harness();
        h.receive(ClientFrames.concat(ClientFrames.close(1000, ""), ClientFrames.text("late"),
                ClientFrames.frame(true, 0, OpCode.PING.code(), new byte[0])));
        h.receive(ClientFrames.text("later"), ClientFrames.close(1001, ""));
        assertTrue(h.endpoint.messages.isEmpty());
        assertEquals(1, h.sent().size(), () -> "only the close reply: " + h.sent());
        h.assertClosedOnceWith(1000);
    }

    @Test
    void closeFromTheServerWaitsForThePeersReply() {
        Harness h = new Harness();
        h.connection.close(1001, "going away");
        assertFalse(h.connection.isOpen());
        ServerFrame close = h.assertSentOneClose(1001);
        assertEquals("going away", close.text().substring(2));
        assertTrue(h.endpoint.closes.isEmpty(), "not closed until the peer answers");
        assertEquals(0, h.transport.closeAfterFlush);

        h.receive(ClientFrames.close(1001, ""));
        assertEquals(1, h.sent().size(), "no second close frame");
        assertEquals(1, h.transport.closeAfterFlush);
        assertEquals(List.of(new Close(1001, "")), h.endpoint.closes);
    }

    @Test
    void closingTwiceSendsOneCloseFrame() {
        Harness h = new Harness();
        h.connection.close(1000, "");
        h.connection.close(1001, "");
        h.assertSentOneClose(1000);
    }

    @Test
    void sendsAfterCloseReturnFalseAndQueueNothing() {
        Harness h = new Harness();
        h.connection.close(1000, "");
        assertFalse(h.connection.send(OutboundMessage.text("x")));
        assertFalse(h.connection.send(OutboundMessage.of(new Message(false, new byte[1]))));
        assertFalse(h.connection.enqueue(OutboundMessage.text("z")));
        assertEquals(1, h.sent().size());
    }

    @Test
    void sendsAfterThePeerClosedReturnFalse() {
        Harness h = new Harness();
        h.receive(ClientFrames.close(1000, ""));
        assertFalse(h.connection.send(OutboundMessage.text("x")));
        assertEquals(1, h.sent().size());
    }

    @Test
    void aPeerThatNeverAnswersIsDroppedAfterTheCloseTimeout() {
        Harness h = new Harness();
        h.connection.close(1000, "");
        h.advance(Harness.CLOSE_TIMEOUT.minusMillis(1));
        h.connection.tick();
        assertEquals(0, h.transport.aborts);
        assertTrue(h.endpoint.closes.isEmpty());
        h.advance(Duration.ofMillis(1));
        h.connection.tick();
        assertEquals(1, h.transport.aborts);
        h.assertClosedOnceWith(1006);
        h.advance(Duration.ofSeconds(60));
        h.connection.tick();
        h.receive(ClientFrames.close(1000, ""));
        h.assertClosedOnceWith(1006);
    }

    @Test
    void aCloseThatNeverDrainsIsAbortedAfterTheCloseTimeout() {
        Harness h = new Harness();
        h.receive(ClientFrames.close(1000, ""));
        assertEquals(0, h.transport.aborts);
        h.advance(Harness.CLOSE_TIMEOUT);
        h.connection.tick();
        assertEquals(1, h.transport.aborts, "TCP dropped even if the reply never got written");
        h.assertClosedOnceWith(1000);
    }

    @Test
    void tcpEndingWithoutACloseFrameIsAbnormal1006() {
        Harness h = new Harness();
        h.receive(ClientFrames.concat(ClientFrames.text("half"), new byte[] {(byte) 0x81}));
        h.connection.abort();
        assertEquals(1, h.transport.aborts);
        h.assertClosedOnceWith(1006);
        assertTrue(h.sent().isEmpty(), "nobody to send a close frame to");
        assertFalse(h.connection.send(OutboundMessage.text("x")));
    }

    @Test
    void tcpEndingAfterTheServersCloseIs1006() {
        Harness h = new Harness();
        h.connection.close(1000, "");
        h.connection.abort();
        h.assertClosedOnceWith(1006);
    }

    @Test
    void onCloseIsCalledExactlyOnceWhateverHappensAfterwards() {
        for (int first = 0; first < 5; first++) {
            for (int second = 0; second < 5; second++) {
                Harness h = new Harness();
                act(h, first);
                act(h, second);
                act(h, (second + 1) % 5);
                assertEquals(1, h.endpoint.closes.size(), "sequence " + first + "," + second + ": " + h.endpoint.closes);
                long closeFrames = h.sent().stream().filter(f -> f.op() == OpCode.CLOSE).count();
                assertTrue(closeFrames <= 1, "at most one close frame, sequence " + first + "," + second);
            }
        }
    }

    private static void act(Harness h, int what) {
        switch (what) {
            case 0 -> h.receive(ClientFrames.close(1000, ""));
            case 1 -> h.connection.abort();
            case 2 -> h.receive(ClientFrames.frame(true, 0, 5, new byte[0])); // protocol error
            case 3 -> {
                h.connection.close(1001, "");
                h.advance(Harness.CLOSE_TIMEOUT);
                h.connection.tick();
            }
            case 4 -> {
                h.advance(Harness.IDLE_TIMEOUT);
                h.connection.tick();
            }
            default -> throw new IllegalArgumentException();
        }
    }
}
