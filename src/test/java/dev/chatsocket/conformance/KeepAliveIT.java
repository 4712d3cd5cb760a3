package dev.chatsocket.conformance;

import dev.chatsocket.testsupport.ClientFrames;
import dev.chatsocket.testsupport.RawWebSocket;
import dev.chatsocket.testsupport.container.Deployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.time.Duration;

import static dev.chatsocket.conformance.Conformance.uri;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The server's keep-alive, with short timers: it pings a silent client, keeps a client that
 * answers, and closes one that stays silent past the idle timeout with 1001.
 */
@ExtendWith(ArquillianExtension.class)
class KeepAliveIT {
    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.chatsocketWar().addAsWebInfResource(new StringAsset(
                "CHATSOCKET_PING_INTERVAL=200ms\nCHATSOCKET_IDLE_TIMEOUT=1500ms\nCHATSOCKET_CLOSE_TIMEOUT=1s\n"),
                "chatsocket.properties");
    }

    @ArquillianResource
    URL base;

    @Test
    void clientThatAnswersPingsStaysOpenPastTheIdleTimeout() throws Exception {
        try (RawWebSocket ws = RawWebSocket.open(uri(base), "echo")) {
            long until = System.nanoTime() + Duration.ofMillis(3000).toNanos();
            int pings = 0;
            while (System.nanoTime() < until) {
                RawWebSocket.ServerFrame ping = ws.readFrame(Duration.ofSeconds(5));
                assertEquals(9, ping.opcode(), "only pings arrive on a quiet connection");
                ws.send(ClientFrames.frame(true, 0, 10, ping.payload()));
                pings++;
            }
            ws.send(ClientFrames.text("alive"));
            RawWebSocket.ServerFrame echo;
            do {
                echo = ws.readFrame();
            } while (echo.opcode() == 9);
            assertEquals("alive", echo.text());
            assertEquals(true, pings >= 2, "pinged repeatedly: " + pings);
        }
    }

    @Test
    void silentClientIsPingedThenClosedWith1001() throws Exception {
        try (RawWebSocket ws = RawWebSocket.open(uri(base), "echo")) {
            RawWebSocket.ServerFrame frame = ws.readFrame(Duration.ofSeconds(5));
            assertEquals(9, frame.opcode(), "the server pings first");
            while ((frame = ws.readFrame(Duration.ofSeconds(5))).opcode() == 9) {
                // not answering
            }
            assertEquals(8, frame.opcode());
            assertEquals(1001, frame.closeCode());
        }
    }
}
