package dev.chatsocket.ws.codec;

/**
 * Frame opcodes of RFC 6455 §5.2. Codes 0x3–0x7 and 0xB–0xF are reserved; receiving one fails
 * the connection with 1002 (§5.2: "If an unknown opcode is received, the receiving endpoint MUST
 * _Fail the WebSocket Connection_").
 */
public enum OpCode {
    CONTINUATION(0x0),
    TEXT(0x1),
    BINARY(0x2),
    CLOSE(0x8),
    PING(0x9),
    PONG(0xA);

    private static final OpCode[] BY_CODE = new OpCode[16];

    static {
        for (OpCode op : values()) {
            BY_CODE[op.code] = op;
        }
    }

    private final int code;

    OpCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Control frames have the high bit of the opcode set (§5.5). */
    public boolean isControl() {
        return (code & 0x8) != 0;
    }

    /** Returns the opcode for the four low bits, or {@code null} when the code is reserved. */
    public static OpCode fromCode(int code) {
        return BY_CODE[code & 0xF];
    }
}
