package dev.chatsocket.ws;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.WebConnection;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;

/**
 * The frames waiting to be written to one client, written without ever blocking a thread.
 *
 * <p>Whoever queues a frame may start writing, but only one thread writes at a time: the writer
 * writes while {@link ServletOutputStream#isReady()} and, when the client stops reading, leaves
 * the rest for the container's {@link #onWritePossible()} call. Data frames are capped in bytes;
 * past the cap {@link #enqueue} says no and the connection closes the slow client instead of
 * buffering for it. Pings and pongs jump the queue; a close frame waits behind the data sent
 * before it. Frames queued together (a room's group of messages, a backlog after the client
 * stopped reading) go out in one write of up to {@value #GATHER_LIMIT} bytes rather than one
 * write each: on a container that passes each write to the socket as it comes (Jetty, with write
 * aggregation off for upgraded connections) a write costs far more than copying the bytes.
 *
 * <p>No container method is called while this object's lock is held: the lock only guards the
 * queue and the writer's state. What is queued and written is reported to {@link ConnectionEvents}
 * outside the lock.
 */
final class OutboundQueue implements Transport, WriteListener {
    private static final System.Logger LOG = System.getLogger(OutboundQueue.class.getName());
    /**
     * Pongs owed to a client that pings without reading: a hundred of the largest kind. A close
     * frame is always taken, so the connection can still say why it ends.
     */
    private static final int MAX_CONTROL_BYTES = 100 * 127;
    /** The most bytes of queued frames copied into one write; a larger frame is written alone, uncopied. */
    static final int GATHER_LIMIT = 16 * 1024;

    private enum Writer {
        /** Nobody is writing; the next flush starts. */
        IDLE,
        /** A thread is in {@link #writeLoop}. */
        WRITING,
        /** isReady() said no; the container will call onWritePossible. */
        AWAITING_READY
    }

    private final Object lock = new Object();
    private final ServletOutputStream out;
    private final WebConnection webConnection;
    private final long maxQueuedBytes;
    private final ArrayDeque<byte[]> control = new ArrayDeque<>(2);
    private final ArrayDeque<byte[]> data = new ArrayDeque<>(4);
    private final Runnable onFailure;
    private final Runnable onClosed;
    private final ConnectionEvents events;

    private long queuedBytes;
    private long controlBytes;
    private Writer writer = Writer.IDLE;
    /** The thread in {@link #writeLoop} while the writer is WRITING. */
    private Thread writingThread;
    /** A thread in {@link #closeAfterFlush} waits to do the close itself. */
    private boolean closerWaiting;
    /** onWritePossible arrived while a writer was between isReady() and parking. */
    private boolean readySignalled;
    /** Bytes were written since the last flush. */
    private boolean unflushed;
    private boolean closeWhenDrained;
    private boolean closed;

    /**
     * @param onFailure called when writing fails, after the queue closed itself
     * @param onClosed  called once when the TCP connection has been closed from this side
     * @param events    told of bytes queued, dequeued and written
     */
    OutboundQueue(ServletOutputStream out, WebConnection webConnection, long maxQueuedBytes,
                  Runnable onFailure, Runnable onClosed, ConnectionEvents events) {
        this.out = out;
        this.webConnection = webConnection;
        this.maxQueuedBytes = maxQueuedBytes;
        this.onFailure = onFailure;
        this.onClosed = onClosed;
        this.events = events;
    }

    @Override
    public boolean enqueue(byte[] frame, boolean isControl) {
        synchronized (lock) {
            if (closed) {
                return true; // nobody will read it; dropping is all there is to do
            }
            if (isClose(frame)) {
                // The close is the last frame of the connection (RFC 6455 §5.5.1): it goes behind
                // the data already queued, never ahead of it, and is always taken.
                data.add(frame);
                return true;
            } else if (isControl) {
                if (controlBytes + frame.length > MAX_CONTROL_BYTES) {
                    return false;
                }
                control.add(frame);
                controlBytes += frame.length;
            } else {
                if (queuedBytes + frame.length > maxQueuedBytes) {
                    return false;
                }
                data.add(frame);
                queuedBytes += frame.length;
            }
        }
        events.queuedBytesChanged(frame.length);
        return true;
    }

    @Override
    public void dropQueuedData() {
        long dropped;
        synchronized (lock) {
            dropped = forgetQueued();
        }
        events.queuedBytesChanged(-dropped);
    }

    /** Under the lock: empties both queues and returns how many counted bytes they held. */
    private long forgetQueued() {
        long held = queuedBytes + controlBytes;
        data.clear();
        queuedBytes = 0;
        control.clear();
        controlBytes = 0;
        return held;
    }

    /** Under the lock: the calling thread becomes the writer. */
    private void startWriting() {
        writer = Writer.WRITING;
        writingThread = Thread.currentThread();
    }

    /** Under the lock: the writer leaves the loop; a thread waiting to close may go on. */
    private void stopWriting(Writer next) {
        writer = next;
        writingThread = null;
        lock.notifyAll();
    }

    private static boolean isClose(byte[] frame) {
        return (frame[0] & 0x0F) == 0x8;
    }

    @Override
    public void flush() {
        synchronized (lock) {
            if (writer != Writer.IDLE || closed) {
                return;
            }
            startWriting();
        }
        writeLoop();
    }

    @Override
    public void onWritePossible() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (writer == Writer.WRITING) {
                readySignalled = true;
                return;
            }
            startWriting();
        }
        writeLoop();
    }

    @Override
    public void closeAfterFlush() {
        synchronized (lock) {
            closeWhenDrained = true;
            // Tomcat closes the socket only when WebConnection.close() runs inside a callback of
            // this connection (see ContainerQuirks), and the caller here is usually that callback,
            // answering the peer's close. If another thread is in the write loop, wait for it to
            // leave (it only makes non-blocking calls, never waits for the client) and close from
            // here, rather than let that thread close where Tomcat would not act on it.
            if (writer == Writer.WRITING && writingThread != Thread.currentThread()) {
                closerWaiting = true;
                try {
                    while (writer == Writer.WRITING) {
                        lock.wait();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    closerWaiting = false;
                }
            }
        }
        flush();
    }

    @Override
    public void abort() {
        long dropped;
        synchronized (lock) {
            if (closed) {
                return;
            }
            dropped = markClosed();
        }
        events.queuedBytesChanged(-dropped);
        closeConnection();
    }

    @Override
    public void onError(Throwable failure) {
        LOG.log(Level.DEBUG, "write failed: {0}", failure.toString());
        failed();
    }

    private void writeLoop() {
        try {
            while (true) {
                if (!out.isReady()) {
                    synchronized (lock) {
                        if (!readySignalled) {
                            stopWriting(Writer.AWAITING_READY);
                            return;
                        }
                        readySignalled = false;
                    }
                    continue;
                }
                byte[] next;
                long dequeued;
                boolean close = false;
                long dropped = 0;
                synchronized (lock) {
                    readySignalled = false;
                    if (closed) {
                        stopWriting(Writer.IDLE);
                        return;
                    }
                    long queuedBefore = queuedBytes + controlBytes;
                    next = pollWrite();
                    dequeued = queuedBefore - (queuedBytes + controlBytes);
                    if (next != null) {
                        unflushed = true;
                    } else if (unflushed) {
                        unflushed = false;
                    } else if (closeWhenDrained && !closerWaiting) {
                        dropped = markClosed();
                        close = true;
                    } else {
                        // Drained; a thread waiting in closeAfterFlush takes the close from here.
                        stopWriting(Writer.IDLE);
                        return;
                    }
                }
                if (close) {
                    events.queuedBytesChanged(-dropped);
                    closeConnection();
                    return;
                }
                if (next != null) {
                    events.queuedBytesChanged(-dequeued);
                    out.write(next);
                    events.bytesSent(next.length);
                } else {
                    // Containers may hold small writes back; push them out once the queue is empty.
                    out.flush();
                    // Nothing more to write: leave without asking isReady() once more (one call
                    // fewer per message). A flush still in progress is found by the next writer's
                    // isReady(), which then waits for onWritePossible; only a close must wait here.
                    synchronized (lock) {
                        if (control.isEmpty() && data.isEmpty() && !closeWhenDrained) {
                            stopWriting(Writer.IDLE);
                            return;
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "write failed: {0}", e.toString());
            failed();
        }
    }

    /**
     * Under the lock: the next write, or {@code null} when nothing is queued. The first frame
     * (control frames first), and behind it the frames that follow while they fit in
     * {@link #GATHER_LIMIT} bytes, copied into one array in queue order. A frame written alone is
     * the queued array itself.
     */
    private byte[] pollWrite() {
        byte[] first = pollFrame();
        if (first == null) {
            return null;
        }
        byte[] following = peekFrame();
        if (following == null || first.length + following.length > GATHER_LIMIT) {
            return first;
        }
        ArrayDeque<byte[]> frames = new ArrayDeque<>();
        frames.add(first);
        int total = first.length;
        while ((following = peekFrame()) != null && total + following.length <= GATHER_LIMIT) {
            frames.add(pollFrame());
            total += following.length;
        }
        byte[] gathered = new byte[total];
        int at = 0;
        for (byte[] frame : frames) {
            System.arraycopy(frame, 0, gathered, at, frame.length);
            at += frame.length;
        }
        return gathered;
    }

    private byte[] peekFrame() {
        byte[] next = control.peek();
        return next != null ? next : data.peek();
    }

    /** Under the lock: the next frame, control frames first, taken off the queue's byte counts (a close frame never was on them). */
    private byte[] pollFrame() {
        byte[] next = control.poll();
        if (next != null) {
            controlBytes -= next.length;
            return next;
        }
        next = data.poll();
        if (next != null && !isClose(next)) {
            queuedBytes -= next.length;
        }
        return next;
    }

    /** Writing failed: nothing more can reach the client, so the queue closes and says so. */
    private void failed() {
        abort();
        onFailure.run();
    }

    /**
     * Under the lock: nothing more is written, and the queue's memory is let go.
     *
     * @return the counted bytes that were still queued
     */
    private long markClosed() {
        closed = true;
        stopWriting(Writer.IDLE);
        return forgetQueued();
    }

    private void closeConnection() {
        try {
            webConnection.close();
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "closing the connection failed: {0}", e.toString());
        }
        onClosed.run();
    }
}
