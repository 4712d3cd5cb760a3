package dev.chatsocket.ws;


import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * The lifecycle of one connection as two log lines, {@code event=open} (DEBUG) and
 * {@code event=close} (INFO), in {@link LogLine key=value} form on the logger {@value #LOGGER}: who, where, how it ended, how
 * long it lasted and what it carried. It passes every event on to the endpoint's own observer
 * (the application's metrics), and tells it of the release only if it was told of the open, so
 * that a gauge of open connections never goes below what really opened.
 *
 * <p>A connection's end is logged once TCP is closed, since the last bytes of the close
 * handshake are only written then. How it ended is read from the close frames: the first one,
 * ours or the client's, says who closed ({@code closed_by}), and the client's code wins when both
 * crossed; none at all is 1006, the peer or the network went away.
 *
 * <p>The traffic counts are moved on every message, so they cost no atomic instruction: the
 * engine moves each from one thread at a time (bytes and messages in from the thread reading the
 * connection, which the container never runs twice at once; messages out under the connection's
 * lock; bytes out from the one thread writing, handed over under the queue's lock), each
 * hand-over ordering the writes; a release store publishes each count, and the close line reads
 * them with acquire loads.
 */
final class ConnectionLog implements ConnectionEvents {
    static final String LOGGER = "dev.chatsocket.connections";
    private static final System.Logger LOG = System.getLogger(LOGGER);

    private final String id;
    private final String endpoint;
    private final HandshakeInfo handshake;
    private final ConnectionEvents totals;
    private final LongSupplier nanoClock;
    private final long startNanos;

    private final AtomicBoolean opened = new AtomicBoolean();
    private final AtomicBoolean released = new AtomicBoolean();
    private static final VarHandle BYTES_IN;
    private static final VarHandle BYTES_OUT;
    private static final VarHandle MESSAGES_IN;
    private static final VarHandle MESSAGES_OUT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            BYTES_IN = lookup.findVarHandle(ConnectionLog.class, "bytesIn", long.class);
            BYTES_OUT = lookup.findVarHandle(ConnectionLog.class, "bytesOut", long.class);
            MESSAGES_IN = lookup.findVarHandle(ConnectionLog.class, "messagesIn", long.class);
            MESSAGES_OUT = lookup.findVarHandle(ConnectionLog.class, "messagesOut", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Accessed only through the handles above. */
    @SuppressWarnings("unused")
    private long bytesIn;
    @SuppressWarnings("unused")
    private long bytesOut;
    @SuppressWarnings("unused")
    private long messagesIn;
    @SuppressWarnings("unused")
    private long messagesOut;

    /** The close frames that crossed, set once each; guarded by this. */
    private Integer codeSent;
    private Integer codeReceived;
    private String reason = "";
    private String closedBy = "none";

    ConnectionLog(String id, String endpoint, HandshakeInfo handshake, ConnectionEvents totals,
                  LongSupplier nanoClock) {
        this.id = id;
        this.endpoint = endpoint;
        this.handshake = handshake;
        this.totals = totals;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
    }

    @Override
    public void opened() {
        if (opened.compareAndSet(false, true)) {
            totals.opened();
            // The close line repeats who and where with how it ended, so it alone is the record at
            // INFO; the open line is DEBUG. Two formatted lines per connection cost a handshake about
            // as much CPU as all of chatsocket's own handshake code (measured with JFR under
            // bench/run.sh handshake, most of it in the JDK's SimpleFormatter).
            LOG.log(Level.DEBUG, () -> LogLine.event("open").with("conn", id).with("endpoint", endpoint)
                    .with("remote", handshake.remoteAddress()).with("path", handshake.path()).toString());
        }
    }

    @Override
    public void bytesReceived(int count) {
        add(BYTES_IN, count);
        totals.bytesReceived(count);
    }

    @Override
    public void messageReceived(Message message) {
        add(MESSAGES_IN, 1);
        totals.messageReceived(message);
    }

    @Override
    public void messageQueued(int frameBytes) {
        add(MESSAGES_OUT, 1);
        totals.messageQueued(frameBytes);
    }

    @Override
    public void bytesSent(int count) {
        add(BYTES_OUT, count);
        totals.bytesSent(count);
    }

    @Override
    public void queuedBytesChanged(long delta) {
        totals.queuedBytesChanged(delta);
    }

    @Override
    public void closeSent(int code, String reason) {
        synchronized (this) {
            if (codeSent == null) {
                codeSent = code;
                if (codeReceived == null) {
                    this.reason = reason;
                    closedBy = "server";
                }
            }
        }
        totals.closeSent(code, reason);
    }

    @Override
    public void closeReceived(int code, String reason) {
        synchronized (this) {
            if (codeReceived == null) {
                codeReceived = code;
                this.reason = reason;
                if (codeSent == null) {
                    closedBy = "client";
                }
            }
        }
        totals.closeReceived(code, reason);
    }

    @Override
    public void slowConsumerClosed() {
        totals.slowConsumerClosed();
    }

    @Override
    public void released() {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        if (opened.get()) {
            totals.released();
        }
        LOG.log(Level.INFO, this::closeLine);
    }

    private synchronized String closeLine() {
        int code = codeReceived != null ? codeReceived : codeSent != null ? codeSent : CloseCodes.ABNORMAL;
        return LogLine.event("close").with("conn", id).with("endpoint", endpoint)
                .with("remote", handshake.remoteAddress())
                .with("code", code).with("closed_by", closedBy).with("reason", reason)
                .with("duration_ms", TimeUnit.NANOSECONDS.toMillis(nanoClock.getAsLong() - startNanos))
                .with("bytes_in", (long) BYTES_IN.getAcquire(this)).with("bytes_out", (long) BYTES_OUT.getAcquire(this))
                .with("messages_in", (long) MESSAGES_IN.getAcquire(this))
                .with("messages_out", (long) MESSAGES_OUT.getAcquire(this))
                .toString();
    }

    /** One writer at a time (see the class comment): a plain read, and a store that publishes. */
    private void add(VarHandle count, long amount) {
        count.setRelease(this, (long) count.get(this) + amount);
    }
}
