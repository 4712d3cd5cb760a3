package dev.chatsocket.ws;

/**
 * Where the protocol's bytes go: the servlet layer implements it over the upgraded connection's
 * output stream. {@link #enqueue} only queues; nothing here may block or call back into the
 * connection.
 */
interface Transport {
    /**
     * Queues an encoded frame. Pings and pongs go ahead of queued data frames (a pong must not
     * wait behind a backlog); a close frame goes behind them, as the last frame of the
     * connection. A frame is never split or interleaved.
     *
     * @return false when the frame would push the queue past its byte limit: data frames and
     *         ping/pong frames have separate limits; a close frame is always taken
     */
    boolean enqueue(byte[] frame, boolean control);

    /** Frees the data, ping and pong frames not yet written, before a close frame is queued. */
    void dropQueuedData();

    /** Starts writing what is queued, unless a write is already under way. */
    void flush();

    /** Closes the TCP connection once everything queued so far has been written. */
    void closeAfterFlush();

    /** Closes the TCP connection now and frees whatever is still queued. */
    void abort();
}
