package dev.chatsocket.chat.stored;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatsocket.chat.room.FakeSession;
import dev.chatsocket.chat.room.TextFrames;
import dev.chatsocket.ws.OutboundMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store's worker writes what its tasks queued for connections once the tasks waiting behind
 * them have run (a burst of joins: one write per connection), as the task ends when nothing
 * waits, and never later than {@link RoomWorker#MAX_HELD_TASKS} tasks on.
 */
class RoomWorkerTest {
    private final RoomWorker worker = new RoomWorker("test-worker", 1000);
    private final FakeSession session = new FakeSession("s");

    @AfterEach
    void stop() throws InterruptedException {
        runToTheEnd();
    }

    /**
     * Lets the worker run every task to its end and stop. A task's future completes before the
     * worker's after-task step, which is where held flushes are written; termination comes after it.
     */
    private void runToTheEnd() throws InterruptedException {
        worker.shutdown();
        assertTrue(worker.awaitTermination(10, TimeUnit.SECONDS));
    }

    /** A frame that the fake session shows as {@code typing u:<text>}. */
    private static OutboundMessage frame(String text) {
        return new TextFrames().typing("u", text);
    }

    /** A task's frame, flushed through the worker. */
    private Runnable queueAndFlush(String text) {
        return () -> {
            session.enqueue(frame(text));
            worker.flush(List.of(session));
        };
    }

    /** Holds the worker on a first task until released, so that the tasks after it are all queued. */
    private CountDownLatch blockWorker() {
        CountDownLatch release = new CountDownLatch(1);
        worker.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return release;
    }

    @Test
    void aTaskWithNothingQueuedBehindItIsWrittenAsItEnds() throws Exception {
        List<String> writtenInsideTheTask = new ArrayList<>();
        worker.execute(() -> {
            queueAndFlush("alone").run();
            writtenInsideTheTask.addAll(session.written());
        });
        runToTheEnd();

        assertEquals(List.of(), writtenInsideTheTask, "not written under whatever the task holds");
        assertEquals(List.of("typing u:alone"), session.written(), "written as the task ended");
    }

    @Test
    void consecutiveTasksAreWrittenTogetherOnceTheLastHasRun() throws Exception {
        CountDownLatch release = blockWorker();
        worker.execute(queueAndFlush("first join"));
        List<String> writtenWhenTheSecondRan = new ArrayList<>();
        worker.execute(() -> writtenWhenTheSecondRan.addAll(session.written()));
        worker.execute(queueAndFlush("second join"));
        release.countDown();
        runToTheEnd();

        assertEquals(List.of(), writtenWhenTheSecondRan, "the first task's frame waited for the tasks queued behind it");
        assertEquals(List.of("typing u:first join", "typing u:second join"), session.written(), "both written, in order, by the end");
    }

    @Test
    void aLongBurstIsWrittenEveryMaxHeldTasks() throws Exception {
        CountDownLatch release = blockWorker();
        int tasks = RoomWorker.MAX_HELD_TASKS + 8;
        List<Integer> writtenBeforeEachTask = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            Runnable work = queueAndFlush("join " + i);
            worker.execute(() -> {
                writtenBeforeEachTask.add(session.written().size());
                work.run();
            });
        }
        release.countDown();
        runToTheEnd();

        assertEquals(0, writtenBeforeEachTask.get(RoomWorker.MAX_HELD_TASKS - 1), "held up to the limit");
        assertEquals(RoomWorker.MAX_HELD_TASKS, writtenBeforeEachTask.get(RoomWorker.MAX_HELD_TASKS),
                "written once the limit was reached, though more was queued");
        assertEquals(tasks, session.written().size(), "the rest written when the queue emptied");
    }

    @Test
    void aFlushFromAnotherThreadIsNotHeld() throws Exception {
        CountDownLatch release = blockWorker();
        worker.execute(() -> { });
        try {
            session.enqueue(frame("delivered"));
            worker.flush(List.of(session));

            assertEquals(List.of("typing u:delivered"), session.written());
        } finally {
            release.countDown();
        }
    }
}
