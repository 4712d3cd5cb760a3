package dev.chatsocket.ws.extension;

/**
 * The permessage-deflate parameters both sides agreed on (RFC 7692 §7.1), as the server answers
 * them.
 *
 * @param serverNoContextTakeover the server compresses each message on its own (§7.1.1.1)
 * @param clientNoContextTakeover the client compresses each message on its own (§7.1.1.2)
 * @param serverMaxWindowBits     the largest window the server compresses with, 8 to 15 (§7.1.2.1)
 * @param announceServerWindow    whether the answer names {@code server_max_window_bits}: required
 *                                when the client offered it, and whenever it is below 15
 */
public record DeflateParameters(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
                                int serverMaxWindowBits, boolean announceServerWindow) {
    public static final String EXTENSION = "permessage-deflate";
    /** The range of {@code server_max_window_bits} and {@code client_max_window_bits} (§7.1.2). */
    public static final int MIN_WINDOW_BITS = 8;
    public static final int MAX_WINDOW_BITS = 15;

    /** The {@code Sec-WebSocket-Extensions} value of the response. */
    public String responseHeader() {
        StringBuilder header = new StringBuilder(EXTENSION);
        if (serverNoContextTakeover) {
            header.append("; server_no_context_takeover");
        }
        if (clientNoContextTakeover) {
            header.append("; client_no_context_takeover");
        }
        if (announceServerWindow) {
            header.append("; server_max_window_bits=").append(serverMaxWindowBits);
        }
        return header.toString();
    }
}
