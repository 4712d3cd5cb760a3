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
 * connection holds no read buffer at all. So does the {@link ByteBuffer} view of it handed to the
 * protocol, rather than one new view per read.
 */
final class InboundReader implements ReadListener {
    private static final System.Logger LOG = System.getLogger(InboundReader.class.getName());
    private static final int BUFFER_SIZE = 32 * 1024;
    private static final ThreadLocal<ByteBuffer> BUFFERS = ThreadLocal.withInitial(() -> ByteBuffer.allocate(BUFFER_SIZE));

    private final ServletInputStream in;
    private final WebSocketConnection connection;

    InboundReader(ServletInputStream in, WebSocketConnection connection) {
        this.in = in;
        this.connection = connection;
    }

    @Override
    public void onDataAvailable() throws IOException {
        ByteBuffer buffer = BUFFERS.get();
        byte[] bytes = buffer.array();
        // Once the connection is CLOSED nothing more is read: what the peer sends is discarded
        // anyway (RFC 6455 §7.1.7), and one more isReady() would ask the container to wait for
        // input. On Jetty that leaves a read demand pending, which Jetty fails when the connection
        // ends, on a thread of its own: a new thread for each closed connection whenever none of its
        // reserved threads is free.
        while (!connection.isClosed() && in.isReady()) {
            int n = in.read(bytes);
            if (n < 0) {
                connection.abort();
                return;
            }
            if (n > 0) {
                connection.receive(buffer.clear().limit(n));
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
