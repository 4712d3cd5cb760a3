package dev.chatsocket.bench.profile;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where a server's CPU went, from a JFR recording: for each method, the share of the execution
 * samples whose stack holds it (inclusive, so a method counts with everything it calls), most
 * first. The profile tables of docs/benchmarks.md are read off this.
 *
 * <pre>
 * JfrTop RECORDING.jfr [--top N] [--match TEXT]...
 * </pre>
 * {@code --match} keeps the methods whose class and name contain one of the texts (e.g.
 * {@code java.util.logging}, {@code weld}, {@code dev.chatsocket}); matching ignores case.
 */
public final class JfrTop {
    private JfrTop() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: JfrTop RECORDING.jfr [--top N] [--match TEXT]...");
            System.exit(2);
        }
        Path recording = Path.of(args[0]);
        int top = 40;
        List<String> matches = new java.util.ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--top" -> top = Integer.parseInt(args[++i]);
                case "--match" -> matches.add(args[++i].toLowerCase(Locale.ROOT));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Map<String, Integer> inclusive = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            RecordedStackTrace stack = event.getStackTrace();
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || stack == null) {
                continue;
            }
            samples++;
            Set<String> methods = new HashSet<>();
            for (RecordedFrame frame : stack.getFrames()) {
                methods.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
            }
            methods.forEach(m -> inclusive.merge(m, 1, Integer::sum));
        }
        System.out.printf("%s: %d execution samples; share of them in each method, callees included%n",
                recording.getFileName(), samples);
        int total = samples;
        inclusive.entrySet().stream()
                .filter(e -> matches.isEmpty() || matches.stream().anyMatch(e.getKey().toLowerCase(Locale.ROOT)::contains))
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(top)
                .forEach(e -> System.out.printf(Locale.ROOT, "%5.1f%%  %s%n", 100.0 * e.getValue() / total, e.getKey()));
    }
}
