/**
 * The WebSocket engine (RFC 6455 on the Servlet upgrade API), and the one package an application
 * uses of it: an endpoint's servlet extends {@link dev.chatsocket.ws.WebSocketServlet}, its
 * {@link dev.chatsocket.ws.WebSocketEndpoint} gets {@link dev.chatsocket.ws.Message}s and sends
 * {@link dev.chatsocket.ws.OutboundMessage}s through a {@link dev.chatsocket.ws.WebSocketSession},
 * and the application installs a {@link dev.chatsocket.ws.WebSocketEngine} with its settings
 * records before its servlets start.
 *
 * <p>The implementation behind those types lives here too, package-private: the sans-I/O
 * connection ({@code WebSocketConnection}) and the servlet glue that moves its bytes (upgrade
 * handler, reader, outbound queue, open connections). They use the API types and the servlet base
 * uses them, and Java cannot re-export a type from another package, so in a package of their own
 * they would make a cycle with this one. What needs no API type is below, and knows nothing of
 * this package: {@code ws.codec} (frames, UTF-8, message assembly), {@code ws.handshake} (the
 * opening handshake, the origin policy), {@code ws.extension} (permessage-deflate). The
 * architecture test holds both: no cycle, and the connection free of Servlet types.
 */
package dev.chatsocket.ws;
