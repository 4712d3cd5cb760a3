package dev.chatsocket.bench.compare;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The issue-8 comparison: chatsocket beside the Jakarta WebSocket stacks of Jetty 12.1 and Tomcat
 * 11, driven by one load generator ({@link dev.chatsocket.bench.WsClient}, one NIO selector thread)
 * in rounds interleaved over the servers (A B C D A B C D ...) so that the shared machine's drift
 * hits each alike. Each scenario prints a table of its rounds, the median per server, each
 * subject's ratio to each peer, and one JSON line. Started by bench/run.sh, which starts the
 * servers.
 *
 * <pre>
 * CompareBenchmark --server cs-jetty=PORT=PID --server cs-tomcat=PORT=PID
 *                  --peer jetty=PORT=PID --peer tomcat=PORT=PID
 *                  [--scenarios echo,closed,fanout,fanscale,idle,handshake,join] [--quick] [--clk-tck 100]
 *                  [--fanscale-sizes 100,1000,5000] [--closed-warmup-seconds 30]
 * </pre>
 * A {@code --server} is a subject (chatsocket, on one container or another), a {@code --peer} what
 * it is measured against; the ratios are each subject's to each peer's. The fan-out scale scenario
 * runs on the first subject only.
 */
public final class CompareBenchmark {

    /** A figure of the summary: its key in the rows, and which way is better. */
    private record Metric(String key, String label, boolean higherIsBetter) {
    }

    /** A column of a table: key in the row, header, printf format. */
    private record Column(String key, String header, String format) {
    }

    /** Subjects first, then peers: the order of every round. */
    private final List<Target> targets = new ArrayList<>();
    private final List<Target> subjects = new ArrayList<>();
    private final List<Target> peers = new ArrayList<>();
    private List<String> scenarios = List.of("echo", "fanout", "fanscale", "idle", "handshake");
    private boolean quick;
    private List<Integer> fanoutSizes;
    private int clockTicks = 100;
    /** The closed-loop echo's warm-up before its first round on each server. */
    private int closedWarmUpSeconds = 30;
    private final Map<String, Object> report = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        CompareBenchmark benchmark = new CompareBenchmark();
        benchmark.parse(args);
        System.exit(benchmark.run() ? 0 : 1);
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--server" -> subjects.add(Target.parse(args[++i]));
                case "--peer" -> peers.add(Target.parse(args[++i]));
                case "--scenarios" -> scenarios = Arrays.asList(args[++i].split(","));
                case "--quick" -> quick = true;
                case "--fanscale-sizes" -> fanoutSizes = Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
                case "--clk-tck" -> clockTicks = Integer.parseInt(args[++i]);
                case "--closed-warmup-seconds" -> closedWarmUpSeconds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (subjects.isEmpty()) {
            throw new IllegalArgumentException("no --server given");
        }
        targets.addAll(subjects);
        targets.addAll(peers);
    }

    private boolean run() throws Exception {
        report.put("benchmark", "compare");
        report.put("date", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString());
        report.put("quick", quick);
        report.put("servers", targets.stream().map(Target::name).toList());
        System.out.printf("compare: %s; generator: 1 selector thread, %d CPU(s) visible, Java %s%n",
                String.join(", ", targets.stream().map(t -> t.name() + " (pid " + t.pid() + ", port " + t.port() + ")").toList()),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        for (String scenario : scenarios) {
            switch (scenario) {
                case "echo" -> echo();
                case "closed" -> closedEcho();
                case "fanout" -> fanout();
                case "fanscale" -> fanoutScale();
                case "idle" -> idle();
                case "handshake" -> handshake();
                case "join" -> join();
                default -> throw new IllegalArgumentException("unknown scenario " + scenario);
            }
        }
        System.out.println();
        System.out.println(problems.isEmpty() ? "RESULT: ok" : "RESULT: problems: " + String.join("; ", problems));
        return problems.isEmpty();
    }

    /** One round per server per pass, the passes interleaved; the first pass warms up longer. */
    private interface Round {
        Map<String, Object> run(Target target, boolean first) throws Exception;
    }

    private List<Map<String, Object>> rounds(String scenario, int count, Round round) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int r = 1; r <= count; r++) {
            for (Target target : targets) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("round", r);
                try {
                    row.putAll(round.run(target, r == 1));
                } catch (Exception e) {
                    row.put("server", target.name());
                    row.put("error", e.toString());
                    problems.add(scenario + " round " + r + " on " + target.name() + ": " + e);
                }
                rows.add(row);
                System.err.printf("[compare] %s round %d %s done%n", scenario, r, target.name());
            }
        }
        return rows;
    }

    /** The columns of both echo scenarios, pipelined and closed loop: they measure the same rounds. */
    private static final List<Column> ECHO_COLUMNS = List.of(new Column("msgs_per_s", "msgs/s", "%10.0f"),
            new Column("p50_us", "p50_us", "%8.0f"), new Column("p99_us", "p99_us", "%8.0f"),
            new Column("srv_us_per_msg", "srv_us/msg", "%10.1f"), new Column("srv_bytes_per_msg", "srv_B/msg", "%9.0f"),
            new Column("srv_cpu_pct", "srv_cpu%", "%8d"),
            new Column("gen_cpu_pct", "gen_cpu%", "%8d"), new Column("failed", "failed", "%6d"),
            new Column("dropped", "dropped", "%7d"), new Column("bad_echoes", "bad", "%4d"));

    private void echo() throws Exception {
        int connections = 50;
        int count = quick ? 1 : 3;
        Duration measure = Duration.ofSeconds(quick ? 3 : 5);
        List<Map<String, Object>> rows = rounds("echo", count, (target, first) -> EchoScenario.round(target,
                connections, Duration.ofSeconds(first ? (quick ? 3 : 8) : 2), measure, clockTicks));
        for (Map<String, Object> row : rows) {
            check(row, "echo", "bad_echoes", "failed", "dropped");
        }
        section("echo", "Scenario 1: echo ping-pong on /echo, " + connections
                        + " connections, 32-byte text, one message in flight per connection; "
                        + count + " interleaved round(s) of " + measure.toSeconds() + " s measured",
                rows,
                ECHO_COLUMNS,
                List.of(new Metric("msgs_per_s", "echoes per second", true),
                        new Metric("srv_us_per_msg", "server CPU per echo", false),
                        new Metric("srv_bytes_per_msg", "server heap allocated per echo (bytes)", false),
                        new Metric("p50_us", "p50 round trip", false),
                        new Metric("p99_us", "p99 round trip", false)));
    }

    /**
     * Scenario 1b, the closed-loop echo of issue 17: the same shape as scenario 1 (50 connections,
     * one 32-byte text message in flight on each, one generator thread) measured the way an
     * independent comparison measured it: a long warm-up on each server before its first round (30 s
     * by default, {@code --closed-warmup-seconds}), so that every server's JIT has finished with the
     * echo path, and 10 s measured per round. The server's CPU per echo is its utime + stime over the
     * measured window (every thread of its JVM: the JIT and the GC included) divided by the echoes.
     */
    private void closedEcho() throws Exception {
        int connections = 50;
        int count = quick ? 1 : 3;
        Duration measure = Duration.ofSeconds(quick ? 3 : 10);
        int warmUp = quick ? Math.min(closedWarmUpSeconds, 5) : closedWarmUpSeconds;
        List<Map<String, Object>> rows = rounds("closed", count, (target, first) -> EchoScenario.round(target,
                connections, Duration.ofSeconds(first ? warmUp : 5), measure, clockTicks));
        for (Map<String, Object> row : rows) {
            check(row, "closed", "bad_echoes", "failed", "dropped");
        }
        section("closed", "Scenario 1b: closed-loop echo on /echo (issue 17), " + connections
                        + " connections, 32-byte text, each waits for its echo before sending the next; "
                        + "1 generator thread; " + warmUp + " s warm-up before each server's first round, 5 s before the others; "
                        + count + " interleaved round(s) of " + measure.toSeconds() + " s measured",
                rows,
                ECHO_COLUMNS,
                List.of(new Metric("msgs_per_s", "closed-loop echoes per second", true),
                        new Metric("srv_us_per_msg", "server CPU per echo (us)", false),
                        new Metric("srv_bytes_per_msg", "server heap allocated per echo (bytes)", false),
                        new Metric("p50_us", "p50 round trip (us)", false),
                        new Metric("p99_us", "p99 round trip (us)", false)));
    }

    private void fanout() throws Exception {
        int members = 500;
        int senders = 5;
        int window = 4;
        int rate = 5;
        int count = quick ? 1 : 3;
        Duration measure = Duration.ofSeconds(quick ? 3 : 5);
        Duration sustain = Duration.ofSeconds(quick ? 4 : 8);
        String run = Long.toString(System.currentTimeMillis() % 100000, 36);
        int[] roomNumber = {0};
        List<Map<String, Object>> rows = rounds("fanout", count, (target, first) -> FanoutScenario.round(target,
                "bench-" + run + "-" + roomNumber[0]++, members, senders, window,
                Duration.ofSeconds(first ? (quick ? 2 : 5) : 2), measure, rate, sustain, clockTicks));
        for (Map<String, Object> row : rows) {
            check(row, "fanout", "rate_lost", "failed", "dropped");
        }
        section("fanout", "Scenario 2: room fan-out on /chat/{room}, " + members + " members, " + senders
                        + " senders. Capacity: " + window + " messages in flight per sender, "
                        + measure.toSeconds() + " s measured. Sustainable: " + senders + " x " + rate
                        + " msg/s for " + sustain.toSeconds() + " s; " + count + " interleaved round(s)",
                rows,
                List.of(new Column("deliveries_per_s", "deliv/s", "%9.0f"),
                        new Column("srv_us_per_delivery", "srv_us/del", "%10.2f"),
                        new Column("srv_cpu_pct", "srv_cpu%", "%8d"), new Column("gen_cpu_pct", "gen_cpu%", "%8d"),
                        new Column("rate_p50_us", "rate_p50_us", "%11.0f"),
                        new Column("rate_p99_us", "rate_p99_us", "%11.0f"),
                        new Column("rate_posted", "posted", "%6d"), new Column("rate_lost", "lost", "%5d"),
                        new Column("failed", "failed", "%6d"), new Column("dropped", "dropped", "%7d")),
                List.of(new Metric("deliveries_per_s", "deliveries per second at capacity", true),
                        new Metric("srv_us_per_delivery", "server CPU per delivery", false),
                        new Metric("rate_p50_us", "p50 delivery latency at 25 msg/s", false),
                        new Metric("rate_p99_us", "p99 delivery latency at 25 msg/s", false)));
    }

    /**
     * Scenario 2b: the first server's fan-out capacity as the room grows, to show whether the cost
     * of one delivery stays flat (a message encoded once, whatever the room's size). The first
     * server only: filling rooms this large on each peer as well would take most of the run.
     * Filling a chatsocket room is quadratic (every join is announced to every member, and each
     * welcome lists them all): 5,000 members take about a minute here.
     */
    private void fanoutScale() throws Exception {
        Target subject = subjects.get(0);
        List<Integer> sizes = fanoutSizes != null ? fanoutSizes : quick ? List.of(100, 1000) : List.of(100, 1000, 5000);
        String run = Long.toString(System.currentTimeMillis() % 100000, 36);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int members : sizes) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("round", members);
            try {
                row.putAll(FanoutScenario.round(subject, "scale-" + run + "-" + members, members, 5, 4,
                        Duration.ofSeconds(quick ? 2 : 3), Duration.ofSeconds(quick ? 3 : 4), 5,
                        Duration.ofSeconds(1), clockTicks));
                check(row, "fanscale", "rate_lost", "failed", "dropped");
            } catch (Exception e) {
                row.put("server", subject.name());
                row.put("error", e.toString());
                problems.add("fanscale " + members + " members on " + subject.name() + ": " + e);
            }
            rows.add(row);
            System.err.printf("[compare] fanscale %d members %s done%n", members, subject.name());
        }
        System.out.println();
        System.out.println("Scenario 2b: fan-out capacity of " + subject.name() + " by room size (5 senders, "
                + "4 messages in flight each); the 'round' column is the number of members");
        System.out.println(String.format("%-6s %-11s %9s %10s %8s %8s", "membrs", "server", "deliv/s",
                "srv_us/del", "srv_cpu%", "gen_cpu%"));
        System.out.println("-".repeat(57));
        for (Map<String, Object> row : rows) {
            if (row.containsKey("error")) {
                System.out.println(String.format("%-6s %-11s ERROR %s", row.get("round"), row.get("server"), row.get("error")));
                continue;
            }
            System.out.println(String.format(Locale.ROOT, "%-6s %-11s %9.0f %10.2f %8d %8d", row.get("round"),
                    row.get("server"), (Double) row.get("deliveries_per_s"), (Double) row.get("srv_us_per_delivery"),
                    ((Number) row.get("srv_cpu_pct")).longValue(), ((Number) row.get("gen_cpu_pct")).longValue()));
        }
        Map<String, Object> first = rows.get(0);
        Map<String, Object> last = rows.get(rows.size() - 1);
        if (first.get("srv_us_per_delivery") instanceof Double a && last.get("srv_us_per_delivery") instanceof Double b) {
            System.out.printf(Locale.ROOT, "server CPU per delivery at %s members / at %s members: x%.2f (1.00 = flat)%n",
                    last.get("round"), first.get("round"), b / a);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scenario", "fanscale");
        json.put("server", subject.name());
        json.put("sizes", rows);
        report.put("fanscale", json);
        System.out.println("JSON " + Json.write(json));
    }

    private void idle() throws Exception {
        int small = 100;
        int large = quick ? 2000 : 10_000;
        List<Map<String, Object>> rows = rounds("idle", 1,
                (target, first) -> IdleScenario.run(target, small, large, clockTicks));
        for (Map<String, Object> row : rows) {
            check(row, "idle", "failed", "dropped", "pings_unanswered");
        }
        section("idle", "Scenario 3: idle scale on /echo, " + small + " then " + large
                        + " open connections, then a ping wave (each connection pings once and waits for its pong);"
                        + " memory after a full GC (jcmd GC.run); per connection = (figure at " + large
                        + ", or after the wave, - figure at " + small + ") / " + (large - small),
                rows,
                List.of(new Column("open", "open", "%6d"), new Column("failed", "failed", "%6d"),
                        new Column("dropped", "dropped", "%7d"),
                        new Column("threads_small", "thr@" + small, "%8d"),
                        new Column("threads_large", "thr@" + large, "%10d"),
                        new Column("rss_small_kib", "rss@" + small + "_MiB", "%12s"),
                        new Column("rss_large_kib", "rss@" + large + "_MiB", "%14s"),
                        new Column("rss_kib_per_conn", "rss_KiB/conn", "%12.1f"),
                        new Column("heap_kib_per_conn", "heap_KiB/conn", "%13.1f"),
                        new Column("open_per_s", "opened/s", "%8.0f"),
                        new Column("pongs", "pongs", "%6d"),
                        new Column("rss_kib_per_conn_wave", "wave_rss_KiB/conn", "%17.1f"),
                        new Column("heap_kib_per_conn_wave", "wave_heap_KiB/conn", "%18.1f"),
                        new Column("wave_bytes_per_pong", "wave_B/pong", "%11.0f"),
                        new Column("threads_wave", "thr@wave", "%8d")),
                List.of(new Metric("rss_kib_per_conn", "RSS per idle connection", false),
                        new Metric("heap_kib_per_conn", "heap after GC per idle connection", false),
                        new Metric("rss_kib_per_conn_wave", "RSS per idle connection after a ping wave", false),
                        new Metric("heap_kib_per_conn_wave", "heap per idle connection after a ping wave", false),
                        new Metric("wave_bytes_per_pong", "heap allocated per pong in the wave (bytes)", false),
                        new Metric("threads_large", "threads at " + large + " connections", false),
                        new Metric("threads_wave", "threads after the ping wave", false)));
    }

    private void handshake() throws Exception {
        // The handshake path runs much more code than a frame does, and the JIT, on the server's one
        // busy core, takes long over it: on freshly started servers the later rounds ran up to twice
        // as fast as the first after 5 s of warm-up, and still half again as fast after 20 s; after
        // about 40 s of handshakes the rounds agree.
        handshakeRounds("handshake", "/echo", 40, "Scenario 4: handshake rate on /echo");
    }

    /**
     * Issue 17's handshake with identity: the same cycles on a room, so that chatsocket's guest,
     * session and join are in the figure. Its own warm-up, since the chat path is JIT-compiled apart
     * from the echo's.
     */
    private void join() throws Exception {
        handshakeRounds("join", "/chat/bench-join", 40, "Scenario 4b: joins to one room on /chat/bench-join (a guest each)");
    }

    private void handshakeRounds(String scenario, String path, int firstWarmUpSeconds, String title) throws Exception {
        int concurrency = 8;
        int count = quick ? 1 : 3;
        Duration measure = Duration.ofSeconds(quick ? 3 : 5);
        List<Map<String, Object>> rows = rounds(scenario, count, (target, first) -> HandshakeScenario.round(
                target, path, concurrency, Duration.ofSeconds(first ? (quick ? 5 : firstWarmUpSeconds) : 2), measure,
                clockTicks));
        for (Map<String, Object> row : rows) {
            check(row, scenario, "failures");
        }
        section(scenario, title + ", " + concurrency
                        + " concurrent loops of connect, upgrade, close handshake; " + count
                        + " interleaved round(s) of " + measure.toSeconds() + " s measured",
                rows,
                List.of(new Column("handshakes_per_s", "hs/s", "%8.0f"), new Column("p50_us", "p50_us", "%8.0f"),
                        new Column("p99_us", "p99_us", "%8.0f"),
                        new Column("srv_us_per_handshake", "srv_us/hs", "%9.0f"),
                        new Column("srv_cpu_pct", "srv_cpu%", "%8d"),
                        new Column("gen_cpu_pct", "gen_cpu%", "%8d"), new Column("failures", "failures", "%8d")),
                List.of(new Metric("handshakes_per_s", "handshakes per second", true),
                        new Metric("srv_us_per_handshake", "server CPU per handshake", false),
                        new Metric("p99_us", "p99 handshake cycle", false)));
    }

    private void check(Map<String, Object> row, String scenario, String... mustBeZero) {
        for (String key : mustBeZero) {
            Object value = row.get(key);
            if (value instanceof Number n && n.longValue() != 0) {
                problems.add(scenario + " round " + row.get("round") + " on " + row.get("server") + ": "
                        + key + " = " + n);
            }
        }
    }

    private void section(String name, String title, List<Map<String, Object>> rows, List<Column> columns,
                         List<Metric> metrics) {
        System.out.println();
        System.out.println(title);
        StringBuilder header = new StringBuilder(String.format("%-6s %-11s", "round", "server"));
        for (Column c : columns) {
            header.append(' ').append(String.format("%" + width(c.format) + "s", c.header));
        }
        System.out.println(header);
        System.out.println("-".repeat(header.length()));
        for (Map<String, Object> row : rows) {
            StringBuilder line = new StringBuilder(String.format("%-6s %-11s", row.get("round"), row.get("server")));
            if (row.containsKey("error")) {
                line.append(" ERROR ").append(row.get("error"));
            } else {
                for (Column c : columns) {
                    line.append(' ').append(cell(c, row.get(c.key)));
                }
            }
            System.out.println(line);
        }

        Map<String, Map<String, Double>> medians = new LinkedHashMap<>();
        for (Target target : targets) {
            Map<String, Double> perMetric = new LinkedHashMap<>();
            for (Metric m : metrics) {
                perMetric.put(m.key, median(rows, target.name(), m.key));
            }
            medians.put(target.name(), perMetric);
        }
        System.out.println("median over rounds, and each subject's ratio to each peer:");
        Map<String, Object> ratios = new LinkedHashMap<>();
        for (Metric m : metrics) {
            StringBuilder line = new StringBuilder(String.format("  %-52s", m.label + (m.higherIsBetter
                    ? " (higher is better)" : " (lower is better)")));
            for (Target target : targets) {
                line.append(String.format("  %s %s", target.name(), shown(medians.get(target.name()).get(m.key))));
            }
            System.out.println(line);
            for (Target subject : subjects) {
                StringBuilder versus = new StringBuilder(String.format("    %-50s", subject.name()));
                double mine = medians.get(subject.name()).get(m.key);
                for (Target peer : peers) {
                    double ratio = mine / medians.get(peer.name()).get(m.key);
                    ratios.put(subject.name() + "_" + m.key + "_vs_" + peer.name(), ratio);
                    boolean ahead = m.higherIsBetter ? ratio > 1 : ratio < 1;
                    boolean even = Math.abs(ratio - 1) < 0.005;
                    versus.append(String.format("  | x%.2f vs %s (%s)", ratio, peer.name(),
                            even ? "even" : ahead ? "ahead" : "behind"));
                }
                if (!peers.isEmpty()) {
                    System.out.println(versus);
                }
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scenario", name);
        json.put("title", title);
        json.put("rounds", rows);
        json.put("medians", medians);
        json.put("ratios", ratios);
        report.put(name, json);
        System.out.println("JSON " + Json.write(json));
    }

    private static String cell(Column c, Object value) {
        if (value == null) {
            return String.format("%" + width(c.format) + "s", "-");
        }
        if (c.format.endsWith("s") && value instanceof Number n) {
            return String.format(c.format, String.format(Locale.ROOT, "%.1f", n.doubleValue() / 1024));
        }
        if (c.format.endsWith("d")) {
            return String.format(c.format, ((Number) value).longValue());
        }
        if (value instanceof Number n) {
            return String.format(Locale.ROOT, c.format, n.doubleValue());
        }
        return String.format("%" + width(c.format) + "s", value);
    }

    private static int width(String format) {
        String digits = format.replaceAll("[^0-9.]", "");
        int dot = digits.indexOf('.');
        return Integer.parseInt(dot < 0 ? digits : digits.substring(0, dot));
    }

    private static String shown(double value) {
        return Double.isNaN(value) ? "-" : value >= 100 ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.2f", value);
    }

    private static double median(List<Map<String, Object>> rows, String server, String key) {
        double[] values = rows.stream()
                .filter(r -> server.equals(r.get("server")) && r.get(key) instanceof Number)
                .mapToDouble(r -> ((Number) r.get(key)).doubleValue())
                .filter(v -> !Double.isNaN(v))
                .sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
