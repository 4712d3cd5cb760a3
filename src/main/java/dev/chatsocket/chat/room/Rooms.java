package dev.chatsocket.chat.room;

import dev.chatsocket.chat.moderation.MessageChanges;
import dev.chatsocket.chat.moderation.ModerationRequest;
import dev.chatsocket.chat.moderation.Sanction;
import dev.chatsocket.identity.Role;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The rooms of this node, created on first join and forgotten once empty for the idle time. At
 * most {@link RoomLimits#maxRooms()} exist at once; past that a join for a new room is refused
 * until idle ones are swept.
 */
public final class Rooms {
    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final RoomBackend backend;
    private final RoomFrames frames;
    private final RoomLimits limits;
    private final MessageChanges changes;
    private final Duration presenceGrace;
    private final LongSupplier clock;

    /**
     * @param changes       who may edit and delete which messages, and until when
     * @param presenceGrace how long a person's last connection may be gone before they leave
     * @param clock         epoch milliseconds
     */
    public Rooms(RoomBackend backend, RoomFrames frames, RoomLimits limits, MessageChanges changes, Duration presenceGrace,
                 LongSupplier clock) {
        this.backend = backend;
        this.frames = frames;
        this.limits = limits;
        this.changes = changes;
        this.presenceGrace = presenceGrace;
        this.clock = clock;
    }

    /** The room of that name, created when needed; empty when the room limit is reached. */
    public Optional<Room> open(String name) {
        Room room = rooms.get(name);
        if (room != null) {
            return Optional.of(room);
        }
        if (rooms.size() >= limits.maxRooms()) {
            sweep();
            if (rooms.size() >= limits.maxRooms()) {
                return Optional.empty();
            }
        }
        return Optional.of(rooms.computeIfAbsent(name,
                n -> new Room(n, backend.open(n), backend, frames, limits, changes, presenceGrace, clock)));
    }

    /**
     * Joins {@code member} to the room of that name, looking the room up again when it was retired
     * between lookup and join.
     *
     * @return the room joined, or empty with the reason the endpoint refuses the connection
     */
    public JoinResult join(String name, Member member, Resume resume) {
        while (true) {
            Optional<Room> found = open(name);
            if (found.isEmpty()) {
                return new JoinResult(null, "too many rooms");
            }
            switch (found.get().join(member, resume)) {
                case JOINED -> {
                    return new JoinResult(found.get(), null);
                }
                case FULL -> {
                    return new JoinResult(null, "the room is full");
                }
                case RETIRED -> {
                    // Swept between lookup and join: look it up again, which creates a new one.
                }
            }
        }
    }

    /**
     * Posts a message with no member behind it (the HTTP API's; see {@link Room#publish}), opening
     * the room on this node when needed, and looking it up again when it was retired meanwhile.
     *
     * @return empty when the room is not open here and the room limit is reached
     */
    public Optional<CompletionStage<PostOutcome>> publish(String name, String uid, String nick, String text, String ref) {
        while (true) {
            Optional<Room> found = open(name);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            Optional<CompletionStage<PostOutcome>> published = found.get().publish(uid, nick, text, ref);
            if (published.isPresent()) {
                return published;
            }
        }
    }

    /** A join's outcome: the room, or why there is none. */
    public record JoinResult(Room room, String refusal) {
    }

    /**
     * A moderation in the room of that name, opened here when nobody is in it (the log stores the
     * sanction and appends the entry, which the nodes with members deliver); see {@link Room#moderate}.
     */
    public CompletionStage<ModerationOutcome> moderate(String name, Moderator moderator, ModerationRequest request) {
        return open(name).map(room -> room.moderate(moderator, request))
                .orElseGet(() -> CompletableFuture.completedFuture(ModerationOutcome.UNAVAILABLE));
    }

    /** The ban on {@code uid} in that room that binds someone with {@code roles} now, from the store. */
    public Optional<Sanction> ban(String name, String uid, Set<Role> roles) {
        long now = clock.getAsLong();
        return backend.ban(name, uid, now).filter(ban -> ban.holdsAgainst(roles, now));
    }

    /** Whether a join to this room could be taken now (checked again when it happens). */
    public boolean hasRoomFor(String name) {
        Room room = rooms.get(name);
        if (room != null) {
            return room.memberCount() < limits.maxRoomMembers();
        }
        if (rooms.size() >= limits.maxRooms()) {
            sweep();
        }
        return rooms.size() < limits.maxRooms();
    }

    /**
     * Deletes a message with a moderator's power for {@code by} (an API key's name): see
     * {@link Room#deleteAs}. Opens the room on this node when nobody is in it here; fails with
     * {@link StoreUnavailableException} when too many rooms are open.
     */
    public CompletionStage<PostOutcome> delete(String name, String by, long target, String ref) {
        Optional<Room> room = open(name);
        if (room.isEmpty()) {
            return CompletableFuture.failedFuture(new StoreUnavailableException("too many rooms are open", null));
        }
        return room.get().deleteAs(by, target, ref);
    }

    /** The newest messages of a room, oldest first; none when the room has no stored history. */
    public List<ChatMessage> recent(String name, int count) {
        Room room = rooms.get(name);
        return room == null ? backend.storedRecent(name, count) : room.recent(count);
    }

    /** The epoch of a room's history, or empty when the room has none yet. */
    public Optional<String> epoch(String name) {
        Room room = rooms.get(name);
        return room == null ? backend.storedEpoch(name) : Optional.of(room.epoch());
    }

    public int roomCount() {
        return rooms.size();
    }

    /** Members across all rooms. */
    public int memberCount() {
        return rooms.values().stream().mapToInt(Room::memberCount).sum();
    }

    /** Members in one room. */
    public int memberCount(String name) {
        Room room = rooms.get(name);
        return room == null ? 0 : room.memberCount();
    }

    /** Lets the people whose presence grace is over leave; see {@link Room#releaseDeparted}. */
    public void releaseDeparted() {
        long now = clock.getAsLong();
        rooms.values().forEach(room -> room.releaseDeparted(now));
    }

    /**
     * How often {@link #releaseDeparted} should run: a quarter of the grace, between 50 ms and 1 s,
     * so that a leave comes at most that late after the grace.
     */
    public Duration departureCheckPeriod() {
        long quarter = presenceGrace.toMillis() / 4;
        return Duration.ofMillis(Math.max(50, Math.min(1000, quarter)));
    }

    /** Forgets the rooms that have been idle long enough. */
    public void sweep() {
        long now = clock.getAsLong();
        rooms.forEach((name, room) -> {
            if (room.retireIfIdle(now)) {
                rooms.remove(name, room);
            }
        });
    }
}
