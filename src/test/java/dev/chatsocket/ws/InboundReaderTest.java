package dev.chatsocket.ws;

import dev.chatsocket.testsupport.ClientFrames;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * How the reader drives the container's input: it reads while {@code isReady()} says so, as the
 * Servlet API requires before it calls {@code onDataAvailable} again, and stops asking once the
 * connection is closed.
 */
class InboundReaderTest {

    /** Serves one chunk per read; ready while chunks are left; counts how often it was asked. */
    private static final class ChunkedInput extends ServletInputStream {
        final Queue<byte[]> chunks = new ArrayDeque<>();
        int readyChecks;

        ChunkedInput(byte[]... chunks) {
            this.chunks.addAll(List.of(chunks));
        }

        @Override
        public boolean isReady() {
            readyChecks++;
            return !chunks.isEmpty();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            byte[] chunk = chunks.remove();
            System.arraycopy(chunk, 0, b, off, chunk.length);
            return chunk.length;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("the reader reads into its buffer");
        }

        @Override
        public boolean isFinished() {
            return false;
        }

        @Override
        public void setReadListener(ReadListener listener) {
        }
    }

    @Test
    void anOpenConnectionReadsUntilTheContainerHasNothingMore() throws IOException {
        Harness h = new Harness();
        ChunkedInput in = new ChunkedInput(ClientFrames.text("a"), ClientFrames.text("b"));
        new InboundReader(in, h.connection).onDataAvailable();
        assertEquals(2, h.endpoint.messages.size());
        assertEquals(3, in.readyChecks, "asked until isReady() said false, so that onDataAvailable comes again");
    }

    @Test
    void afterThePeersCloseIsAnsweredTheReaderAsksForNothingMore() throws IOException {
        // On Jetty one more isReady() would leave a read demand that Jetty fails, when the
        // connection ends, on a thread of its own.
        Harness h = new Harness();
        ChunkedInput in = new ChunkedInput(ClientFrames.text("a"), ClientFrames.close(1000, "bye"), ClientFrames.text("late"));
        new InboundReader(in, h.connection).onDataAvailable();
        h.assertSentOneClose(1000);
        assertEquals(2, in.readyChecks, "no isReady() after the close frame");
        assertEquals(1, in.chunks.size(), "what came after the close is not read");
        assertEquals(1, h.endpoint.messages.size());
    }

    @Test
    void aConnectionFailedForAProtocolErrorStopsReadingToo() throws IOException {
        Harness h = new Harness();
        byte[] reservedOpCode = ClientFrames.frame(true, 0, 0x3, new byte[0]);
        ChunkedInput in = new ChunkedInput(reservedOpCode, ClientFrames.text("late"));
        new InboundReader(in, h.connection).onDataAvailable();
        h.assertSentOneClose(1002);
        assertEquals(1, in.readyChecks);
        assertEquals(1, in.chunks.size());
    }
}
