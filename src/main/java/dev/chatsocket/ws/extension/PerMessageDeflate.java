package dev.chatsocket.ws.extension;

import dev.chatsocket.ws.codec.CloseStatus;
import dev.chatsocket.ws.codec.FrameEncoder;
import dev.chatsocket.ws.codec.FrameHeader;
import dev.chatsocket.ws.codec.MessageDecompressor;
import dev.chatsocket.ws.codec.MessageFrames;
import dev.chatsocket.ws.codec.ProtocolException;

import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * permessage-deflate (RFC 7692) on one connection, once negotiated: which frame goes out for a
 * message, and how a compressed message coming in is decompressed.
 *
 * <p>Without context takeover on a side, that side's compressor (or decompressor) is borrowed
 * from the endpoint's {@link ZlibPool} for one message and given back, so an idle connection
 * holds none; the compressed frame then depends on the message alone and is shared by every
 * connection (see {@link MessageFrames#sharedFrame}). With context takeover the connection keeps
 * its own, made on first use, because its window carries over to the next message (§7.2.1,
 * §7.2.2). {@link #end()} frees the native memory of what it keeps; call it when the connection
 * closes.
 */
public final class PerMessageDeflate implements MessageDecompressor {
    private final DeflateParameters parameters;
    private final ZlibPool pool;
    private final int minSize;
    /** §7.1.2.1 with a window under 15 bits: see {@link PerMessageDeflateNegotiator}. */
    private final int maxCompressible;

    private final Object deflateLock = new Object();
    private final Object inflateLock = new Object();
    private Deflater ownDeflater;
    private Inflater ownInflater;
    private volatile boolean ended;

    public PerMessageDeflate(DeflateParameters parameters, ZlibPool pool, int minSize) {
        this.parameters = parameters;
        this.pool = pool;
        this.minSize = minSize;
        this.maxCompressible = parameters.serverMaxWindowBits() < DeflateParameters.MAX_WINDOW_BITS
                ? 1 << parameters.serverMaxWindowBits()
                : Integer.MAX_VALUE;
    }

    /**
     * The frame to send for {@code message}: compressed, with RSV1 set on it (§6), or the plain
     * frame when the message is below the minimum size, above what the window allows, or (without
     * context takeover) would not get smaller. With context takeover a message is always sent
     * compressed once it is worth compressing, since the compressor's window already holds it.
     * Call in the order the frames are queued.
     */
    public byte[] frameOf(MessageFrames message) {
        int length = message.payload().length;
        if (length == 0 || length < minSize || length > maxCompressible) {
            return message.plainFrame();
        }
        if (parameters.serverNoContextTakeover()) {
            return message.sharedFrame(this::compressAlone);
        }
        synchronized (deflateLock) {
            if (ended) {
                return message.plainFrame(); // closed meanwhile; the frame will not be sent
            }
            if (ownDeflater == null) {
                ownDeflater = ZlibPool.newDeflater();
            }
            return compressedFrame(message, Deflate.compress(ownDeflater, message.payload()));
        }
    }

    private byte[] compressAlone(MessageFrames message) {
        Deflater deflater = pool.borrowDeflater();
        byte[] compressed;
        try {
            compressed = Deflate.compress(deflater, message.payload());
        } finally {
            pool.release(deflater);
        }
        return compressed.length < message.payload().length
                ? compressedFrame(message, compressed)
                : message.plainFrame();
    }

    private static byte[] compressedFrame(MessageFrames message, byte[] compressed) {
        return FrameEncoder.encode(true, FrameHeader.RSV1, message.type(), compressed, 0, compressed.length);
    }

    @Override
    public byte[] decompress(List<byte[]> compressed, int maxSize) throws ProtocolException {
        if (parameters.clientNoContextTakeover()) {
            Inflater inflater = pool.borrowInflater();
            try {
                return Deflate.decompress(inflater, compressed, maxSize);
            } finally {
                pool.release(inflater);
            }
        }
        synchronized (inflateLock) {
            if (ended) {
                throw new ProtocolException(CloseStatus.GOING_AWAY, "connection closed");
            }
            if (ownInflater == null) {
                ownInflater = ZlibPool.newInflater();
            }
            byte[] message = Deflate.decompress(ownInflater, compressed, maxSize);
            if (ownInflater.finished()) {
                // The client ended its DEFLATE stream with a final block (§7.2.3.5): its next
                // message starts a new stream. java.util.zip cannot carry the window into it, so a
                // client that still refers back past such a message fails with 1007.
                ownInflater.reset();
            }
            return message;
        }
    }

    /** Ends the compressor and decompressor this connection kept; safe to call more than once. */
    public void end() {
        ended = true;
        synchronized (deflateLock) {
            if (ownDeflater != null) {
                ownDeflater.end();
                ownDeflater = null;
            }
        }
        synchronized (inflateLock) {
            if (ownInflater != null) {
                ownInflater.end();
                ownInflater = null;
            }
        }
    }
}
