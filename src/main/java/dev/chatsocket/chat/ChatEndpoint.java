package dev.chatsocket.chat;

import dev.chatsocket.ws.WebSocketEndpoint;
import dev.chatsocket.ws.WebSocketSession;
import dev.chatsocket.ws.CloseCodes;
import dev.chatsocket.ws.Message;

import java.util.Optional;
import java.util.UUID;

/**
 * One client in one room: the article's ChatHandler, with a uid the client cannot forge, bad
 * input answered with an {@code error} frame to the sender alone, and a place in a room whose
 * fan-out never blocks.
 */
final class ChatEndpoint implements WebSocketEndpoint {
    private final RoomRegistry registry;
    private final String roomName;
    private final Resume resume;
    private final ChatProtocol protocol;
    private final FloodGuard floodGuard;
    private volatile ChatRoom room;
    private volatile Member member;

    ChatEndpoint(RoomRegistry registry, String roomName, Resume resume, FloodGuard floodGuard) {
        this.registry = registry;
        this.roomName = roomName;
        this.resume = resume;
        this.protocol = new ChatProtocol(registry.settings().maxTextLength());
        this.floodGuard = floodGuard;
    }

    @Override
    public void onOpen(WebSocketSession session) {
        String uid = UUID.randomUUID().toString();
        Member joining = new Member(uid, "guest-" + uid.substring(0, 6), session);
        while (true) {
            Optional<ChatRoom> found = registry.open(roomName);
            if (found.isEmpty()) {
                refuse(session, "too many rooms");
                return;
            }
            switch (found.get().join(joining, resume)) {
                case JOINED -> {
                    room = found.get();
                    member = joining;
                    return;
                }
                case FULL -> {
                    refuse(session, "the room is full");
                    return;
                }
                case RETIRED -> {
                    // Swept between lookup and join: look it up again, which creates a new one.
                }
            }
        }
    }

    private static void refuse(WebSocketSession session, String reason) {
        session.sendText(ChatProtocol.error("unavailable", reason, null));
        session.close(CloseCodes.TRY_AGAIN_LATER, reason);
    }

    @Override
    public void onMessage(WebSocketSession session, Message message) {
        ChatRoom joined = room;
        // Once a close is under way (a flood, a shutdown) nothing more is taken: the sender could
        // not be told it was stored, and would send it again after reconnecting.
        if (joined == null || !session.isOpen() || !withinRate(session, message)) {
            return;
        }
        if (!message.isText()) {
            session.sendText(ChatProtocol.error("bad-json", "messages are JSON text frames", null));
            return;
        }
        try {
            ClientCommand command = protocol.parse(message.text());
            if (command instanceof ClientCommand.Post post) {
                joined.post(member, post.text(), post.ref(), System.currentTimeMillis());
            } else if (command instanceof ClientCommand.Rename rename) {
                joined.rename(member, rename.nick());
            }
        } catch (ChatError error) {
            session.sendText(ChatProtocol.error(error.code(), error.getMessage(), error.ref()));
        }
    }

    /** Charges the message to the sender's rate limits; false when it is to be dropped. */
    private boolean withinRate(WebSocketSession session, Message message) {
        switch (floodGuard.admit(message.data().length)) {
            case ACCEPT -> {
                return true;
            }
            case REFUSE_AND_TELL -> session.sendText(ChatProtocol.error("rate-limited",
                    "too many messages: slow down; this one was not sent", null));
            case REFUSE -> {
                // Told already; answering every frame of a flood would only feed it.
            }
            case CLOSE -> session.close(CloseCodes.POLICY_VIOLATION, "rate limit exceeded");
        }
        return false;
    }

    @Override
    public void onClose(WebSocketSession session, int code, String reason) {
        ChatRoom joined = room;
        if (joined != null) {
            joined.leave(member, System.currentTimeMillis());
        }
    }
}
