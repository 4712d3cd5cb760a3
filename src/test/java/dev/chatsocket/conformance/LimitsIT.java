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

import static dev.chatsocket.conformance.Conformance.assertClosedWith;
import static dev.chatsocket.conformance.Conformance.assertEchoed;
import static dev.chatsocket.conformance.Conformance.assertEventuallyClosedWith;
import static dev.chatsocket.conformance.Conformance.uri;

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
     * had handed to TCP, then the close. The flood ends before reading starts so that the server,
     * which keeps draining its input, has nothing unread when it closes (unread input turns a
     * close into a reset, which would discard the close frame in flight).
     */
    private void assertFloodWithoutReadingIsClosedWith1008(byte[] frame) throws Exception {
        try (RawWebSocket ws = RawWebSocket.open(uri(base), "echo")) {
            for (long sent = 0; sent < FLOOD_BYTES; sent += frame.length) {
                ws.send(frame);
            }
            assertEventuallyClosedWith(ws, 1008);
        }
    }
}
