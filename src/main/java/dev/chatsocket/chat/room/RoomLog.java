package dev.chatsocket.chat.room;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The port between a {@link Room} and where its history lives: one room's log of messages and
 * presence events, in one order that every node delivers alike. An implementation appends, and
 * delivers what was appended to the {@link LogListener} watching it, entry by entry in log order,
 * each entry once, from one thread at a time (this node's memory delivers as it appends; Redis
 * delivers from its stream reader).
 *
 * <p>The blocking calls are made on the backend's worker ({@link RoomBackend#submit}), never on a
 * container thread; posts and renames are asynchronous and are appended in the order they were
 * issued. Calls are never made while the room holds its lock, so an implementation may deliver
 * from inside any of them. Every call may fail with {@link StoreUnavailableException}.
 */
public interface RoomLog {

    /** Lists a member and appends its join event. Blocking. */
    JoinReply join(String uid, String nick);

    /**
     * Appends a message, unless the room's epoch is no longer {@code epoch} or the sender's
     * {@code ref} (when not {@code null}) was stored already.
     */
    CompletionStage<PostOutcome> post(String epoch, String uid, String nick, String text, String ref, long nowMillis);

    /** Renames a listed member and appends its nick event, in order with its posts. */
    CompletionStage<Void> rename(String uid, String nick);

    /** Unlists a member and appends its leave event, once. Blocking. */
    void leave(String uid, String nick);

    /**
     * Keeps this node's members listed: a store shared by nodes forgets members whose node stopped
     * refreshing them, with a leave event. Blocking.
     *
     * @return the room's epoch as the store has it, {@code ""} when it has none
     */
    String heartbeat(String epoch, List<Listed> members);

    /** The newest entry's position, {@link Position#ZERO} for an empty log. Blocking. */
    Position end();

    /** The oldest message id still retained, {@code lastId + 1} when none is. Blocking. */
    long firstRetained(long lastId);

    /** The entries after {@code after} (exclusive) up to {@code upTo} (inclusive), oldest first. Blocking. */
    List<Entry> range(Position after, Position upTo);

    /** The newest {@code count} messages, oldest first; none when the store cannot be reached. */
    List<ChatMessage> recent(int count);

    /**
     * Up to {@code limit} messages with ids below {@code before}, oldest first, from wherever the
     * log keeps its oldest messages (a database, or only its live window), and whether older ones
     * are kept still. Blocking.
     */
    OlderPage older(long before, int limit);

    /** The room's epoch when one is stored. */
    Optional<String> storedEpoch();

    /** Starts delivering entries after {@link LogListener#position()} to {@code listener}. */
    void watch(LogListener listener);

    /** Stops delivering to {@code listener}. */
    void forget(LogListener listener);
}
