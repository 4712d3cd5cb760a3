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
import java.util.concurrent.locks.LockSupport;

/**
 * The issue-6 and issue-15 benchmark printout: one chat room under load through real launcher
 * processes and real WebSocket clients, in the same run, on one node with in-memory rooms
 * ({@code CHATSOCKET_STORE=memory}), on one node with the default database store (the embedded H2
 * file in a fresh {@code CHATSOCKET_DATA_DIR}, deleted after), and on two nodes sharing the room
 * through Redis (started by {@code bench/room-fanout.sh}, which builds the server class path). Each
 * node is a separate JVM running the launcher; Redis is a {@code redis-server} of its own on a free
 * port, without AOF.
 *
 * <p>Per scenario, three phases, each in a room of its own:
 * <ol>
 *   <li><b>Fan-out</b>: {@code receivers} members only read, {@code senders} members post as fast
 *       as their acks allow (at most {@code window} unacknowledged each), for {@code seconds} after
 *       a warm-up; members are spread evenly over the nodes. A message carries its send time; each
 *       delivery to a receiver gives one latency sample (send → receipt, the generator's clock on
 *       both ends). Gives deliveries and messages (stored and broadcast) per second and the
 *       p50/p99/max delivery latency. Exits 1 when a receiver misses any message.</li>
 *   <li><b>Post → ack</b> (one-node scenarios): one member posts at a steady {@code rate} a second
 *       (open loop) while {@code receivers} members read; each ack's latency is timed from when
 *       its post was due, so a stall counts for every post behind it too.</li>
 *   <li><b>Paging</b> (database scenario, {@code page-room} above 0): {@code page-room} messages are
 *       posted into a room, then one member pages back from the newest to the first with
 *       {@code {"type":"older","before":…,"limit":100}}, twice; pages a second per pass.</li>
 * </ol>
 * Prints a table per phase, the database/memory ratios, then a JSON line. Not a test: nothing here
 * runs under {@code mvn verify}.
 */
public final class RoomFanoutBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MEMORY = "memory, one node";
    private static final String DATABASE = "database, one node";
    private static final int PAGE_LIMIT = 100;

    record Options(String serverClasspath, Path war, int receivers, int senders, int window,
                   int seconds, int warmupSeconds, int rate, int rateSeconds, int pageRoom, boolean redis) {
    }

    record Result(String scenario, int nodes, int receivers, int senders, long messages, long deliveries,
                  double deliveriesPerSecond, double messagesPerSecond, double p50Millis, double p99Millis,
                  double maxMillis, long missing) {
    }

    record AckResult(String scenario, int rate, int receivers, long posts, long acked, double p50Millis,
                     double p99Millis, double maxMillis, double deliveryP99Millis) {
    }

    record PageResult(String scenario, long messages, int pass, long pages, long paged, double seconds,
                      double pagesPerSecond, double fillPerSecond) {
    }

    /** What one scenario measured; the acks and pages only where the scenario runs them. */
    record Scenario(Result fanout, AckResult acks, List<PageResult> pages) {
    }

    public static void main(String[] args) throws Exception {
        Options options = parse(args);
        List<Scenario> scenarios = new ArrayList<>();
        Path logs = Files.createDirectories(Path.of("target/bench"));
        Path data = Files.createTempDirectory(logs.toAbsolutePath(), "room-fanout-data-");
        try {
            scenarios.add(scenario(options, MEMORY, 1, Map.of("CHATSOCKET_STORE", "memory"), logs, data, true, false));
            scenarios.add(scenario(options, DATABASE, 1, Map.of(), logs, data, true, options.pageRoom() > 0));
            if (options.redis()) {
                try (RedisServer redis = RedisServer.start(false)) {
                    scenarios.add(scenario(options, "Redis, two nodes", 2, Map.of("CHATSOCKET_REDIS_URL", redis.url()),
                            logs, data, false, false));
                }
            }
        } finally {
            deleteTree(data);
        }
        print(options, scenarios);
        System.exit(scenarios.stream().anyMatch(s -> s.fanout().missing() > 0
                || s.acks() != null && s.acks().acked() < s.acks().posts()) ? 1 : 0);
    }

    private static void print(Options options, List<Scenario> scenarios) throws IOException {
        System.out.printf("%nfan-out%n%-22s %5s %9s %7s %9s %11s %13s %10s %8s %8s %8s %7s%n", "scenario", "nodes",
                "receivers", "senders", "messages", "deliveries", "deliveries/s", "messages/s", "p50 ms", "p99 ms",
                "max ms", "missing");
        for (Scenario s : scenarios) {
            Result r = s.fanout();
            System.out.printf("%-22s %5d %9d %7d %9d %11d %13.0f %10.0f %8.2f %8.2f %8.2f %7d%n", r.scenario(), r.nodes(),
                    r.receivers(), r.senders(), r.messages(), r.deliveries(), r.deliveriesPerSecond(),
                    r.messagesPerSecond(), r.p50Millis(), r.p99Millis(), r.maxMillis(), r.missing());
        }
        System.out.printf("%npost -> ack at %d messages/s for %d s (open loop, timed from when each post was due)%n"
                        + "%-22s %9s %7s %7s %8s %8s %8s %17s%n", options.rate(), options.rateSeconds(), "scenario",
                "receivers", "posts", "acked", "p50 ms", "p99 ms", "max ms", "delivery p99 ms");
        for (Scenario s : scenarios) {
            AckResult a = s.acks();
            if (a != null) {
                System.out.printf("%-22s %9d %7d %7d %8.2f %8.2f %8.2f %17.2f%n", a.scenario(), a.receivers(), a.posts(),
                        a.acked(), a.p50Millis(), a.p99Millis(), a.maxMillis(), a.deliveryP99Millis());
            }
        }
        List<PageResult> pages = scenarios.stream().flatMap(s -> s.pages().stream()).toList();
        if (!pages.isEmpty()) {
            System.out.printf("%npaging back with {\"type\":\"older\",\"limit\":%d}%n%-22s %9s %5s %7s %9s %8s %8s %11s%n",
                    PAGE_LIMIT, "scenario", "messages", "pass", "pages", "paged", "seconds", "pages/s", "filled/s");
            for (PageResult p : pages) {
                System.out.printf("%-22s %9d %5d %7d %9d %8.2f %8.0f %11.0f%n", p.scenario(), p.messages(), p.pass(),
                        p.pages(), p.paged(), p.seconds(), p.pagesPerSecond(), p.fillPerSecond());
            }
        }
        Map<String, Double> ratios = ratios(scenarios);
        if (!ratios.isEmpty()) {
            System.out.println();
            ratios.forEach((name, ratio) -> System.out.printf("database / memory, %s: %.2f%n", name, ratio));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "room-fanout");
        json.put("options", options.toString());
        json.put("results", scenarios.stream().map(Scenario::fanout).toList());
        json.put("acks", scenarios.stream().map(Scenario::acks).filter(a -> a != null).toList());
        json.put("pages", pages);
        json.put("ratios", ratios);
        System.out.println(JSON.writeValueAsString(json));
    }

    private static Map<String, Double> ratios(List<Scenario> scenarios) {
        Map<String, Double> ratios = new LinkedHashMap<>();
        Scenario memory = scenarios.stream().filter(s -> s.fanout().scenario().equals(MEMORY)).findFirst().orElse(null);
        Scenario database = scenarios.stream().filter(s -> s.fanout().scenario().equals(DATABASE)).findFirst().orElse(null);
        if (memory == null || database == null) {
            return ratios;
        }
        ratios.put("deliveries/s", database.fanout().deliveriesPerSecond() / memory.fanout().deliveriesPerSecond());
        ratios.put("delivery p50", database.fanout().p50Millis() / memory.fanout().p50Millis());
        ratios.put("delivery p99", database.fanout().p99Millis() / memory.fanout().p99Millis());
        ratios.put("ack p50", database.acks().p50Millis() / memory.acks().p50Millis());
        ratios.put("ack p99", database.acks().p99Millis() / memory.acks().p99Millis());
        return ratios;
    }

    private static Scenario scenario(Options options, String name, int nodeCount, Map<String, String> settings, Path logs,
                                     Path data, boolean acks, boolean pages) throws Exception {
        List<ChatNode> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < nodeCount; i++) {
                String label = name.replaceAll("\\W+", "-") + "-" + i;
                Map<String, String> environment = new LinkedHashMap<>(settings);
                environment.put("CHATSOCKET_WAR", options.war().toAbsolutePath().toString());
                // A fresh data directory each: never the user's ~/.chatsocket, and no node shares a file.
                environment.put("CHATSOCKET_DATA_DIR", Files.createDirectories(data.resolve(label)).toString());
                Path log = logs.resolve("node-" + label + ".log");
                Files.deleteIfExists(log);
                nodes.add(ChatNode.inOwnProcess(options.serverClasspath(), environment, log));
            }
            System.out.printf("%s: %d node(s) up; %d receivers, %d senders (window %d), %d s + %d s warm-up%n",
                    name, nodeCount, options.receivers(), options.senders(), options.window(), options.seconds(),
                    options.warmupSeconds());
            Result fanout = run(options, name, nodes);
            AckResult ackResult = acks ? acks(options, name, nodes.get(0).base()) : null;
            List<PageResult> pageResults = pages ? pages(options, name, nodes.get(0).base()) : List.of();
            return new Scenario(fanout, ackResult, pageResults);
        } finally {
            for (ChatNode node : nodes) {
                node.close();
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
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
        // Every receiver gets every message: one receiver's count is the messages stored and broadcast.
        long measuredMessages = receivers.isEmpty() ? 0 : receivers.get(0).measured;
        return new Result(name, nodes.size(), options.receivers(), options.senders(), sent, deliveries,
                deliveries / seconds, measuredMessages / seconds, percentile(all, 0.50), percentile(all, 0.99),
                all.length == 0 ? 0 : all[all.length - 1] / 1e6, missing);
    }

    /**
     * One member posts at {@code rate} a second for a second of warm-up and then {@code rateSeconds},
     * each post sent when due (or at once when the sender is behind), while {@code receivers}
     * members read; the acks are read on a thread of their own.
     */
    private static AckResult acks(Options options, String name, URI base) throws Exception {
        String room = "acks-" + UUID.randomUUID().toString().substring(0, 8);
        List<Receiver> receivers = new ArrayList<>();
        for (int i = 0; i < options.receivers(); i++) {
            receivers.add(new Receiver(join(base, room)));
        }
        RawWebSocket poster = join(base, room);
        int warmup = options.rate();
        int posts = warmup + options.rate() * options.rateSeconds();
        long interval = TimeUnit.SECONDS.toNanos(1) / options.rate();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        long measureFrom = start + warmup * interval;
        long end = start + posts * interval;
        receivers.forEach(r -> r.start(measureFrom, end));
        long[] latencies = new long[posts];
        AtomicLong acked = new AtomicLong();
        Thread ackReader = new Thread(() -> {
            try {
                while (acked.get() < posts) {
                    JsonNode frame = JSON.readTree(poster.readText());
                    String type = frame.path("type").asText();
                    if ("ack".equals(type)) {
                        long now = System.nanoTime();
                        int seq = Integer.parseInt(frame.get("ref").asText().substring(1));
                        latencies[seq] = now - (start + seq * interval);
                        acked.incrementAndGet();
                    } else if ("error".equals(type)) {
                        System.err.println(name + ": post refused: " + frame);
                    }
                }
            } catch (IOException e) {
                // a timeout: the posts not acked are reported
            }
        }, "ack-reader");
        ackReader.start();
        for (int seq = 0; seq < posts; seq++) {
            long due = start + seq * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            poster.send(ClientFrames.text("{\"type\":\"message\",\"text\":\"a " + due + "\",\"ref\":\"a" + seq + "\"}"));
        }
        ackReader.join(TimeUnit.SECONDS.toMillis(60));
        receivers.forEach(r -> r.expect(posts));
        long[] deliveries = new long[0];
        for (Receiver receiver : receivers) {
            receiver.thread.join(TimeUnit.SECONDS.toMillis(30));
            deliveries = concat(deliveries, Arrays.copyOf(receiver.latencies, receiver.measured));
            receiver.ws.close();
        }
        poster.close();
        long[] measured = Arrays.stream(latencies, warmup, posts).filter(l -> l > 0).sorted().toArray();
        Arrays.sort(deliveries);
        return new AckResult(name, options.rate(), options.receivers(), posts - warmup, measured.length,
                percentile(measured, 0.50), percentile(measured, 0.99),
                measured.length == 0 ? 0 : measured[measured.length - 1] / 1e6, percentile(deliveries, 0.99));
    }

    private static long[] concat(long[] a, long[] b) {
        long[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /**
     * Posts {@code pageRoom} messages into a fresh room ({@code senders} members, {@code window}
     * in flight each, times 8: filling is not what is measured), then pages back from the newest
     * to the first, twice.
     */
    private static List<PageResult> pages(Options options, String name, URI base) throws Exception {
        String room = "pages-" + UUID.randomUUID().toString().substring(0, 8);
        List<Filler> fillers = new ArrayList<>();
        long perFiller = (options.pageRoom() + options.senders() - 1) / options.senders();
        long fillStart = System.nanoTime();
        for (int i = 0; i < options.senders(); i++) {
            long count = Math.min(perFiller, options.pageRoom() - i * perFiller);
            fillers.add(new Filler(join(base, room), "f" + i, options.window() * 8, count));
        }
        fillers.forEach(Filler::start);
        long newest = 0;
        long filled = 0;
        for (Filler filler : fillers) {
            filler.thread.join();
            if (filler.failure != null) {
                throw new IllegalStateException("filling the room failed", filler.failure);
            }
            newest = Math.max(newest, filler.newest);
            filled += filler.acked;
            filler.ws.close();
        }
        double fillPerSecond = filled / ((System.nanoTime() - fillStart) / 1e9);
        System.out.printf("%s: %d messages posted into %s (%.0f a second); paging back%n", name, filled, room, fillPerSecond);
        List<PageResult> results = new ArrayList<>();
        try (RawWebSocket reader = join(base, room)) {
            for (int pass = 1; pass <= 2; pass++) {
                long before = newest + 1;
                long pages = 0;
                long paged = 0;
                long started = System.nanoTime();
                boolean more = true;
                while (more) {
                    reader.send(ClientFrames.text("{\"type\":\"older\",\"before\":" + before + ",\"limit\":" + PAGE_LIMIT + "}"));
                    JsonNode page = JSON.readTree(reader.readText());
                    while (!"page".equals(page.path("type").asText())) {
                        if ("error".equals(page.path("type").asText())) {
                            throw new IOException("older refused: " + page);
                        }
                        page = JSON.readTree(reader.readText());
                    }
                    JsonNode messages = page.get("messages");
                    pages++;
                    paged += messages.size();
                    more = page.path("more").asBoolean();
                    if (messages.isEmpty()) {
                        break;
                    }
                    before = messages.get(0).get("id").asLong();
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                if (paged != filled) {
                    System.err.printf("%s: pass %d paged %d messages of %d%n", name, pass, paged, filled);
                }
                results.add(new PageResult(name, filled, pass, pages, paged, seconds, pages / seconds, fillPerSecond));
            }
        }
        return results;
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

    /** A member that posts {@code count} messages as fast as its acks allow, {@code window} in flight. */
    private static final class Filler {
        final RawWebSocket ws;
        final String name;
        final int window;
        final long count;
        long acked;
        long newest;
        Throwable failure;
        Thread thread;

        Filler(RawWebSocket ws, String name, int window, long count) {
            this.ws = ws;
            this.name = name;
            this.window = window;
            this.count = count;
        }

        void start() {
            thread = new Thread(() -> {
                try {
                    long sent = 0;
                    while (acked < count) {
                        while (sent - acked < window && sent < count) {
                            ws.send(ClientFrames.text("{\"type\":\"message\",\"text\":\"" + name + " " + sent
                                    + "\",\"ref\":\"" + name + "-" + sent + "\"}"));
                            sent++;
                        }
                        String text = ws.readText();
                        if (text.startsWith("{\"type\":\"message\"")) {
                            continue; // the room's broadcast, the fillers' own messages included
                        }
                        JsonNode frame = JSON.readTree(text);
                        switch (frame.path("type").asText()) {
                            case "ack" -> {
                                acked++;
                                newest = Math.max(newest, frame.get("id").asLong());
                            }
                            case "error" -> throw new IOException("refused: " + frame);
                            default -> {
                            }
                        }
                    }
                } catch (Throwable e) {
                    failure = e;
                }
            }, "filler-" + name);
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
                    + "[--receivers 20] [--senders 4] [--window 8] [--seconds 10] [--warmup-seconds 3] "
                    + "[--rate 1000] [--rate-seconds 10] [--page-room 100000 (0: no paging)] [--redis true]");
            System.exit(2);
        }
        return new Options(classpath, Path.of(given.getOrDefault("--war", "target/chatsocket.war")),
                Integer.parseInt(given.getOrDefault("--receivers", "20")),
                Integer.parseInt(given.getOrDefault("--senders", "4")),
                Integer.parseInt(given.getOrDefault("--window", "8")),
                Integer.parseInt(given.getOrDefault("--seconds", "10")),
                Integer.parseInt(given.getOrDefault("--warmup-seconds", "3")),
                Integer.parseInt(given.getOrDefault("--rate", "1000")),
                Integer.parseInt(given.getOrDefault("--rate-seconds", "10")),
                Integer.parseInt(given.getOrDefault("--page-room", "100000")),
                Boolean.parseBoolean(given.getOrDefault("--redis", "true")));
    }
}
