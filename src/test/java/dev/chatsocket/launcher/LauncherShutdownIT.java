package dev.chatsocket.launcher;

import dev.chatsocket.testsupport.ClientFrames;
import dev.chatsocket.testsupport.RawWebSocket;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The real launcher, as a separate JVM on the class path {@code exec:exec} uses, serving the built
 * WAR on a free port: SIGTERM ({@link ProcessHandle#destroy()} on Linux) makes it stop taking
 * connections (a handshake during the stop gets 503, {@code /health} says {@code stopping}), send
 * close 1001 to every WebSocket client on every endpoint, and exit within its bound
 * ({@code CHATSOCKET_STOP_TIMEOUT} 10 s plus a 2 s margin); the wait here is a generous upper
 * bound, and the time taken is printed, not asserted.
 *
 * <p>Runs in the Jetty execution only (the launcher is Jetty whatever the container run).
 */
class LauncherShutdownIT {
    private static final Pattern SERVING = Pattern.compile("at http://[^:/]+:(\\d+)/");

    @TempDir
    Path dataDir;
    private Process server;
    private Thread outputReader;
    private final StringBuffer output = new StringBuffer();

    @AfterEach
    void killLeftovers() {
        if (server != null && server.isAlive()) {
            server.destroyForcibly();
        }
    }

    @Test
    void sigtermClosesEveryClientWith1001AndTheProcessExits() throws Exception {
        URI base = start();
        RawWebSocket echo = RawWebSocket.open(base, "echo");
        RawWebSocket chat = RawWebSocket.open(base, "chat/shutdown");
        RawWebSocket lingering = RawWebSocket.open(base, "chat/shutdown");
        // Each connection fully started: an echo comes back, the chat ones have their welcome.
        echo.send(ClientFrames.text("started"));
        assertEquals("started", echo.readFrame().text());
        assertTrue(chat.readText().contains("\"welcome\""));
        assertTrue(lingering.readText().contains("\"welcome\""));

        List<CompletableFuture<Integer>> answered = List.of(echo, chat).stream()
                .map(client -> CompletableFuture.supplyAsync(() -> closeCodeAfterAnswering(client)))
                .toList();
        CountDownLatch lookedAround = new CountDownLatch(1);
        CompletableFuture<Integer> last = CompletableFuture.supplyAsync(() -> {
            try (lingering) {
                // Holds the stop in its grace period until the test has looked around.
                int code = lingering.readClose().closeCode();
                lookedAround.await(60, TimeUnit.SECONDS);
                lingering.send(ClientFrames.close(1001, ""));
                lingering.awaitEof(Duration.ofSeconds(30));
                return code;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        long sigterm = System.nanoTime();
        // SIGTERM on Linux. Through the handle: Process.destroy() would also close our end of the
        // process's output, and its last lines would be lost.
        assertTrue(server.toHandle().destroy(), "SIGTERM sent");
        for (CompletableFuture<Integer> close : answered) {
            assertEquals(1001, close.get(60, TimeUnit.SECONDS), output::toString);
        }
        RawWebSocket.HttpHead upgrade = RawWebSocket.exchange(base, "GET", "echo",
                RawWebSocket.browserHeaders(base, RawWebSocket.newKey()));
        RawWebSocket.HttpHead health = RawWebSocket.exchange(base, "GET", "health",
                Map.of("Host", base.getHost() + ":" + base.getPort()));
        lookedAround.countDown();
        assertEquals(1001, last.get(60, TimeUnit.SECONDS));

        assertTrue(server.waitFor(120, TimeUnit.SECONDS), () -> "the launcher did not exit:\n" + output);
        long tookMillis = Duration.ofNanos(System.nanoTime() - sigterm).toMillis();
        outputReader.join(TimeUnit.SECONDS.toMillis(30)); // the last lines the process wrote
        System.out.println("LauncherShutdownIT: exit " + server.exitValue() + " " + tookMillis
                + " ms after SIGTERM; during the stop a handshake got " + upgrade.status() + " "
                + upgrade.body().trim() + " and /health " + health.status() + " " + health.body().trim());

        assertEquals(503, upgrade.status(), upgrade.body());
        assertEquals("the server is shutting down", upgrade.body().trim());
        assertEquals(503, health.status());
        // Compared as JSON: the order of the checks is the order the application's parts added them.
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.readTree("{\"status\":\"stopping\",\"checks\":{\"shutdown\":\"stopping\",\"history\":\"ok\"}}"),
                json.readTree(health.body()));
        assertEquals(143, server.exitValue(), "the JVM's exit status after SIGTERM (128 + 15)");
        assertTrue(output.toString().contains("chatsocket: stopped"), output::toString);
    }

    /** Starts the launcher on a free port (CHATSOCKET_PORT=0) and returns its base URI once it serves. */
    private URI start() throws Exception {
        String classpath = System.getProperty("chatsocket.launcher.classpath");
        assertTrue(classpath != null && !classpath.isBlank(),
                "system property chatsocket.launcher.classpath (set by the pom's it-jetty execution)");
        Path war = Path.of("target/chatsocket.war");
        assertTrue(Files.isRegularFile(war), "the WAR is built before the container tests");
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "dev.chatsocket.launcher.Launcher").redirectErrorStream(true);
        builder.environment().put("CHATSOCKET_PORT", "0");
        builder.environment().put("CHATSOCKET_HOST", "127.0.0.1");
        builder.environment().put("CHATSOCKET_WAR", war.toAbsolutePath().toString());
        // A fresh data directory: the history database of no other run.
        builder.environment().put("CHATSOCKET_DATA_DIR", dataDir.toString());
        server = builder.start();

        CompletableFuture<Integer> port = new CompletableFuture<>();
        outputReader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.append(line).append('\n');
                    Matcher serving = SERVING.matcher(line);
                    if (line.startsWith("chatsocket: serving") && serving.find()) {
                        port.complete(Integer.parseInt(serving.group(1)));
                    }
                }
                port.completeExceptionally(new IllegalStateException("the launcher ended:\n" + output));
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
        }, "launcher-output");
        outputReader.setDaemon(true);
        outputReader.start();
        try {
            return URI.create("http://127.0.0.1:" + port.get(180, TimeUnit.SECONDS) + "/");
        } catch (Exception e) {
            fail("the launcher did not start serving:\n" + output, e);
            throw e;
        }
    }

    private static int closeCodeAfterAnswering(RawWebSocket client) {
        try (client) {
            int code = client.readClose().closeCode();
            client.send(ClientFrames.close(1000, ""));
            assertTrue(client.awaitEof(Duration.ofSeconds(30)), "TCP ends after the close handshake");
            return code;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
