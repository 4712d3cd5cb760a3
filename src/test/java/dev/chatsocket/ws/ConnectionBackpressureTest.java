package dev.chatsocket.ws;

import dev.chatsocket.testsupport.ClientFrames;
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
        assertTrue(h.connection.send(OutboundMessage.text("fits")));
        h.transport.refuseData = true;
        assertFalse(h.connection.send(OutboundMessage.text("does not fit")));
        assertEquals(1, h.transport.dropQueuedData);
        h.assertSentOneClose(1008);
        assertEquals(0, h.transport.closeAfterFlush, "the client may still be sending: TCP waits for its close");
        assertEquals(0, h.transport.aborts);
        h.assertClosedOnceWith(1008);
        assertFalse(h.connection.isOpen());
        h.transport.refuseData = false;
        assertFalse(h.connection.send(OutboundMessage.text("later")), "nothing queued after the overflow");
        assertEquals(List.of(OpCode.TEXT, OpCode.CLOSE), h.sent().stream().map(Harness.ServerFrame::op).toList());
    }

    @Test
    void enqueueWithoutFlushQueuesNothingAfterTheFirstRefusalAndClosesOnFlush() {
        Harness h = new Harness();
        OutboundMessage message = OutboundMessage.text("shared");
        assertTrue(h.connection.enqueue(message));
        h.transport.refuseData = true;
        assertFalse(h.connection.enqueue(message));
        h.transport.refuseData = false;
        assertFalse(h.connection.enqueue(message), "no gap: nothing after the refused frame");
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
        h.endpoint.onMessage = (s, m) -> s.send(OutboundMessage.text(m.text()));
        h.transport.refuseData = true;
        h.receive(ClientFrames.text("one"), ClientFrames.text("two"));
        h.assertSentOneClose(1008);
        h.assertClosedOnceWith(1008);
        assertEquals(1, h.endpoint.messages.size());
    }

    @Test
    void aSlowConsumerIsDrainedUntilItAnswersTheClose() {
        Harness h = new Harness();
        h.endpoint.onMessage = (s, m) -> s.send(OutboundMessage.text(m.text()));
        h.transport.refuseData = true;
        h.receive(ClientFrames.text("one"));
        h.receive(ClientFrames.text("two"), ClientFrames.frame(true, 0, OpCode.PING.code(), new byte[] {7}));
        assertEquals(1, h.endpoint.messages.size(), "what it sends meanwhile is discarded");
        assertEquals(0, h.transport.closeAfterFlush);
        h.receive(ClientFrames.close(1000, ""));
        assertEquals(1, h.transport.closeAfterFlush, "TCP closes once the client has answered");
        h.assertSentOneClose(1008);
        h.assertClosedOnceWith(1008);
    }

    @Test
    void aSlowConsumerThatNeverAnswersIsDroppedAtTheCloseTimeout() {
        Harness h = new Harness();
        h.transport.refuseData = true;
        assertFalse(h.connection.send(OutboundMessage.text("does not fit")));
        h.advance(Harness.CLOSE_TIMEOUT);
        h.connection.tick();
        assertEquals(1, h.transport.aborts);
        h.assertClosedOnceWith(1008);
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
