package dev.chatsocket.ws;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The bridge from the container's upgraded connection to the protocol: it wires the raw
 * {@link WebConnection} streams to a {@link WebSocketConnection} through a non-blocking reader and
 * writer, and schedules the connection's timers. The container creates it with the no-argument
 * constructor inside {@code upgrade()}; the servlet then calls {@link #prepare}; the container
 * calls {@link #init} once the 101 response is committed.
 *
 * <p>Public only because the container creates it by reflection; nothing of it is for
 * applications.
 */
public final class WebSocketUpgradeHandler implements HttpUpgradeHandler {
    private static final System.Logger LOG = System.getLogger(WebSocketUpgradeHandler.class.getName());

    private final AtomicBoolean released = new AtomicBoolean();
    private volatile ConnectionSetup setup;
    /** Kept only until {@link #init}, for {@link ContainerQuirks}. */
    private volatile HttpServletRequest upgradeRequest;
    private volatile WebSocketConnection connection;
    private volatile ConnectionLog log;
    private volatile ScheduledFuture<?> ticker;

    void prepare(ConnectionSetup setup, HttpServletRequest upgradeRequest) {
        this.setup = setup;
        this.upgradeRequest = upgradeRequest;
    }

    @Override
    public void init(WebConnection webConnection) {
        ConnectionSetup s = setup;
        ContainerQuirks.disableUpgradeAsyncTimeout(upgradeRequest);
        upgradeRequest = null;
        try {
            ServletInputStream in = webConnection.getInputStream();
            ServletOutputStream out = webConnection.getOutputStream();
            log = new ConnectionLog(s.id(), s.endpointName(), s.handshake(), s.events(), System::nanoTime);
            OutboundQueue queue = new OutboundQueue(out, webConnection, s.limits().maxOutboundBytes(),
                    this::transportFailed, this::release, log);
            connection = new WebSocketConnection(s.id(), s.handshake(), s.limits(), queue, s.endpoint(), log,
                    System::nanoTime, s.deflate());
            s.connections().add(connection);
            long period = s.tickPeriod().toMillis();
            ticker = s.timers().scheduleAtFixedRate(connection::tick, period, period, TimeUnit.MILLISECONDS);
            // The write listener comes first: onOpen may send, and writing needs it in place.
            out.setWriteListener(queue);
            connection.open();
            in.setReadListener(new InboundReader(in, connection));
        } catch (RejectedExecutionException stopped) {
            // The application stopped between the handshake and init() (the timers are shut
            // down): this connection missed the goodbye and is dropped.
            LOG.log(Level.DEBUG, "{0}: the application stopped before the connection started", s.id());
            closeQuietly(webConnection);
            release();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, s.id() + ": could not start the connection", e);
            closeQuietly(webConnection);
            release();
        }
    }

    @Override
    public void destroy() {
        WebSocketConnection c = connection;
        if (c != null) {
            c.abort();
        }
        release();
    }

    private void transportFailed() {
        connection.abort();
    }

    /** Stops the timers, forgets the connection and frees its slot; safe to call more than once. */
    private void release() {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> t = ticker;
        if (t != null) {
            t.cancel(false);
        }
        ConnectionSetup s = setup;
        WebSocketConnection c = connection;
        if (c != null) {
            s.connections().remove(c);
        }
        if (s != null) {
            s.slot().release();
        }
        ConnectionLog l = log;
        if (l != null) {
            l.released();
        }
    }

    private static void closeQuietly(WebConnection webConnection) {
        try {
            webConnection.close();
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "closing after a failed start: {0}", e.toString());
        }
    }
}
