package dev.chatsocket.bench.compare;

import dev.chatsocket.bench.WsClient.Conn;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 2, room fan-out: {@code members} connections join one fresh room; {@code senders} of
 * them post {@code {"type":"message","text":"..."}} and every member, the sender included, must
 * receive every message. Two phases on the same members:
 * <ol>
 *   <li><b>capacity</b>: each sender keeps {@code window} messages in flight and posts the next as
 *   soon as one has reached all members, so the server delivers as fast as it can: deliveries per
 *   second, and the server's CPU time per delivery;</li>
 *   <li><b>sustainable rate</b>: each sender posts {@code rate} messages per second on a fixed
 *   schedule: p50/p99 of the time from posting to each member's receipt, and the deliveries lost
 *   (expected minus received once the room has drained).</li>
 * </ol>
 * The posted text carries the sender, a sequence number and the send time ({@code System.nanoTime},
 * same process), which the generator finds in whatever JSON the server wraps it in.
 */
final class FanoutScenario {
    private static final byte[] TEXT_FIELD = "\"text\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final int RING = 1024;

    private FanoutScenario() {
    }

    static Map<String, Object> round(Target target, String room, int members, int senders, int window,
                                     Duration warmUp, Duration measure, int ratePerSender, Duration sustain,
                                     int clockTicks) throws Exception {
        try (RoomFleet fleet = new RoomFleet(target, "/chat/" + room, senders)) {
            // Filling a chatsocket room is quadratic: each join is announced to every member.
            fleet.open(members, 32, Duration.ofSeconds(60 + members / 20));
            int joined = fleet.call(() -> {
                List<Conn> all = fleet.openList();
                fleet.senderConns = all.subList(0, Math.min(senders, all.size())).toArray(new Conn[0]);
                fleet.members = all.size();
                return all.size();
            });
            // The last joins' presence frames (a quadratic number of them) are still being written
            // when the last 101 arrives: the probe queues behind them, so it gets as long as they may take.
            fleet.syncMembership(Duration.ofSeconds(20 + members / 20));

            // Phase 1: capacity.
            fleet.call(() -> {
                fleet.capacity = true;
                for (int s = 0; s < fleet.senderConns.length; s++) {
                    for (int w = 0; w < window; w++) {
                        fleet.post(s, 'k');
                    }
                }
                return null;
            });
            Thread.sleep(warmUp.toMillis());
            Usage capacityUsage = new Usage(target.pid(), clockTicks);
            fleet.call(() -> {
                fleet.measuredDeliveries = 0;
                fleet.measuring = true;
                fleet.measureStart = System.nanoTime();
                return null;
            });
            capacityUsage.start();
            Thread.sleep(measure.toMillis());
            long[] capacity = fleet.call(() -> {
                fleet.measuring = false;
                fleet.capacity = false;
                return new long[] {fleet.measuredDeliveries, System.nanoTime() - fleet.measureStart};
            });
            capacityUsage.stop();
            boolean drained = fleet.awaitDrained(Duration.ofSeconds(20));

            // Phase 2: the sustainable rate, on a fixed schedule from another thread.
            Usage rateUsage = new Usage(target.pid(), clockTicks);
            rateUsage.start();
            ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
            long periodMicros = 1_000_000L / ratePerSender;
            for (int s = 0; s < fleet.senderConns.length; s++) {
                int sender = s;
                clock.scheduleAtFixedRate(() -> fleet.client.execute(() -> fleet.post(sender, 'r')),
                        periodMicros * s / senders, periodMicros, TimeUnit.MICROSECONDS);
            }
            Thread.sleep(sustain.toMillis());
            clock.shutdownNow();
            clock.awaitTermination(5, TimeUnit.SECONDS);
            fleet.awaitDrained(Duration.ofSeconds(10));
            rateUsage.stop();
            long[] rate = fleet.call(() -> new long[] {fleet.ratePosted, fleet.rateDelivered, fleet.members});
            int open = fleet.openCount();
            fleet.closeAll(Duration.ofSeconds(30));

            long deliveries = capacity[0];
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("server", target.name());
            row.put("members", joined);
            row.put("deliveries_per_s", deliveries * 1e9 / capacity[1]);
            row.put("srv_us_per_delivery", deliveries == 0 ? Double.NaN
                    : capacityUsage.serverCpuMillis() * 1000.0 / deliveries);
            row.put("srv_cpu_pct", capacityUsage.serverPercent());
            row.put("gen_cpu_pct", capacityUsage.generatorPercent());
            row.put("drained", drained);
            row.put("rate_msgs_per_s", senders * ratePerSender);
            row.put("rate_posted", rate[0]);
            row.put("rate_p50_us", fleet.latency.percentileMicros(50));
            row.put("rate_p99_us", fleet.latency.percentileMicros(99));
            row.put("rate_lost", rate[0] * rate[2] - rate[1]);
            row.put("rate_srv_cpu_pct", rateUsage.serverPercent());
            row.put("open", open);
            row.put("failed", fleet.failed);
            row.put("dropped", fleet.dropped);
            return row;
        }
    }

    private static final class RoomFleet extends Fleet {
        Conn[] senderConns;
        int members;
        boolean capacity;
        boolean measuring;
        long measureStart;
        long measuredDeliveries;
        /** Per sender: deliveries counted per message (ring of RING sequence numbers). */
        final int[][] received;
        final long[] nextSeq;
        final int[] outstanding;
        long ratePosted;
        long rateDelivered;
        final Samples latency = new Samples();
        final Map<Long, Integer> probes = new HashMap<>();
        long nextProbe;
        boolean synced;

        RoomFleet(Target target, String path, int senders) throws java.io.IOException {
            super(target, path);
            received = new int[senders][RING];
            nextSeq = new long[senders];
            outstanding = new int[senders];
        }

        /**
         * Waits until a probe message reached every member: only then is every member in the room
         * (a server may run its join after the 101 is on the wire), so nothing counted is lost to
         * a join in progress.
         */
        void syncMembership(Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (call(() -> {
                    if (!synced) {
                        senderConns[0].sendText(body("p" + nextProbe++ + "t0"));
                    }
                    return synced;
                })) {
                    return;
                }
                Thread.sleep(200);
            }
            String state = call(() -> "the best probe reached " + probes.values().stream().max(Integer::compare).orElse(0)
                    + "; open now " + open.size() + ", dropped " + dropped + " (last: " + lastDrop + ")");
            throw new IllegalStateException("no probe reached all " + members + " members within "
                    + timeout.toSeconds() + " s: " + state);
        }

        /** Whether every posted message reached every member, waiting up to {@code timeout}. */
        boolean awaitDrained(Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (call(() -> {
                    for (int o : outstanding) {
                        if (o > 0) {
                            return false;
                        }
                    }
                    return true;
                })) {
                    return true;
                }
                Thread.sleep(50);
            }
            return false;
        }

        void post(int sender, char phase) {
            Conn conn = senderConns[sender];
            if (!conn.isOpen()) {
                return;
            }
            long seq = nextSeq[sender]++;
            outstanding[sender]++;
            if (phase == 'r') {
                ratePosted++;
            }
            conn.sendText(body(phase + Integer.toString(sender) + "n" + seq + "t" + System.nanoTime()));
        }

        private static byte[] body(String text) {
            return ("{\"type\":\"message\",\"text\":\"" + text + "\"}").getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public void onMessage(Conn conn, int opcode, byte[] payload) {
            long now = System.nanoTime();
            int at = indexOf(payload, TEXT_FIELD);
            if (at < 0) {
                return; // welcome, history, presence, ack: not a delivery
            }
            int i = at + TEXT_FIELD.length;
            char phase = (char) payload[i++];
            if (phase == 'p') {
                long probe = 0;
                while (payload[i] != 't') {
                    probe = probe * 10 + (payload[i++] - '0');
                }
                if (probes.merge(probe, 1, Integer::sum) == members) {
                    synced = true;
                }
                return;
            }
            int sender = 0;
            while (payload[i] != 'n') {
                sender = sender * 10 + (payload[i++] - '0');
            }
            i++;
            long seq = 0;
            while (payload[i] != 't') {
                seq = seq * 10 + (payload[i++] - '0');
            }
            i++;
            long sentAt = 0;
            while (payload[i] != '"') {
                sentAt = sentAt * 10 + (payload[i++] - '0');
            }
            if (measuring) {
                measuredDeliveries++;
            }
            if (phase == 'r') {
                rateDelivered++;
                latency.add(now - sentAt);
            }
            int slot = (int) (seq % RING);
            if (++received[sender][slot] == members) {
                received[sender][slot] = 0;
                outstanding[sender]--;
                if (capacity && phase == 'k') {
                    post(sender, 'k');
                }
            }
        }

        private static int indexOf(byte[] data, byte[] pattern) {
            outer:
            for (int i = 0; i <= data.length - pattern.length; i++) {
                for (int j = 0; j < pattern.length; j++) {
                    if (data[i + j] != pattern[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
