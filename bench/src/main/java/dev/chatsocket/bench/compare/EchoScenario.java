package dev.chatsocket.bench.compare;

import dev.chatsocket.bench.WsClient.Conn;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scenario 1, echo ping-pong: {@code connections} connections to {@code /echo}, each with exactly
 * one 32-byte text message in flight: the next is sent when the echo of the last is back. Measures
 * echoes per second over the measured window and the round-trip latency of each, and the server's
 * CPU time and heap allocation ({@link Allocation}) per echo over that window.
 */
final class EchoScenario {
    private static final byte[] MESSAGE = "0123456789abcdef0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private EchoScenario() {
    }

    static Map<String, Object> round(Target target, int connections, Duration warmUp, Duration measure,
                                     int clockTicks) throws Exception {
        try (PingPong fleet = new PingPong(target)) {
            fleet.open(connections, 16, Duration.ofSeconds(30));
            fleet.call(() -> {
                fleet.running = true;
                fleet.open.forEach(fleet::send);
                return null;
            });
            Thread.sleep(warmUp.toMillis());
            Usage usage = new Usage(target.pid(), clockTicks);
            long allocatedBefore = Allocation.totalBytes(target.pid());
            fleet.call(() -> {
                fleet.measuring = true;
                fleet.measureStart = System.nanoTime();
                return null;
            });
            usage.start();
            Thread.sleep(measure.toMillis());
            long[] counted = fleet.call(() -> {
                fleet.measuring = false;
                fleet.running = false;
                return new long[] {fleet.echoes, System.nanoTime() - fleet.measureStart};
            });
            usage.stop();
            long allocatedAfter = Allocation.totalBytes(target.pid());
            Thread.sleep(200); // the last echoes in flight
            int open = fleet.openCount();
            fleet.closeAll(Duration.ofSeconds(10));

            Map<String, Object> row = new LinkedHashMap<>();
            row.put("server", target.name());
            row.put("msgs_per_s", counted[0] * 1e9 / counted[1]);
            row.put("p50_us", fleet.latency.percentileMicros(50));
            row.put("p99_us", fleet.latency.percentileMicros(99));
            row.put("echoes", counted[0]);
            row.put("bad_echoes", fleet.bad);
            row.put("open", open);
            row.put("failed", fleet.failed);
            row.put("dropped", fleet.dropped);
            row.put("srv_us_per_msg", counted[0] == 0 ? Double.NaN : usage.serverCpuMillis() * 1000.0 / counted[0]);
            // The echoes of the measured window, against the heap allocated around it (the echoes
            // still in flight at either end are a few dozen of tens of thousands).
            row.put("srv_bytes_per_msg", Allocation.perEvent(allocatedBefore, allocatedAfter, counted[0]));
            row.put("srv_cpu_pct", usage.serverPercent());
            row.put("gen_cpu_pct", usage.generatorPercent());
            return row;
        }
    }

    private static final class PingPong extends Fleet {
        boolean running;
        boolean measuring;
        long measureStart;
        long echoes;
        long bad;
        final Samples latency = new Samples();

        PingPong(Target target) throws java.io.IOException {
            super(target, "/echo");
        }

        void send(Conn conn) {
            conn.attachment = System.nanoTime();
            conn.sendText(MESSAGE);
        }

        @Override
        public void onMessage(Conn conn, int opcode, byte[] payload) {
            long now = System.nanoTime();
            if (opcode != 1 || !java.util.Arrays.equals(payload, MESSAGE)) {
                bad++;
            }
            if (measuring) {
                echoes++;
                latency.add(now - (long) conn.attachment);
            }
            if (running) {
                send(conn);
            }
        }
    }
}
