package dev.chatsocket.ws;

import dev.chatsocket.testsupport.ClientFrames;
import dev.chatsocket.ws.codec.OpCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keep-alive pings and the idle timeout, driven by the fake clock (pings every 10 s, idle after 30 s). */
class ConnectionTimersTest {

    private static long pings(Harness h) {
        return h.sent().stream().filter(f -> f.op() == OpCode.PING).count();
    }

    @Test
    void pingsAfterAPingIntervalOfSilence() {
        Harness h = new Harness();
        h.advance(Harness.PING_INTERVAL.minusMillis(1));
        h.connection.tick();
        assertEquals(0, pings(h));
        h.advance(Duration.ofMillis(1));
        h.connection.tick();
        assertEquals(1, pings(h));
        assertEquals(true, h.transport.controlFlags().get(0), "a ping is a control frame");
        assertTrue(h.sent().get(0).payload().length <= 125);
        assertTrue(h.transport.flushes >= 1);
    }

    @Test
    void pingsOncePerIntervalNotOnEveryTick() {
        Harness h = new Harness();
        h.advance(Harness.PING_INTERVAL);
        for (int i = 0; i < 10; i++) {
            h.connection.tick();
            h.advance(Duration.ofMillis(100));
        }
        assertEquals(1, pings(h));
        h.advance(Harness.PING_INTERVAL);
        h.connection.tick();
        assertEquals(2, pings(h));
    }

    @Test
    void trafficPostponesThePing() {
        Harness h = new Harness();
        h.advance(Duration.ofSeconds(9));
        h.receive(ClientFrames.text("alive"));
        h.advance(Duration.ofSeconds(9));
        h.connection.tick();
        assertEquals(0, pings(h));
    }

    @Test
    void closesWith1001AfterTheIdleTimeoutEvenThoughItPinged() {
        Harness h = new Harness();
        for (int s = 1; s < 30; s++) {
            h.advance(Duration.ofSeconds(1));
            h.connection.tick();
        }
        assertEquals(2, pings(h), "pinged at 10 s and 20 s");
        assertTrue(h.endpoint.closes.isEmpty());
        h.advance(Duration.ofSeconds(1));
        h.connection.tick();
        h.assertSentOneClose(1001);
        assertEquals(1, h.transport.closeAfterFlush);
        h.assertClosedOnceWith(1001);
    }

    @Test
    void aPongResetsTheIdleClock() {
        Harness h = new Harness();
        h.advance(Harness.PING_INTERVAL);
        h.connection.tick();
        h.receive(ClientFrames.frame(true, 0, OpCode.PONG.code(), h.sent().get(0).payload()));
        h.advance(Harness.IDLE_TIMEOUT.minus(Duration.ofSeconds(1)));
        h.connection.tick();
        assertTrue(h.endpoint.closes.isEmpty(), "idle counts from the pong");
    }

    @Test
    void evenAPartialFrameCountsAsTraffic() {
        // A frame timeout longer than this slow frame takes: only the keep-alive timers are at stake.
        Harness h = new Harness(Harness.limitsWithFrameTimeout(Duration.ofMinutes(5)));
        byte[] frame = ClientFrames.text("slowly");
        for (int i = 0; i < frame.length; i++) {
            h.advance(Duration.ofSeconds(9));
            h.receive(new byte[] {frame[i]});
            h.connection.tick();
        }
        assertEquals(0, pings(h));
        assertTrue(h.endpoint.closes.isEmpty());
        assertEquals("slowly", h.endpoint.texts().get(0));
    }

    @Test
    void noPingsOnceClosing() {
        Harness h = new Harness();
        h.connection.close(1000, "");
        h.advance(Harness.PING_INTERVAL);
        h.connection.tick();
        assertEquals(0, pings(h));
    }

    @Test
    void afterAnIdleCloseThatNeverDrainsTcpIsDroppedWithoutASecondOnClose() {
        Harness h = new Harness();
        h.advance(Harness.IDLE_TIMEOUT);
        h.connection.tick();
        h.assertClosedOnceWith(1001);
        h.advance(Harness.CLOSE_TIMEOUT);
        h.connection.tick();
        assertEquals(1, h.transport.aborts);
        h.assertClosedOnceWith(1001);
    }
}
