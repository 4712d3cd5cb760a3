package dev.chatsocket.ws;

import dev.chatsocket.ws.extension.DeflateParameters;

/**
 * How this server offers permessage-deflate (RFC 7692), the same for every endpoint of the
 * application.
 *
 * @param enabled             whether the extension is negotiated at all
 * @param noContextTakeover   whether the server answers with {@code server_no_context_takeover} and
 *                            {@code client_no_context_takeover} even when the client did not ask
 *                            (§7.1.1: a server may always add both). Each message is then compressed
 *                            on its own: a broadcast is compressed once for all members, and an idle
 *                            connection holds no compressor or decompressor, at some cost in ratio
 * @param serverMaxWindowBits the largest LZ77 window the server compresses with, 8 to 15; below 15
 *                            only without context takeover, since java.util.zip cannot compress
 *                            with a smaller window and the limit is kept by compressing only
 *                            messages that fit in it, each on its own
 * @param minSize             messages shorter than this are sent uncompressed
 * @param poolSize            idle compressors (and as many decompressors) kept for reuse per endpoint
 */
public record DeflateSettings(boolean enabled, boolean noContextTakeover, int serverMaxWindowBits,
                              int minSize, int poolSize) {
    public static final int MIN_WINDOW_BITS = DeflateParameters.MIN_WINDOW_BITS;
    public static final int MAX_WINDOW_BITS = DeflateParameters.MAX_WINDOW_BITS;

    public DeflateSettings {
        if (serverMaxWindowBits < MIN_WINDOW_BITS || serverMaxWindowBits > MAX_WINDOW_BITS) {
            throw new IllegalArgumentException("the server's window is 8 to 15 bits, not " + serverMaxWindowBits);
        }
        if (serverMaxWindowBits < MAX_WINDOW_BITS && !noContextTakeover) {
            throw new IllegalArgumentException("a window under 15 bits needs no context takeover");
        }
        if (minSize < 0) {
            throw new IllegalArgumentException("the minimum size to compress must not be negative");
        }
        if (poolSize < 0) {
            throw new IllegalArgumentException("the pool size must not be negative");
        }
    }
}
