package dev.chatsocket.chat.room;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.Queue;

/**
 * A backend whose worker runs only when the test says so ({@link #runAll()}), so a test decides
 * what happens between a join being asked for and being done. Holds at most {@code capacity} tasks.
 */
final class ManualWorker implements RoomBackend {
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private final RoomLog log;
    private final int capacity;

    ManualWorker(RoomLog log, int capacity) {
        this.log = log;
        this.capacity = capacity;
    }

    /** Runs every waiting task, and those they submit, in order. */
    void runAll() {
        Runnable task;
        while ((task = poll()) != null) {
            task.run();
        }
    }

    private synchronized Runnable poll() {
        return tasks.poll();
    }

    @Override
    public RoomLog open(String room) {
        return log;
    }

    @Override
    public synchronized boolean submit(Runnable task) {
        if (tasks.size() >= capacity) {
            return false;
        }
        tasks.add(task);
        return true;
    }

    @Override
    public List<ChatMessage> storedRecent(String room, int count) {
        return List.of();
    }

    @Override
    public Optional<String> storedEpoch(String room) {
        return Optional.empty();
    }

    /** The fake log's bans. */
    @Override
    public Optional<dev.chatsocket.chat.moderation.Sanction> ban(String room, String uid, long nowMillis) {
        return log.sanctions(nowMillis).stream()
                .filter(s -> s.kind() == dev.chatsocket.chat.moderation.Sanction.Kind.BAN && s.uid().equals(uid)).findFirst();
    }

    @Override
    public void close() {
    }
}
