package dev.chatsocket.chat.room;

import dev.chatsocket.chat.moderation.MessageChanges;
import dev.chatsocket.chat.moderation.Sanction;

import java.time.Duration;
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
 * container thread; posts, edits and deletes ({@link #change}) and renames are asynchronous and
 * are appended in the order they were issued. Calls are never made while the room holds its lock, so an implementation may deliver
 * from inside any of them. Every call may fail with {@link StoreUnavailableException}.
 *
 * <p>People, not connections: a log lists a person (a uid) while any node holds them. A node holds
 * a person from its first {@link #join} of them until its {@link #leave} of them (the room calls
 * join for every connection, and leave once, when the person's last connection here has been
 * gone for the presence grace), or until its holds expire because it stopped sending heartbeats.
 * A {@code join} event is appended only when nobody listed the person, a {@code leave} only when
 * the last hold on them is gone, each exactly once.
 *
 * <p>Posts are idempotent per {@code (uid, ref)} within the {@link DedupeLimits} the backend was
 * made with: a ref stored in the window, and among the newest {@code maxPerUser} refs of that uid
 * in this room, is answered {@link PostOutcome.Duplicate} with its first id, whichever connection
 * or node sends it again.
 */
public interface RoomLog {

    /**
     * Holds {@code person} for this node (again, for a second connection: then nothing changes)
     * and appends a join event when the person was not listed. Blocking.
     */
    JoinReply join(Listed person);

    /**
     * Appends a message, unless the room's epoch is no longer {@code epoch} or the sender's
     * {@code ref} (when not {@code null}) was stored within the dedupe limits. {@code bot} marks a
     * message an API key posted; the log keeps the mark with the message, in every store.
     */
    CompletionStage<PostOutcome> post(String epoch, String uid, String nick, String text, String ref, long nowMillis,
                                      boolean bot);

    /**
     * The room's epoch, created when the room has none yet (as a first join would), for a post
     * that comes with no member here: the HTTP API's. Lists nobody. Blocking.
     */
    String open();

    /** The people the log lists now, on every node, in order of arrival. Blocking. */
    List<Listed> members();

    /**
     * Appends an edit or a delete as an entry with an id of its own (the next message id), when
     * {@code rules} allow it against the target as the log has it now, decided atomically with the
     * append (two deletes of one message: one is stored, the other is {@code not-found}); or answers
     * {@link PostOutcome.Refused} and appends nothing. A delete takes the target's text, and the
     * text of each of its edits, out of the log's store; from then on the log reads the target as
     * deleted. Idempotent per {@code (uid, ref)} like {@link #post}, and refused with
     * {@link PostOutcome.EpochLost} like it.
     */
    CompletionStage<PostOutcome> change(String epoch, MessageChange change, MessageChanges rules, long nowMillis);

    /**
     * Passes on to every node's {@link LogListener#typing} that {@code uid} is typing, unless a
     * notice of {@code uid} in this room was passed on within {@code interval} on any node. Never
     * appended, so never in a range, a history or a page: a notice that cannot be passed on now is
     * dropped (the next keystroke sends another). Does not block.
     */
    void typing(String uid, String nick, Duration interval);

    /**
     * Stores or lifts the sanction of {@code moderation} (a ban or a mute; at most
     * {@link RoomLimits#maxSanctions()} live ones in the room) and appends its
     * {@link Entry.Moderated} entry, as one step: a node that reads the sanctions after this
     * returned sees them, and every node delivers the entry. A kick of someone the log does not
     * list, or a lift of a sanction that is not there, is {@link ModerationOutcome#NOT_FOUND} and
     * appends nothing; a new sanction in a full room is {@link ModerationOutcome#TOO_MANY}. Blocking.
     */
    ModerationOutcome moderate(Moderation moderation, long nowMillis);

    /** The room's bans and mutes that have not ended at {@code nowMillis}. Blocking. */
    List<Sanction> sanctions(long nowMillis);

    /** Renames a listed member and appends its nick event, in order with its posts. */
    CompletionStage<Void> rename(String uid, String nick);

    /**
     * Releases this node's hold on a person; when no node holds them any more, unlists them and
     * appends their leave event (with the nick the log lists), once. Blocking.
     */
    void leave(String uid);

    /**
     * Keeps this node's holds on {@code people} (connected here, or within their grace): a store
     * shared by nodes drops the holds of a node that stopped refreshing them, and a person with no
     * hold left leaves with a leave event. A person the store dropped meanwhile is listed again,
     * with a join event. Blocking.
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
