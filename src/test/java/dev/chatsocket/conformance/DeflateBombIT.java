package dev.chatsocket.conformance;

import dev.chatsocket.testsupport.ClientDeflate;
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

import java.lang.management.ManagementFactory;
import java.net.URL;
import java.util.Arrays;
import java.util.Map;

import static dev.chatsocket.conformance.Conformance.assertClosedWith;
import static dev.chatsocket.conformance.Conformance.uri;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decompression bombs against the real WAR with /echo limited to 1 MiB messages: a compressed
 * frame of about 100 KiB that would inflate to 100 MiB is closed with 1009 once 1 MiB has come
 * out, and the server (embedded in this JVM) allocates nowhere near 100 MiB meanwhile. A message
 * of exactly the limit still passes.
 */
@ExtendWith(ArquillianExtension.class)
class DeflateBombIT {
    private static final int MAX_MESSAGE = 1 << 20;
    private static final int BOMB_INFLATED = 100 << 20;

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.chatsocketWar().addAsWebInfResource(new StringAsset(
                "CHATSOCKET_ECHO_MAX_MESSAGE_SIZE=" + MAX_MESSAGE + "\n"), "chatsocket.properties");
    }

    @ArquillianResource
    URL base;

    @Test
    void aMessageThatInflatesToExactlyTheLimitIsEchoed() throws Exception {
        try (RawWebSocket ws = open(); ClientDeflate deflate = negotiated(ws)) {
            byte[] message = new byte[MAX_MESSAGE];
            Arrays.fill(message, (byte) 'a');
            ws.send(ClientFrames.frame(true, ClientFrames.RSV1, 2, deflate.compress(message)));
            RawWebSocket.ServerMessage echo = ws.readMessage();
            assertArrayEquals(message, echo.compressed() ? deflate.decompress(echo.payloads()) : echo.joined());
        }
    }

    @Test
    void aBombIsClosedWith1009WithoutTheServerInflatingIt() throws Exception {
        try (RawWebSocket ws = open(); ClientDeflate deflate = negotiated(ws)) {
            byte[] bomb = deflate.compress(new byte[BOMB_INFLATED]);
            assertTrue(bomb.length < 128 << 10, "the bomb is " + bomb.length + " bytes on the wire");
            long before = allocatedByAllThreads();
            ws.send(ClientFrames.frame(true, ClientFrames.RSV1, 2, bomb));
            assertClosedWith(ws, 1009);
            long allocated = allocatedByAllThreads() - before;
            // Inflating it would take 100 MiB; stopping at the limit takes a few MiB at most,
            // whatever else this JVM's threads allocate in the same moment.
            assertTrue(allocated < 40 << 20, "the JVM allocated " + (allocated >> 20) + " MiB while the bomb was refused");
        }
    }

    @Test
    void aBombSplitIntoManyFramesIsClosedWith1009Too() throws Exception {
        try (RawWebSocket ws = open(); ClientDeflate deflate = negotiated(ws)) {
            byte[] bomb = deflate.compress(new byte[BOMB_INFLATED]);
            ws.send(ClientFrames.fragmented(ClientFrames.RSV1, 1, bomb, 50));
            assertClosedWith(ws, 1009);
        }
    }

    private RawWebSocket open() throws Exception {
        return RawWebSocket.open(uri(base), "echo", Map.of("Sec-WebSocket-Extensions", "permessage-deflate"));
    }

    private static ClientDeflate negotiated(RawWebSocket ws) {
        return ClientDeflate.fromResponse(ws.handshakeResponse().header("Sec-WebSocket-Extensions"));
    }

    /** Bytes allocated so far by every live thread of this JVM (the embedded server's included). */
    private static long allocatedByAllThreads() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long allocated : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            total += Math.max(0, allocated);
        }
        return total;
    }
}
