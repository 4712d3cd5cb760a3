package dev.chatsocket.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatsocket.testsupport.ClientDeflate;
import dev.chatsocket.testsupport.ClientFrames;
import dev.chatsocket.testsupport.RawWebSocket;
import dev.chatsocket.ws.codec.FrameEncoder;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The issue-5 printout (not a test): what permessage-deflate costs and saves on a running server.
 *
 * <ol>
 * <li>Chat workload: {@code --members} clients in one room; {@code --messages} chat lines of 2 to
 *     200 characters, each posted by the next member in turn and read by every member before the
 *     next is posted. Run once with no client offering compression and once with every client
 *     offering what Chromium offers. Printed: bytes the server sent and received (frame headers and
 *     payloads, as they crossed the wire) and the server's CPU time (utime + stime from
 *     /proc/&lt;pid&gt;/stat) for each run. A warm-up run of each kind comes first and is not counted.</li>
 * <li>Idle connections: after a warm-up round of as many short-lived connections,
 *     {@code --idle} connections to /echo, each sending one 1 KiB JSON message and
 *     reading its echo (so that whatever is allocated lazily has been), then left idle. Printed: the
 *     server's RSS (after {@code jcmd GC.run}) and its live heap ({@code jcmd GC.class_histogram},
 *     which counts reachable objects after a full GC) before and after, per connection; first for plain connections, then for connections with
 *     permessage-deflate negotiated, both sets open at the end.</li>
 * </ol>
 */
public final class DeflateBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHROMIUM_OFFER = "permessage-deflate; client_max_window_bits";
    private static final String[] WORDS = ("the a to and of in is it you that he was for on are with as I his they be at one "
            + "have this from or had by hot word but what some we can out other were all there when up use your how "
            + "said an each she which do their time if will way about many then them write would like so these her "
            + "long make thing see him two has look more day could go come did number sound no most people my over "
            + "deploy server message room chat tomcat jetty socket lunch meeting tomorrow thanks okay :) 👍 ✓").split(" ");

    private final URI base;
    private final long serverPid;
    private final int clockTicks;

    private DeflateBenchmark(URI base, long serverPid, int clockTicks) {
        this.base = base;
        this.serverPid = serverPid;
        this.clockTicks = clockTicks;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>(Map.of("host", "127.0.0.1", "clk-tck", "100", "members", "50",
                "messages", "1000", "warmup", "200", "idle", "500", "label", "server"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--") || !opt.containsKey(args[i].substring(2)) && !args[i].equals("--port")
                    && !args[i].equals("--server-pid")) {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
            opt.put(args[i].substring(2), args[i + 1]);
        }
        if (!opt.containsKey("port") || !opt.containsKey("server-pid")) {
            throw new IllegalArgumentException("usage: DeflateBenchmark --port N --server-pid PID [--clk-tck 100] "
                    + "[--members 50] [--messages 1000] [--warmup 200] [--idle 500] [--label text]");
        }
        DeflateBenchmark bench = new DeflateBenchmark(URI.create("http://" + opt.get("host") + ":" + opt.get("port") + "/"),
                Long.parseLong(opt.get("server-pid")), Integer.parseInt(opt.get("clk-tck")));
        int members = Integer.parseInt(opt.get("members"));
        int messages = Integer.parseInt(opt.get("messages"));
        System.out.printf("== %s ==%n", opt.get("label"));
        System.out.printf("chat workload: 1 room, %d members, %d chat lines of 2-200 characters, each read by every member%n",
                members, messages);
        bench.chat("warmup-plain", members, Integer.parseInt(opt.get("warmup")), false);
        bench.chat("warmup-deflate", members, Integer.parseInt(opt.get("warmup")), true);
        System.out.printf("%-9s %-75s %12s %12s %8s %12s%n", "mode", "negotiated", "server sent", "server recv",
                "CPU ms", "sent/line");
        for (boolean deflate : new boolean[] {false, true}) {
            ChatResult r = bench.chat(deflate ? "deflate" : "plain", members, messages, deflate);
            System.out.printf("%-9s %-75s %12d %12d %8d %12.0f%n", deflate ? "deflate" : "plain", r.negotiated,
                    r.serverSent, r.serverReceived, r.cpuMillis, (double) r.serverSent / messages);
        }
        bench.idle(Integer.parseInt(opt.get("idle")));
    }

    private record ChatResult(String negotiated, long serverSent, long serverReceived, long cpuMillis) {
    }

    private final class Member {
        final RawWebSocket ws;
        final ClientDeflate deflate;
        long received;

        Member(String room, boolean offer) throws IOException {
            ws = RawWebSocket.open(base, "chat/" + room,
                    offer ? Map.of("Sec-WebSocket-Extensions", CHROMIUM_OFFER) : Map.of());
            String answer = ws.handshakeResponse().header("Sec-WebSocket-Extensions");
            deflate = answer == null ? null : ClientDeflate.fromResponse(answer);
        }

        /** Reads messages until one of {@code type}; counts every byte the server sent. */
        JsonNode next(String type) throws IOException {
            while (true) {
                RawWebSocket.ServerMessage m = ws.readMessage();
                for (byte[] p : m.payloads()) {
                    received += FrameEncoder.headerLength(p.length) + p.length;
                }
                JsonNode json = JSON.readTree(m.compressed() ? deflate.decompress(m.payloads()) : m.joined());
                if (json.path("type").asText().equals(type)) {
                    return json;
                }
            }
        }

        /** Sends a chat line, compressed when negotiated; returns the bytes on the wire. */
        long say(String text) throws IOException {
            byte[] json = JSON.createObjectNode().put("type", "message").put("text", text).toString()
                    .getBytes(StandardCharsets.UTF_8);
            byte[] frame = deflate == null ? ClientFrames.frame(true, 0, 1, json)
                    : ClientFrames.frame(true, ClientFrames.RSV1, 1, deflate.compress(json));
            ws.send(frame);
            return frame.length;
        }

        void close() throws IOException {
            ws.send(ClientFrames.close(1000, ""));
            ws.readClose();
            ws.close();
            if (deflate != null) {
                deflate.close();
            }
        }
    }

    private ChatResult chat(String label, int memberCount, int messages, boolean deflate) throws Exception {
        String room = "bench-" + label + "-" + Long.toString(System.nanoTime(), 36);
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < memberCount; i++) {
            Member m = new Member(room, deflate);
            m.next("history");
            members.add(m);
        }
        // Everyone's join notices are read before the counting starts.
        for (int i = 0; i < memberCount; i++) {
            for (int j = i + 1; j < memberCount; j++) {
                members.get(i).next("presence");
            }
        }
        members.forEach(m -> m.received = 0);
        Random random = new Random(5);
        long clientSent = 0;
        ProcStats before = ProcStats.read(serverPid, clockTicks);
        for (int n = 0; n < messages; n++) {
            String text = line(random);
            clientSent += members.get(n % memberCount).say(text);
            for (Member m : members) {
                JsonNode message = m.next("message");
                if (!message.path("text").asText().equals(text)) {
                    throw new IllegalStateException("member got " + message + " instead of " + text);
                }
            }
        }
        ProcStats after = ProcStats.read(serverPid, clockTicks);
        long serverSent = members.stream().mapToLong(m -> m.received).sum();
        String negotiated = members.get(0).ws.handshakeResponse().header("Sec-WebSocket-Extensions");
        for (Member m : members) {
            m.close();
        }
        return new ChatResult(negotiated == null ? "(none)" : negotiated, serverSent, clientSent,
                after.cpuMillis() - before.cpuMillis());
    }

    private static String line(Random random) {
        int length = 2 + random.nextInt(199);
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
        }
        // Never cut an emoji's surrogate pair in half.
        int end = Character.isHighSurrogate(text.charAt(length - 1)) ? length - 1 : length;
        return text.substring(0, end);
    }

    private void idle(int count) throws Exception {
        byte[] message = "{\"type\":\"message\",\"text\":\"an idle client said this once\"}\n".repeat(20)
                .substring(0, 1024).getBytes(StandardCharsets.UTF_8);
        System.out.printf("idle connections on /echo, each echoed one 1 KiB message first: %d plain, then %d with %s%n",
                count, count, CHROMIUM_OFFER);
        System.out.printf("%-9s %-75s %14s %14s %14s %14s%n", "mode", "negotiated", "RSS KiB", "heap KiB",
                "RSS/conn KiB", "heap/conn KiB");
        // Warm-up: as many plain connections opened, echoed and closed, so that the container's
        // buffer pools and the JIT are past their first growth before the baseline is taken.
        // Each ends with a close handshake and the server's EOF, so none is still being torn down
        // (and counted) when the baseline is taken.
        for (int i = 0; i < count; i++) {
            try (RawWebSocket ws = RawWebSocket.open(base, "echo")) {
                ws.send(ClientFrames.binary(message));
                ws.readMessage();
                ws.send(ClientFrames.close(1000, ""));
                ws.readClose();
                ws.awaitEof(java.time.Duration.ofSeconds(10));
            }
        }
        List<RawWebSocket> open = new ArrayList<>();
        List<ClientDeflate> deflates = new ArrayList<>();
        try {
            for (boolean deflate : new boolean[] {false, true}) {
                // Before the first set, wait out the closed warm-up connections; before the second,
                // the first set is still open and nothing is being torn down.
                long heapBefore = deflate ? heapAfterGc() : settledHeap();
                long rssBefore = settledRss();
                String negotiated = "(none)";
                for (int i = 0; i < count; i++) {
                    RawWebSocket ws = RawWebSocket.open(base, "echo",
                            deflate ? Map.of("Sec-WebSocket-Extensions", CHROMIUM_OFFER) : Map.of());
                    open.add(ws);
                    String answer = ws.handshakeResponse().header("Sec-WebSocket-Extensions");
                    if (deflate) {
                        ClientDeflate d = ClientDeflate.fromResponse(answer);
                        deflates.add(d);
                        negotiated = answer;
                        ws.send(ClientFrames.frame(true, ClientFrames.RSV1, 2, d.compress(message)));
                    } else {
                        ws.send(ClientFrames.binary(message));
                    }
                    ws.readMessage();
                }
                long rssAfter = settledRss();
                long heapAfter = heapAfterGc();
                System.out.printf("%-9s %-75s %6d->%-7d %6d->%-7d %14.1f %14.1f%n", deflate ? "deflate" : "plain",
                        negotiated, rssBefore, rssAfter, heapBefore, heapAfter, (rssAfter - rssBefore) / (double) count,
                        (heapAfter - heapBefore) / (double) count);
            }
        } finally {
            for (RawWebSocket ws : open) {
                ws.close();
            }
            deflates.forEach(ClientDeflate::close);
        }
    }

    /** RSS after a full GC of the server, once it has stopped changing for a moment. */
    private long settledRss() throws Exception {
        jcmd("GC.run");
        long previous = -1;
        long rss = ProcStats.read(serverPid, clockTicks).rssKiB();
        for (int i = 0; i < 20 && rss != previous; i++) {
            TimeUnit.MILLISECONDS.sleep(250);
            previous = rss;
            rss = ProcStats.read(serverPid, clockTicks).rssKiB();
        }
        return rss;
    }

    /** The last line of GC.class_histogram: "Total <instances> <bytes>". */
    private static final Pattern LIVE_TOTAL = Pattern.compile("Total\\s+\\d+\\s+(\\d+)");

    /**
     * The server's live heap in KiB: GC.class_histogram runs a full GC and counts only reachable
     * objects, so the figure does not move with the collector's timing.
     */
    private long heapAfterGc() throws Exception {
        String histogram = jcmd("GC.class_histogram");
        Matcher m = LIVE_TOTAL.matcher(histogram);
        if (!m.find()) {
            throw new IllegalStateException("no Total line from jcmd GC.class_histogram");
        }
        return Long.parseLong(m.group(1)) >> 10;
    }

    /**
     * The lowest live heap seen over 40 s: a closed connection can stay reachable for a while
     * after its close (until timers of the container that still refer to it have run; Jetty's
     * connector idle timeout is 30 s), and the baseline must not count the warm-up's connections.
     */
    private long settledHeap() throws Exception {
        long heap = heapAfterGc();
        for (int i = 0; i < 8; i++) {
            TimeUnit.SECONDS.sleep(5);
            heap = Math.min(heap, heapAfterGc());
        }
        return heap;
    }

    private String jcmd(String command) throws Exception {
        Process p = new ProcessBuilder("jcmd", Long.toString(serverPid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + command + " failed: " + out);
        }
        return out;
    }
}
