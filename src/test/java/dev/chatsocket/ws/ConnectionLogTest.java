package dev.chatsocket.ws;

import dev.chatsocket.testsupport.CapturedLogs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One key=value line when a connection opens and one when it is gone, with what it carried. */
class ConnectionLogTest {
    private final AtomicLong clock = new AtomicLong(5_000_000_000L);
    private final List<String> totals = new ArrayList<>();
    private final ConnectionEvents recorder = new ConnectionEvents() {
        @Override
        public void opened() {
            totals.add("opened");
        }

        @Override
        public void released() {
            totals.add("released");
        }

        @Override
        public void closeReceived(int code, String reason) {
            totals.add("closeReceived " + code);
        }
    };
    private final CapturedLogs logs = CapturedLogs.of(ConnectionLog.LOGGER);
    private final ConnectionLog log = new ConnectionLog("ws-7", "echo",
            new HandshakeInfo("/echo", Map.of(), "127.0.0.1", null, null), recorder, clock::get);

    @AfterEach
    void stopCapturing() {
        logs.close();
    }

    @Test
    void openAndCloseLinesCarryTheConnectionsStory() {
        log.opened();
        log.bytesReceived(30);
        log.messageReceived(new Message(true, new byte[24]));
        log.messageQueued(26);
        log.bytesSent(26);
        clock.addAndGet(1_500_000_000L);
        log.closeReceived(1000, "bye");
        log.closeSent(1000, "");
        log.bytesSent(4);
        log.released();

        assertEquals(List.of(
                "event=open conn=ws-7 endpoint=echo remote=127.0.0.1 path=/echo",
                "event=close conn=ws-7 endpoint=echo remote=127.0.0.1 code=1000 closed_by=client reason=bye"
                        + " duration_ms=1500 bytes_in=30 bytes_out=30 messages_in=1 messages_out=1"),
                logs.messages());
        assertEquals(List.of(Level.FINE, Level.INFO), logs.records().stream().map(r -> r.getLevel()).toList(),
                "the open line at DEBUG, the close line (the record of the connection) at INFO");
        assertTrue(logs.records().stream().allMatch(r -> r.getThrown() == null));
        assertEquals(List.of("opened", "closeReceived 1000", "released"), totals);
    }

    @Test
    void aConnectionFailedByTheServerIsClosedByTheServerWithItsCode() {
        log.opened();
        log.closeSent(1002, "reserved bits set");
        log.released();
        assertTrue(logs.messages().get(1).contains(" code=1002 closed_by=server reason=\"reserved bits set\" "),
                logs.messages().get(1));
    }

    @Test
    void noCloseFrameEitherWayIs1006() {
        log.opened();
        log.released();
        assertTrue(logs.messages().get(1).contains(" code=1006 closed_by=none reason=\"\" "), logs.messages().get(1));
    }

    @Test
    void releasedOnceAndOnlyIfOpened() {
        log.released();
        log.released();
        assertEquals(List.of(), totals, "never opened: the open gauge is not decremented");
        assertEquals(1, logs.records().size(), "one close line");
    }

    @Test
    void aClientsReasonCannotBreakTheLineOrForgeAField() {
        log.opened();
        log.closeReceived(4000, "x\" code=1000\nevent=open");
        log.released();
        String line = logs.messages().get(1);
        assertTrue(line.contains(" reason=\"x\\\" code=1000\\nevent=open\" "), line);
        assertEquals(1, line.lines().count());
    }

    @Test
    void longValuesAreCut() {
        String line = LogLine.event("x").with("path", "/" + "a".repeat(1000)).toString();
        assertEquals("event=x path=/" + "a".repeat(LogLine.MAX_VALUE_LENGTH - 1) + "...", line);
    }
}
