package dev.chatsocket.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.List;
import java.util.UUID;

import dev.chatsocket.browser.ChatPage;
import dev.chatsocket.testsupport.ClientFrames;
import dev.chatsocket.testsupport.RawWebSocket;
import dev.chatsocket.testsupport.browser.Browsers;
import dev.chatsocket.testsupport.browser.Browsers.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the README promises for a stock distribution: drop {@code target/chatsocket.war} into
 * {@code webapps/} and the chat works at {@code /chatsocket/}, in a browser and for browser-shaped
 * handshakes; redeploying the WAR on the running server closes every client with 1001 (going away)
 * and leaves no class loader of the old application behind. One server per class, started once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StockDistributionContract {

    private StockServer server;

    abstract StockServer newServer() throws Exception;

    @BeforeAll
    void startServer() throws Exception {
        server = newServer().start();
    }

    @AfterAll
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void serverIsReady() {
        server.awaitReady();
    }

    @Test
    void twoBrowsersChatUnderTheContextPath() throws Exception {
        String room = "stock-" + UUID.randomUUID().toString().substring(0, 8);
        try (Browser one = Browsers.open(); Browser two = Browsers.open()) {
            ChatPage alice = new ChatPage(one).open(server.app().toURL(), room).nick("alice");
            ChatPage bob = new ChatPage(two).open(server.app().toURL(), room).nick("bob");
            alice.awaitMembers("alice", "bob");
            alice.say("hello from a stock server");
            bob.awaitMessage("hello from a stock server");
            alice.awaitDelivered("hello from a stock server");
        }
    }

    @Test
    void browserShapedHandshakeWithoutContentLengthIsUpgradedAndEchoed() throws Exception {
        try (RawWebSocket ws = RawWebSocket.open(server.app(), "echo")) {
            ws.send(ClientFrames.text("through the stock connector"));
            assertEquals("through the stock connector", ws.readText());
        }
    }

    /**
     * The HTTP API under the context path, its servlet registered and injected by the stock server.
     * Each request on a connection of its own, closed after it, as the redeploy test's leak check
     * wants: an idle keep-alive connection would hold on to its last request for a while.
     */
    @Test
    void theApiPostsAndReadsBackUnderTheContextPath() throws Exception {
        URI app = server.app();
        String messages = "api/v1/rooms/stock-api-" + UUID.randomUUID().toString().substring(0, 8) + "/messages";
        String authorization = "Authorization: Bearer " + StockServer.API_KEY + "\r\n";
        String body = "{\"text\":\"from the API of a stock server\",\"ref\":\"s1\"}";
        RawWebSocket.HttpHead posted = RawWebSocket.exchange(app, ("POST " + app.resolve(messages).getRawPath() + " HTTP/1.1\r\n"
                + "Host: " + app.getHost() + ":" + app.getPort() + "\r\n" + authorization
                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body)
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(201, posted.status(), posted.body());
        RawWebSocket.HttpHead page = RawWebSocket.exchange(app, "GET", messages, Map.of("Host", app.getHost() + ":" + app.getPort(),
                "Authorization", "Bearer " + StockServer.API_KEY, "Connection", "close"));
        assertEquals(200, page.status(), page.body());
        assertTrue(page.body().contains("from the API of a stock server") && page.body().contains("\"bot\":true"), page.body());
        RawWebSocket.HttpHead stranger = RawWebSocket.exchange(app, "GET", messages,
                Map.of("Host", app.getHost() + ":" + app.getPort(), "Connection", "close"));
        assertEquals(401, stranger.status(), stranger.body());
    }

    /**
     * How long a redeploy may take to close the old application's clients: Jetty's deployer starts
     * the new application before it stops the old one, which on a busy machine takes longer than
     * a frame read's usual timeout (unpacking, annotation scanning, Weld, the history store).
     */
    private static final java.time.Duration REDEPLOY = java.time.Duration.ofSeconds(90);

    private static RawWebSocket.ServerFrame closeWithin(RawWebSocket client, java.time.Duration timeout) throws IOException {
        while (true) {
            RawWebSocket.ServerFrame frame = client.readFrame(timeout);
            if (frame.opcode() == 8) {
                return frame;
            }
        }
    }

    @Test
    void redeployClosesClientsWithGoingAwayAndLeaksNoClassLoader() throws Exception {
        URI app = server.app();
        for (int round = 1; round <= 2; round++) {
            server.awaitReady();
            try (RawWebSocket client = RawWebSocket.open(app, "chat/redeploy-" + round)) {
                assertTrue(client.readText().contains("\"welcome\""), "joined before the redeploy");
                server.redeploy();
                assertEquals(1001, closeWithin(client, REDEPLOY).closeCode(), "round " + round + ": close code on redeploy");
            }
        }
        server.awaitReady();
        try (RawWebSocket ws = RawWebSocket.open(app, "echo")) {
            ws.send(ClientFrames.text("after redeploys"));
            assertEquals("after redeploys", ws.readText());
        }
        server.assertNoLeakedClassLoaders();
        String log = server.consoleText();
        assertFalse(log.contains("SEVERE"), "no SEVERE in the server's log:\n" + log);
        // Tomcat's undeploy-time checks: threads left running, ThreadLocals left set, timers, drivers.
        // Not Tomcat's own utility thread: it binds the application's class loader while it runs the
        // context's periodic background work, so a reload that overlaps that work names it too.
        List<String> leaks = log.lines().filter(line -> line.contains("memory leak"))
                .filter(line -> !line.contains("started a thread named [Catalina-utility-")).toList();
        assertEquals(List.of(), leaks, "no leak warning in the server's log:\n" + log);
    }
}
