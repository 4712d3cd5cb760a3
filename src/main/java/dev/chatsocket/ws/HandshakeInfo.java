package dev.chatsocket.ws;

import java.util.List;
import java.util.Map;

/**
 * The parts of the opening handshake an application may want after the upgrade: the servlet
 * request object itself must not be used once the connection is upgraded.
 *
 * @param path        the request path inside the web application
 * @param parameters  the query parameters
 * @param subprotocol the negotiated subprotocol, or {@code null}
 */
public record HandshakeInfo(String path, Map<String, List<String>> parameters, String remoteAddress,
                            String origin, String subprotocol) {
}
