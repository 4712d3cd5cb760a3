package dev.chatsocket.ws;

import java.time.Duration;

/**
 * Every bound a connection lives by, in one place.
 *
 * @param maxFramePayload  the largest frame payload accepted; larger closes with 1009
 * @param maxMessageSize   the largest message accepted, counted over its fragments; larger
 *                         closes with 1009 as soon as a frame header declares it
 * @param maxOutboundBytes bytes queued for a client that is not reading; past it the client is
 *                         closed with 1008 and its queue freed
 * @param pingInterval     how long a connection may be silent before the server pings it
 * @param idleTimeout      how long a connection may be silent, pings unanswered, before it is
 *                         closed
 * @param closeTimeout     how long to wait for the peer's close frame, or for a close frame to
 *                         drain, before the TCP connection is dropped
 * @param frameTimeout     how long a frame may take from its first byte to its last; a peer that
 *                         starts a frame and never finishes it (slowloris) is closed with 1008
 */
public record Limits(int maxFramePayload, int maxMessageSize, long maxOutboundBytes,
                     Duration pingInterval, Duration idleTimeout, Duration closeTimeout,
                     Duration frameTimeout) {

    /** The smallest frame payload limit: every endpoint takes a control frame's 125 bytes (§5.5). */
    public static final int MIN_FRAME_PAYLOAD = 125;
    /** The largest frame or message limit: Java arrays hold a little less than 2^31 bytes. */
    public static final int MAX_SIZE = Integer.MAX_VALUE - 16;
    /** The longest frame header, with a 64-bit length and a mask (§5.2). */
    public static final int MAX_FRAME_HEADER = 14;

    public Limits {
        if (maxFramePayload < MIN_FRAME_PAYLOAD || maxFramePayload > MAX_SIZE) {
            throw new IllegalArgumentException("max frame payload out of range: " + maxFramePayload);
        }
        if (maxMessageSize < 1 || maxMessageSize > MAX_SIZE) {
            throw new IllegalArgumentException("max message size out of range: " + maxMessageSize);
        }
        if (maxOutboundBytes < maxMessageSize + (long) MAX_FRAME_HEADER) {
            throw new IllegalArgumentException("max outbound bytes must hold one whole message frame");
        }
        requirePositive(pingInterval, "ping interval");
        requirePositive(idleTimeout, "idle timeout");
        requirePositive(closeTimeout, "close timeout");
        requirePositive(frameTimeout, "frame timeout");
    }

    private static void requirePositive(Duration d, String what) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
    }
}
