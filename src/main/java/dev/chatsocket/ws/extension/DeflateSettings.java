package dev.chatsocket.ws.extension;

import dev.chatsocket.config.Settings;

/**
 * How this server offers permessage-deflate (RFC 7692), read once per endpoint from
 * {@link Settings}.
 *
 * @param enabled             whether the extension is negotiated at all ({@code CHATSOCKET_DEFLATE})
 * @param noContextTakeover   whether the server answers with {@code server_no_context_takeover} and
 *                            {@code client_no_context_takeover} even when the client did not ask
 *                            (§7.1.1: a server may always add both). Each message is then compressed
 *                            on its own: a broadcast is compressed once for all members, and an idle
 *                            connection holds no compressor or decompressor, at some cost in ratio
 * @param serverMaxWindowBits the largest LZ77 window the server compresses with, 8 to 15
 * @param minSize             messages shorter than this are sent uncompressed
 * @param poolSize            idle compressors (and as many decompressors) kept for reuse per endpoint
 */
public record DeflateSettings(boolean enabled, boolean noContextTakeover, int serverMaxWindowBits,
                              int minSize, int poolSize) {
    public static final int MIN_WINDOW_BITS = 8;
    public static final int MAX_WINDOW_BITS = 15;

    public DeflateSettings {
        if (serverMaxWindowBits < MIN_WINDOW_BITS || serverMaxWindowBits > MAX_WINDOW_BITS) {
            throw new IllegalArgumentException("CHATSOCKET_DEFLATE_SERVER_MAX_WINDOW_BITS must be 8 to 15, not "
                    + serverMaxWindowBits);
        }
        if (serverMaxWindowBits < MAX_WINDOW_BITS && !noContextTakeover) {
            // See PerMessageDeflateNegotiator: a window under 15 bits is kept only without context takeover.
            throw new IllegalArgumentException("CHATSOCKET_DEFLATE_SERVER_MAX_WINDOW_BITS below 15 needs "
                    + "CHATSOCKET_DEFLATE_NO_CONTEXT_TAKEOVER=true");
        }
        if (minSize < 0) {
            throw new IllegalArgumentException("CHATSOCKET_DEFLATE_MIN_SIZE must not be negative");
        }
        if (poolSize < 0) {
            throw new IllegalArgumentException("CHATSOCKET_DEFLATE_POOL_SIZE must not be negative");
        }
    }

    /** permessage-deflate off: no offer is ever accepted. */
    public static final DeflateSettings DISABLED = new DeflateSettings(false, true, MAX_WINDOW_BITS, 0, 0);

    public static DeflateSettings read(Settings settings) {
        return new DeflateSettings(
                settings.flag("CHATSOCKET_DEFLATE", true),
                settings.flag("CHATSOCKET_DEFLATE_NO_CONTEXT_TAKEOVER", true),
                settings.integer("CHATSOCKET_DEFLATE_SERVER_MAX_WINDOW_BITS", MAX_WINDOW_BITS),
                settings.intSize("CHATSOCKET_DEFLATE_MIN_SIZE", 64),
                settings.integer("CHATSOCKET_DEFLATE_POOL_SIZE", 16));
    }
}
