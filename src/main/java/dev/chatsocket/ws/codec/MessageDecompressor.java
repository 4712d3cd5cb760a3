package dev.chatsocket.ws.codec;

import java.util.List;

/**
 * Undoes a negotiated compression extension on one message whose first frame had RSV1 set
 * (RFC 7692 §6: "the message is compressed").
 */
public interface MessageDecompressor {
    /**
     * @param compressed the payloads of the message's frames, in order
     * @param maxSize    the largest message allowed once decompressed
     * @throws ProtocolException 1009 as soon as the output passes {@code maxSize}; 1007 when the
     *                           data cannot be decompressed
     */
    byte[] decompress(List<byte[]> compressed, int maxSize) throws ProtocolException;
}
