package dev.chatsocket.ws;

import dev.chatsocket.ws.codec.AssembledMessage;
import dev.chatsocket.ws.codec.CloseFrame;
import dev.chatsocket.ws.codec.CloseStatus;
import dev.chatsocket.ws.codec.Frame;
import dev.chatsocket.ws.codec.FrameEncoder;
import dev.chatsocket.ws.codec.FrameHeader;
import dev.chatsocket.ws.codec.FrameParser;
import dev.chatsocket.ws.codec.MessageAssembler;
import dev.chatsocket.ws.codec.OpCode;
import dev.chatsocket.ws.codec.ProtocolException;
import dev.chatsocket.ws.extension.PerMessageDeflate;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * The server side of one WebSocket connection after the handshake, without I/O: bytes come in
 * through {@link #receive}, the end of the connection through {@link #abort}, time from the clock it
 * is given (timeouts are checked on {@link #tick}); frames go out through a {@link Transport},
 * events to a {@link WebSocketEndpoint}, and what happened to whoever observes it through
 * {@link ConnectionEvents}.
 *
 * <p>The closing handshake is a small state machine (RFC 6455 §7): OPEN, then CLOSE_SENT when we
 * started it, then CLOSED once both close frames crossed or the connection was failed. Whatever
 * arrives after CLOSED is discarded (§7.1.7). {@link #fail} is the one place where a violation
 * becomes a close frame.
 *
 * <p>Threads: {@code receive} comes from the one thread reading the connection, {@code abort} from it or the writer;
 * sends and {@code close} from any thread; {@code tick} from the timer. State changes happen under
 * this object's lock, but neither I/O nor endpoint calls do.
 */
final class WebSocketConnection implements WebSocketSession {
    private static final System.Logger LOG = System.getLogger(WebSocketConnection.class.getName());

    private enum State { OPEN, CLOSE_SENT, CLOSED }

    private final String id;
    private final HandshakeInfo handshake;
    private final Limits limits;
    private final Transport transport;
    private final WebSocketEndpoint endpoint;
    private final ConnectionEvents events;
    private final MessageAssembler assembler;
    private final FrameParser parser;
    /** permessage-deflate when negotiated, else {@code null}. */
    private final PerMessageDeflate deflate;
    private final LongSupplier nanoClock;

    private State state = State.OPEN;
    private long lastReceivedNanos;
    private long lastPingNanos;
    private long closingSinceNanos;
    /** The peer is inside a frame: it sent part of one, and the rest is still to come. */
    private boolean insideFrame;
    /** When the first byte of that unfinished frame arrived. */
    private long frameStartedNanos;
    /** A data frame did not fit in the outbound queue; the client is being closed. */
    private boolean overflowed;
    /**
     * Closing a slow consumer: its input is still read, but only to find its close frame; all
     * else it sends is discarded.
     */
    private boolean draining;
    /** The endpoint has had its one onClose. */
    private boolean endpointClosed;

    /**
     * @param events  told of the connection's traffic and closes (metrics, the connection log)
     * @param deflate the negotiated permessage-deflate, or {@code null} when none was
     */
    WebSocketConnection(String id, HandshakeInfo handshake, Limits limits, Transport transport,
                        WebSocketEndpoint endpoint, ConnectionEvents events, LongSupplier nanoClock,
                        PerMessageDeflate deflate) {
        this.id = id;
        this.handshake = handshake;
        this.limits = limits;
        this.transport = transport;
        this.endpoint = endpoint;
        this.events = events;
        this.deflate = deflate;
        this.assembler = new MessageAssembler(limits.maxMessageSize(), deflate);
        this.parser = new FrameParser(limits.maxFramePayload(), assembler);
        if (deflate != null) {
            // RFC 7692 §6: permessage-deflate gives RSV1 its meaning.
            parser.allowRsv(FrameHeader.RSV1);
        }
        this.nanoClock = nanoClock;
        this.lastReceivedNanos = nanoClock.getAsLong();
        this.lastPingNanos = lastReceivedNanos;
    }

    /** Tells the endpoint the connection is open; call once, before the first {@link #receive}. */
    void open() {
        events.opened();
        try {
            endpoint.onOpen(this);
        } catch (RuntimeException e) {
            endpointFailed(e);
        }
    }

    /** Feeds bytes read from the network; may be any slice of the stream. */
    void receive(ByteBuffer data) {
        long nowNanos = nanoClock.getAsLong();
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            lastReceivedNanos = nowNanos;
        }
        events.bytesReceived(data.remaining());
        boolean finishedAFrame = false;
        try {
            Frame frame;
            while (!isClosed() && (frame = parser.parse(data)) != null) {
                finishedAFrame = true;
                handle(frame);
            }
        } catch (ProtocolException e) {
            LOG.log(Level.DEBUG, "{0}: protocol error, closing with {1}: {2}", id, e.closeCode(), e.getMessage());
            fail(e.closeCode(), e.getMessage());
            return;
        }
        noteUnfinishedFrame(parser.isInsideFrame(), finishedAFrame, nowNanos);
    }

    /**
     * Remembers when the frame the peer left unfinished began. Any traffic resets the idle timer,
     * so a peer that trickles one byte of a frame at a time (slowloris) would hold the connection
     * for ever; the frame timeout bounds the whole frame instead, from its first byte to its last.
     */
    private synchronized void noteUnfinishedFrame(boolean inside, boolean finishedAFrame, long nowNanos) {
        // A frame left unfinished now began in these bytes if none was pending or one just ended.
        if (inside && (!insideFrame || finishedAFrame)) {
            frameStartedNanos = nowNanos;
        }
        insideFrame = inside;
    }

    /**
     * The connection is gone without a closing handshake: the peer ended TCP, reading or writing
     * failed, or a shutdown ran out of time. Without a close frame first that is an abnormal
     * closure (§7.1.5), reported to the endpoint as 1006. The transport is closed in every state:
     * once the peer is gone, nothing queued can reach it, and some containers keep reporting the
     * end of input until the connection is closed.
     */
    void abort() {
        drop("");
    }

    /**
     * Moves time forward: closes a peer that left a frame unfinished past the frame timeout (1008),
     * pings a silent peer, closes one silent past the idle timeout, and drops TCP when a close has
     * waited too long for its answer or to drain.
     */
    void tick() {
        long nowNanos = nanoClock.getAsLong();
        boolean sendPing = false;
        boolean idle = false;
        boolean frameTimedOut = false;
        boolean closeTimedOut = false;
        synchronized (this) {
            switch (state) {
                case OPEN -> {
                    long silent = nowNanos - lastReceivedNanos;
                    if (insideFrame && nowNanos - frameStartedNanos >= limits.frameTimeout().toNanos()) {
                        frameTimedOut = true;
                    } else if (silent >= limits.idleTimeout().toNanos()) {
                        idle = true;
                    } else if (silent >= limits.pingInterval().toNanos()
                            && nowNanos - lastPingNanos >= limits.pingInterval().toNanos()) {
                        lastPingNanos = nowNanos;
                        sendPing = true;
                    }
                }
                case CLOSE_SENT, CLOSED -> closeTimedOut =
                        nowNanos - closingSinceNanos >= limits.closeTimeout().toNanos();
            }
        }
        if (frameTimedOut) {
            LOG.log(Level.DEBUG, "{0}: frame unfinished after {1}; closing", id, limits.frameTimeout());
            fail(CloseCodes.POLICY_VIOLATION, "frame timeout");
        } else if (sendPing) {
            byte[] payload = Long.toString(nowNanos, 36).getBytes(StandardCharsets.US_ASCII);
            sendControl(FrameEncoder.encode(OpCode.PING, payload));
        } else if (idle) {
            fail(CloseCodes.GOING_AWAY, "idle timeout");
        } else if (closeTimedOut) {
            drop("close timeout");
        }
    }

    /** Closes TCP now, without a close frame; the endpoint hears 1006 unless it heard of a close already. */
    private void drop(String reason) {
        transport.abort();
        if (toClosed()) {
            endCompression();
            notifyClosed(CloseCodes.ABNORMAL, reason);
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public HandshakeInfo handshake() {
        return handshake;
    }

    @Override
    public boolean send(OutboundMessage message) {
        boolean queued = enqueue(message);
        flush();
        return queued;
    }

    @Override
    public boolean enqueue(OutboundMessage message) {
        synchronized (this) {
            // §5.5.1: after sending a close frame, no more data frames.
            if (state != State.OPEN || overflowed) {
                return false;
            }
            // Compressed under this lock: with context takeover, frames must leave in the order
            // their data entered the compressor.
            byte[] frame = deflate == null ? message.frames().plainFrame() : deflate.frameOf(message.frames());
            if (transport.enqueue(frame, false)) {
                events.messageQueued(frame.length);
                return true;
            }
            // Nothing more is queued after the first frame that did not fit, so the client never
            // sees a gap; the close happens in flush(), outside the caller's locks.
            overflowed = true;
            return false;
        }
    }

    @Override
    public void flush() {
        boolean slowConsumer;
        synchronized (this) {
            slowConsumer = overflowed && state == State.OPEN;
        }
        if (slowConsumer) {
            // A client that does not read must not make the server buffer without bound.
            LOG.log(Level.INFO, "{0}: slow consumer, outbound queue full; closing", id);
            transport.dropQueuedData();
            closeSlowConsumer();
        } else {
            transport.flush();
        }
    }

    @Override
    public void close(int code, String reason) {
        if (!CloseStatus.isSendable(code)) {
            throw new IllegalArgumentException("close code " + code + " may not be sent (RFC 6455 §7.4)");
        }
        byte[] closeFrame = new CloseFrame(code, reason).encode();
        synchronized (this) {
            if (state != State.OPEN) {
                return;
            }
            state = State.CLOSE_SENT;
            closingSinceNanos = nanoClock.getAsLong();
            transport.enqueue(closeFrame, true);
        }
        events.closeSent(code, reason);
        transport.flush();
    }

    @Override
    public synchronized boolean isOpen() {
        return state == State.OPEN;
    }

    private synchronized boolean isDraining() {
        return draining;
    }

    /** Both close frames have crossed, or the connection failed or was dropped: what the peer sends now is discarded. */
    synchronized boolean isClosed() {
        return state == State.CLOSED;
    }

    private void handle(Frame frame) throws ProtocolException {
        switch (frame.opCode()) {
            case TEXT, BINARY, CONTINUATION -> {
                AssembledMessage message = assembler.accept(frame);
                // Still assembled while draining, so that fragments stay in step; not delivered.
                if (message != null && !isDraining()) {
                    deliver(new Message(message.type() == OpCode.TEXT, message.data()));
                }
            }
            case PING -> sendControl(FrameEncoder.encode(OpCode.PONG, frame.payload()));
            case PONG -> {
                // §5.5.3: an unsolicited pong needs no answer; any traffic already counts as life.
            }
            case CLOSE -> closeReceived(CloseFrame.parse(frame.payload()));
        }
    }

    private void deliver(Message message) {
        events.messageReceived(message);
        try {
            endpoint.onMessage(this, message);
        } catch (RuntimeException e) {
            endpointFailed(e);
        }
    }

    /**
     * §5.5.1 and §7.1.3: answer a close with a close, then the server closes TCP first (§7.1.1).
     * The endpoint hears of the close before the answer is queued, so that what it gives back (a
     * person's connection count) is free again by the time the peer sees its close answered: a tab
     * closed cleanly and opened again at once is not refused for the connection it just ended.
     */
    private void closeReceived(CloseFrame close) {
        boolean answer;
        int answerCode = close.code() == CloseCodes.NO_STATUS ? CloseCodes.NORMAL : close.code();
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            answer = state == State.OPEN;
            state = State.CLOSED; // from here nothing else is queued: the answer is the last frame
            closingSinceNanos = nanoClock.getAsLong();
        }
        events.closeReceived(close.code(), close.reason());
        notifyClosed(close.code(), close.reason());
        if (answer) {
            transport.enqueue(new CloseFrame(answerCode, "").encode(), true);
            events.closeSent(answerCode, "");
        }
        transport.closeAfterFlush();
        endCompression();
    }

    /**
     * Fails the connection (§7.1.7): sends a close frame with {@code code} unless one was sent
     * already, closes TCP once it is written, and ignores all further input.
     */
    private void fail(int code, String reason) {
        boolean closeSent;
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            closeSent = state == State.OPEN;
            if (closeSent) {
                transport.enqueue(new CloseFrame(code, reason).encode(), true);
            }
            state = State.CLOSED;
            closingSinceNanos = nanoClock.getAsLong();
        }
        if (closeSent) {
            events.closeSent(code, reason);
        }
        transport.closeAfterFlush();
        endCompression();
        notifyClosed(code, reason);
    }

    /**
     * Starts the closing handshake with 1008 instead of failing the connection (§7.1.7): a slow
     * consumer is by definition still sending, and closing TCP while it sends resets the
     * connection, which throws away the close frame in flight and breaks the client's writes. The
     * close frame is only written once the client reads again, but the socket may accept it while
     * the client is still mid-flood. So TCP stays open until the client answers the close (§5.5.1:
     * it MUST), ends TCP, or the close timeout passes; until then its input is read and discarded
     * (§7.1.1: "discarding any trailing bytes"). The endpoint learns of the close now.
     */
    private void closeSlowConsumer() {
        synchronized (this) {
            if (state != State.OPEN) {
                return;
            }
            state = State.CLOSE_SENT;
            draining = true;
            closingSinceNanos = nanoClock.getAsLong();
            transport.enqueue(new CloseFrame(CloseCodes.POLICY_VIOLATION, "slow consumer").encode(), true);
        }
        events.slowConsumerClosed();
        events.closeSent(CloseCodes.POLICY_VIOLATION, "slow consumer");
        transport.flush();
        notifyClosed(CloseCodes.POLICY_VIOLATION, "slow consumer");
    }

    /** Pings and pongs; a client that sends pings but never reads our pongs is a slow consumer. */
    private void sendControl(byte[] frame) {
        synchronized (this) {
            if (state != State.OPEN) {
                return;
            }
            if (!overflowed && !transport.enqueue(frame, true)) {
                overflowed = true;
            }
        }
        flush();
    }

    private synchronized boolean toClosed() {
        if (state == State.CLOSED) {
            return false;
        }
        state = State.CLOSED;
        closingSinceNanos = nanoClock.getAsLong();
        return true;
    }

    /**
     * Once CLOSED nothing is compressed or decompressed any more: free the native memory of the
     * compressor now rather than when the garbage collector gets to it.
     */
    private void endCompression() {
        if (deflate != null) {
            deflate.end();
        }
    }

    private void notifyClosed(int code, String reason) {
        synchronized (this) {
            if (endpointClosed) {
                return;
            }
            endpointClosed = true;
        }
        try {
            endpoint.onClose(this, code, reason);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, id + ": endpoint failed in onClose", e);
        }
    }

    private void endpointFailed(RuntimeException e) {
        // A bug of ours, not the client's: log it in full, tell the client nothing internal.
        LOG.log(Level.ERROR, id + ": endpoint failed", e);
        fail(CloseCodes.INTERNAL_ERROR, "internal error");
    }
}
