package dev.chatsocket.chat.room;

import dev.chatsocket.ws.OutboundMessage;

import java.util.List;

/**
 * How a room's events become frames (the chat protocol's JSON, docs/protocol.md). A frame sent to
 * many members is made once and the same message queued for each, so its encoding is shared.
 */
public interface RoomFrames {

    /**
     * @param you     the newcomer as listed (its verified flag is the welcome's)
     * @param self    what the member is told about itself: roles, its session token
     * @param members the people in the room, each once however many connections they have
     */
    OutboundMessage welcome(Listed you, Member.Self self, String room, List<Listed> members, String epoch);

    /**
     * @param entries the messages in their current state ({@link Entry.Posted}) and the edits and
     *                deletes ({@link Entry.Edited}, {@link Entry.Deleted}) among them, in id order
     */
    OutboundMessage history(List<Entry> entries, boolean recovered);

    OutboundMessage message(ChatMessage message);

    /** The answer to an {@code older} request: the messages below {@code before}, oldest first. */
    OutboundMessage page(long before, List<ChatMessage> messages, boolean more);

    OutboundMessage ack(String ref, long id);

    /** Message {@code edit.target()} has new text. */
    OutboundMessage edited(Entry.Edited edit);

    /** Message {@code delete.target()} was deleted. */
    OutboundMessage deleted(Entry.Deleted delete);

    /** A presence event about {@code who}; a {@code join} tells whether they are verified. */
    OutboundMessage presence(PresenceEvent event, Listed who);

    OutboundMessage error(String code, String reason, String ref);

    /** That {@code uid}, known as {@code nick}, is typing: to the others in the room, never stored. */
    OutboundMessage typing(String uid, String nick);

    /** A kick, ban, unban, mute or unmute, as every member of the room sees it. */
    OutboundMessage moderation(Moderation moderation);
}
