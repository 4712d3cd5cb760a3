package dev.chatsocket.ws;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * The one place where containers' differences at upgrade are handled, each with why.
 *
 * <p>One difference has no remedy through the Servlet API and is only recorded here: on Tomcat,
 * {@code WebConnection.close()} called outside a container callback (from the timer thread, when
 * a close times out or the idle timeout fires) only marks the streams closed; Tomcat closes the
 * socket at the next event on that connection. A live client's next bytes, or TCP giving up on a
 * dead one, bring that event; a client that keeps its TCP connection open but neither reads nor
 * sends keeps the socket (not our queue, which is freed) until it does. Jetty closes at once.
 */
final class ContainerQuirks {
    private static final System.Logger LOG = System.getLogger(ContainerQuirks.class.getName());

    private ContainerQuirks() {
    }

    static WebSocketUpgradeHandler upgrade(HttpServletRequest request) throws IOException {
        try {
            return request.upgrade(WebSocketUpgradeHandler.class);
        } catch (ServletException e) {
            throw new IOException("the container refused the upgrade", e);
        }
    }

    /**
     * Called from {@code init()}. Jetty 12.1 runs an upgraded connection inside an AsyncContext
     * with the default 30 s timeout, started once and never reset by traffic: when it fires, Jetty
     * destroys the connection however busy it is. The connection's own idle timeout is ours to
     * enforce, so the async one is switched off. Tomcat has recycled the request by the time
     * {@code init()} runs and refuses any call on it; it has no such timeout, so there is nothing
     * to do there.
     */
    static void disableUpgradeAsyncTimeout(HttpServletRequest request) {
        try {
            if (request.isAsyncStarted()) {
                request.getAsyncContext().setTimeout(0);
            }
        } catch (IllegalStateException recycled) {
            LOG.log(Level.TRACE, "upgrade request already recycled; no async timeout to switch off");
        }
    }
}
