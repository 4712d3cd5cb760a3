package dev.chatsocket.ws;

import java.time.Duration;

/**
 * What every WebSocket endpoint of one web application shares, handed to the engine once, by
 * {@link WebSocketEngine#install}. Each endpoint's own bounds are its {@link Limits}.
 *
 * @param maxConnections           WebSocket connections open at once, all endpoints together;
 *                                 a handshake past it gets 503
 * @param maxConnectionsPerAddress connections open at once from one client address; past it, 503
 * @param shutdownGrace            how long a stopping application waits for its clients to answer
 *                                 the 1001 close before it drops their connections
 * @param maxHandshakeHeaderBytes  the largest header section a handshake may have; past it, 431
 * @param origins                  which pages may open a WebSocket here
 * @param deflate                  how permessage-deflate is offered
 */
public record EngineSettings(int maxConnections, int maxConnectionsPerAddress, Duration shutdownGrace,
                             long maxHandshakeHeaderBytes, OriginSettings origins, DeflateSettings deflate) {
    public EngineSettings {
        if (maxConnections < 1 || maxConnectionsPerAddress < 1) {
            throw new IllegalArgumentException("the connection caps must be at least 1");
        }
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("the shutdown grace must not be negative");
        }
        if (maxHandshakeHeaderBytes < 1) {
            throw new IllegalArgumentException("the handshake header limit must be at least 1 byte");
        }
    }
}
