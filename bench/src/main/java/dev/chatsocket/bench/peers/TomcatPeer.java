package dev.chatsocket.bench.peers;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;
import org.apache.tomcat.websocket.server.WsSci;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Set;

/**
 * Peer 2: {@link EchoEndpoint} and {@link RoomEndpoint} on Tomcat 11's own Jakarta WebSocket
 * implementation, embedded with Tomcat's defaults (NIO connector, its default executor) except
 * {@code maxConnections}, raised from 8,192 to 20,000 for the idle scenario. Usage:
 * {@code TomcatPeer [port]} (0, the default, picks a free one); binds 127.0.0.1 and prints
 * {@code bench-peer: ... listening on 127.0.0.1:<port>} once it serves.
 */
public final class TomcatPeer {
    private TomcatPeer() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        Tomcat tomcat = new Tomcat();
        var baseDir = Files.createTempDirectory("bench-tomcat");
        baseDir.toFile().deleteOnExit();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        // Tomcat stops accepting at 8,192 connections by default (maxConnections); the idle
        // scenario holds 10,000, as anyone running Tomcat for that many would configure.
        connector.setProperty("maxConnections", "20000");
        tomcat.setConnector(connector);

        Context context = tomcat.addContext("", baseDir.toString());
        // WsSci registers the annotated endpoints and the upgrade filter, as in a WAR.
        context.addServletContainerInitializer(new WsSci(), Set.of(EchoEndpoint.class, RoomEndpoint.class));
        // A request reaches the upgrade filter only if some servlet is mapped to its path.
        Tomcat.addServlet(context, "none", new NotFound());
        context.addServletMappingDecoded("/", "none");
        tomcat.start();
        System.out.println("bench-peer: " + ServerInfo.getServerInfo() + " jakarta.websocket listening on 127.0.0.1:"
                + connector.getLocalPort());
        tomcat.getServer().await();
    }

    /** What a non-WebSocket request gets. */
    private static final class NotFound extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }
}
