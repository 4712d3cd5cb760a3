package dev.chatsocket.ws;

import dev.chatsocket.ws.extension.DeflateParameters;
import dev.chatsocket.ws.extension.PerMessageDeflate;
import dev.chatsocket.ws.extension.PerMessageDeflateNegotiator;
import dev.chatsocket.ws.extension.ZlibPool;
import dev.chatsocket.ws.handshake.HandshakeRequest;
import dev.chatsocket.ws.handshake.HandshakeResult;
import dev.chatsocket.ws.handshake.HandshakeValidator;
import dev.chatsocket.ws.handshake.OriginPolicy;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A servlet that turns requests into WebSocket connections: it checks the opening handshake
 * itself (RFC 6455 §4.2), answers 101 with every header set before calling
 * {@link HttpServletRequest#upgrade}, and hands the upgrade handler what it needs. A subclass says
 * which endpoint serves a request and under which limits.
 *
 * <p>The settings every endpoint of the application shares come from its {@link WebSocketEngine},
 * which the application installs before the servlets start; a subclass gives its own
 * {@link Limits}.
 *
 * <p>Before any upgrade, in this order: a header section over the engine's
 * {@link EngineSettings#maxHandshakeHeaderBytes} gets 431; a malformed handshake its 4xx; a page
 * of another origin 403 ({@link OriginPolicy}); a stopping application 503; a full server or a
 * client address at its cap 503 ({@link ConnectionSlots}). Each with a one-line reason.
 *
 * <p>permessage-deflate (RFC 7692) is negotiated here too, as {@link DeflateSettings} say; the
 * endpoint's pool of compressors is ended when the servlet is destroyed.
 *
 * <p>When the application stops, it takes no new connection, and every open one is closed with
 * 1001 and given a bounded time ({@link EngineSettings#shutdownGrace}) to answer.
 *
 * <p>Every handshake's outcome and every connection's traffic go to the observer the application
 * installed for this endpoint ({@link EndpointEvents}), and each connection's open and close to
 * the {@link ConnectionLog}.
 */
public abstract class WebSocketServlet extends HttpServlet {
    private static final System.Logger LOG = System.getLogger(WebSocketServlet.class.getName());
    private static final AtomicLong IDS = new AtomicLong();
    /** A tick is short; after the shutdown closed every connection there is nothing left for one to do. */
    private static final Duration TIMERS_STOP_WAIT = Duration.ofSeconds(2);
    /** RFC 6585 §5; not among HttpServletResponse's constants. */
    private static final int REQUEST_HEADER_FIELDS_TOO_LARGE = 431;

    private OpenConnections connections;
    private ScheduledExecutorService timers;
    private Limits limits;
    private HandshakeValidator validator;
    private OriginPolicy originPolicy;
    private long maxHeaderBytes;
    private DeflateSettings deflateSettings;
    private PerMessageDeflateNegotiator deflateNegotiator;
    private ZlibPool zlibPool;
    private Duration tickPeriod;
    private ConnectionEvents events;

    /** The limits of this endpoint's connections, asked for once when the servlet starts. */
    protected abstract Limits limits();

    /**
     * The endpoint for one connection.
     *
     * @throws UpgradeRefused to answer the handshake with an HTTP error instead
     */
    protected abstract WebSocketEndpoint createEndpoint(HttpServletRequest request) throws UpgradeRefused;

    /** Subprotocols this endpoint speaks, most preferred first (§1.9); none by default. */
    protected List<String> subprotocols() {
        return List.of();
    }

    @Override
    public void init() throws ServletException {
        WebSocketEngine engine = WebSocketEngine.of(getServletContext());
        connections = engine.connections();
        events = EndpointEvents.of(getServletContext(), getServletName());
        limits = limits();
        validator = new HandshakeValidator(subprotocols());
        originPolicy = engine.originPolicy();
        maxHeaderBytes = engine.settings().maxHandshakeHeaderBytes();
        deflateSettings = engine.settings().deflate();
        deflateNegotiator = new PerMessageDeflateNegotiator(deflateSettings.noContextTakeover(),
                deflateSettings.serverMaxWindowBits());
        zlibPool = new ZlibPool(deflateSettings.poolSize());
        tickPeriod = tickPeriod(limits);
        timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "chatsocket-timers-" + getServletName());
            t.setDaemon(true);
            return t;
        });
    }

    /** Often enough to keep every timeout within a quarter of its length. */
    private static Duration tickPeriod(Limits limits) {
        Duration shortest = Collections.min(List.of(limits.pingInterval(), limits.idleTimeout(), limits.closeTimeout(),
                limits.frameTimeout()));
        Duration quarter = shortest.dividedBy(4);
        return quarter.compareTo(Duration.ofMillis(50)) < 0 ? Duration.ofMillis(50) : quarter;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            handshake(request, response);
        } finally {
            report(request, response.getStatus());
        }
    }

    /** Counts the outcome; a refusal is the client's doing, so it is no more than a debug line. */
    private void report(HttpServletRequest request, int status) {
        if (status == HttpServletResponse.SC_SWITCHING_PROTOCOLS) {
            events.handshakeAccepted();
            return;
        }
        events.handshakeRefused(status);
        LOG.log(Level.DEBUG, () -> LogLine.event("refused").with("endpoint", getServletName())
                .with("status", status).with("remote", request.getRemoteAddr())
                .with("path", request.getRequestURI()).toString());
    }

    private void handshake(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HandshakeRequest handshake = handshakeRequest(request);
        if (handshake.headerBytes() > maxHeaderBytes) {
            refuse(response, REQUEST_HEADER_FIELDS_TOO_LARGE,
                    "the request headers are over " + maxHeaderBytes + " bytes", Map.of());
            return;
        }
        HandshakeResult result = validator.evaluate(handshake);
        if (result instanceof HandshakeResult.Reject reject) {
            refuse(response, reject.status(), reject.reason(), reject.headers());
            return;
        }
        Optional<HandshakeResult.Reject> crossOrigin = originPolicy.check(handshake, request.getScheme());
        if (crossOrigin.isPresent()) {
            LOG.log(Level.DEBUG, "refused a handshake from {0}: {1}", request.getRemoteAddr(), crossOrigin.get().reason());
            refuse(response, crossOrigin.get().status(), crossOrigin.get().reason(), Map.of());
            return;
        }
        if (connections.isStopping()) {
            refuse(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "the server is shutting down", Map.of());
            return;
        }
        ConnectionSlots.Outcome slot = connections.slots().acquire(request.getRemoteAddr());
        if (slot.slot().isEmpty()) {
            refuse(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, slot.refusal(), Map.of());
            return;
        }
        boolean upgraded = false;
        try {
            upgraded = upgrade(request, response, handshake, (HandshakeResult.Accept) result, slot.slot().get());
        } finally {
            if (!upgraded) {
                slot.slot().get().release();
            }
        }
    }

    /** Creates the endpoint and switches protocols; false when the endpoint refused. */
    private boolean upgrade(HttpServletRequest request, HttpServletResponse response, HandshakeRequest handshake,
                            HandshakeResult.Accept accept, ConnectionSlots.Slot slot) throws IOException {
        WebSocketEndpoint endpoint;
        try {
            endpoint = createEndpoint(request);
        } catch (UpgradeRefused refused) {
            refuse(response, refused.status(), refused.getMessage(), Map.of());
            return false;
        }
        // From here every way out releases the slot, which tells the endpoint (onReleased).
        slot.heldBy(endpoint);
        String id = "ws-" + Long.toString(IDS.incrementAndGet(), 36);
        HandshakeInfo info = handshakeInfo(request, accept.subprotocol());
        // §4.2.2: the 101 and its headers, all set before upgrade() commits the response.
        response.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
        response.setHeader("Upgrade", "websocket");
        response.setHeader("Connection", "Upgrade");
        response.setHeader("Sec-WebSocket-Accept", accept.acceptKey());
        if (accept.subprotocol() != null) {
            response.setHeader("Sec-WebSocket-Protocol", accept.subprotocol());
        }
        Optional<DeflateParameters> deflate = deflateSettings.enabled()
                ? deflateNegotiator.negotiate(handshake.values("Sec-WebSocket-Extensions"))
                : Optional.empty();
        deflate.ifPresent(p -> response.setHeader("Sec-WebSocket-Extensions", p.responseHeader()));
        WebSocketUpgradeHandler handler = ContainerQuirks.upgrade(request);
        handler.prepare(new ConnectionSetup(id, info, endpoint, limits, connections, slot, timers, tickPeriod,
                deflate.map(p -> new PerMessageDeflate(p, zlibPool, deflateSettings.minSize())).orElse(null),
                getServletName(), events), request);
        return true;
    }

    @Override
    public void destroy() {
        // The first endpoint destroyed closes the connections of all: one grace period in all.
        try {
            connections.shutDown();
        } finally {
            stopTimers();
            zlibPool.close();
        }
    }

    /**
     * Stops the timer thread and waits a moment for it to end: shutdownNow only asks, and a
     * container that checks for the application's threads right after destroy (Tomcat, at
     * undeploy) would otherwise find it still running and report a leak.
     */
    private void stopTimers() {
        timers.shutdownNow();
        try {
            if (!timers.awaitTermination(TIMERS_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(Level.WARNING, "the timer thread of {0} did not stop within {1}", getServletName(), TIMERS_STOP_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void refuse(HttpServletResponse response, int status, String reason, Map<String, String> headers)
            throws IOException {
        response.setStatus(status);
        headers.forEach(response::setHeader);
        response.setContentType("text/plain;charset=UTF-8");
        byte[] body = (reason + "\n").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static HandshakeRequest handshakeRequest(HttpServletRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, Collections.list(request.getHeaders(name)));
        }
        return new HandshakeRequest(request.getMethod(), request.getProtocol(), headers);
    }

    private static HandshakeInfo handshakeInfo(HttpServletRequest request, String subprotocol) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> parameters.put(name, Arrays.asList(values)));
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return new HandshakeInfo(path, Map.copyOf(parameters), request.getRemoteAddr(),
                request.getHeader("Origin"), subprotocol);
    }
}
