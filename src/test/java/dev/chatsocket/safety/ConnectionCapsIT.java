package dev.chatsocket.safety;

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
import java.net.InetAddress;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The connection caps (3 in all, 2 per client address here), across both endpoints: the
 * connection over a cap is refused with 503 and a reason before the upgrade, and a closed
 * connection gives its place back. A second client address is a second loopback address.
 */
@ExtendWith(ArquillianExtension.class)
class ConnectionCapsIT {
    private static final InetAddress FIRST = address("127.0.0.1");
    private static final InetAddress SECOND = address("127.0.0.2");

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.chatsocketWar().addAsWebInfResource(new StringAsset(
                "CHATSOCKET_MAX_CONNECTIONS=3\nCHATSOCKET_MAX_CONNECTIONS_PER_ADDRESS=2\n"), "chatsocket.properties");
    }

    @ArquillianResource
    URL base;

    @Test
    void capsRefuseWith503AndClosedConnectionsGiveTheirPlaceBack() throws Exception {
        URI uri = base.toURI();
        List<RawWebSocket> open = new ArrayList<>();
        try {
            open.add(RawWebSocket.open(uri, "echo", Map.of(), FIRST));
            open.add(RawWebSocket.open(uri, "chat/caps", Map.of(), FIRST));

            RawWebSocket.HttpHead perAddress = handshakeFrom(uri, FIRST);
            assertEquals(503, perAddress.status(), perAddress.body());
            assertEquals("too many connections from your address; close one and try again\n", perAddress.body());

            open.add(RawWebSocket.open(uri, "echo", Map.of(), SECOND));
            RawWebSocket.HttpHead total = handshakeFrom(uri, SECOND);
            assertEquals(503, total.status(), total.body());
            assertEquals("the server is at its connection limit; try again later\n", total.body());

            // Closing one (without a close handshake, as a crashed client would) frees its place
            // once the server has noticed: the next handshake from that address gets through.
            open.remove(0).close();
            try (RawWebSocket again = awaitAccepted(uri, FIRST)) {
                assertEquals(101, again.handshakeResponse().status());
            }
        } finally {
            for (RawWebSocket ws : open) {
                ws.close();
            }
        }
    }

    private static RawWebSocket.HttpHead handshakeFrom(URI uri, InetAddress from) throws IOException {
        return RawWebSocket.exchange(uri, "GET", "echo", RawWebSocket.browserHeaders(uri, RawWebSocket.newKey()), from);
    }

    /** Retries the handshake until the server has released the closed connection's place. */
    private static RawWebSocket awaitAccepted(URI uri, InetAddress from) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                return RawWebSocket.open(uri, "echo", Map.of(), from);
            } catch (IOException refused) {
                if (System.nanoTime() > deadline) {
                    fail("the closed connection's place was never given back: " + refused.getMessage());
                }
                Thread.sleep(50);
            }
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
