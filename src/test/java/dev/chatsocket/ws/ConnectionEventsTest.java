package dev.chatsocket.ws;

import dev.chatsocket.testsupport.CapturedLogs;
import dev.chatsocket.testsupport.ClientFrames;
import dev.chatsocket.ws.codec.OpCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The connection reports what happens to it to its observer, and a client's protocol mistake is
 * logged as the client's mistake: below WARNING and without a stack trace.
 */
class ConnectionEventsTest {
    private final Harness.FakeTransport transport = new Harness.FakeTransport();
    private final Harness.RecordingEndpoint endpoint = new Harness.RecordingEndpoint();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final WebSocketConnection connection = new WebSocketConnection("test-1",
            new HandshakeInfo("/echo", Map.of(), "127.0.0.1", null, null),
            new Limits(1 << 16, 1 << 20, (1 << 20) + 1024, Harness.PING_INTERVAL, Harness.IDLE_TIMEOUT,
                    Harness.CLOSE_TIMEOUT, Harness.FRAME_TIMEOUT),
            transport, endpoint, new Recorder(), new AtomicLong()::get, null);

    private final class Recorder implements ConnectionEvents {
        @Override
        public void opened() {
            events.add("opened");
        }

        @Override
        public void bytesReceived(int count) {
            events.add("bytesReceived " + count);
        }

        @Override
        public void messageReceived(Message message) {
            events.add("messageReceived " + (message.isText() ? "TEXT" : "BINARY") + " " + message.data().length);
        }

        @Override
        public void messageQueued(int frameBytes) {
            events.add("messageQueued " + frameBytes);
        }

        @Override
        public void closeSent(int code, String reason) {
            events.add("closeSent " + code + " " + reason);
        }

        @Override
        public void closeReceived(int code, String reason) {
            events.add("closeReceived " + code + " " + reason);
        }

        @Override
        public void slowConsumerClosed() {
            events.add("slowConsumerClosed");
        }
    }

    private void receive(byte[] wire) {
        connection.receive(ByteBuffer.wrap(wire));
    }

    @Test
    void aConversationClosedByTheClient() {
        connection.open();
        byte[] hello = ClientFrames.text("hello");
        receive(hello);
        connection.send(OutboundMessage.text("hello"));
        byte[] close = ClientFrames.close(1000, "bye");
        receive(close);
        assertEquals(List.of("opened", "bytesReceived " + hello.length, "messageReceived TEXT 5",
                "messageQueued 7", "bytesReceived " + close.length, "closeReceived 1000 bye", "closeSent 1000 "),
                events);
    }

    @Test
    void aCloseStartedByTheServerThenAnswered() {
        connection.open();
        connection.close(1001, "going away");
        receive(ClientFrames.close(1001, ""));
        assertEquals(List.of("opened", "closeSent 1001 going away", "bytesReceived 8", "closeReceived 1001 "),
                events);
    }

    @Test
    void aProtocolViolationSendsItsCode() {
        connection.open();
        receive(ClientFrames.frame(true, 4, OpCode.TEXT.code(), new byte[0]));
        assertEquals(List.of("opened", "bytesReceived 6", "closeSent 1002 reserved bits set"), events);
    }

    @Test
    void aSlowConsumerIsCountedAndClosedWith1008() {
        connection.open();
        transport.refuseData = true;
        connection.send(OutboundMessage.text("too much"));
        assertEquals(List.of("opened", "slowConsumerClosed", "closeSent 1008 slow consumer"), events);
    }

    static Stream<Arguments> violations() {
        byte[] badUtf8 = {(byte) 0xC0, (byte) 0xAF};
        return Stream.of(
                Arguments.of("unmasked frame", ClientFrames.unmasked(true, 1, new byte[3])),
                Arguments.of("reserved bits", ClientFrames.frame(true, 2, 1, new byte[0])),
                Arguments.of("reserved opcode", ClientFrames.frame(true, 0, 3, new byte[0])),
                Arguments.of("invalid UTF-8", ClientFrames.frame(true, 0, 1, badUtf8)),
                Arguments.of("bad close code", ClientFrames.close(1004, "")),
                Arguments.of("frame too big", ClientFrames.binary(new byte[(1 << 16) + 1])),
                Arguments.of("continuation without a message", ClientFrames.frame(true, 0, 0, new byte[1])),
                Arguments.of("garbage", "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void aProtocolViolationIsLoggedBelowWarningWithoutAStackTrace(String what, byte[] wire) {
        try (CapturedLogs logs = CapturedLogs.of("dev.chatsocket")) {
            connection.open();
            receive(wire);
            receive(ClientFrames.text("ignored after the violation"));
            assertTrue(events.stream().anyMatch(e -> e.startsWith("closeSent 100")), () -> what + ": " + events);
            assertTrue(logs.records().stream().anyMatch(r -> r.getLevel() == Level.FINE),
                    "the violation is logged, at debug level: " + logs.messages());
            logs.records().forEach(r -> {
                assertTrue(r.getLevel().intValue() < Level.WARNING.intValue(), () -> r.getLevel() + " " + r.getMessage());
                assertEquals(null, r.getThrown(), () -> "no stack trace: " + r.getMessage());
            });
        }
    }
}
