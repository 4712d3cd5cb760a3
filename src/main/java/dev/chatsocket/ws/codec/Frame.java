package dev.chatsocket.ws.codec;

/** A whole, unmasked frame as the parser hands it on. */
public record Frame(FrameHeader header, byte[] payload) {
    public OpCode opCode() {
        return header.opCode();
    }

    public boolean fin() {
        return header.fin();
    }
}
