package dev.chatsocket.ws;

import dev.chatsocket.testsupport.fuzz.ClientStreams;
import dev.chatsocket.testsupport.fuzz.Fuzz;
import dev.chatsocket.ws.codec.CloseStatus;
import dev.chatsocket.ws.codec.OpCode;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes a whole connection, an echo endpoint behind it, with random and mutated client streams
 * at random split points, then the end of input and a clock run past every timeout. Nothing is
 * thrown out of it; it sends at most one close frame, as its last frame, with a code a server may
 * send (RFC 6455 §7.4) and a payload a control frame can carry; the endpoint hears of the close
 * exactly once. Tries and seed: see {@link Fuzz}.
 */
class ConnectionFuzzTest {
    private static final Limits LIMITS = new Limits(1024, 4096, 64 * 1024, Harness.PING_INTERVAL,
            Harness.IDLE_TIMEOUT, Harness.CLOSE_TIMEOUT, Harness.FRAME_TIMEOUT);

    @Test
    void mutatedAndRandomStreamsEndInALegalClose() {
        Fuzz.run(random -> {
            byte[] wire = switch (random.nextInt(3)) {
                case 0 -> ClientStreams.randomBytes(random, random.nextInt(1024));
                case 1 -> ClientStreams.conversation(random, 1024, 4096).wire();
                default -> ClientStreams.mutate(random, ClientStreams.conversation(random, 1024, 4096).wire(),
                        ClientStreams.conversation(random, 1024, 4096).wire());
            };
            Harness h = new Harness(LIMITS);
            h.endpoint.onMessage = (session, message) -> session.send(OutboundMessage.of(message));
            for (byte[] chunk : ClientStreams.split(random, wire)) {
                h.connection.receive(ByteBuffer.wrap(chunk));
            }
            h.connection.abort();
            h.advance(Duration.ofMinutes(5));
            h.connection.tick();

            List<Harness.ServerFrame> sent = h.sent();
            List<Harness.ServerFrame> closes = sent.stream().filter(f -> f.op() == OpCode.CLOSE).toList();
            assertTrue(closes.size() <= 1, () -> "at most one close frame: " + sent + " for " + Fuzz.hex(wire));
            if (!closes.isEmpty()) {
                Harness.ServerFrame close = closes.get(0);
                assertEquals(sent.size() - 1, sent.indexOf(close), "the close frame is the last");
                assertTrue(close.payload().length <= 125, "a control frame");
                assertTrue(CloseStatus.isSendable(close.closeCode()), () -> "sendable code: " + close.closeCode());
            }
            assertEquals(1, h.endpoint.closes.size(), () -> "one onClose: " + h.endpoint.closes);
        });
    }
}
