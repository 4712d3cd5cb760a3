package dev.chatsocket.safety;

import dev.chatsocket.testsupport.ClientFrames;
import dev.chatsocket.testsupport.RawWebSocket;
import dev.chatsocket.testsupport.container.Deployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URL;
import java.time.Duration;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that starts a frame and never finishes it (slowloris) is closed with 1008 once
 * {@code CHATSOCKET_FRAME_TIMEOUT} (1 s here) has passed since the frame's first byte, on every
 * endpoint, whether it stopped inside the header or inside the payload.
 */
@ExtendWith(ArquillianExtension.class)
class SlowlorisIT {

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.chatsocketWar().addAsWebInfResource(
                new StringAsset("CHATSOCKET_FRAME_TIMEOUT=1s\n"), "chatsocket.properties");
    }

    @ArquillianResource
    URL base;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"echo", "chat/slowloris"})
    void aFrameHeaderLeftHalfSentIsClosedWith1008(String path) throws Exception {
        byte[] frame = ClientFrames.text("{\"type\":\"message\",\"text\":\"never finished\"}");
        assertClosedWith1008(path, Arrays.copyOfRange(frame, 0, 1));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"echo", "chat/slowloris"})
    void aPayloadLeftHalfSentIsClosedWith1008(String path) throws Exception {
        byte[] frame = ClientFrames.text("{\"type\":\"message\",\"text\":\"never finished\"}");
        assertClosedWith1008(path, Arrays.copyOfRange(frame, 0, frame.length / 2));
    }

    private void assertClosedWith1008(String path, byte[] partialFrame) throws Exception {
        try (RawWebSocket ws = RawWebSocket.open(base.toURI(), path)) {
            long start = System.nanoTime();
            ws.send(partialFrame);
            RawWebSocket.ServerFrame close = ws.readClose();
            long waited = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertEquals(1008, close.closeCode(), "close code (reason: " + close.closeReason() + ")");
            assertEquals("frame timeout", close.closeReason());
            assertTrue(waited >= 1000, "not before the frame timeout: closed after " + waited + " ms");
            ws.send(ClientFrames.close(1000, ""));
            // Tomcat closes a socket closed from the timer thread only at the connection's next
            // event, which the answer may beat (see ContainerQuirks); Jetty closes it at once.
            if ("jetty".equals(System.getProperty("chatsocket.container"))) {
                assertTrue(ws.awaitEof(Duration.ofSeconds(10)), "the server closes TCP after the close frame");
            }
        }
    }
}
