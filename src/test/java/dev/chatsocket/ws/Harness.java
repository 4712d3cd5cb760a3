package dev.chatsocket.ws;

import dev.chatsocket.ws.codec.OpCode;
import dev.chatsocket.ws.extension.PerMessageDeflate;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@link WebSocketConnection} wired to a fake transport, a recording endpoint and a fake clock,
 * so that protocol tests read as: bytes in, frames and events out.
 */
final class Harness {
    static final Duration PING_INTERVAL = Duration.ofSeconds(10);
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    static final Duration FRAME_TIMEOUT = Duration.ofSeconds(8);

    final AtomicLong clock = new AtomicLong(1_000_000_000L);
    final FakeTransport transport = new FakeTransport();
    final RecordingEndpoint endpoint = new RecordingEndpoint();
    final WebSocketConnection connection;

    Harness() {
        this(defaultLimits());
    }

    static Limits limitsWithFrameTimeout(Duration frameTimeout) {
        return new Limits(1 << 16, 1 << 20, (1 << 20) + 1024, PING_INTERVAL, IDLE_TIMEOUT, CLOSE_TIMEOUT, frameTimeout);
    }

    Harness(Limits limits) {
        this(limits, null);
    }

    /** A connection that negotiated permessage-deflate ({@code deflate} non-null) or not. */
    Harness(Limits limits, PerMessageDeflate deflate) {
        connection = new WebSocketConnection("test-1",
                new HandshakeInfo("/echo", Map.of(), "127.0.0.1", null, null),
                limits, transport, endpoint, ConnectionEvents.NONE, clock::get, deflate);
        connection.open();
    }

    static Limits defaultLimits() {
        return limitsWithFrameTimeout(FRAME_TIMEOUT);
    }

    void receive(byte[]... chunks) {
        for (byte[] chunk : chunks) {
            connection.receive(ByteBuffer.wrap(chunk));
        }
    }

    void receiveOneByteAtATime(byte[] wire) {
        for (int i = 0; i < wire.length; i++) {
            connection.receive(ByteBuffer.wrap(wire, i, 1));
        }
    }

    void advance(Duration d) {
        clock.addAndGet(d.toNanos());
    }

    /** The frames sent so far, decoded. */
    List<ServerFrame> sent() {
        List<ServerFrame> frames = new ArrayList<>();
        for (Enqueued e : transport.enqueued) {
            frames.add(ServerFrame.decode(e.frame));
        }
        return frames;
    }

    /** Asserts that exactly one close frame was sent, with this code; returns it. */
    ServerFrame assertSentOneClose(int code) {
        List<ServerFrame> all = sent();
        List<ServerFrame> closes = all.stream().filter(f -> f.op == OpCode.CLOSE).toList();
        assertEquals(1, closes.size(), () -> "close frames sent: " + all);
        assertEquals(code, closes.get(0).closeCode(), () -> "close frame " + closes.get(0));
        assertTrue(transport.controlFlags().get(all.indexOf(closes.get(0))), "a close frame is a control frame");
        assertEquals(all.size() - 1, all.indexOf(closes.get(0)), () -> "nothing sent after the close frame: " + all);
        return closes.get(0);
    }

    void assertClosedOnceWith(int code) {
        assertEquals(1, endpoint.closes.size(), () -> "onClose calls: " + endpoint.closes);
        assertEquals(code, endpoint.closes.get(0).code, () -> "onClose " + endpoint.closes);
    }

    record Enqueued(byte[] frame, boolean control) {
    }

    /** Records every call; refuses data frames while {@link #refuseData} is set. */
    static final class FakeTransport implements Transport {
        final List<Enqueued> enqueued = new ArrayList<>();
        int flushes;
        int closeAfterFlush;
        int aborts;
        int dropQueuedData;
        boolean refuseData;

        @Override
        public synchronized boolean enqueue(byte[] frame, boolean control) {
            if (!control && refuseData) {
                return false;
            }
            enqueued.add(new Enqueued(frame, control));
            return true;
        }

        @Override
        public synchronized void dropQueuedData() {
            dropQueuedData++;
        }

        @Override
        public synchronized void flush() {
            flushes++;
        }

        @Override
        public synchronized void closeAfterFlush() {
            closeAfterFlush++;
        }

        @Override
        public synchronized void abort() {
            aborts++;
        }

        List<Boolean> controlFlags() {
            return enqueued.stream().map(Enqueued::control).toList();
        }
    }

    record Close(int code, String reason) {
    }

    static final class RecordingEndpoint implements WebSocketEndpoint {
        final List<WebSocketSession> opens = new ArrayList<>();
        final List<Message> messages = new ArrayList<>();
        final List<Close> closes = new ArrayList<>();
        BiConsumer<WebSocketSession, Message> onMessage = (s, m) -> { };
        Runnable onClose = () -> { };

        @Override
        public void onOpen(WebSocketSession session) {
            opens.add(session);
        }

        @Override
        public void onMessage(WebSocketSession session, Message message) {
            messages.add(message);
            onMessage.accept(session, message);
        }

        @Override
        public void onClose(WebSocketSession session, int code, String reason) {
            closes.add(new Close(code, reason));
            onClose.run();
        }

        List<String> texts() {
            return messages.stream().map(Message::text).toList();
        }
    }

    /** A server frame decoded the plain way: never masked, so no key. */
    record ServerFrame(boolean fin, int rsv, OpCode op, boolean masked, byte[] payload) {
        static ServerFrame decode(byte[] frame) {
            int b0 = frame[0] & 0xFF;
            int b1 = frame[1] & 0xFF;
            int length7 = b1 & 0x7F;
            int at = 2;
            long length = length7;
            if (length7 == 126) {
                length = ((frame[2] & 0xFF) << 8) | (frame[3] & 0xFF);
                at = 4;
            } else if (length7 == 127) {
                length = ByteBuffer.wrap(frame, 2, 8).getLong();
                at = 10;
            }
            assertEquals(at + length, frame.length, "one whole frame per enqueue");
            return new ServerFrame((b0 & 0x80) != 0, (b0 >> 4) & 7, OpCode.fromCode(b0), (b1 & 0x80) != 0,
                    Arrays.copyOfRange(frame, at, frame.length));
        }

        int closeCode() {
            return payload.length < 2 ? -1 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return op + (fin ? "" : "(no FIN)") + (op == OpCode.CLOSE ? " " + closeCode() : "") + " " + payload.length + "B";
        }
    }
}
