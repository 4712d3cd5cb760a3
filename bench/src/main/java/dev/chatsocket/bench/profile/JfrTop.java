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
 * JfrTop RECORDING.jfr [--top N] [--match TEXT]... [--allocations [--under TEXT]]
 * </pre>
 * {@code --match} keeps the methods whose class and name contain one of the texts (e.g.
 * {@code java.util.logging}, {@code weld}, {@code dev.chatsocket}); matching ignores case.
 * {@code --allocations} reads the heap allocation samples ({@code jdk.ObjectAllocationSample},
 * each weighted by the bytes it stands for) instead: the bytes allocated under each method, and
 * then by allocation site (the allocating method and the class allocated); {@code --under} keeps
 * only the samples with a method containing TEXT on their stack (e.g. {@code onDataAvailable}:
 * the traffic, without the start-up).
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
        boolean allocations = false;
        String under = null;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--top" -> top = Integer.parseInt(args[++i]);
                case "--match" -> matches.add(args[++i].toLowerCase(Locale.ROOT));
                case "--allocations" -> allocations = true;
                case "--under" -> under = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (allocations) {
            allocations(recording, top, matches, under);
            return;
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

    private static void allocations(Path recording, int top, List<String> matches, String under) throws IOException {
        Map<String, Long> inclusive = new HashMap<>();
        Map<String, Long> sites = new HashMap<>();
        long total = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            RecordedStackTrace stack = event.getStackTrace();
            if (!event.getEventType().getName().equals("jdk.ObjectAllocationSample") || stack == null
                    || stack.getFrames().isEmpty()) {
                continue;
            }
            Set<String> methods = new HashSet<>();
            for (RecordedFrame frame : stack.getFrames()) {
                methods.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
            }
            if (under != null && methods.stream().noneMatch(m -> m.contains(under))) {
                continue;
            }
            long weight = event.getLong("weight");
            total += weight;
            methods.forEach(m -> inclusive.merge(m, weight, Long::sum));
            RecordedFrame site = stack.getFrames().get(0);
            sites.merge(site.getMethod().getType().getName() + "." + site.getMethod().getName() + " -> "
                    + event.getClass("objectClass").getName(), weight, Long::sum);
        }
        long all = total;
        System.out.printf(Locale.ROOT, "%s: %.1f MiB of heap allocation sampled%s; share under each method, callees included%n",
                recording.getFileName(), all / 1048576.0, under == null ? "" : " under " + under);
        print(inclusive, all, top, matches);
        System.out.println("by allocation site (method -> class allocated):");
        print(sites, all, top, matches);
    }

    private static void print(Map<String, Long> weights, long all, int top, List<String> matches) {
        weights.entrySet().stream()
                .filter(e -> matches.isEmpty() || matches.stream().anyMatch(e.getKey().toLowerCase(Locale.ROOT)::contains))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .forEach(e -> System.out.printf(Locale.ROOT, "%5.1f%%  %s%n", 100.0 * e.getValue() / all, e.getKey()));
    }
}
