package dev.chatsocket.bench.peers;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Jetty;

import java.time.Duration;

/**
 * Peer 1: {@link EchoEndpoint} and {@link RoomEndpoint} on Jetty 12.1's own Jakarta WebSocket
 * implementation (ee10), embedded with Jetty's defaults (its default thread pool, as chatsocket's
 * launcher). Usage: {@code JettyPeer [port]} (0, the default, picks a free one); binds 127.0.0.1
 * and prints {@code bench-peer: ... listening on 127.0.0.1:<port>} once it serves.
 */
public final class JettyPeer {
    private JettyPeer() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
            // Jetty closes a WebSocket idle for 30 s by default; chatsocket keeps an idle one open
            // with pings. The idle-scale scenario must not lose connections to either policy.
            container.setDefaultMaxSessionIdleTimeout(Duration.ofMinutes(10).toMillis());
            container.addEndpoint(EchoEndpoint.class);
            container.addEndpoint(RoomEndpoint.class);
        });
        server.setHandler(context);
        server.start();
        System.out.println("bench-peer: Jetty " + Jetty.VERSION + " jakarta.websocket listening on 127.0.0.1:"
                + connector.getLocalPort());
        server.join();
    }
}
