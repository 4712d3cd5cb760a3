package dev.chatsocket.ws;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;

/**
 * Feeds the bytes the container has for one connection into its protocol, reading only while
 * {@link ServletInputStream#isReady()} so that no thread ever waits for a client. The read buffer
 * belongs to the thread, not the connection: the parser copies what it keeps, so an idle
 * connection holds no read buffer at all.
 */
final class InboundReader implements ReadListener {
    private static final System.Logger LOG = System.getLogger(InboundReader.class.getName());
    private static final int BUFFER_SIZE = 32 * 1024;
    private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(() -> new byte[BUFFER_SIZE]);

    private final ServletInputStream in;
    private final WebSocketConnection connection;

    InboundReader(ServletInputStream in, WebSocketConnection connection) {
        this.in = in;
        this.connection = connection;
    }

    @Override
    public void onDataAvailable() throws IOException {
        byte[] buffer = BUFFERS.get();
        while (in.isReady()) {
            int n = in.read(buffer);
            if (n < 0) {
                connection.abort();
                return;
            }
            if (n > 0) {
                connection.receive(ByteBuffer.wrap(buffer, 0, n));
            }
        }
    }

    @Override
    public void onAllDataRead() {
        connection.abort();
    }

    @Override
    public void onError(Throwable failure) {
        LOG.log(Level.DEBUG, "{0}: read failed: {1}", connection.id(), failure.toString());
        connection.abort();
    }
}
