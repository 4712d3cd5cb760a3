package dev.chatsocket.launcher;

import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher's HTTP/1.1 connections on a real embedded Jetty: an upgraded connection writes
 * without aggregation (so it keeps no aggregate buffer between frames), while ordinary responses
 * keep it, which is what gives a small body a {@code Content-Length} instead of chunks.
 */
class UpgradeAwareHttpConnectionFactoryTest {
    private static final String BODY = "hello, page";
    /** Written by the upgraded connection and never flushed: only a write without aggregation sends it. */
    private static final String UNFLUSHED = "abc";

    private Server server;
    private int port;

    @BeforeEach
    void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server, new UpgradeAwareHttpConnectionFactory(new HttpConfiguration()));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new PageServlet()), "/page");
        context.addServlet(new ServletHolder(new UpgradeServlet()), "/upgrade");
        server.setHandler(context);
        server.start();
        port = connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void aPageResponseIsAggregatedAndGoesOutWithItsLength() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "GET /page HTTP/1.1\r\nHost: localhost\r\n\r\n");
            Response response = Response.read(socket.getInputStream());
            assertTrue(response.head.startsWith("HTTP/1.1 200"), response.head);
            assertEquals(String.valueOf(BODY.length()), response.header("content-length"), response.head);
            assertEquals(BODY, response.body);
        }
    }

    @Test
    void anUpgradedConnectionWritesWithoutAggregation() throws Exception {
        try (Socket socket = connect()) {
            // Browser-shaped: no Content-Length (see the factory's Javadoc).
            send(socket, "GET /upgrade HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");
            InputStream in = socket.getInputStream();
            String head = Response.readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 101"), head);
            // Aggregated, these bytes would wait in Jetty's buffer for a flush that never comes.
            assertEquals(UNFLUSHED, new String(in.readNBytes(UNFLUSHED.length()), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aHandshakeThatIsNotUpgradedLeavesTheNextRequestAggregated() throws Exception {
        try (Socket socket = connect()) {
            InputStream in = socket.getInputStream();
            send(socket, "GET /page HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Content-Length: 0\r\n\r\n");
            Response refused = Response.read(in);
            assertEquals(BODY, refused.body, "the handshake's answer, however framed, is whole");

            send(socket, "GET /page HTTP/1.1\r\nHost: localhost\r\n\r\n");
            Response next = Response.read(in);
            assertEquals(String.valueOf(BODY.length()), next.header("content-length"), next.head);
            assertEquals(BODY, next.body);
        }
    }

    @Test
    void theHandshakesConfigurationDiffersOnlyInAggregation() {
        HttpConfiguration configuration = new HttpConfiguration();
        configuration.setRequestHeaderSize(12_345);
        HttpConfiguration copy = UpgradeAwareHttpConnectionFactory.withoutAggregation(configuration);
        assertEquals(0, copy.getOutputAggregationSize());
        assertEquals(configuration.getOutputBufferSize(), copy.getOutputBufferSize());
        assertEquals(12_345, copy.getRequestHeaderSize());
        assertFalse(configuration.getOutputAggregationSize() == 0, "the original is untouched");
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void send(Socket socket, String request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** A small body written without a length, as a JSP or a servlet writes one. */
    public static final class PageServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain");
            response.getOutputStream().write(BODY.getBytes(StandardCharsets.US_ASCII));
        }
    }

    public static final class UpgradeServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
            response.setHeader("Upgrade", "websocket");
            response.setHeader("Connection", "Upgrade");
            try {
                request.upgrade(UnflushedWriter.class);
            } catch (jakarta.servlet.ServletException e) {
                throw new IOException(e);
            }
        }
    }

    /** Writes three bytes once the output is ready, and never flushes. */
    public static final class UnflushedWriter implements HttpUpgradeHandler {
        @Override
        public void init(WebConnection connection) {
            try {
                var out = connection.getOutputStream();
                out.setWriteListener(new WriteListener() {
                    private boolean written;

                    @Override
                    public void onWritePossible() throws IOException {
                        if (!written && out.isReady()) {
                            written = true;
                            out.write(UNFLUSHED.getBytes(StandardCharsets.US_ASCII));
                        }
                    }

                    @Override
                    public void onError(Throwable failure) {
                    }
                });
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void destroy() {
        }
    }

    /** An HTTP/1.1 response read off the socket: its head, and its body by length or by chunks. */
    private record Response(String head, String body) {
        static Response read(InputStream in) throws IOException {
            String head = readHead(in);
            Response headOnly = new Response(head, "");
            String length = headOnly.header("content-length");
            if (length != null) {
                return new Response(head, new String(in.readNBytes(Integer.parseInt(length)), StandardCharsets.ISO_8859_1));
            }
            assertEquals("chunked", headOnly.header("transfer-encoding"), head);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                int size = Integer.parseInt(readLine(in).trim(), 16);
                if (size == 0) {
                    readLine(in); // the empty line after the last chunk (no trailers)
                    return new Response(head, body.toString(StandardCharsets.ISO_8859_1));
                }
                body.write(in.readNBytes(size));
                readLine(in);
            }
        }

        static String readHead(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            String line;
            while (!(line = readLine(in)).isEmpty()) {
                head.append(line).append('\n');
            }
            return head.toString();
        }

        private static String readLine(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new IOException("connection ended inside a line: " + line);
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        String header(String name) {
            for (String line : head.split("\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }
}
