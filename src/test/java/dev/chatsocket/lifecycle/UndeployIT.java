package dev.chatsocket.lifecycle;

import dev.chatsocket.testsupport.ClientFrames;
import dev.chatsocket.testsupport.RawWebSocket;
import dev.chatsocket.testsupport.container.Deployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stopping the web application says goodbye: every open WebSocket, on every endpoint, gets close
 * 1001 (going away) and its TCP connection ends; deploying again works without restarting the
 * container.
 */
@ExtendWith(ArquillianExtension.class)
class UndeployIT extends ManuallyDeployed {
    private static final String APP = "undeploy";

    @Deployment(name = APP, managed = false, testable = false)
    static WebArchive war() {
        return Deployments.chatsocketWar();
    }

    @Override
    String deploymentName() {
        return APP;
    }

    @Test
    void openConnectionsReceive1001AndRedeployServesAgain(@ArquillianResource @OperateOnDeployment(APP) URL base)
            throws Exception {
        URI uri = base.toURI();
        RawWebSocket echo = RawWebSocket.open(uri, "echo");
        RawWebSocket chat = RawWebSocket.open(uri, "chat/undeploy-test");
        assertTrue(chat.readText().contains("\"type\":\"welcome\""));
        assertTrue(chat.readText().contains("\"type\":\"history\""));

        // Undeploy waits for the clients' answers: they answer on threads of their own, in
        // whatever order the container stops the endpoints, while the test thread (which holds
        // Arquillian's context) undeploys.
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<CompletableFuture<Integer>> closes = List.of(echo, chat).stream()
                    .map(client -> CompletableFuture.supplyAsync(() -> answerClose(client), threads))
                    .toList();
            undeployNow();
            for (CompletableFuture<Integer> close : closes) {
                assertEquals(1001, close.get(30, TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
        }

        deployNow();
        try (RawWebSocket again = RawWebSocket.open(uri, "echo")) {
            again.send(ClientFrames.text("back"));
            assertArrayEquals("back".getBytes(StandardCharsets.UTF_8), again.readFrame().payload());
        }
    }

    /** Reads the server's close, answers it, and returns its code once TCP has ended. */
    private static int answerClose(RawWebSocket client) {
        try (client) {
            RawWebSocket.ServerFrame close = client.readClose();
            client.send(ClientFrames.close(1000, ""));
            assertTrue(client.awaitEof(Duration.ofSeconds(10)), "TCP ends after the close handshake");
            return close.closeCode();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
