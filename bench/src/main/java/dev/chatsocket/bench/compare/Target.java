package dev.chatsocket.bench.compare;

import java.net.InetSocketAddress;

/** A server under comparison: its name in the tables, its loopback port and its JVM's pid. */
record Target(String name, int port, long pid) {

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    /** {@code name=port=pid}, as bench/run.sh passes it. */
    static Target parse(String spec) {
        String[] parts = spec.split("=");
        if (parts.length != 3) {
            throw new IllegalArgumentException("--server wants name=port=pid, not " + spec);
        }
        return new Target(parts[0], Integer.parseInt(parts[1]), Long.parseLong(parts[2]));
    }
}
