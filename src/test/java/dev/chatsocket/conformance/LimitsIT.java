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

import static dev.chatsocket.conformance.Conformance.assertClosedWith;
import static dev.chatsocket.conformance.Conformance.assertEchoed;
import static dev.chatsocket.conformance.Conformance.uri;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Limits, set small through the WAR's chatsocket.properties: messages over the limit close with
 * 1009 before the excess is buffered, and a client that stops reading is closed with 1008 instead
 * of making the server buffer for it.
 */
@ExtendWith(ArquillianExtension.class)
class LimitsIT {
    private static final int MAX_MESSAGE = 1024;
    /** Far more than loopback socket buffers and the 64 KiB queue hold together. */
    private static final long FLOOD_BYTES = 48L << 20;

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.chatsocketWar().addAsWebInfResource(new StringAsset(
                "CHATSOCKET_ECHO_MAX_MESSAGE_SIZE=" + MAX_MESSAGE + "\n"
                        + "CHATSOCKET_ECHO_MAX_OUTBOUND_BYTES=64KiB\n"
                        // Time for the flood to end and reading to start before the close times out.
                        + "CHATSOCKET_CLOSE_TIMEOUT=60s\n"), "chatsocket.properties");
    }

    @ArquillianResource
    URL base;

    @Test
    void messageAtTheLimitIsEchoed() throws Exception {
        try (RawWebSocket ws = RawWebSocket.open(uri(base), "echo")) {
            ws.send(ClientFrames.binary(new byte[MAX_MESSAGE]));
            assertEchoed(ws, 2, new byte[MAX_MESSAGE]);
        }
    }

    @Test
    void frameOverTheLimitFailsWith1009() throws Exception {
        try (RawWebSocket ws = RawWebSocket.open(uri(base), "echo")) {
            ws.send(ClientFrames.binary(new byte[MAX_MESSAGE + 1]));
            assertClosedWith(ws, 1009);
        }
    }

    @Test
    void fragmentsAddingUpOverTheLimitFailWith1009() throws Exception {
        try (RawWebSocket ws = RawWebSocket.open(uri(base), "echo")) {
            ws.send(ClientFrames.concat(
                    ClientFrames.frame(false, 0, 2, new byte[MAX_MESSAGE / 2]),
                    ClientFrames.frame(false, 0, 0, new byte[MAX_MESSAGE / 2]),
                    ClientFrames.frame(true, 0, 0, new byte[1])));
            assertClosedWith(ws, 1009);
        }
    }

    @Test
    void hugeDeclaredLengthFailsAtTheHeader() throws Exception {
        // A header declaring 2^40 bytes and nothing else: refused before any payload is read.
        byte[] header = {(byte) 0x82, (byte) 0xFF, 0, 0, 1, 0, 0, 0, 0, 0, 1, 2, 3, 4};
        try (RawWebSocket ws = RawWebSocket.open(uri(base), "echo")) {
            ws.send(header);
            assertClosedWith(ws, 1009);
        }
    }

    @Test
    void clientThatPingsWithoutReadingThePongsIsClosedWith1008() throws Exception {
        assertFloodWithoutReadingIsClosedWith1008(ClientFrames.frame(true, 0, 9, new byte[125]));
    }

    @Test
    void clientThatStopsReadingIsClosedWith1008() throws Exception {
        assertFloodWithoutReadingIsClosedWith1008(ClientFrames.binary(new byte[MAX_MESSAGE]));
    }

    /**
     * Sends {@link #FLOOD_BYTES} of frames without reading: the answers pile up in the socket
     * buffers (a few MiB on loopback), then in the server's queue until it is past its 64 KiB and
     * the server gives up on this client. Only then does the client read: every answer the server
     * had handed to TCP, then the close; it answers the close, as a client must (RFC 6455 §5.5.1),
     * and the server ends TCP.
     *
     * <p>The answer is what lets the server close cleanly. Its close frame can reach TCP while the
     * client is still flooding (the client's receive window keeps opening as data arrives, read or
     * not), and a server that closed TCP right then, with the flood still coming in, would reset
     * the connection: the client's sends fail and the close frame in flight is lost. Without a
     * half-close in the Servlet API the server cannot know the client has stopped sending until
     * it says so, so it drains the client's input until the close answer, EOF or the close
     * timeout.
     */
    private void assertFloodWithoutReadingIsClosedWith1008(byte[] frame) throws Exception {
        try (RawWebSocket ws = RawWebSocket.open(uri(base), "echo")) {
            for (long sent = 0; sent < FLOOD_BYTES; sent += frame.length) {
                ws.send(frame);
            }
            RawWebSocket.ServerFrame close = ws.readClose();
            assertEquals(1008, close.closeCode(), "close code (reason: " + close.closeReason() + ")");
            ws.send(ClientFrames.close(1008, ""));
            assertTrue(ws.awaitEof(Duration.ofSeconds(10)), "the server closes TCP after the close handshake");
        }
    }
}
