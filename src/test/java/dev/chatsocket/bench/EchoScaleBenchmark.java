package dev.chatsocket.bench;

import dev.chatsocket.testsupport.ClientFrames;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * The issue-2 benchmark printout: chatsocket's /echo on a server that runs in another process
 * (started by {@code bench/echo-scale.sh}, which passes its port and pid).
 *
 * <ul>
 *   <li>Scenario A, connection scale: opens /echo connections up to each step (100, 1000, 2500, 5000 by
 *       default), keeps them all open, and at each step reads the server's thread count and resident
 *       memory from {@code /proc/<pid>/status} and sends one small text message on every connection,
 *       counting the echoes that come back intact. Then holds them all idle for a while (long enough
 *       to see the server's pings and any idle timeout) and checks every one still echoes, and
 *       finally closes them all with a close handshake.</li>
 *   <li>Scenario B, large message: a 16 MiB binary message echoed on one connection, several rounds
 *       (the first one a warm-up), timed from the first byte written to the last byte read back.</li>
 * </ul>
 *
 * <p>Prints tables as it goes and one JSON line at the end. Exits 1 when anything was lost (a
 * connection refused or dropped, an echo missing or wrong) so that a bug cannot hide behind figures,
 * and 2 on a usage error. Not a test: nothing here runs under {@code mvn verify}.
 */
public final class EchoScaleBenchmark {

    private final Options opt;
    private final long deadline;
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final List<String> problems = new ArrayList<>();

    /** Command-line options; see {@link #usage()}. */
    record Options(String host, int port, long serverPid, int clockTicks, int[] steps, int holdSeconds,
                   int largeMiB, int rounds, int deadlineSeconds, int messageBytes, int window,
                   boolean burst) {
    }

    private EchoScaleBenchmark(Options opt) {
        this.opt = opt;
        this.deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(opt.deadlineSeconds());
    }

    public static void main(String[] args) throws Exception {
        Options opt;
        try {
            opt = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("echo-scale: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        int status = new EchoScaleBenchmark(opt).run();
        System.exit(status);
    }

    private int run() throws Exception {
        InetSocketAddress address = new InetSocketAddress(opt.host(), opt.port());
        long maxMessage = Math.max(1L << 20, (long) opt.largeMiB() << 20);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "echo-scale");
        json.put("date", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString());
        json.put("server_pid", opt.serverPid());
        json.put("generator_cpus", Runtime.getRuntime().availableProcessors());
        json.put("java", System.getProperty("java.version"));

        System.out.printf("echo-scale: server pid %d at ws://%s:%d/echo; generator: 1 selector thread,"
                        + " %d CPU(s) visible, Java %s%n",
                opt.serverPid(), opt.host(), opt.port(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        long runCpu0 = os.getProcessCpuTime();
        long runT0 = System.nanoTime();
        try (WsClient client = new WsClient(address, "/echo", maxMessage)) {
            try {
                json.put("scale", scale(client));
                json.put("large", large(client));
            } catch (BenchAbort e) {
                problems.add(e.getMessage());
                System.out.println("ABORTED: " + e.getMessage());
            }
            if (client.loopFailure() != null) {
                problems.add("generator selector loop died: " + client.loopFailure());
            }
        }
        long runCpu = os.getProcessCpuTime() - runCpu0;
        long runWall = System.nanoTime() - runT0;
        System.out.println();
        System.out.printf("generator: %.1f s CPU in %.1f s (%d%% of one core; 100%% would mean the generator,"
                + " not the server, set the pace)%n", runCpu / 1e9, runWall / 1e9, Math.round(100.0 * runCpu / runWall));
        json.put("generator_cpu_ms", runCpu / 1_000_000);
        json.put("wall_ms", runWall / 1_000_000);
        json.put("problems", problems);
        json.put("ok", problems.isEmpty());
        System.out.println();
        if (problems.isEmpty()) {
            System.out.println("RESULT: ok (every connection opened, held and echoed; every large echo intact)");
        } else {
            System.out.println("RESULT: FAILED");
            for (String p : problems) {
                System.out.println("  - " + p);
            }
        }
        System.out.println(Json.write(json));
        return problems.isEmpty() ? 0 : 1;
    }

    // ------------------------------------------------------------------------------------------
    // Scenario A: connection scale

    /** Per-connection state of scenario A (the {@link WsClient.Conn#attachment}). */
    private static final class ScaleConn {
        boolean opened;
        boolean closingByUs;
        byte[] expected;
    }

    /** Counters of scenario A, updated on the selector thread, read by the main thread. */
    private final class ScaleListener implements WsClient.Listener {
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger dropped = new AtomicInteger();
        final AtomicInteger closedClean = new AtomicInteger();
        final AtomicInteger closedOther = new AtomicInteger();
        final AtomicInteger echoed = new AtomicInteger();
        final AtomicInteger wrong = new AtomicInteger();
        final AtomicInteger pings = new AtomicInteger();
        final AtomicReference<String> firstRefusal = new AtomicReference<>();
        final AtomicReference<String> firstDrop = new AtomicReference<>();
        // selector thread only
        int toOpen;
        int inFlight;
        WsClient client;
        final java.util.ArrayDeque<WsClient.Conn> toEcho = new java.util.ArrayDeque<>();
        int echoStep;

        /** Keeps at most {@code window} handshakes in flight. */
        void openMore() {
            while (toOpen > 0 && inFlight < opt.window()) {
                toOpen--;
                inFlight++;
                client.connect(this, new ScaleConn());
            }
        }

        /** Sends the next queued echo check (one per answered one: at most {@code window} outstanding). */
        void echoNext() {
            WsClient.Conn c;
            while ((c = toEcho.poll()) != null) {
                if (c.isOpen()) {
                    ScaleConn s = (ScaleConn) c.attachment;
                    s.expected = payload(echoStep, c.id());
                    c.sendText(s.expected);
                    return;
                }
            }
        }

        @Override
        public void onOpen(WsClient.Conn conn) {
            ((ScaleConn) conn.attachment).opened = true;
            opened.incrementAndGet();
            inFlight--;
            openMore();
        }

        @Override
        public void onMessage(WsClient.Conn conn, int opcode, byte[] payload) {
            ScaleConn s = (ScaleConn) conn.attachment;
            if (opcode == 0x1 && s.expected != null && Arrays.equals(s.expected, payload)) {
                s.expected = null;
                echoed.incrementAndGet();
            } else {
                wrong.incrementAndGet();
            }
            echoNext();
        }

        @Override
        public void onPing(WsClient.Conn conn, byte[] payload) {
            pings.incrementAndGet();
        }

        @Override
        public void onClosed(WsClient.Conn conn, int closeCode, String reason, Throwable failure) {
            ScaleConn s = (ScaleConn) conn.attachment;
            if (!s.opened) {
                refused.incrementAndGet();
                firstRefusal.compareAndSet(null, String.valueOf(failure));
                inFlight--;
                openMore();
            } else if (!s.closingByUs) {
                dropped.incrementAndGet();
                echoNext();
                firstDrop.compareAndSet(null, "conn " + conn.id() + ": close code " + closeCode + " "
                        + (reason == null ? "" : "'" + reason + "' ") + (failure == null ? "" : failure));
            } else if (closeCode == 1000 && failure == null) {
                closedClean.incrementAndGet();
            } else {
                closedOther.incrementAndGet();
                firstDrop.compareAndSet(null, "conn " + conn.id() + " on our close: code " + closeCode
                        + (failure == null ? "" : " " + failure));
            }
        }
    }

    private Map<String, Object> scale(WsClient client) throws Exception {
        ScaleListener l = new ScaleListener();
        l.client = client;
        List<Map<String, Object>> rows = new ArrayList<>();

        System.out.println();
        System.out.println("Scenario A: connection scale on /echo (all connections stay open; at each step one "
                + opt.messageBytes() + "-byte text message on every connection)");
        String header = String.format("%-10s %5s %6s %7s %7s %8s %8s %8s %8s %7s %8s %8s %8s",
                "step", "open", "failed", "dropped", "echoed", "srv_thr", "thr_peak", "rss_MiB",
                "KiB/conn", "open_s", "echo_ms", "srv_cpu", "gen_cpu");
        System.out.println(header);
        System.out.println("-".repeat(header.length()));

        ProcStats base = serverStats();
        Map<String, Object> baseRow = row("0", 0, l, base, base.threads(), 0, 0, 0, 0, base);
        rows.add(baseRow);
        printRow(baseRow);

        int current = 0;
        for (int step : opt.steps()) {
            int need = step - current;
            current = step;
            ProcStats before = serverStats();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            int[] peak = {before.threads()};
            int target = step;
            client.execute(() -> {
                l.toOpen += need;
                l.openMore();
            });
            waitFor("opening " + step + " connections", 60, peak,
                    () -> l.opened.get() + l.refused.get() >= target);
            long openNanos = System.nanoTime() - t0;
            Thread.sleep(300); // let the server settle after the burst before reading its memory
            ProcStats idle = serverStats();
            long echoNanos = echoRound(client, l, step, peak, false);
            ProcStats after = serverStats();
            long genCpu = os.getProcessCpuTime() - cpu0;
            long wall = System.nanoTime() - t0;
            Map<String, Object> r = row(Integer.toString(step), step, l, idle, Math.max(peak[0], after.threads()),
                    openNanos, echoNanos, after.cpuMillis() - before.cpuMillis(), genCpu, base);
            putWall(r, wall);
            rows.add(r);
            printRow(r);
        }

        // Hold: every connection idle for a while (the server pings every 20 s by default; Jetty's
        // own connector idle timeout is 30 s), then all must still echo.
        Map<String, Object> hold = new LinkedHashMap<>();
        if (opt.holdSeconds() > 0) {
            ProcStats before = serverStats();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            int pings0 = l.pings.get();
            int[] peak = {before.threads()};
            long until = t0 + TimeUnit.SECONDS.toNanos(opt.holdSeconds());
            waitFor("holding connections idle", opt.holdSeconds() + 5, peak, () -> System.nanoTime() >= until);
            ProcStats idle = serverStats();
            long echoNanos = echoRound(client, l, current, peak, false);
            ProcStats after = serverStats();
            Map<String, Object> r = row("held " + opt.holdSeconds() + "s", current, l, idle,
                    Math.max(peak[0], after.threads()), 0, echoNanos, after.cpuMillis() - before.cpuMillis(),
                    os.getProcessCpuTime() - cpu0, base);
            putWall(r, System.nanoTime() - t0);
            r.put("hold_s", opt.holdSeconds());
            r.put("pings_received", l.pings.get() - pings0);
            rows.add(r);
            printRow(r);
            hold = r;
        }

        // Burst: the same check with every message sent at once. The container dispatches a read
        // callback per ready connection; Jetty's pool grows on such bursts up to its maximum, however
        // many connections are open: that bound, not the connection count, limits the threads.
        if (opt.burst()) {
            ProcStats before = serverStats();
            long cpu0 = os.getProcessCpuTime();
            int[] peak = {before.threads()};
            long echoNanos = echoRound(client, l, current + 1, peak, true);
            ProcStats after = serverStats();
            Map<String, Object> r = row("burst", current, l, after, Math.max(peak[0], after.threads()), 0,
                    echoNanos, after.cpuMillis() - before.cpuMillis(), os.getProcessCpuTime() - cpu0, base);
            putWall(r, echoNanos);
            rows.add(r);
            printRow(r);
        }

        // Close all: a close handshake on every connection, 1000 both ways.
        AtomicInteger closing = new AtomicInteger(-1);
        long t0 = System.nanoTime();
        client.execute(() -> {
            List<WsClient.Conn> open = client.openConnections();
            for (WsClient.Conn c : open) {
                ((ScaleConn) c.attachment).closingByUs = true;
                c.close(1000);
            }
            closing.set(open.size());
        });
        int[] peak = {0};
        waitFor("closing connections", 30, peak,
                () -> closing.get() >= 0 && l.closedClean.get() + l.closedOther.get() >= closing.get());
        long closeNanos = System.nanoTime() - t0;
        Thread.sleep(1000);
        ProcStats afterClose = serverStats();

        int firstThreads = (Integer) rows.get(1).get("server_threads");
        int lastThreads = (Integer) rows.get(opt.steps().length).get("server_threads");
        int peakThreads = Math.max(afterClose.threads(),
                rows.stream().mapToInt(r -> (Integer) r.get("server_threads_peak")).max().orElse(0));
        System.out.println();
        System.out.printf("server threads: %d with no connection, %d at %d connections, %d at %d connections;"
                        + " highest seen in any phase: %d%n", base.threads(), firstThreads, opt.steps()[0],
                lastThreads, current, peakThreads);
        System.out.printf("pings from the server answered: %d; closed with 1000 both ways: %d of %d in %.2f s;"
                        + " server after close: %d threads, %.1f MiB RSS%n",
                l.pings.get(), l.closedClean.get(), closing.get(), closeNanos / 1e9, afterClose.threads(),
                afterClose.rssKiB() / 1024.0);
        if (l.firstRefusal.get() != null) {
            System.out.println("first refused connection: " + l.firstRefusal.get());
        }
        if (l.firstDrop.get() != null) {
            System.out.println("first dropped connection: " + l.firstDrop.get());
        }

        int expectedTotal = current;
        if (l.refused.get() > 0) {
            problems.add(l.refused.get() + " of " + expectedTotal + " connections failed to open; first: "
                    + l.firstRefusal.get());
        }
        if (l.dropped.get() > 0) {
            problems.add(l.dropped.get() + " open connections were closed or dropped by the server; first: "
                    + l.firstDrop.get());
        }
        if (l.wrong.get() > 0) {
            problems.add(l.wrong.get() + " unexpected or corrupted messages received");
        }
        if (l.closedOther.get() > 0 || l.closedClean.get() != closing.get()) {
            problems.add("close handshake: " + l.closedClean.get() + " of " + closing.get()
                    + " closed with 1000; " + l.closedOther.get() + " otherwise");
        }

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("window", opt.window());
        out.put("steps", rows);
        out.put("server_threads_peak", peakThreads);
        out.put("hold", hold);
        out.put("pings_received", l.pings.get());
        out.put("closed_clean", l.closedClean.get());
        out.put("close_ms", closeNanos / 1_000_000);
        out.put("server_threads_after_close", afterClose.threads());
        out.put("server_rss_kib_after_close", afterClose.rssKiB());
        return out;
    }

    /**
     * Sends one message on every open connection, at most {@code window} awaiting their echo at a
     * time (all at once when {@code burst}), and waits for all echoes; returns the time taken.
     */
    private long echoRound(WsClient client, ScaleListener l, int step, int[] peak, boolean burst) throws Exception {
        AtomicInteger sent = new AtomicInteger(-1);
        int echoed0 = l.echoed.get();
        long t0 = System.nanoTime();
        client.execute(() -> {
            List<WsClient.Conn> open = client.openConnections();
            l.toEcho.clear();
            l.toEcho.addAll(open);
            l.echoStep = step;
            int first = burst ? open.size() : Math.min(opt.window(), open.size());
            for (int i = 0; i < first; i++) {
                l.echoNext();
            }
            sent.set(open.size());
        });
        try {
            waitFor("echoes at step " + step, 30, peak, () -> {
                int s = sent.get();
                return s >= 0 && (l.echoed.get() - echoed0) >= s - (l.dropped.get());
            });
        } catch (BenchAbort e) {
            problems.add("step " + step + ": " + (l.echoed.get() - echoed0) + " echoes of " + sent.get()
                    + " messages came back within 30 s");
        }
        long took = System.nanoTime() - t0;
        int missing = sent.get() - (l.echoed.get() - echoed0);
        if (missing > 0 && l.dropped.get() == 0) {
            problems.add("step " + step + ": " + missing + " echoes missing");
        }
        return took;
    }

    private byte[] payload(int step, int id) {
        String prefix = "s" + step + "c" + id + ":";
        StringBuilder b = new StringBuilder(prefix);
        while (b.length() < opt.messageBytes()) {
            b.append((char) ('a' + b.length() % 26));
        }
        return b.substring(0, Math.max(prefix.length(), opt.messageBytes())).getBytes(StandardCharsets.UTF_8);
    }

    private Map<String, Object> row(String step, int conns, ScaleListener l, ProcStats idle, int threadPeak,
                                    long openNanos, long echoNanos, long serverCpuMillis, long genCpuNanos,
                                    ProcStats base) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("step", step);
        r.put("connections", conns);
        r.put("open", conns == 0 ? 0 : l.opened.get() - l.dropped.get() - l.closedClean.get());
        r.put("failed", l.refused.get());
        r.put("dropped", l.dropped.get());
        r.put("echoed", l.echoed.get());
        r.put("server_threads", idle.threads());
        r.put("server_threads_peak", threadPeak);
        r.put("server_rss_kib", idle.rssKiB());
        r.put("rss_kib_per_conn", conns == 0 ? 0.0 : round1((idle.rssKiB() - base.rssKiB()) / (double) conns));
        r.put("open_s", round2(openNanos / 1e9));
        r.put("echo_ms", round1(echoNanos / 1e6));
        r.put("server_cpu_ms", serverCpuMillis);
        r.put("generator_cpu_ms", genCpuNanos / 1_000_000);
        return r;
    }

    /** The phase's wall time and the CPU use of both processes as a share of it (100% = one core busy). */
    private static void putWall(Map<String, Object> r, long wallNanos) {
        long wallMs = Math.max(1, wallNanos / 1_000_000);
        r.put("wall_ms", wallMs);
        r.put("server_cpu_pct", Math.round(100.0 * (Long) r.get("server_cpu_ms") / wallMs));
        r.put("generator_cpu_pct", Math.round(100.0 * (Long) r.get("generator_cpu_ms") / wallMs));
    }

    private static String pct(Map<String, Object> r, String key) {
        Object v = r.get(key);
        return v == null ? "-" : v + "%";
    }

    private static void printRow(Map<String, Object> r) {
        System.out.println(String.format("%-10s %5s %6s %7s %7s %8s %8s %8.1f %8s %7s %8s %8s %8s",
                r.get("step"), r.get("open"), r.get("failed"), r.get("dropped"), r.get("echoed"),
                r.get("server_threads"), r.get("server_threads_peak"),
                ((Long) r.get("server_rss_kib")) / 1024.0, r.get("rss_kib_per_conn"), r.get("open_s"),
                r.get("echo_ms"), pct(r, "server_cpu_pct"), pct(r, "generator_cpu_pct")));
    }

    // ------------------------------------------------------------------------------------------
    // Scenario B: one large binary message, echoed

    private Map<String, Object> large(WsClient client) throws Exception {
        int size = opt.largeMiB() << 20;
        byte[] data = new byte[size];
        new Random(42).nextBytes(data);
        // Masked once, sent every round: masking 16 MiB is the generator's cost, not the server's.
        byte[] frame = ClientFrames.frame(true, 0, 0x2, data, WsClient.newMask());

        AtomicReference<CompletableFuture<byte[]>> pending = new AtomicReference<>();
        AtomicReference<CompletableFuture<WsClient.Conn>> opened = new AtomicReference<>(new CompletableFuture<>());
        WsClient.Listener listener = new WsClient.Listener() {
            @Override
            public void onOpen(WsClient.Conn conn) {
                opened.get().complete(conn);
            }

            @Override
            public void onMessage(WsClient.Conn conn, int opcode, byte[] payload) {
                CompletableFuture<byte[]> f = pending.get();
                if (f != null) {
                    f.complete(opcode == 0x2 ? payload : null);
                }
            }

            @Override
            public void onClosed(WsClient.Conn conn, int closeCode, String reason, Throwable failure) {
                String why = "large-message connection closed: code " + closeCode + " "
                        + (reason == null ? "" : reason) + (failure == null ? "" : " " + failure);
                opened.get().completeExceptionally(new IllegalStateException(why));
                CompletableFuture<byte[]> f = pending.get();
                if (f != null) {
                    f.completeExceptionally(new IllegalStateException(why));
                }
            }
        };
        client.execute(() -> client.connect(listener, null));
        WsClient.Conn conn = opened.get().get(remainingSeconds(10), TimeUnit.SECONDS);

        System.out.println();
        System.out.printf("Scenario B: %d MiB binary message echoed on one /echo connection, %d rounds"
                + " (round 1 is warm-up)%n", opt.largeMiB(), opt.rounds());
        String header = String.format("%-6s %9s %9s %8s %8s %9s %7s", "round", "rtt_ms", "MiB/s", "srv_cpu",
                "gen_cpu", "srv_rss", "intact");
        System.out.println(header);
        System.out.println("-".repeat(header.length()));

        List<Map<String, Object>> rounds = new ArrayList<>();
        List<Double> measured = new ArrayList<>();
        for (int round = 1; round <= opt.rounds(); round++) {
            CompletableFuture<byte[]> f = new CompletableFuture<>();
            pending.set(f);
            ProcStats before = serverStats();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            client.execute(() -> conn.sendRaw(frame));
            byte[] echo;
            try {
                echo = f.get(remainingSeconds(30), TimeUnit.SECONDS);
            } catch (Exception e) {
                problems.add("large round " + round + ": no echo (" + e + ")");
                break;
            }
            long rtt = System.nanoTime() - t0;
            long genCpu = os.getProcessCpuTime() - cpu0;
            ProcStats after = serverStats();
            boolean intact = echo != null && Arrays.equals(data, echo);
            if (!intact) {
                problems.add("large round " + round + ": echo differs from what was sent"
                        + (echo == null ? " (not binary)" : " (" + echo.length + " bytes)"));
            }
            double ms = rtt / 1e6;
            double mibs = opt.largeMiB() / (rtt / 1e9);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("round", round);
            r.put("warmup", round == 1);
            r.put("rtt_ms", round1(ms));
            r.put("mib_per_s", round1(mibs));
            r.put("server_cpu_ms", after.cpuMillis() - before.cpuMillis());
            r.put("generator_cpu_ms", genCpu / 1_000_000);
            r.put("server_rss_kib", after.rssKiB());
            r.put("intact", intact);
            rounds.add(r);
            if (round > 1) {
                measured.add(ms);
            }
            r.put("server_cpu_pct", Math.round(100.0 * (Long) r.get("server_cpu_ms") / Math.max(1, ms)));
            r.put("generator_cpu_pct", Math.round(100.0 * (Long) r.get("generator_cpu_ms") / Math.max(1, ms)));
            System.out.println(String.format("%-6s %9.1f %9.1f %8s %8s %9s %7s", round == 1 ? "1 (w)" : round,
                    ms, mibs, pct(r, "server_cpu_pct"), pct(r, "generator_cpu_pct"),
                    String.format("%.0fMiB", after.rssKiB() / 1024.0), intact ? "yes" : "NO"));
        }
        client.execute(() -> conn.close(1000));

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("size_mib", opt.largeMiB());
        out.put("rounds", rounds);
        if (!measured.isEmpty()) {
            double[] sorted = measured.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double median = sorted[sorted.length / 2];
            if (sorted.length % 2 == 0) {
                median = (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
            }
            out.put("median_rtt_ms", round1(median));
            out.put("median_mib_per_s", round1(opt.largeMiB() / (median / 1000)));
            System.out.printf("median of rounds 2..%d: %.1f ms round trip, %.1f MiB/s (%d MiB out and back)%n",
                    opt.rounds(), median, opt.largeMiB() / (median / 1000), opt.largeMiB());
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------

    private ProcStats serverStats() throws Exception {
        if (!ProcStats.alive(opt.serverPid())) {
            throw new BenchAbort("server process " + opt.serverPid() + " is gone");
        }
        return ProcStats.read(opt.serverPid(), opt.clockTicks());
    }

    /** Polls {@code done} every 10 ms, tracking the server's peak thread count, within a bound. */
    private void waitFor(String what, int seconds, int[] threadPeak, BooleanSupplier done) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.min(seconds, remainingSeconds(seconds)));
        int n = 0;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new BenchAbort("timed out " + what + " (" + seconds + " s, or the overall deadline of "
                        + opt.deadlineSeconds() + " s)");
            }
            Thread.sleep(10);
            if (n++ % 5 == 0) {
                threadPeak[0] = Math.max(threadPeak[0], serverStats().threads());
            }
        }
    }

    private long remainingSeconds(long wanted) {
        long left = TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime());
        if (left <= 0) {
            throw new BenchAbort("overall deadline of " + opt.deadlineSeconds() + " s reached");
        }
        return Math.min(wanted, left);
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** Stops the run: the server died, or something did not happen within its bound. */
    static final class BenchAbort extends RuntimeException {
        BenchAbort(String message) {
            super(message);
        }
    }

    // ------------------------------------------------------------------------------------------

    static String usage() {
        return """
                usage: EchoScaleBenchmark --port N --server-pid PID [options]
                  --host H             server address (default 127.0.0.1; loopback only is the point)
                  --clk-tck N          kernel clock ticks per second, `getconf CLK_TCK` (default 100)
                  --steps a,b,c        connection counts of scenario A (default 100,1000,2500,5000)
                  --hold-seconds S     idle hold at the last step before the final echo check (default 35)
                  --message-bytes B    size of the text message of scenario A (default 16)
                  --window W           scenario A keeps at most W handshakes, and W echo checks, in
                                       flight (default 16), so that the thread count reflects the
                                       connections held rather than the burst size
                  --burst true|false   after the hold, one echo check with all messages at once (default true)
                  --large-mib M        message size of scenario B in MiB (default 16)
                  --rounds R           rounds of scenario B, the first one a warm-up (default 6)
                  --deadline-seconds S the whole run stops after this (default 150)""";
    }

    static Options parse(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("bad argument: " + args[i]);
            }
            a.put(args[i].substring(2), args[++i]);
        }
        List<String> known = List.of("host", "port", "server-pid", "clk-tck", "steps", "hold-seconds",
                "message-bytes", "large-mib", "rounds", "deadline-seconds", "window", "burst");
        for (String k : a.keySet()) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException("unknown option --" + k);
            }
        }
        if (!a.containsKey("port") || !a.containsKey("server-pid")) {
            throw new IllegalArgumentException("--port and --server-pid are required");
        }
        int[] steps = Arrays.stream(a.getOrDefault("steps", "100,1000,2500,5000").split(","))
                .map(String::trim).mapToInt(Integer::parseInt).toArray();
        for (int i = 0; i < steps.length; i++) {
            if (steps[i] <= 0 || i > 0 && steps[i] <= steps[i - 1]) {
                throw new IllegalArgumentException("--steps must be increasing positive counts");
            }
        }
        if (Integer.parseInt(a.getOrDefault("window", "16")) < 1) {
            throw new IllegalArgumentException("--window must be at least 1");
        }
        int rounds = Integer.parseInt(a.getOrDefault("rounds", "6"));
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be at least 1");
        }
        return new Options(a.getOrDefault("host", "127.0.0.1"), Integer.parseInt(a.get("port")),
                Long.parseLong(a.get("server-pid")), Integer.parseInt(a.getOrDefault("clk-tck", "100")), steps,
                Integer.parseInt(a.getOrDefault("hold-seconds", "35")),
                Integer.parseInt(a.getOrDefault("large-mib", "16")), rounds,
                Integer.parseInt(a.getOrDefault("deadline-seconds", "150")),
                Integer.parseInt(a.getOrDefault("message-bytes", "16")),
                Integer.parseInt(a.getOrDefault("window", "16")),
                Boolean.parseBoolean(a.getOrDefault("burst", "true")));
    }

    /** Just enough JSON for the result line: maps, lists, strings, numbers, booleans. */
    static final class Json {
        private Json() {
        }

        static String write(Object v) {
            StringBuilder b = new StringBuilder();
            write(b, v);
            return b.toString();
        }

        private static void write(StringBuilder b, Object v) {
            if (v == null) {
                b.append("null");
            } else if (v instanceof Map<?, ?> m) {
                b.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) {
                        b.append(',');
                    }
                    first = false;
                    string(b, String.valueOf(e.getKey()));
                    b.append(':');
                    write(b, e.getValue());
                }
                b.append('}');
            } else if (v instanceof List<?> l) {
                b.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) {
                        b.append(',');
                    }
                    write(b, l.get(i));
                }
                b.append(']');
            } else if (v instanceof Number || v instanceof Boolean) {
                b.append(v);
            } else {
                string(b, v.toString());
            }
        }

        private static void string(StringBuilder b, String s) {
            b.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            b.append('"');
        }
    }
}
