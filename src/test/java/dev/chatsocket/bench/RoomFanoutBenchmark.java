package dev.chatsocket.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatsocket.testsupport.ClientFrames;
import dev.chatsocket.testsupport.RawWebSocket;
import dev.chatsocket.testsupport.redis.ChatNode;
import dev.chatsocket.testsupport.redis.RedisServer;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The issue-6 benchmark printout: one chat room under load, on a single in-memory node and on two
 * nodes sharing the room through Redis, in the same run (started by {@code bench/room-fanout.sh},
 * which builds the server class path). Each node is a separate JVM running the launcher; Redis is a
 * {@code redis-server} of its own on a free port, without AOF.
 *
 * <p>Per scenario: {@code receivers} members only read, {@code senders} members post as fast as
 * their acks allow (at most {@code window} unacknowledged each), for {@code seconds} after a
 * warm-up; members are spread evenly over the nodes. A message carries its send time; each
 * delivery to a receiver gives one latency sample (send → receipt, the generator's clock on both
 * ends). Prints deliveries per second (receivers × messages, over the measured seconds) and the
 * p50/p99/max delivery latency, then a JSON line. Exits 1 when a receiver misses any message.
 * Not a test: nothing here runs under {@code mvn verify}.
 */
public final class RoomFanoutBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Options(String serverClasspath, Path war, int receivers, int senders, int window,
                   int seconds, int warmupSeconds) {
    }

    record Result(String scenario, int nodes, int receivers, int senders, long messages, long deliveries,
                  double deliveriesPerSecond, double p50Millis, double p99Millis, double maxMillis, long missing) {
    }

    public static void main(String[] args) throws Exception {
        Options options = parse(args);
        List<Result> results = new ArrayList<>();
        Path logs = Files.createDirectories(Path.of("target/bench"));
        try (RedisServer redis = RedisServer.start(false)) {
            results.add(scenario(options, "in-memory, one node", 1, Map.of(), logs));
            results.add(scenario(options, "Redis, two nodes", 2, Map.of("CHATSOCKET_REDIS_URL", redis.url()), logs));
        }
        System.out.printf("%n%-22s %5s %9s %7s %9s %11s %13s %8s %8s %8s %7s%n", "scenario", "nodes", "receivers",
                "senders", "messages", "deliveries", "deliveries/s", "p50 ms", "p99 ms", "max ms", "missing");
        for (Result r : results) {
            System.out.printf("%-22s %5d %9d %7d %9d %11d %13.0f %8.2f %8.2f %8.2f %7d%n", r.scenario(), r.nodes(),
                    r.receivers(), r.senders(), r.messages(), r.deliveries(), r.deliveriesPerSecond(), r.p50Millis(),
                    r.p99Millis(), r.maxMillis(), r.missing());
        }
        System.out.println(JSON.writeValueAsString(Map.of("benchmark", "room-fanout", "options", options.toString(),
                "results", results)));
        System.exit(results.stream().anyMatch(r -> r.missing() > 0) ? 1 : 0);
    }

    private static Result scenario(Options options, String name, int nodeCount, Map<String, String> settings, Path logs)
            throws Exception {
        List<ChatNode> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < nodeCount; i++) {
                Map<String, String> environment = new LinkedHashMap<>(settings);
                environment.put("CHATSOCKET_WAR", options.war().toAbsolutePath().toString());
                Path log = logs.resolve("node-" + name.replaceAll("\\W+", "-") + "-" + i + ".log");
                Files.deleteIfExists(log);
                nodes.add(ChatNode.inOwnProcess(options.serverClasspath(), environment, log));
            }
            System.out.printf("%s: %d node(s) up; %d receivers, %d senders (window %d), %d s + %d s warm-up%n",
                    name, nodeCount, options.receivers(), options.senders(), options.window(), options.seconds(),
                    options.warmupSeconds());
            return run(options, name, nodes);
        } finally {
            for (ChatNode node : nodes) {
                node.close();
            }
        }
    }

    private static Result run(Options options, String name, List<ChatNode> nodes) throws Exception {
        String room = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        List<Receiver> receivers = new ArrayList<>();
        for (int i = 0; i < options.receivers(); i++) {
            receivers.add(new Receiver(join(nodes.get(i % nodes.size()).base(), room)));
        }
        List<Sender> senders = new ArrayList<>();
        for (int i = 0; i < options.senders(); i++) {
            senders.add(new Sender(join(nodes.get(i % nodes.size()).base(), room), "s" + i, options.window()));
        }
        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(options.warmupSeconds());
        long end = measureFrom + TimeUnit.SECONDS.toNanos(options.seconds());
        receivers.forEach(r -> r.start(measureFrom, end));
        senders.forEach(s -> s.start(end));
        long sent = 0;
        for (Sender sender : senders) {
            sender.thread.join();
            if (sender.failure != null) {
                throw new IllegalStateException("sender failed", sender.failure);
            }
            sent += sender.acked;
        }
        for (Receiver receiver : receivers) {
            receiver.expect(sent);
        }
        long deliveries = 0;
        long missing = 0;
        List<long[]> samples = new ArrayList<>();
        for (Receiver receiver : receivers) {
            receiver.thread.join(TimeUnit.SECONDS.toMillis(30));
            missing += Math.max(0, sent - receiver.received.get());
            deliveries += receiver.measured;
            samples.add(Arrays.copyOf(receiver.latencies, receiver.measured));
            receiver.ws.close();
        }
        for (Sender sender : senders) {
            sender.ws.close();
        }
        long[] all = samples.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        double seconds = (end - measureFrom) / 1e9;
        return new Result(name, nodes.size(), options.receivers(), options.senders(), sent, deliveries,
                deliveries / seconds, percentile(all, 0.50), percentile(all, 0.99),
                all.length == 0 ? 0 : all[all.length - 1] / 1e6, missing);
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private static RawWebSocket join(URI base, String room) throws IOException {
        RawWebSocket ws = RawWebSocket.open(base, "chat/" + room);
        for (String expected : List.of("welcome", "history")) {
            JsonNode frame = JSON.readTree(ws.readText());
            if (!expected.equals(frame.path("type").asText())) {
                throw new IOException("expected " + expected + ", got " + frame);
            }
        }
        return ws;
    }

    /** A member that only reads: counts messages and measures each one's latency. */
    private static final class Receiver {
        final RawWebSocket ws;
        final AtomicLong received = new AtomicLong();
        volatile long expected = Long.MAX_VALUE;
        long[] latencies = new long[1 << 16];
        int measured;
        Thread thread;

        Receiver(RawWebSocket ws) {
            this.ws = ws;
        }

        void start(long measureFrom, long end) {
            thread = new Thread(() -> {
                try {
                    while (received.get() < expected) {
                        JsonNode frame = JSON.readTree(ws.readText());
                        if (!"message".equals(frame.path("type").asText())) {
                            continue;
                        }
                        long now = System.nanoTime();
                        long sentAt = Long.parseLong(frame.get("text").asText().substring(frame.get("text").asText().indexOf(' ') + 1));
                        received.incrementAndGet();
                        if (sentAt >= measureFrom && sentAt < end) {
                            if (measured == latencies.length) {
                                latencies = Arrays.copyOf(latencies, measured * 2);
                            }
                            latencies[measured++] = now - sentAt;
                        }
                    }
                } catch (IOException e) {
                    // a timeout: the missing messages are reported
                }
            }, "receiver");
            thread.start();
        }

        void expect(long total) {
            expected = total;
        }
    }

    /** A member that posts as fast as its acks allow, with at most {@code window} unacknowledged. */
    private static final class Sender {
        final RawWebSocket ws;
        final String name;
        final int window;
        long acked;
        Throwable failure;
        Thread thread;

        Sender(RawWebSocket ws, String name, int window) {
            this.ws = ws;
            this.name = name;
            this.window = window;
        }

        void start(long end) {
            thread = new Thread(() -> {
                try {
                    int outstanding = 0;
                    long seq = 0;
                    while (System.nanoTime() < end || outstanding > 0) {
                        while (outstanding < window && System.nanoTime() < end) {
                            String text = name + " " + System.nanoTime();
                            ws.send(ClientFrames.text("{\"type\":\"message\",\"text\":\"" + text + "\",\"ref\":\"" + name + "-" + seq++ + "\"}"));
                            outstanding++;
                        }
                        JsonNode frame = JSON.readTree(ws.readText());
                        switch (frame.path("type").asText()) {
                            case "ack" -> {
                                outstanding--;
                                acked++;
                            }
                            case "error" -> throw new IOException("refused: " + frame);
                            default -> {
                            }
                        }
                    }
                } catch (Throwable e) {
                    failure = e;
                }
            }, "sender-" + name);
            thread.start();
        }
    }

    private static Options parse(String[] args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            given.put(args[i], args[i + 1]);
        }
        String classpath = given.get("--server-classpath");
        if (classpath == null) {
            System.err.println("usage: RoomFanoutBenchmark --server-classpath CP [--war target/chatsocket.war] "
                    + "[--receivers 20] [--senders 4] [--window 8] [--seconds 10] [--warmup-seconds 3]");
            System.exit(2);
        }
        return new Options(classpath, Path.of(given.getOrDefault("--war", "target/chatsocket.war")),
                Integer.parseInt(given.getOrDefault("--receivers", "20")),
                Integer.parseInt(given.getOrDefault("--senders", "4")),
                Integer.parseInt(given.getOrDefault("--window", "8")),
                Integer.parseInt(given.getOrDefault("--seconds", "10")),
                Integer.parseInt(given.getOrDefault("--warmup-seconds", "3")));
    }
}
