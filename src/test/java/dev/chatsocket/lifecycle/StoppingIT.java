package dev.chatsocket.lifecycle;

import dev.chatsocket.testsupport.ClientFrames;
import dev.chatsocket.testsupport.RawWebSocket;
import dev.chatsocket.testsupport.container.Deployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * While the application stops (here held open by a client that does not answer its 1001, for up
 * to a 30 s grace), it takes no new WebSocket: a handshake is never upgraded. Before the stop,
 * {@code /health} is 200 ready.
 *
 * <p>The embedded servers (launcher and tests alike, Jetty and Tomcat) run the application's shutdown
 * hook before stopping it, so the application answers itself: 503 with its reason, and
 * {@code /health} 503 {@code stopping}. (A stock Tomcat unmaps an application before it destroys
 * its servlets, so there a request during the stop gets Tomcat's 404: no upgrade either way.)
 */
@ExtendWith(ArquillianExtension.class)
class StoppingIT extends ManuallyDeployed {
    private static final String APP = "stopping";

    @Deployment(name = APP, managed = false, testable = false)
    static WebArchive war() {
        return Deployments.chatsocketWar().addAsWebInfResource(
                new StringAsset("CHATSOCKET_SHUTDOWN_GRACE=30s\nCHATSOCKET_CLOSE_TIMEOUT=60s\n"), "chatsocket.properties");
    }

    @Override
    String deploymentName() {
        return APP;
    }

    @Test
    void noNewWebSocketsAndNotReadyWhileStopping(@ArquillianResource @OperateOnDeployment(APP) URL base)
            throws Exception {
        URI uri = base.toURI();
        RawWebSocket.HttpHead ready = RawWebSocket.exchange(uri, "GET", "health", Map.of("Host", host(uri)));
        assertEquals(200, ready.status());
        // Compared as JSON: the order of the checks is the order the application's parts added them.
        assertEquals(JSON.readTree("{\"status\":\"ready\",\"checks\":{\"shutdown\":\"ok\",\"history\":\"ok\"}}"),
                JSON.readTree(ready.body()));

        RawWebSocket lingering = RawWebSocket.open(uri, "echo");
        // An echo proves the connection fully started (Tomcat runs init() after the 101 is out).
        lingering.send(ClientFrames.text("started"));
        assertEquals("started", lingering.readFrame().text());
        // The test thread (which holds Arquillian's context) undeploys; the client looks around
        // on a thread of its own while the stop waits for its answer.
        CompletableFuture<String> duringTheStop = CompletableFuture.supplyAsync(() -> {
            try (lingering) {
                RawWebSocket.ServerFrame close = lingering.readClose();
                assertEquals(1001, close.closeCode());
                RawWebSocket.HttpHead upgrade = RawWebSocket.exchange(uri, "GET", "chat/late",
                        RawWebSocket.browserHeaders(uri, RawWebSocket.newKey()));
                RawWebSocket.HttpHead health = RawWebSocket.exchange(uri, "GET", "health", Map.of("Host", host(uri)));
                lingering.send(ClientFrames.close(1001, ""));
                assertTrue(lingering.awaitEof(Duration.ofSeconds(30)), "the server closes TCP after the close handshake");
                return upgrade.status() + " " + upgrade.body().trim() + " | " + health.status() + " " + health.body().trim();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        undeployNow();
        String seen = duringTheStop.get(60, TimeUnit.SECONDS);
        System.out.println("StoppingIT: during the stop, upgrade | health answered: " + seen);
        String[] answers = seen.split(" \\| ");
        assertFalse(answers[0].startsWith("101"), "no upgrade during the stop: " + seen);
        assertEquals("503 the server is shutting down", answers[0]);
        assertTrue(answers[1].startsWith("503 "), answers[1]);
        assertEquals(JSON.readTree("{\"status\":\"stopping\",\"checks\":{\"shutdown\":\"stopping\",\"history\":\"ok\"}}"),
                JSON.readTree(answers[1].substring(4)));
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static String host(URI uri) {
        return uri.getHost() + ":" + uri.getPort();
    }
}
