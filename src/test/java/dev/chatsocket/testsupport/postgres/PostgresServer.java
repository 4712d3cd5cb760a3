package dev.chatsocket.testsupport.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server (Debian's package, {@code /usr/lib/postgresql/<version>/bin}) for one
 * test class: a cluster made by {@code initdb} in a temporary directory, listening on 127.0.0.1 on
 * a free port, with the directory also holding its socket and log. PostgreSQL refuses to run as
 * root, so when the tests run as root it runs as the package's {@code postgres} user (through
 * {@code runuser}), which owns the directory; as anyone else, it runs as that user. It can be
 * stopped and started again on the same port and data, and hands out a fresh database per test.
 */
public final class PostgresServer implements AutoCloseable {
    private static final Path INSTALL = Path.of("/usr/lib/postgresql");
    private static final String SYSTEM_USER = "postgres";
    /** The cluster's superuser, trusted on loopback (a throwaway cluster: no password). */
    public static final String USER = "chatsocket";

    private final Path bin;
    private final Path dir;
    private final int port;
    private final AtomicInteger databases = new AtomicInteger();
    private Thread stopOnExit;

    private PostgresServer(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    /** Makes a cluster in a new temporary directory and starts it. */
    public static PostgresServer start() throws IOException {
        PostgresServer server = new PostgresServer(binaries(), Files.createTempDirectory("chatsocket-postgres"), freePort());
        try {
            if (runningAsRoot()) {
                UserPrincipal postgres = server.dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SYSTEM_USER);
                Files.setOwner(server.dir, postgres);
            }
            server.run("initdb", "-D", server.data().toString(), "-U", USER, "--auth=trust",
                    "--encoding=UTF8", "--locale=C", "--no-sync");
            server.startServer();
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    /** The JDBC URL of {@code database} on this server, as the superuser. */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + USER;
    }

    /** Creates an empty database and returns its JDBC URL. */
    public String newDatabase() {
        String name = "test_" + databases.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(url("postgres"));
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return url(name);
    }

    /** Stops the server as an operator would ({@code pg_ctl stop -m fast}: clients are disconnected). */
    public void stop() throws IOException {
        run("pg_ctl", "-D", data().toString(), "-m", "fast", "-w", "stop");
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
        stopOnExit = null;
    }

    /** Starts the server again, on the same port and data, after {@link #stop()}. */
    public void restart() throws IOException {
        startServer();
    }

    private void startServer() throws IOException {
        run("pg_ctl", "-D", data().toString(), "-l", dir.resolve("postgres.log").toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off",
                "start");
        // pg_ctl leaves the server running on its own; a JVM that ends without close() stops it too.
        stopOnExit = new Thread(() -> {
            try {
                run("pg_ctl", "-D", data().toString(), "-m", "immediate", "-w", "stop");
            } catch (IOException | RuntimeException ignored) {
                // the JVM is going anyway
            }
        }, "stop-postgres");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    private Path data() {
        return dir.resolve("data");
    }

    private void run(String tool, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        if (runningAsRoot()) {
            command.addAll(List.of("runuser", "-u", SYSTEM_USER, "--"));
        }
        command.add(bin.resolve(tool).toString());
        command.addAll(List.of(args));
        Path output = Files.createTempFile("chatsocket-postgres-" + tool, ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in 90 s");
            }
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ":\n"
                        + Files.readString(output, StandardCharsets.UTF_8) + logTail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private String logTail() throws IOException {
        Path log = dir.resolve("postgres.log");
        if (!Files.exists(log)) {
            return "";
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return "\nserver log:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    @Override
    public void close() {
        try {
            if (stopOnExit != null) {
                stop();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The newest installed version's programs. */
    private static Path binaries() throws IOException {
        if (Files.isDirectory(INSTALL)) {
            try (Stream<Path> versions = Files.list(INSTALL)) {
                Path newest = versions.filter(v -> v.getFileName().toString().matches("\\d+"))
                        .filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                        .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString())))
                        .orElse(null);
                if (newest != null) {
                    return newest.resolve("bin");
                }
            }
        }
        throw new IllegalStateException(INSTALL + "/*/bin/initdb is missing: install Debian's postgresql "
                + "(bash .ci/run does: apt-get install postgresql)");
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
