package dev.chatsocket.bench.compare;

import dev.chatsocket.bench.WsClient;
import dev.chatsocket.bench.WsClient.Conn;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scenario 4, handshake rate: {@code concurrency} loops, each opening a TCP connection to
 * {@code path}, upgrading it, closing it with a close handshake (1000 both ways) and starting over.
 * Measures completed cycles per second and the latency of one cycle (connect to the server's close
 * frame). On {@code /echo} that is the WebSocket handshake alone; on a room ({@code /chat/{room}})
 * chatsocket also decides who the guest is, signs its session, joins it to the room (welcome,
 * history, presence to the others) and lets it leave, where the peers add it to a set.
 */
final class HandshakeScenario {
    private HandshakeScenario() {
    }

    static Map<String, Object> round(Target target, String path, int concurrency, Duration warmUp, Duration measure,
                                     int clockTicks) throws Exception {
        Cycler cycler = new Cycler(new WsClient(target.address(), path, 1 << 16));
        try {
            cycler.call(() -> {
                cycler.running = true;
                for (int i = 0; i < concurrency; i++) {
                    cycler.startOne();
                }
            });
            Thread.sleep(warmUp.toMillis());
            Usage usage = new Usage(target.pid(), clockTicks);
            cycler.call(() -> {
                cycler.measuring = true;
                cycler.measureStart = System.nanoTime();
            });
            usage.start();
            Thread.sleep(measure.toMillis());
            long[] counted = new long[2];
            cycler.call(() -> {
                cycler.measuring = false;
                cycler.running = false;
                counted[0] = cycler.cycles;
                counted[1] = System.nanoTime() - cycler.measureStart;
            });
            usage.stop();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("server", target.name());
            row.put("handshakes_per_s", counted[0] * 1e9 / counted[1]);
            row.put("p50_us", cycler.latency.percentileMicros(50));
            row.put("p99_us", cycler.latency.percentileMicros(99));
            row.put("cycles", counted[0]);
            row.put("failures", cycler.failures);
            row.put("first_failure", cycler.firstFailure);
            row.put("srv_us_per_handshake", counted[0] == 0 ? Double.NaN
                    : usage.serverCpuMillis() * 1000.0 / counted[0]);
            row.put("srv_cpu_pct", usage.serverPercent());
            row.put("gen_cpu_pct", usage.generatorPercent());
            return row;
        } finally {
            Thread.sleep(300); // the cycles in flight end before the next server's round
            cycler.client.close();
        }
    }

    private static final class Cycler implements WsClient.Listener {
        final WsClient client;
        boolean running;
        boolean measuring;
        long measureStart;
        long cycles;
        long failures;
        String firstFailure;
        final Samples latency = new Samples();

        Cycler(WsClient client) {
            this.client = client;
        }

        void call(Runnable task) throws Exception {
            var done = new java.util.concurrent.CompletableFuture<Void>();
            client.execute(() -> {
                task.run();
                done.complete(null);
            });
            Fleet.await(done, Duration.ofSeconds(30), "a task on the selector thread");
        }

        void startOne() {
            client.connect(this, System.nanoTime());
        }

        @Override
        public void onOpen(Conn conn) {
            conn.close(1000);
        }

        @Override
        public void onClosed(Conn conn, int closeCode, String reason, Throwable failure) {
            long now = System.nanoTime();
            if (failure != null || closeCode != 1000) {
                failures++;
                if (firstFailure == null) {
                    firstFailure = failure != null ? failure.toString() : "close code " + closeCode;
                }
                if (failures > 1000) {
                    running = false; // something is broken; do not spin on it
                }
            } else if (measuring) {
                cycles++;
                latency.add(now - (long) conn.attachment);
            }
            if (running) {
                startOne();
            }
        }
    }
}
