package dev.chatsocket.bench.compare;

import dev.chatsocket.bench.ProcStats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 3, idle scale: opens {@code small} connections to {@code /echo}, then more up to
 * {@code large}, all left idle. At each level, after a full GC asked for with
 * {@code jcmd <pid> GC.run}: the server's live heap ({@code jstat -gc}: used survivor, eden and old
 * space), its resident memory and its thread count (both from {@code /proc/<pid>/status}). The cost
 * of one connection is the difference between the two levels divided by the connections added, so
 * the server's fixed footprint (a WAR with CDI and JSP, or a bare container) cancels out. Then the
 * ping wave of issue 17: every connection pings once (all sent at once from the one generator
 * thread) and waits for its pong, and the same measurement once more: what an idle connection holds
 * once it has read and answered a frame, per connection against the level of {@code small}.
 */
final class IdleScenario {
    private IdleScenario() {
    }

    static Map<String, Object> run(Target target, int small, int large, int clockTicks) throws Exception {
        try (PingWave fleet = new PingWave(target)) {
            fleet.open(small, 64, Duration.ofSeconds(60));
            // Attached now, so that the management agent's threads and memory are in every level
            // below and cancel out.
            Allocation.totalBytes(target.pid());
            Thread.sleep(2000);
            Snapshot atSmall = Snapshot.take(target, clockTicks);
            long start = System.nanoTime();
            fleet.open(large - small, 64, Duration.ofSeconds(180));
            double openSeconds = (System.nanoTime() - start) / 1e9;
            Thread.sleep(3000);
            Snapshot atLarge = Snapshot.take(target, clockTicks);
            String histogramDir = System.getProperty("bench.histograms");
            if (histogramDir != null) {
                // What the heap holds at the large level, for finding what a connection costs.
                java.nio.file.Files.writeString(java.nio.file.Path.of(histogramDir, "histogram-" + target.name() + ".txt"),
                        Snapshot.run("jcmd", Long.toString(target.pid()), "GC.class_histogram"));
            }
            // The ping wave (issue 17): every connection pings once, all at once, and waits for its
            // pong; then the same measurement again. What a connection holds after it has handled
            // one frame, rather than after its handshake only.
            long allocatedBefore = Allocation.totalBytes(target.pid());
            long waveStart = System.nanoTime();
            int pongs = fleet.wave(Duration.ofSeconds(120));
            double waveSeconds = (System.nanoTime() - waveStart) / 1e9;
            long allocatedAfter = Allocation.totalBytes(target.pid());
            Thread.sleep(3000);
            Snapshot afterWave = Snapshot.take(target, clockTicks);
            int open = fleet.openCount();
            fleet.closeAll(Duration.ofSeconds(60));

            int added = large - small;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("server", target.name());
            row.put("open", open);
            row.put("failed", fleet.failed);
            row.put("dropped", fleet.dropped);
            row.put("open_per_s", added / openSeconds);
            row.put("threads_small", atSmall.threads);
            row.put("threads_large", atLarge.threads);
            row.put("rss_small_kib", atSmall.rssKiB);
            row.put("rss_large_kib", atLarge.rssKiB);
            row.put("heap_small_kib", atSmall.heapKiB);
            row.put("heap_large_kib", atLarge.heapKiB);
            row.put("rss_kib_per_conn", (atLarge.rssKiB - atSmall.rssKiB) / (double) added);
            row.put("heap_kib_per_conn", (atLarge.heapKiB - atSmall.heapKiB) / (double) added);
            row.put("pongs", pongs);
            row.put("pings_unanswered", open - pongs);
            row.put("wave_s", waveSeconds);
            row.put("wave_bytes_per_pong", Allocation.perEvent(allocatedBefore, allocatedAfter, pongs));
            row.put("threads_wave", afterWave.threads);
            row.put("rss_wave_kib", afterWave.rssKiB);
            row.put("heap_wave_kib", afterWave.heapKiB);
            row.put("rss_kib_per_conn_wave", (afterWave.rssKiB - atSmall.rssKiB) / (double) added);
            row.put("heap_kib_per_conn_wave", (afterWave.heapKiB - atSmall.heapKiB) / (double) added);
            row.put("closed_clean", fleet.closedClean);
            return row;
        }
    }

    /** Idle connections that can all ping at once and count the pongs. */
    private static final class PingWave extends Fleet {
        private static final byte[] PAYLOAD = "wave".getBytes(StandardCharsets.US_ASCII);
        private int pongs;
        private int expected;
        private java.util.concurrent.CompletableFuture<Integer> done;

        PingWave(Target target) throws IOException {
            super(target, "/echo");
        }

        /** Every open connection sends one ping; returns how many pongs came back within {@code timeout}. */
        int wave(Duration timeout) throws Exception {
            java.util.concurrent.CompletableFuture<Integer> finished = new java.util.concurrent.CompletableFuture<>();
            call(() -> {
                pongs = 0;
                done = finished;
                expected = open.size();
                for (var conn : openList()) {
                    conn.sendPing(PAYLOAD);
                }
                if (expected == 0) {
                    finished.complete(0);
                }
                return null;
            });
            try {
                return await(finished, timeout, "the ping wave");
            } catch (java.util.concurrent.TimeoutException e) {
                return call(() -> pongs);
            }
        }

        @Override
        public void onPong(dev.chatsocket.bench.WsClient.Conn conn, byte[] payload) {
            if (java.util.Arrays.equals(payload, PAYLOAD) && ++pongs == expected && done != null) {
                done.complete(pongs);
            }
        }
    }

    private record Snapshot(int threads, long rssKiB, long heapKiB) {
        static Snapshot take(Target target, int clockTicks) throws IOException, InterruptedException {
            run("jcmd", Long.toString(target.pid()), "GC.run");
            long heap = heapUsedKiB(run("jstat", "-gc", Long.toString(target.pid())));
            ProcStats proc = ProcStats.read(target.pid(), clockTicks);
            return new Snapshot(proc.threads(), proc.rssKiB(), heap);
        }

        /** S0U + S1U + EU + OU of {@code jstat -gc}: the heap in use, in KiB. */
        private static long heapUsedKiB(String jstat) {
            String[] lines = jstat.trim().split("\n");
            String[] names = lines[0].trim().split("\\s+");
            String[] values = lines[lines.length - 1].trim().split("\\s+");
            double used = 0;
            for (int i = 0; i < names.length; i++) {
                switch (names[i]) {
                    case "S0U", "S1U", "EU", "OU" -> used += Double.parseDouble(values[i]);
                    default -> { }
                }
            }
            return Math.round(used);
        }

        static String run(String... command) throws IOException, InterruptedException {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        }
    }
}
