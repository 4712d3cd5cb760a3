package dev.chatsocket.distribution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A stock server distribution (Tomcat or jetty-home, as downloaded) started as its own process, with
 * {@code target/chatsocket.war} dropped into its {@code webapps/} folder as {@code chatsocket.war}:
 * what the README's deploy sections tell a user to do. Each instance gets a fresh base directory under
 * {@code target/stock-runs} (the distribution itself is never modified) and a free port.
 */
abstract class StockServer implements AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    static final Path WAR = Path.of("target/chatsocket.war");

    final Path home;
    final Path base;
    final int port;
    private Process process;

    StockServer(String homeProperty, String name) throws IOException {
        String configured = System.getProperty(homeProperty);
        if (configured == null) {
            throw new IllegalStateException("system property " + homeProperty + " is not set (run through mvn verify)");
        }
        this.home = Path.of(configured).toAbsolutePath();
        if (!Files.isDirectory(home)) {
            throw new IllegalStateException("no distribution at " + home + " (the pom unpacks it before the tests)");
        }
        Files.createDirectories(Path.of("target/stock-runs"));
        this.base = Files.createTempDirectory(Path.of("target/stock-runs").toAbsolutePath(), name + "-");
        this.port = freePort();
    }

    /** Prepares the base directory; the WAR goes in afterwards. */
    abstract void prepareBase() throws Exception;

    /** The command that starts the server in the foreground, and its environment additions. */
    abstract List<String> command();

    abstract Map<String, String> environment();

    /** Undeploys and deploys the application again, without restarting the server; returns at once. */
    abstract void redeploy() throws Exception;

    /** Fails unless no class loader of an undeployed application is still alive. */
    abstract void assertNoLeakedClassLoaders() throws Exception;

    /** The key of the HTTP API that every stock server is started with. */
    static final String API_KEY = "stock-api-key-0123456789abcdef0123456789";

    /** Prepares the base, drops the WAR into webapps/, starts the process and waits until /health answers. */
    StockServer start() throws Exception {
        prepareBase();
        Files.createDirectories(base.resolve("webapps"));
        Files.copy(WAR, base.resolve("webapps/chatsocket.war"), StandardCopyOption.REPLACE_EXISTING);
        ProcessBuilder builder = new ProcessBuilder(command())
                .directory(base.toFile())
                .redirectErrorStream(true)
                .redirectOutput(console().toFile());
        builder.environment().putAll(environment());
        // The history database of this server alone (the default would be the user's ~/.chatsocket).
        builder.environment().put("CHATSOCKET_DATA_DIR", base.resolve("data").toString());
        // The HTTP API on, so that the contract checks its servlet on the stock server too.
        builder.environment().put("CHATSOCKET_API_KEYS", "stock:" + API_KEY);
        process = builder.start();
        awaitReady();
        return this;
    }

    Path console() {
        return base.resolve("console.log");
    }

    String consoleText() {
        try {
            return Files.readString(console(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The application's base URL, http://localhost:port/chatsocket/. */
    URI app() {
        return URI.create("http://localhost:" + port + "/chatsocket/");
    }

    /** Waits until the application answers its health check with 200. */
    void awaitReady() {
        await("chatsocket ready on " + app(), START_TIMEOUT, () -> status(app().resolve("health")) == 200);
    }

    int status(URI uri) {
        try {
            HttpURLConnection http = (HttpURLConnection) uri.toURL().openConnection();
            http.setConnectTimeout(2000);
            http.setReadTimeout(5000);
            try {
                return http.getResponseCode();
            } finally {
                http.disconnect();
            }
        } catch (IOException notYet) {
            return -1;
        }
    }

    /** Polls {@code condition} until it holds; fails with the server's console when it does not in time. */
    void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (process != null && !process.isAlive()) {
                throw new AssertionError("server exited (" + process.exitValue() + ") while waiting for " + what
                        + "\n" + consoleText());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "\n" + consoleText());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM, as a service manager stops a server; the process is killed if it does not exit in time. */
    @Override
    public void close() throws Exception {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    static String javaHome() {
        return System.getProperty("java.home");
    }

    static Path java() {
        return Path.of(javaHome(), "bin", "java");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path source : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
