package dev.chatsocket.ws.codec;

/**
 * Checks that need more than one frame's view (message order, message size, UTF-8 across
 * fragments) hooked into the parser, so that they run as early as the bytes allow: on the header
 * before any payload is allocated, and on each chunk of payload as it arrives, which is what makes
 * invalid UTF-8 fail fast in the middle of a frame.
 */
public interface FrameInspector {
    /** Called once the header is complete and has passed the parser's own checks. */
    void onHeader(FrameHeader header) throws ProtocolException;

    /** Called for each unmasked chunk of payload, {@code payload[from, to)}. */
    void onPayload(FrameHeader header, byte[] payload, int from, int to) throws ProtocolException;

    FrameInspector NONE = new FrameInspector() {
        @Override
        public void onHeader(FrameHeader header) {
        }

        @Override
        public void onPayload(FrameHeader header, byte[] payload, int from, int to) {
        }
    };
}
