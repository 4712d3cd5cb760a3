package dev.chatsocket.launcher;

import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * Jetty's HTTP/1.1 connection factory, with one fix so that {@code HttpServletRequest.upgrade}
 * works for browsers.
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
 */
public class UpgradeAwareHttpConnectionFactory extends HttpConnectionFactory {

    public UpgradeAwareHttpConnectionFactory() {
        super();
    }

    public UpgradeAwareHttpConnectionFactory(HttpConfiguration configuration) {
        super(configuration);
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        HttpConnection connection = new UpgradeAwareHttpConnection(getHttpConfiguration(), connector, endPoint);
        connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
        return configure(connection, connector, endPoint);
    }

    private static final class UpgradeAwareHttpConnection extends HttpConnection {
        // No initializers on these two: HttpConnection's constructor sets them through the
        // factory methods below, before this class's field initializers would run.
        private RequestHandler requestHandler;
        private boolean upgradeRequested;

        UpgradeAwareHttpConnection(HttpConfiguration configuration, Connector connector, EndPoint endPoint) {
            super(configuration, connector, endPoint);
        }

        @Override
        protected RequestHandler newRequestHandler() {
            requestHandler = new RequestHandler() {
                @Override
                public void startRequest(String method, String uri, HttpVersion version) {
                    upgradeRequested = false;
                    super.startRequest(method, uri, version);
                }

                @Override
                public void parsedHeader(HttpField field) {
                    if (field.getHeader() == HttpHeader.UPGRADE) {
                        upgradeRequested = true;
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
