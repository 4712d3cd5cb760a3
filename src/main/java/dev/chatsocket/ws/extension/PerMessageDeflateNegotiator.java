package dev.chatsocket.ws.extension;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Answers a client's permessage-deflate offers (RFC 7692 §5, §7.1) as a pure function of the
 * {@code Sec-WebSocket-Extensions} header: the first offer this server can honour is accepted, the
 * ones before it are declined. An offer that is malformed, names an unknown parameter, names one
 * twice or gives a bad value is declined (§7: "A server MUST decline…"), and the connection then
 * simply opens without compression.
 *
 * <p>What the answer holds:
 * <ul>
 * <li>{@code server_no_context_takeover} when the client asked for it, or always when so configured
 *     (§7.1.1.1: a server may add it on its own).</li>
 * <li>{@code client_no_context_takeover} when so configured or when the client offered it (§7.1.1.2:
 *     a server may always add it); it lets the server give its decompressor back between messages.</li>
 * <li>{@code server_max_window_bits=N}, N the smaller of the client's value and ours, whenever the
 *     client offered the parameter or ours is below 15 (§7.1.2.1). java.util.zip's Deflater always
 *     compresses with a 15-bit window and cannot be told otherwise, so a smaller window is kept the
 *     only way it can be: each message compressed on its own, and only messages of at most 2^N
 *     bytes compressed at all (no back-reference can then reach further than 2^N). With context
 *     takeover the window would span messages, so such an offer is declined.</li>
 * <li>never {@code client_max_window_bits}: the Inflater's 15-bit window reads whatever window the
 *     client uses, so there is nothing to limit (§7.1.2.2 allows leaving it out).</li>
 * </ul>
 */
public final class PerMessageDeflateNegotiator {
    private static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";
    private static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";
    private static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";
    private static final String CLIENT_MAX_WINDOW_BITS = "client_max_window_bits";

    private final boolean noContextTakeover;
    private final int serverMaxWindowBits;

    /**
     * @param noContextTakeover   answer with both {@code *_no_context_takeover} parameters even
     *                            when the client did not ask
     * @param serverMaxWindowBits the largest window the server compresses with, 8 to 15; below 15
     *                            only together with {@code noContextTakeover} (see above)
     */
    public PerMessageDeflateNegotiator(boolean noContextTakeover, int serverMaxWindowBits) {
        this.noContextTakeover = noContextTakeover;
        this.serverMaxWindowBits = serverMaxWindowBits;
    }

    /**
     * @param extensionHeaders every value of the request's {@code Sec-WebSocket-Extensions}
     * @return the agreed parameters, or empty when no offer is accepted
     */
    public Optional<DeflateParameters> negotiate(List<String> extensionHeaders) {
        for (ExtensionOffers.Offer offer : ExtensionOffers.parse(extensionHeaders)) {
            if (DeflateParameters.EXTENSION.equals(offer.name()) && !offer.malformed()) {
                Optional<DeflateParameters> accepted = accept(offer.params());
                if (accepted.isPresent()) {
                    return accepted;
                }
            }
        }
        return Optional.empty();
    }

    private Optional<DeflateParameters> accept(List<ExtensionOffers.Param> params) {
        Set<String> seen = new HashSet<>();
        boolean serverNoContextTakeover = noContextTakeover;
        boolean clientNoContextTakeover = noContextTakeover;
        Integer offeredServerWindow = null;
        for (ExtensionOffers.Param param : params) {
            if (!seen.add(param.name())) {
                return Optional.empty(); // §7: the same parameter twice
            }
            switch (param.name()) {
                case SERVER_NO_CONTEXT_TAKEOVER -> {
                    if (param.value() != null) {
                        return Optional.empty(); // §7.1.1.1: "This extension parameter has no value."
                    }
                    serverNoContextTakeover = true;
                }
                case CLIENT_NO_CONTEXT_TAKEOVER -> {
                    if (param.value() != null) {
                        return Optional.empty();
                    }
                    clientNoContextTakeover = true;
                }
                case SERVER_MAX_WINDOW_BITS -> {
                    // §7.1.2.1: a value is required here, unlike client_max_window_bits.
                    offeredServerWindow = windowBits(param.value());
                    if (offeredServerWindow == null) {
                        return Optional.empty();
                    }
                }
                case CLIENT_MAX_WINDOW_BITS -> {
                    // §7.1.2.2: the value may be absent; when present it must be valid.
                    if (param.value() != null && windowBits(param.value()) == null) {
                        return Optional.empty();
                    }
                }
                default -> {
                    return Optional.empty(); // §7: a parameter not defined for an offer
                }
            }
        }
        int serverWindow = offeredServerWindow == null
                ? serverMaxWindowBits
                : Math.min(offeredServerWindow, serverMaxWindowBits);
        if (serverWindow < DeflateParameters.MAX_WINDOW_BITS && !serverNoContextTakeover) {
            return Optional.empty(); // see the class comment: not a window java.util.zip can keep
        }
        boolean announceWindow = offeredServerWindow != null || serverWindow < DeflateParameters.MAX_WINDOW_BITS;
        return Optional.of(new DeflateParameters(serverNoContextTakeover, clientNoContextTakeover,
                serverWindow, announceWindow));
    }

    /** §7.1.2.1: "a decimal integer value without leading zeroes between 8 to 15, inclusive". */
    private static Integer windowBits(String value) {
        if (value == null || !value.matches("[1-9][0-9]?")) {
            return null;
        }
        int bits = Integer.parseInt(value);
        return bits >= DeflateParameters.MIN_WINDOW_BITS && bits <= DeflateParameters.MAX_WINDOW_BITS ? bits : null;
    }
}
