package dev.chatsocket.bench.compare;

import java.util.Arrays;

/** Latency samples in nanoseconds, kept whole (a run holds at most a few million), for exact percentiles. */
final class Samples {
    private long[] values = new long[1 << 16];
    private int size;

    void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    int size() {
        return size;
    }

    /** The {@code p}-th percentile (0..100) in microseconds, nearest rank; NaN without samples. */
    double percentileMicros(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1000.0;
    }
}
