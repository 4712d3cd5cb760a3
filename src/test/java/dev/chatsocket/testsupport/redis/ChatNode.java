package dev.chatsocket.testsupport.redis;

import dev.chatsocket.launcher.EmbeddedJetty;
import dev.chatsocket.testsupport.container.Deployments;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One chatsocket node for the multi-node tests: the real WAR on embedded Jetty 12.1, either in this
 * JVM ({@link #inThisJvm}) or as a separate JVM running the {@code Launcher} ({@link #inOwnProcess}),
 * which a test can kill hard.
 */
public abstract class ChatNode implements AutoCloseable {

    /** The application's base URI, e.g. {@code http://127.0.0.1:41234/}. */
    public abstract URI base();

    /**
     * A copy of target/chatsocket.war whose WEB-INF/chatsocket.properties holds {@code settings}
     * (for example {@code CHATSOCKET_REDIS_URL}), written to a temporary file.
     */
    public static Path war(Map<String, String> settings) throws IOException {
        WebArchive war = Deployments.chatsocketWar(settings);
        Path file = Files.createTempFile("chatsocket-node", ".war");
        war.as(ZipExporter.class).exportTo(file.toFile(), true);
        file.toFile().deleteOnExit();
        return file;
    }

    /** Serves {@code war} on a free port of 127.0.0.1 with Jetty inside this JVM. */
    public static ChatNode inThisJvm(Path war) throws Exception {
        EmbeddedJetty jetty = new EmbeddedJetty("127.0.0.1", 0, 10_000, 8192);
        try {
            int port = jetty.start();
            jetty.deploy(war, "/");
            return new InThisJvm(jetty, URI.create("http://127.0.0.1:" + port + "/"));
        } catch (Exception | Error e) {
            jetty.stop();
            throw e;
        }
    }

    /**
     * Starts {@code dev.chatsocket.launcher.Launcher} in a JVM of its own on a free port, with
     * {@code environment} added to its environment (CHATSOCKET_WAR, CHATSOCKET_REDIS_URL, …), and
     * waits until it serves.
     */
    public static ChatNode inOwnProcess(Map<String, String> environment, Path log) throws IOException {
        return inOwnProcess(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                environment, log);
    }

    /** As {@link #inOwnProcess(Map, Path)}, with the launcher's class path given. */
    public static ChatNode inOwnProcess(String classPath, Map<String, String> environment, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, "dev.chatsocket.launcher.Launcher"));
        builder.environment().putAll(environment);
        builder.environment().put("CHATSOCKET_PORT", "0");
        builder.environment().put("CHATSOCKET_HOST", "127.0.0.1");
        builder.redirectErrorStream(true);
        Process process = builder.start();
        // Never outlive the JVM that started it, even when that one is stopped by a signal.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "stop-node"));
        Pattern serving = Pattern.compile("chatsocket: serving .* at (http://\\S+/)");
        CompletableFuture<URI> started = new CompletableFuture<>();
        List<String> output = new ArrayList<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    synchronized (output) {
                        output.add(line);
                    }
                    Files.writeString(log, line + "\n", StandardCharsets.UTF_8,
                            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                    Matcher m = serving.matcher(line);
                    if (m.find()) {
                        started.complete(URI.create(m.group(1).replace("localhost", "127.0.0.1")));
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            started.completeExceptionally(new IOException("the node ended before serving; its output: " + log));
        }, "node-output");
        pump.setDaemon(true);
        pump.start();
        try {
            return new InOwnProcess(process, started.get(60, TimeUnit.SECONDS));
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("node did not start: see " + log, e);
        }
    }

    private static final class InThisJvm extends ChatNode {
        private final EmbeddedJetty jetty;
        private final URI base;

        InThisJvm(EmbeddedJetty jetty, URI base) {
            this.jetty = jetty;
            this.base = base;
        }

        @Override
        public URI base() {
            return base;
        }

        @Override
        public void close() throws Exception {
            jetty.stop();
        }
    }

    /** A node in its own JVM; {@link #kill()} ends it at once, as a crash would. */
    public static final class InOwnProcess extends ChatNode {
        private final Process process;
        private final URI base;

        InOwnProcess(Process process, URI base) {
            this.process = process;
            this.base = base;
        }

        @Override
        public URI base() {
            return base;
        }

        /** SIGKILL: no shutdown hook, no close frames, no leave scripts. */
        public void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            kill();
        }
    }
}
