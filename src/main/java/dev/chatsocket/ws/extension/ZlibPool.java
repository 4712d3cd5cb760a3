package dev.chatsocket.ws.extension;

import java.util.ArrayDeque;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Compressors and decompressors kept for reuse by the connections of one endpoint. Each holds
 * native memory (a Deflater about 260 KiB at the default level and 15-bit window, an Inflater
 * about 40 KiB once used), so connections that do not need to keep one between messages (no
 * context takeover) borrow one per message and give it back: idle connections then hold none,
 * and the endpoint holds at most {@code maxIdle} of each however many connections it has.
 *
 * <p>What comes back past {@code maxIdle}, or after {@link #close}, is ended at once, so native
 * memory never waits for the garbage collector.
 */
public final class ZlibPool implements AutoCloseable {
    private final int maxIdle;
    private final ArrayDeque<Deflater> deflaters = new ArrayDeque<>();
    private final ArrayDeque<Inflater> inflaters = new ArrayDeque<>();
    private boolean closed;

    public ZlibPool(int maxIdle) {
        this.maxIdle = maxIdle;
    }

    /** A raw-DEFLATE compressor (RFC 7692 §7.2.1: no zlib header or trailer). */
    public static Deflater newDeflater() {
        return new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    }

    /** A raw-DEFLATE decompressor; its 15-bit window reads data compressed with any window. */
    public static Inflater newInflater() {
        return new Inflater(true);
    }

    public Deflater borrowDeflater() {
        synchronized (this) {
            Deflater idle = deflaters.pollFirst();
            if (idle != null) {
                return idle;
            }
        }
        return newDeflater();
    }

    public Inflater borrowInflater() {
        synchronized (this) {
            Inflater idle = inflaters.pollFirst();
            if (idle != null) {
                return idle;
            }
        }
        return newInflater();
    }

    /** Takes a compressor back, reset for its next message, or ends it when the pool is full. */
    public void release(Deflater deflater) {
        deflater.reset();
        synchronized (this) {
            if (!closed && deflaters.size() < maxIdle) {
                deflaters.addFirst(deflater);
                return;
            }
        }
        deflater.end();
    }

    public void release(Inflater inflater) {
        inflater.reset();
        synchronized (this) {
            if (!closed && inflaters.size() < maxIdle) {
                inflaters.addFirst(inflater);
                return;
            }
        }
        inflater.end();
    }

    synchronized int idleDeflaters() {
        return deflaters.size();
    }

    synchronized int idleInflaters() {
        return inflaters.size();
    }

    /** Ends everything idle; whatever is still borrowed is ended when it comes back. */
    @Override
    public void close() {
        ArrayDeque<Deflater> endDeflaters;
        ArrayDeque<Inflater> endInflaters;
        synchronized (this) {
            closed = true;
            endDeflaters = new ArrayDeque<>(deflaters);
            endInflaters = new ArrayDeque<>(inflaters);
            deflaters.clear();
            inflaters.clear();
        }
        endDeflaters.forEach(Deflater::end);
        endInflaters.forEach(Inflater::end);
    }
}
