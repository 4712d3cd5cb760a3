package dev.chatsocket.launcher;

import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/**
 * Jetty's HTTP/1.1 connection factory, with one fix so that {@code HttpServletRequest.upgrade}
 * works for browsers, and WebSocket handshakes served without Jetty's write aggregation.
 *
 * <p>The bug (Jetty 12.1.3 to 12.1.14 at least): when a request has neither Content-Length nor
 * Transfer-Encoding and nothing follows its headers in the read buffer, {@code HttpConnection}
 * parses it to the end before any servlet runs, and the request's input keeps an end-of-content
 * chunk. After an upgrade the connection's {@code ServletInputStream} still reads through that
 * input, meets the stored end first, calls {@code onAllDataRead} and never reads a frame. Browsers
 * send their handshake GET exactly like that; clients that send {@code Content-Length: 0}, such as
 * the JDK's, escape it, because a declared empty body skips the early parse.
 *
 * <p>The fix makes the parser report a body for requests that carry an {@code Upgrade} header, so
 * that they take the same path as {@code Content-Length: 0}; other requests are untouched. It
 * extends Jetty's internal {@code HttpConnection} through its protected hooks, so
 * {@code BrowserHandshakeIT} guards it on every Jetty upgrade.
 *
 * <p>Write aggregation: Jetty's {@code HttpOutput} copies every write smaller than the
 * configuration's output aggregation size (8 KiB by default) into a pooled buffer of the output
 * buffer size (32 KiB, direct memory) and gives the buffer back only when the response completes.
 * An upgraded connection's response never completes, so every WebSocket connection that once
 * wrote a frame (a pong, an echo) would keep 32 KiB until it closes: with 10,000 idle connections
 * after a ping wave, 320 MiB. The output reads that size when it is created for a connection's
 * first request, and again when a request is recycled; so while a WebSocket handshake is being
 * served, until its response is committed, this connection answers with a copy of the
 * configuration without aggregation. The upgraded output then writes each frame straight from the
 * engine's array. Every other response keeps aggregation, which is what lets a small body go out
 * with a {@code Content-Length} instead of chunked. A handshake that arrives on a keep-alive
 * connection after another request finds that request's output already made and keeps
 * aggregation; browsers open a new connection for each WebSocket.
 *
 * <p>One read fewer per message on an upgraded connection: the Servlet API calls a
 * {@code ReadListener} again only after {@code isReady()} returned false, so a WebSocket reads
 * until it does. Jetty's {@code isReady()} then reads the socket, finds nothing, and asks for a
 * callback, and asking reads the socket once more before it registers interest with the selector.
 * On a tunnelled (upgraded) connection, a demand that comes straight after a read which found
 * nothing registers interest at once; bytes that arrived in between are reported by the selector.
 *
 * <p>{@code UpgradeAwareHttpConnectionFactoryTest} guards the aggregation choice; every WebSocket
 * IT on Jetty (the conformance package among them) reads through the shortened demand.
 */
public class UpgradeAwareHttpConnectionFactory extends HttpConnectionFactory {

    public UpgradeAwareHttpConnectionFactory() {
        super();
    }

    public UpgradeAwareHttpConnectionFactory(HttpConfiguration configuration) {
        super(configuration);
    }

    /** The configuration WebSocket handshakes are served with, made when the connector starts. */
    private volatile HttpConfiguration webSocketConfiguration;

    @Override
    protected void doStart() throws Exception {
        webSocketConfiguration = withoutAggregation(getHttpConfiguration());
        super.doStart();
    }

    /** A copy of {@code configuration} whose output writes every byte through at once. */
    static HttpConfiguration withoutAggregation(HttpConfiguration configuration) {
        HttpConfiguration copy = new HttpConfiguration(configuration);
        copy.setOutputAggregationSize(0);
        return copy;
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        HttpConfiguration forWebSockets = webSocketConfiguration;
        if (forWebSockets == null) {
            forWebSockets = withoutAggregation(getHttpConfiguration()); // a connection made before start
        }
        HttpConnection connection = new UpgradeAwareHttpConnection(getHttpConfiguration(), forWebSockets,
                connector, endPoint);
        connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
        return configure(connection, connector, endPoint);
    }

    private static final class UpgradeAwareHttpConnection extends HttpConnection {
        // No initializers on these: HttpConnection's constructor sets the first two through the
        // factory methods below, and calls getHttpConfiguration(), before this class's field
        // initializers or constructor body would run.
        private RequestHandler requestHandler;
        private boolean upgradeRequested;
        /**
         * The request being served is a WebSocket handshake whose response is not committed yet.
         * Set by the parsing thread, read by the one serving the request, cleared by the one
         * committing its response.
         */
        private volatile boolean webSocketHandshake;
        private final HttpConfiguration webSocketConfiguration;
        /** The connection carries another protocol now (a WebSocket); set once, by startTunnel. */
        private volatile boolean tunnelled;

        UpgradeAwareHttpConnection(HttpConfiguration configuration, HttpConfiguration webSocketConfiguration,
                                   Connector connector, EndPoint endPoint) {
            super(configuration, connector, endPoint);
            this.webSocketConfiguration = webSocketConfiguration;
        }

        @Override
        public HttpConfiguration getHttpConfiguration() {
            return webSocketHandshake ? webSocketConfiguration : super.getHttpConfiguration();
        }

        @Override
        public void startTunnel() {
            super.startTunnel();
            tunnelled = true;
        }

        @Override
        protected HttpStreamOverHTTP1 newHttpStream(String method, String uri, HttpVersion version) {
            return new CommitAwareStream(method, uri, version);
        }

        /**
         * Ends the handshake's own configuration once its response (101 or a refusal) is committed,
         * and skips the second empty read of a demand on a tunnelled connection.
         */
        private final class CommitAwareStream extends HttpStreamOverHTTP1 {
            /**
             * The last read found nothing. Read and demand come from the one thread reading the
             * connection at a time (the input's own lock orders them).
             */
            private boolean lastReadEmpty;

            CommitAwareStream(String method, String uri, HttpVersion version) {
                super(method, uri, version);
            }

            @Override
            public Content.Chunk read() {
                Content.Chunk chunk = super.read();
                lastReadEmpty = chunk == null;
                return chunk;
            }

            @Override
            public void demand() {
                if (tunnelled && lastReadEmpty) {
                    // The read just before found the socket empty; reading it again before asking
                    // the selector would almost always find it empty too.
                    lastReadEmpty = false;
                    asyncReadFillInterested();
                    return;
                }
                super.demand();
            }

            @Override
            public void send(MetaData.Request request, MetaData.Response response, boolean last, ByteBuffer content,
                             Callback callback) {
                if (response != null) {
                    // The output of this request has read its configuration by now; the next
                    // request on this connection, if any, must read the ordinary one.
                    webSocketHandshake = false;
                }
                super.send(request, response, last, content, callback);
            }
        }

        @Override
        protected RequestHandler newRequestHandler() {
            requestHandler = new RequestHandler() {
                @Override
                public void startRequest(String method, String uri, HttpVersion version) {
                    upgradeRequested = false;
                    webSocketHandshake = false;
                    super.startRequest(method, uri, version);
                }

                @Override
                public void parsedHeader(HttpField field) {
                    if (field.getHeader() == HttpHeader.UPGRADE) {
                        upgradeRequested = true;
                        // RFC 6455 §4.2.1: the keyword is case-insensitive.
                        if (field.contains("websocket")) {
                            webSocketHandshake = true;
                        }
                    }
                    super.parsedHeader(field);
                }
            };
            return requestHandler;
        }

        @Override
        protected HttpParser newHttpParser(HttpCompliance compliance) {
            HttpConfiguration configuration = getHttpConfiguration();
            HttpParser parser = new HttpParser(requestHandler, configuration.getRequestHeaderSize(), compliance) {
                @Override
                public boolean hasContent() {
                    return super.hasContent() || upgradeRequested;
                }
            };
            parser.setHeaderCacheSize(configuration.getHeaderCacheSize());
            parser.setHeaderCacheCaseSensitive(configuration.isHeaderCacheCaseSensitive());
            return parser;
        }
    }
}
