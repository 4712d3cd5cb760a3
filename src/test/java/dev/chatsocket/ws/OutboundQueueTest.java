package dev.chatsocket.ws;

import dev.chatsocket.ws.codec.CloseFrame;
import dev.chatsocket.ws.codec.FrameEncoder;
import dev.chatsocket.ws.codec.OpCode;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.WebConnection;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbound queue against a scripted output stream: frame order (pings and pongs first, the
 * close last), and who closes the connection when a close is asked for while another thread is
 * writing.
 */
class OutboundQueueTest {

    private static byte[] textFrame(String text) {
        return FrameEncoder.encode(OpCode.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** An output stream that is always ready, records bytes, and can hold a flush on a latch. */
    private static final class ScriptedOutput extends ServletOutputStream {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        /** The length of each write, in order. */
        final java.util.List<Integer> writes = new java.util.ArrayList<>();
        volatile CountDownLatch flushEntered;
        volatile CountDownLatch releaseFlush;

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
        }

        @Override
        public void write(int b) {
            written.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            written.write(b, off, len);
            writes.add(len);
        }

        @Override
        public void flush() throws java.io.IOException {
            CountDownLatch entered = flushEntered;
            if (entered != null) {
                flushEntered = null;
                entered.countDown();
                try {
                    releaseFlush.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
            }
        }
    }

    private static final class RecordingConnection implements WebConnection {
        final AtomicReference<Thread> closedBy = new AtomicReference<>();

        @Override
        public ServletInputStream getInputStream() {
            throw new UnsupportedOperationException();
        }

        @Override
        public ServletOutputStream getOutputStream() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
            closedBy.compareAndSet(null, Thread.currentThread());
        }
    }

    private final ScriptedOutput out = new ScriptedOutput();
    private final RecordingConnection connection = new RecordingConnection();
    private final OutboundQueue queue = new OutboundQueue(out, connection, 1 << 20, () -> { }, () -> { },
            ConnectionEvents.NONE);

    @Test
    void pongsOvertakeQueuedDataButTheCloseComesLast() {
        byte[] data = textFrame("data");
        byte[] pong = FrameEncoder.encode(dev.chatsocket.ws.codec.OpCode.PONG, new byte[]{1});
        byte[] close = new CloseFrame(1000, "").encode();
        queue.enqueue(data, false);
        queue.enqueue(close, true);
        queue.enqueue(pong, true);
        queue.closeAfterFlush();
        assertArrayEquals(concat(pong, data, close), out.written.toByteArray());
        assertSame(Thread.currentThread(), connection.closedBy.get());
    }

    @Test
    void closeAskedForDuringAnotherThreadsWriteIsDoneByTheAskingThread() throws Exception {
        CountDownLatch flushEntered = new CountDownLatch(1);
        out.flushEntered = flushEntered;
        out.releaseFlush = new CountDownLatch(1);
        queue.enqueue(textFrame("broadcast"), false);
        Thread writer = new Thread(queue::flush, "other-writer");
        writer.start();
        assertTrue(flushEntered.await(10, TimeUnit.SECONDS), "the other thread is mid-write");

        // The thread that read the peer's close asks for the close while the other one writes.
        Thread reader = new Thread(queue::closeAfterFlush, "connection-callback");
        reader.start();
        reader.join(200);
        assertTrue(reader.isAlive(), "it waits for the other thread to leave its write loop");
        assertEquals(null, connection.closedBy.get());

        out.releaseFlush.countDown();
        reader.join(10_000);
        writer.join(10_000);
        assertFalse(reader.isAlive());
        assertSame(reader, connection.closedBy.get(), "the close runs on the thread that asked for it");
    }

    @Test
    void framesQueuedTogetherGoOutInOneWriteUpToTheGatherLimitAndALargeFrameAlone() {
        byte[] one = textFrame("one");
        byte[] two = textFrame("two");
        byte[] pong = FrameEncoder.encode(OpCode.PONG, new byte[]{1});
        byte[] large = FrameEncoder.encode(OpCode.BINARY, new byte[OutboundQueue.GATHER_LIMIT]);
        byte[] three = textFrame("three");
        queue.enqueue(one, false);
        queue.enqueue(two, false);
        queue.enqueue(pong, true);
        queue.enqueue(large, false);
        queue.enqueue(three, false);
        queue.flush();
        assertArrayEquals(concat(pong, one, two, large, three), out.written.toByteArray(), "in queue order, the pong first");
        assertEquals(java.util.List.of(pong.length + one.length + two.length, large.length, three.length), out.writes,
                "the small frames before the large one in one write; the large one alone; then the rest");
    }

    @Test
    void aGatheredWriteStopsAtTheLimit() {
        byte[] quarter = FrameEncoder.encode(OpCode.BINARY, new byte[OutboundQueue.GATHER_LIMIT / 4 - 4]);
        for (int i = 0; i < 6; i++) {
            queue.enqueue(quarter, false);
        }
        queue.flush();
        assertEquals(java.util.List.of(4 * quarter.length, 2 * quarter.length), out.writes);
        assertEquals(6 * quarter.length, out.written.size());
    }

    /** Counts what the queue reports, as the metrics do. */
    private static final class Counting implements ConnectionEvents {
        final java.util.concurrent.atomic.AtomicLong queued = new java.util.concurrent.atomic.AtomicLong();
        final java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();

        @Override
        public void queuedBytesChanged(long delta) {
            queued.addAndGet(delta);
        }

        @Override
        public void bytesSent(int count) {
            sent.addAndGet(count);
        }
    }

    @Test
    void queuedBytesAreReportedUpAndDownAndEveryWrittenByteIsCounted() {
        Counting events = new Counting();
        OutboundQueue counted = new OutboundQueue(out, connection, 100, () -> { }, () -> { }, events);
        byte[] data = textFrame("data");
        byte[] pong = FrameEncoder.encode(dev.chatsocket.ws.codec.OpCode.PONG, new byte[]{1});
        byte[] tooBig = FrameEncoder.encode(dev.chatsocket.ws.codec.OpCode.BINARY, new byte[100]);
        counted.enqueue(data, false);
        counted.enqueue(pong, true);
        assertFalse(counted.enqueue(tooBig, false), "over the cap");
        assertEquals(data.length + pong.length, events.queued.get(), "queued, the refused frame not counted");

        byte[] close = new CloseFrame(1000, "").encode();
        counted.enqueue(close, true);
        counted.closeAfterFlush();
        assertEquals(0, events.queued.get(), "all written");
        assertEquals(out.written.size(), events.sent.get(), "every byte written, the close frame too");
    }

    @Test
    void whatIsDroppedOrAbortedIsNoLongerQueued() {
        Counting events = new Counting();
        OutboundQueue counted = new OutboundQueue(out, connection, 1 << 20, () -> { }, () -> { }, events);
        counted.enqueue(textFrame("one"), false);
        counted.dropQueuedData();
        assertEquals(0, events.queued.get(), "dropped");
        counted.enqueue(textFrame("two"), false);
        counted.abort();
        assertEquals(0, events.queued.get(), "aborted");
        assertEquals(0, events.sent.get(), "nothing was written");
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }
}
