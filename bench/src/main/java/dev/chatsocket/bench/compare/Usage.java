package dev.chatsocket.bench.compare;

import dev.chatsocket.bench.ProcStats;

import java.io.IOException;

/**
 * CPU time of the server and of this generator over a phase, as a share of the phase's wall time
 * (100% = one core busy the whole time). The generator's own share is what shows whether it, rather
 * than the server, set the pace.
 */
final class Usage {
    private static final long SELF = ProcessHandle.current().pid();

    private final long serverPid;
    private final int clockTicks;
    private long startNanos;
    private long serverStart;
    private long selfStart;
    private long wallNanos;
    private long serverCpu;
    private long selfCpu;

    Usage(long serverPid, int clockTicks) {
        this.serverPid = serverPid;
        this.clockTicks = clockTicks;
    }

    void start() throws IOException {
        startNanos = System.nanoTime();
        serverStart = ProcStats.read(serverPid, clockTicks).cpuMillis();
        selfStart = ProcStats.read(SELF, clockTicks).cpuMillis();
    }

    void stop() throws IOException {
        wallNanos = System.nanoTime() - startNanos;
        serverCpu = ProcStats.read(serverPid, clockTicks).cpuMillis() - serverStart;
        selfCpu = ProcStats.read(SELF, clockTicks).cpuMillis() - selfStart;
    }

    double seconds() {
        return wallNanos / 1e9;
    }

    long serverCpuMillis() {
        return serverCpu;
    }

    int serverPercent() {
        return (int) Math.round(serverCpu * 1e8 / Math.max(1, wallNanos));
    }

    int generatorPercent() {
        return (int) Math.round(selfCpu * 1e8 / Math.max(1, wallNanos));
    }
}
