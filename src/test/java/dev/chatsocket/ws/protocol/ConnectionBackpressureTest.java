package dev.chatsocket.ws.protocol;

import dev.chatsocket.testsupport.ClientFrames;
import dev.chatsocket.ws.codec.FrameEncoder;
import dev.chatsocket.ws.codec.OpCode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client that does not read: the transport refuses data and the server closes it with 1008. */
class ConnectionBackpressureTest {

    @Test
    void aFullQueueClosesTheClientWith1008AndFreesItsQueue() {
        Harness h = new Harness();
        assertTrue(h.connection.sendText("fits"));
        h.transport.refuseData = true;
        assertFalse(h.connection.sendText("does not fit"));
        assertEquals(1, h.transport.dropQueuedData);
        h.assertSentOneClose(1008);
        assertEquals(1, h.transport.closeAfterFlush);
        h.assertClosedOnceWith(1008);
        assertFalse(h.connection.isOpen());
        h.transport.refuseData = false;
        assertFalse(h.connection.sendText("later"), "nothing queued after the overflow");
        assertEquals(List.of(OpCode.TEXT, OpCode.CLOSE), h.sent().stream().map(Harness.ServerFrame::op).toList());
    }

    @Test
    void enqueueWithoutFlushQueuesNothingAfterTheFirstRefusalAndClosesOnFlush() {
        Harness h = new Harness();
        byte[] frame = FrameEncoder.text("shared");
        assertTrue(h.connection.enqueueEncoded(frame));
        h.transport.refuseData = true;
        assertFalse(h.connection.enqueueEncoded(frame));
        h.transport.refuseData = false;
        assertFalse(h.connection.enqueueEncoded(frame), "no gap: nothing after the refused frame");
        assertTrue(h.endpoint.closes.isEmpty(), "the close waits for flush, outside the caller's locks");
        h.connection.flush();
        h.assertSentOneClose(1008);
        h.assertClosedOnceWith(1008);
        h.connection.flush();
        h.assertClosedOnceWith(1008);
    }

    @Test
    void aSlowConsumerFoundWhileEchoingIsClosedAndReadsNoMore() {
        Harness h = new Harness();
        h.endpoint.onMessage = (s, m) -> s.sendText(m.text());
        h.transport.refuseData = true;
        h.receive(ClientFrames.text("one"), ClientFrames.text("two"));
        h.assertSentOneClose(1008);
        h.assertClosedOnceWith(1008);
        assertEquals(1, h.endpoint.messages.size());
    }

    @Test
    void pongsAndClosesStillGoOutWhenDataIsRefused() {
        Harness h = new Harness();
        h.transport.refuseData = true;
        h.receive(ClientFrames.frame(true, 0, OpCode.PING.code(), new byte[] {7}));
        assertEquals(OpCode.PONG, h.sent().get(0).op());
        h.connection.close(1000, "");
        assertEquals(OpCode.CLOSE, h.sent().get(1).op());
    }
}
