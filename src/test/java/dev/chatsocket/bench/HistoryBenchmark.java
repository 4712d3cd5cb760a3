package dev.chatsocket.bench;

import dev.chatsocket.history.Appended;
import dev.chatsocket.history.DedupeWindow;
import dev.chatsocket.history.HistorySettings;
import dev.chatsocket.history.HistoryStore;
import dev.chatsocket.history.Message;
import dev.chatsocket.history.NewMessage;
import dev.chatsocket.history.Page;
import dev.chatsocket.history.Retention;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The issue-15 store benchmark (started by {@code bench/history.sh}; not a test): the history
 * store alone, in one JVM, no server and no network, so that what it measures is the store.
 * <ol>
 *   <li>Messages stored per second, for three stores in the same run: an in-memory baseline (ids
 *       and a bounded window in memory, as the memory rooms keep them, the future complete at once),
 *       H2 in memory (the SQL, no disk) and the default embedded H2 file (the SQL, plus one fsync per
 *       group commit). Twice each: {@code senders} chat clients that each send their next message
 *       after the ack of the last (closed loop), and one producer that keeps {@code window} appends
 *       in flight (the store's ceiling).</li>
 *   <li>Append → ack latency at a steady {@code rate} messages a second (open loop: measured from
 *       when each append was due, so a stall is not hidden), p50/p99/max, per store.</li>
 *   <li>Paging a {@code pageRoom}-message room back from the end to its first message, 100 and 50
 *       messages a page ({@code {"type":"older"}}'s largest and default), on the H2 file.</li>
 * </ol>
 */
public final class HistoryBenchmark {
    private static final String TEXT = "a chat message of an ordinary length, about sixty characters";

    private static final AtomicLong RUNS = new AtomicLong();

    record Options(int seconds, int senders, int window, int rate, int rateSeconds, int pageRoom, Optional<String> postgres) {
    }

    /** One way to append: a store, or the in-memory baseline. */
    interface Appender extends AutoCloseable {
        CompletableFuture<Appended> append(String room, NewMessage message);

        @Override
        void close();
    }

    public static void main(String[] args) throws Exception {
        Options options = parse(args);
        Path dataDir = Files.createTempDirectory(Path.of("target"), "history-bench");
        try {
            run(options, dataDir);
        } finally {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(Options options, Path dataDir) throws Exception {
        List<String> stores = new ArrayList<>(List.of("memory baseline", "H2 in memory", "H2 file (default)"));
        options.postgres().ifPresent(url -> stores.add("PostgreSQL"));
        System.out.printf("%nstored messages per second (%d s each; closed loop: %d senders waiting for each ack; pipelined: %d in flight)%n",
                options.seconds(), options.senders(), options.window());
        System.out.printf("%-20s %14s %14s%n", "store", "closed loop", "pipelined");
        double[][] throughput = new double[stores.size()][];
        for (int i = 0; i < stores.size(); i++) {
            String store = stores.get(i);
            double closed;
            double pipelined;
            try (Appender appender = appender(store, options, dataDir.resolve("t" + i))) {
                closedLoop(appender, options.senders(), 2); // warm-up
                closed = closedLoop(appender, options.senders(), options.seconds());
                pipelined = pipelined(appender, options.window(), options.seconds());
            }
            throughput[i] = new double[]{closed, pipelined};
            System.out.printf("%-20s %14.0f %14.0f%n", store, closed, pipelined);
        }
        // The baseline does next to nothing, so a ratio of rates says little: the cost a message adds is what counts.
        System.out.printf("time per stored message, pipelined: memory baseline %.2f us, H2 in memory %.1f us, H2 file %.1f us%n",
                1e6 / throughput[0][1], 1e6 / throughput[1][1], 1e6 / throughput[2][1]);

        System.out.printf("%nappend -> ack at %d messages/s for %d s (from when each was due)%n", options.rate(), options.rateSeconds());
        System.out.printf("%-20s %10s %10s %10s %10s%n", "store", "p50 ms", "p99 ms", "max ms", "failed");
        for (int i = 0; i < stores.size(); i++) {
            try (Appender appender = appender(stores.get(i), options, dataDir.resolve("l" + i))) {
                closedLoop(appender, 4, 1);
                latency(stores.get(i), appender, options.rate(), options.rateSeconds());
            }
        }

        System.out.printf("%npaging back through a %,d-message room to its first message (H2 file)%n", options.pageRoom());
        try (HistoryStore store = HistoryStore.open(settings(new HistorySettings.Embedded(dataDir.resolve("p")), options))) {
            fill(store, options.pageRoom());
            System.out.printf("%-10s %8s %12s %12s%n", "page size", "pages", "pages/s", "messages/s");
            for (int size : new int[]{100, 50, 100, 50}) {
                paging(store, size, options.pageRoom());
            }
        }
    }

    private static Appender appender(String store, Options options, Path dataDir) {
        HistorySettings.Database database = switch (store) {
            case "memory baseline" -> null;
            case "H2 in memory" -> new HistorySettings.Server("jdbc:h2:mem:" + dataDir.getFileName() + ";DB_CLOSE_DELAY=-1",
                    Optional.empty(), Optional.empty());
            case "PostgreSQL" -> new HistorySettings.Server(options.postgres().orElseThrow(), Optional.empty(), Optional.empty());
            default -> new HistorySettings.Embedded(dataDir);
        };
        if (database == null) {
            return new MemoryBaseline();
        }
        HistoryStore opened = HistoryStore.open(settings(database, options));
        String prefix = dataDir.getFileName() + "-"; // a PostgreSQL database keeps the rooms of earlier rounds
        return new Appender() {
            @Override
            public CompletableFuture<Appended> append(String room, NewMessage message) {
                return opened.append(prefix + room, message);
            }

            @Override
            public void close() {
                opened.close();
            }
        };
    }

    private static HistorySettings settings(HistorySettings.Database database, Options options) {
        return new HistorySettings(database, 8, Math.max(10_000, options.window() * 2), Retention.KEEP_EVERYTHING,
                new DedupeWindow(Duration.ofMinutes(10), 10_000));
    }

    /**
     * {@code senders} clients in 8 rooms, each posting its next message once the last is acked; messages per second.
     * Each call's refs are its own: a ref of the warm-up's again would be answered as a repeat, and
     * measure the dedupe of retries instead of storing.
     */
    private static double closedLoop(Appender appender, int senders, int seconds) throws Exception {
        String run = Long.toString(RUNS.incrementAndGet());
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long start = System.nanoTime();
        List<Future<Long>> counts = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            String room = "room-" + (s % 8);
            String uid = "u" + s;
            counts.add(pool.submit(() -> {
                long sent = 0;
                while (System.nanoTime() < end) {
                    // A ref on every message, as chat.js sends one: the dedupe lookup is part of the cost.
                    appender.append(room, new NewMessage(uid, uid, TEXT, System.currentTimeMillis(), uid + "-" + run + "-" + sent)).join();
                    sent++;
                }
                return sent;
            }));
        }
        long total = 0;
        for (Future<Long> count : counts) {
            total += count.get();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return total / elapsed;
    }

    /** One producer keeping {@code window} appends in flight over 8 rooms; messages per second. */
    private static double pipelined(Appender appender, int window, int seconds) throws InterruptedException {
        Semaphore inFlight = new Semaphore(window);
        AtomicLong done = new AtomicLong();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long sent = 0;
        while (System.nanoTime() < end) {
            inFlight.acquire();
            appender.append("room-" + (sent % 8), new NewMessage("p", "p", TEXT, System.currentTimeMillis(), "p-" + sent))
                    .whenComplete((appended, failure) -> {
                        done.incrementAndGet();
                        inFlight.release();
                    });
            sent++;
        }
        inFlight.acquire(window);
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    private static void latency(String store, Appender appender, int rate, int seconds) throws InterruptedException {
        int count = rate * seconds;
        long[] latencies = new long[count];
        AtomicLong failed = new AtomicLong();
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
        List<CompletableFuture<Appended>> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long due = start + i * interval;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            int index = i;
            all.add(appender.append("room-" + (i % 8), new NewMessage("l", "l", TEXT, System.currentTimeMillis(), "l-" + i))
                    .whenComplete((appended, failure) -> {
                        latencies[index] = System.nanoTime() - due;
                        if (failure != null) {
                            failed.incrementAndGet();
                        }
                    }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        Arrays.sort(latencies);
        System.out.printf("%-20s %10.2f %10.2f %10.2f %10d%n", store, latencies[count / 2] / 1e6,
                latencies[(int) (count * 0.99)] / 1e6, latencies[count - 1] / 1e6, failed.get());
    }

    private static void fill(HistoryStore store, int messages) {
        Semaphore inFlight = new Semaphore(5000);
        for (int i = 0; i < messages; i++) {
            inFlight.acquireUninterruptibly();
            store.append("big", new NewMessage("u" + (i % 50), "nick", TEXT + " #" + i, System.currentTimeMillis(), null))
                    .whenComplete((a, f) -> inFlight.release());
        }
        inFlight.acquireUninterruptibly(5000);
        if (store.lastId("big") != messages) {
            throw new IllegalStateException("filled " + store.lastId("big") + " of " + messages);
        }
    }

    private static void paging(HistoryStore store, int size, int messages) {
        long start = System.nanoTime();
        long before = Long.MAX_VALUE;
        int pages = 0;
        long seen = 0;
        Page page;
        do {
            page = store.before("big", before, size);
            pages++;
            seen += page.messages().size();
            before = page.messages().get(0).id();
        } while (page.more());
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (seen != messages || before != 1) {
            throw new IllegalStateException("paged " + seen + " messages, down to " + before);
        }
        System.out.printf("%-10d %8d %12.0f %12.0f%n", size, pages, pages / elapsed, seen / elapsed);
    }

    /**
     * What the memory rooms do with a message: the next id and a place in a bounded window, under
     * the room's lock; the ack is immediate.
     */
    static final class MemoryBaseline implements Appender {
        private final java.util.Map<String, ArrayDeque<Message>> rooms = new java.util.HashMap<>();
        private final java.util.Map<String, long[]> ids = new java.util.HashMap<>();

        @Override
        public synchronized CompletableFuture<Appended> append(String room, NewMessage message) {
            long id = ++ids.computeIfAbsent(room, r -> new long[1])[0];
            ArrayDeque<Message> window = rooms.computeIfAbsent(room, r -> new ArrayDeque<>());
            window.addLast(Message.posted(id, message.uid(), message.nick(), message.text(), message.ts()));
            if (window.size() > 1000) {
                window.removeFirst();
            }
            return CompletableFuture.completedFuture(new Appended(id, false));
        }

        @Override
        public void close() {
        }
    }

    private static Options parse(String[] args) {
        int seconds = 10;
        int senders = 64;
        int window = 2000;
        int rate = 1000;
        int rateSeconds = 10;
        int pageRoom = 100_000;
        Optional<String> postgres = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--seconds" -> seconds = Integer.parseInt(value);
                case "--senders" -> senders = Integer.parseInt(value);
                case "--window" -> window = Integer.parseInt(value);
                case "--rate" -> rate = Integer.parseInt(value);
                case "--rate-seconds" -> rateSeconds = Integer.parseInt(value);
                case "--page-room" -> pageRoom = Integer.parseInt(value);
                case "--postgres" -> postgres = Optional.of(value);
                default -> {
                    System.err.println("usage: HistoryBenchmark [--seconds 10] [--senders 64] [--window 2000] [--rate 1000]"
                            + " [--rate-seconds 10] [--page-room 100000] [--postgres jdbc:postgresql://...]");
                    System.exit(2);
                }
            }
            i++;
        }
        return new Options(seconds, senders, window, rate, rateSeconds, pageRoom, postgres);
    }
}
