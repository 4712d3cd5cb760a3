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

import java.io.IOException;
import java.net.URL;
import java.util.concurrent.atomic.AtomicLong;

import static dev.chatsocket.conformance.Conformance.assertClosedWith;
import static dev.chatsocket.conformance.Conformance.assertEchoed;
import static dev.chatsocket.conformance.Conformance.assertEventuallyClosedWith;
import static dev.chatsocket.conformance.Conformance.uri;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Limits, set small through the WAR's chatsocket.properties: messages over the limit close with
 * 1009 before the excess is buffered, and a client that stops reading is closed with 1008 instead
 * of making the server buffer for it.
 */
@ExtendWith(ArquillianExtension.class)
class LimitsIT {
    private static final int MAX_MESSAGE = 1024;

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.chatsocketWar().addAsWebInfResource(new StringAsset(
                "CHATSOCKET_ECHO_MAX_MESSAGE_SIZE=" + MAX_MESSAGE + "\n"
                        + "CHATSOCKET_ECHO_MAX_OUTBOUND_BYTES=64KiB\n"), "chatsocket.properties");
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
        byte[] ping = ClientFrames.frame(true, 0, 9, new byte[125]);
        try (RawWebSocket ws = RawWebSocket.open(uri(base), "echo")) {
            Thread flooder = new Thread(() -> {
                try {
                    for (int i = 0; i < 1_000_000; i++) {
                        ws.send(ping);
                    }
                } catch (IOException closedByServer) {
                    // expected: the server closed the connection
                }
            });
            flooder.start();
            assertEventuallyClosedWith(ws, 1008);
            flooder.join();
        }
    }

    @Test
    void clientThatStopsReadingIsClosedWith1008() throws Exception {
        byte[] message = ClientFrames.binary(new byte[MAX_MESSAGE]);
        AtomicLong sent = new AtomicLong();
        try (RawWebSocket ws = RawWebSocket.open(uri(base), "echo")) {
            // Keep sending without reading: the echoes pile up in the socket buffers, then in the
            // server's queue, until it is over its 64 KiB and the server gives up on this client.
            Thread flooder = new Thread(() -> {
                try {
                    for (int i = 0; i < 256 * 1024; i++) {
                        ws.send(message);
                        sent.incrementAndGet();
                    }
                } catch (IOException closedByServer) {
                    // expected: the server closed the connection
                }
            });
            flooder.start();
            assertEventuallyClosedWith(ws, 1008);
            flooder.join();
            assertTrue(sent.get() < 256 * 1024, "the server closed the connection before the flood ended");
        }
    }
}
