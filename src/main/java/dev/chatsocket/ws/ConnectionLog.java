package dev.chatsocket.ws;


import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private final AtomicLong messagesIn = new AtomicLong();
    private final AtomicLong messagesOut = new AtomicLong();

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
        bytesIn.addAndGet(count);
        totals.bytesReceived(count);
    }

    @Override
    public void messageReceived(Message message) {
        messagesIn.incrementAndGet();
        totals.messageReceived(message);
    }

    @Override
    public void messageQueued(int frameBytes) {
        messagesOut.incrementAndGet();
        totals.messageQueued(frameBytes);
    }

    @Override
    public void bytesSent(int count) {
        bytesOut.addAndGet(count);
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
                .with("bytes_in", bytesIn.get()).with("bytes_out", bytesOut.get())
                .with("messages_in", messagesIn.get()).with("messages_out", messagesOut.get())
                .toString();
    }
}
