package dev.chatsocket.chat.stored;

import dev.chatsocket.ws.WebSocketSession;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The database store's worker: one thread that runs the rooms' blocking work (joins, leaves,
 * heartbeats, pages) in the order asked for, and that writes what that work queued for
 * connections when a task is over, and once a burst of tasks is over rather than after each.
 *
 * <p>Why: each join delivers its {@code presence} to every member of the room, and a flush per
 * member per join is one socket write each (a system call and the container's whole write path).
 * Filling a room of 5,000 people is then 12.5 million writes of one small frame. Held while more
 * work is waiting, the frames of consecutive joins leave in one gathered write per member: the
 * same frames, in the same order (they are queued at once; only the write waits), with far fewer
 * writes. A quiet room sees no delay: with nothing else queued, a task's flushes happen as it
 * ends. Under a steady stream of work the wait is bounded by {@link #MAX_HELD_TASKS} tasks. Held
 * to the end of its task, a write also never happens under a lock the task holds (a join delivers
 * its presence from inside the room log's lock).
 */
final class RoomWorker extends ThreadPoolExecutor {
    /** The most tasks whose flushes wait for the ones after them. */
    static final int MAX_HELD_TASKS = 32;

    /** Sessions this worker's tasks queued frames for and asked to flush, not yet flushed; the worker thread's alone. */
    private final Set<WebSocketSession> held = new LinkedHashSet<>();
    private int tasksHeld;
    private volatile Thread thread;

    RoomWorker(String name, int capacity) {
        super(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(capacity));
        setThreadFactory(task -> {
            Thread worker = new Thread(task, name);
            worker.setDaemon(true);
            thread = worker;
            return worker;
        });
    }

    /**
     * Flushes {@code sessions} now, or, called by a task on this worker, when that task ends, and
     * when more tasks are waiting then, once those have run (at most {@link #MAX_HELD_TASKS} later).
     */
    void flush(Collection<WebSocketSession> sessions) {
        if (Thread.currentThread() == thread) {
            held.addAll(sessions);
        } else {
            sessions.forEach(WebSocketSession::flush);
        }
    }

    @Override
    protected void afterExecute(Runnable task, Throwable failure) {
        if (held.isEmpty()) {
            return;
        }
        if (++tasksHeld >= MAX_HELD_TASKS || getQueue().isEmpty()) {
            tasksHeld = 0;
            // Cleared before flushing: a flush that throws must not leave sessions held for ever.
            WebSocketSession[] sessions = held.toArray(new WebSocketSession[0]);
            held.clear();
            for (WebSocketSession session : sessions) {
                session.flush();
            }
        }
    }
}
