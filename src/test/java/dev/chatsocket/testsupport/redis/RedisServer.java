package dev.chatsocket.testsupport.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} (Debian's package) for one test class: its own free port on
 * 127.0.0.1 and its own temporary directory, never a shared instance. It can be stopped and started
 * again on the same port and directory (with {@code appendonly yes} its data survives that), and
 * takes plain commands over RESP, so the tests need no Redis client of their own.
 */
public final class RedisServer implements AutoCloseable {
    private static final String BINARY = "/usr/bin/redis-server";

    private final Path dir;
    private final int port;
    private final boolean appendOnly;
    private Process process;

    private RedisServer(Path dir, int port, boolean appendOnly) {
        this.dir = dir;
        this.port = port;
        this.appendOnly = appendOnly;
    }

    /**
     * Starts a server; with {@code appendOnly} every write is in its AOF, fsynced before the reply
     * ({@code appendfsync always}), so acknowledged messages survive a restart or a crash of Redis.
     */
    public static RedisServer start(boolean appendOnly) throws IOException {
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new IllegalStateException(BINARY + " is missing: install Debian's redis-server "
                    + "(bin/test installs it when missing: apt-get install redis-server)");
        }
        RedisServer server = new RedisServer(Files.createTempDirectory("chatsocket-redis"), freePort(), appendOnly);
        server.startProcess();
        return server;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Starts the process again, on the same port and directory (after {@link #stop()}). */
    public void restart() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("still running");
        }
        startProcess();
    }

    /** Stops the server the way an operator would ({@code SHUTDOWN}: AOF flushed), and waits until it is gone. */
    public void stop() throws IOException {
        try {
            command("SHUTDOWN");
        } catch (IOException expected) {
            // The server closes the connection instead of answering.
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Sends one command and returns the first line of the reply ({@code +OK}, {@code :3}, {@code $-1}, …). */
    public String command(String... args) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
            for (String arg : args) {
                request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
            }
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new IOException("connection closed without a reply");
            }
            return line;
        }
    }

    /**
     * How many values held under the keys matching {@code keyPattern} (every field and value of
     * streams and hashes, every member of sets and sorted sets, strings, lists) contain {@code text}:
     * what a test asks to be sure that a text is gone from Redis.
     */
    public long valuesContaining(String keyPattern, String text) throws IOException {
        String reply = command("EVAL", """
                local found = 0
                for _, k in ipairs(redis.call('KEYS', ARGV[1])) do
                  local t = redis.call('TYPE', k)['ok']
                  local values = {}
                  if t == 'stream' then
                    for _, e in ipairs(redis.call('XRANGE', k, '-', '+')) do
                      for _, v in ipairs(e[2]) do table.insert(values, v) end
                    end
                  elseif t == 'zset' then values = redis.call('ZRANGE', k, 0, -1)
                  elseif t == 'hash' then values = redis.call('HGETALL', k)
                  elseif t == 'set' then values = redis.call('SMEMBERS', k)
                  elseif t == 'list' then values = redis.call('LRANGE', k, 0, -1)
                  elseif t == 'string' then values = {redis.call('GET', k)}
                  end
                  for _, v in ipairs(values) do
                    if string.find(v, ARGV[2], 1, true) then found = found + 1 end
                  end
                end
                return found
                """, "0", keyPattern, text);
        if (!reply.startsWith(":")) {
            throw new IOException("not an integer reply: " + reply);
        }
        return Long.parseLong(reply.substring(1));
    }

    /** The string value of {@code key}, or {@code null} when there is none (a bulk reply of one line). */
    public String get(String key) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            byte[] name = key.getBytes(StandardCharsets.UTF_8);
            out.write(("*2\r\n$3\r\nGET\r\n$" + name.length + "\r\n" + key + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String head = in.readLine();
            if (head == null || !head.startsWith("$")) {
                throw new IOException("not a bulk reply: " + head);
            }
            return head.equals("$-1") ? null : in.readLine();
        }
    }

    private void startProcess() throws IOException {
        process = new ProcessBuilder(List.of(BINARY,
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
                "--appendonly", appendOnly ? "yes" : "no", "--appendfsync", "always", "--save", "",
                "--protected-mode", "no", "--daemonize", "no"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
                .start();
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "stop-redis-server"));
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            try {
                if (command("PING").equals("+PONG")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("redis-server did not start on port " + port + "; see " + dir.resolve("redis.log"));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
