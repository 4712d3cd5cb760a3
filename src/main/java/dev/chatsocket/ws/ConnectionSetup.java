package dev.chatsocket.ws;

import dev.chatsocket.ws.extension.PerMessageDeflate;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the upgrade handler needs, handed over by the servlet right after
 * {@code HttpServletRequest.upgrade} returned it: containers create the handler themselves and
 * neither inject into it nor call {@code init} at the same moment, so nothing is left to them.
 * {@code deflate} is {@code null} when permessage-deflate was not negotiated.
 */
record ConnectionSetup(String id, HandshakeInfo handshake, WebSocketEndpoint endpoint, Limits limits,
                       OpenConnections connections, ConnectionSlots.Slot slot, ScheduledExecutorService timers,
                       Duration tickPeriod, PerMessageDeflate deflate, String endpointName, ConnectionEvents events) {
}
