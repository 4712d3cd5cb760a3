package dev.chatsocket.ws;

import dev.chatsocket.testsupport.ClientFrames;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The frame timeout (slowloris): a frame must arrive whole within {@link Harness#FRAME_TIMEOUT}
 * (8 s here) of its first byte, however steadily its bytes trickle in; past it the connection is
 * failed with 1008. Whole frames, however far apart, never trip it.
 */
class ConnectionFrameTimeoutTest {
    private static final Duration JUST_UNDER = Harness.FRAME_TIMEOUT.minusMillis(1);

    @Test
    void partialHeaderPastTheTimeoutClosesWith1008() {
        Harness h = new Harness();
        byte[] frame = ClientFrames.text("hello");
        h.receive(Arrays.copyOfRange(frame, 0, 1));
        h.advance(JUST_UNDER);
        h.connection.tick();
        assertTrue(h.endpoint.closes.isEmpty(), "not yet: the frame is 1 ms short of the timeout");
        h.advance(Duration.ofMillis(1));
        h.connection.tick();
        h.assertSentOneClose(CloseCodes.POLICY_VIOLATION);
        h.assertClosedOnceWith(CloseCodes.POLICY_VIOLATION);
        assertEquals(1, h.transport.closeAfterFlush, "TCP ends once the close frame is written");
    }

    @Test
    void payloadTrickledOneByteAtATimeIsCutOffEvenThoughTheConnectionIsNeverSilent() {
        Harness h = new Harness();
        byte[] frame = ClientFrames.binary(new byte[100]);
        // One byte a second keeps the idle timer from ever firing; the frame timer still does.
        for (int i = 0; i < 8; i++) {
            h.receive(Arrays.copyOfRange(frame, i, i + 1));
            h.advance(Duration.ofSeconds(1));
            h.connection.tick();
        }
        h.assertSentOneClose(CloseCodes.POLICY_VIOLATION);
        assertEquals("frame timeout", h.endpoint.closes.get(0).reason());
        assertTrue(h.endpoint.messages.isEmpty());
    }

    @Test
    void aFrameFinishedJustInTimeResetsTheTimerForTheNext() {
        Harness h = new Harness();
        byte[] first = ClientFrames.text("first");
        byte[] second = ClientFrames.text("second");
        h.receive(Arrays.copyOfRange(first, 0, 3));
        h.advance(JUST_UNDER);
        h.connection.tick();
        // The rest of the first frame and the start of the second, in one read.
        h.receive(ClientFrames.concat(Arrays.copyOfRange(first, 3, first.length), Arrays.copyOfRange(second, 0, 2)));
        h.advance(JUST_UNDER);
        h.connection.tick();
        assertTrue(h.endpoint.closes.isEmpty(), () -> "the second frame's clock started when its first byte came: " + h.endpoint.closes);
        h.receive(Arrays.copyOfRange(second, 2, second.length));
        assertEquals(java.util.List.of("first", "second"), h.endpoint.texts());
        h.advance(Harness.FRAME_TIMEOUT.multipliedBy(2));
        h.connection.tick();
        assertTrue(h.endpoint.closes.isEmpty(), "between frames only the idle timeout applies");
    }

    @Test
    void wholeFramesNeverTripIt() {
        Harness h = new Harness();
        for (int i = 0; i < 5; i++) {
            h.receive(ClientFrames.text("m" + i));
            h.advance(JUST_UNDER);
            h.connection.tick();
        }
        assertTrue(h.endpoint.closes.isEmpty());
        assertEquals(5, h.endpoint.messages.size());
    }
}
