package dev.chatsocket.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What Linux says about a process, read from {@code /proc/<pid>}: live thread count and resident
 * memory from {@code status}, CPU time from {@code stat}. Works for any process (the server under
 * test is a separate JVM), so the figures are the kernel's, not the JVM's own idea of itself.
 */
public record ProcStats(int threads, long rssKiB, long rssPeakKiB, long cpuMillis) {

    /** Reads a snapshot; {@code clockTicksPerSecond} is {@code getconf CLK_TCK} (100 on Linux). */
    public static ProcStats read(long pid, int clockTicksPerSecond) throws IOException {
        int threads = -1;
        long rss = -1;
        long hwm = -1;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.substring(8).trim());
            } else if (line.startsWith("VmRSS:")) {
                rss = kib(line);
            } else if (line.startsWith("VmHWM:")) {
                hwm = kib(line);
            }
        }
        // stat: "pid (comm) state ppid ..."; comm may hold spaces, so count fields after the last ')'.
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // Fields 14 (utime) and 15 (stime) of proc(5); f[0] is field 3 (state).
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return new ProcStats(threads, rss, hwm, ticks * 1000 / clockTicksPerSecond);
    }

    /** Whether the process still exists. */
    public static boolean alive(long pid) {
        return Files.exists(Path.of("/proc", Long.toString(pid), "status"));
    }

    private static long kib(String line) {
        String v = line.substring(line.indexOf(':') + 1).trim();
        return Long.parseLong(v.split("\\s+")[0]);
    }
}
