package dev.chatsocket.chat.web;

import dev.chatsocket.chat.protocol.ChatError;
import dev.chatsocket.chat.protocol.ChatProtocol;
import dev.chatsocket.chat.protocol.ClientCommand;
import dev.chatsocket.chat.protocol.JsonFrames;
import dev.chatsocket.chat.moderation.ModerationRequest;
import dev.chatsocket.chat.room.Member;
import dev.chatsocket.chat.room.ModerationOutcome;
import dev.chatsocket.chat.room.Moderator;
import dev.chatsocket.chat.room.Resume;
import dev.chatsocket.chat.room.Room;
import dev.chatsocket.chat.room.Rooms;
import dev.chatsocket.ws.WebSocketEndpoint;
import dev.chatsocket.ws.WebSocketSession;
import dev.chatsocket.ws.CloseCodes;
import dev.chatsocket.ws.Message;

import dev.chatsocket.identity.Identity;
import dev.chatsocket.identity.IdentityResolver;
import dev.chatsocket.identity.Role;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

/**
 * One client in one room: the article's ChatHandler, with the identity decided at the handshake
 * (closed with 4001 when its token runs out), bad
 * input answered with an {@code error} frame to the sender alone, and a place in a room whose
 * fan-out never blocks.
 */
final class ChatEndpoint implements WebSocketEndpoint {
    private final RoomRegistry registry;
    private final String roomName;
    private final IdentityResolver.Resolved resolved;
    private final Resume resume;
    private final ChatProtocol protocol;
    private final JsonFrames frames;
    private final FloodGuard floodGuard;
    private final PeopleOnThisNode.Connection person;
    private volatile Room room;
    private volatile Member member;
    private volatile ScheduledFuture<?> expiry;

    /** 4001, in the range RFC 6455 §7.4.2 leaves to applications: the identity's token ran out. */
    static final int TOKEN_EXPIRED = 4001;

    ChatEndpoint(RoomRegistry registry, String roomName, IdentityResolver.Resolved resolved, Resume resume,
                 ChatProtocol protocol, JsonFrames frames, FloodGuard floodGuard, PeopleOnThisNode.Connection person) {
        this.registry = registry;
        this.roomName = roomName;
        this.resolved = resolved;
        this.resume = resume;
        this.protocol = protocol;
        this.frames = frames;
        this.floodGuard = floodGuard;
        this.person = person;
    }

    @Override
    public void onOpen(WebSocketSession session) {
        Identity who = resolved.identity();
        Member joining = new Member(who.uid(), who.name(), who.verified(),
                new Member.Self(who.roles().stream().map(Role::claim).toList(), resolved.session(),
                        resolved.sessionRenewed()), session);
        who.expiresAt().ifPresent(until -> expiry = registry.schedule(
                () -> session.close(TOKEN_EXPIRED, "token expired"), Duration.between(Instant.now(), until)));
        Rooms.JoinResult joined = registry.join(roomName, joining, resume);
        if (joined.room() == null) {
            session.send(frames.error("unavailable", joined.refusal(), null));
            session.close(CloseCodes.TRY_AGAIN_LATER, joined.refusal());
            return;
        }
        room = joined.room();
        member = joining;
    }

    @Override
    public void onMessage(WebSocketSession session, Message message) {
        Room joined = room;
        // Once a close is under way (a flood, a shutdown) nothing more is taken: the sender could
        // not be told it was stored, and would send it again after reconnecting.
        if (joined == null || !session.isOpen() || !withinRate(session, message)) {
            return;
        }
        if (!message.isText()) {
            session.send(frames.error("bad-json", "messages are JSON text frames", null));
            return;
        }
        try {
            ClientCommand command = protocol.parse(message.text());
            // A muted member still reads; what it writes is refused (a post in Room#post itself).
            if (command instanceof ClientCommand.Edit edit && joined.refusedAsMuted(member, edit.ref())) {
                return;
            }
            if (command instanceof ClientCommand.Post post) {
                joined.post(member, post.text(), post.ref());
            } else if (command instanceof ClientCommand.Rename rename) {
                if (joined.rename(member, rename.nick())) {
                    renewSession(session, rename.nick());
                }
            } else if (command instanceof ClientCommand.Older older) {
                joined.older(member, older.before(), older.limit());
            } else if (command instanceof ClientCommand.Typing) {
                joined.typing(member);
            } else if (command instanceof ClientCommand.Moderate moderate) {
                moderate(session, joined, moderate.request());
            } else if (command instanceof ClientCommand.Edit edit) {
                joined.edit(member, edit.id(), edit.text(), edit.ref());
            } else if (command instanceof ClientCommand.Delete delete) {
                joined.delete(member, delete.id(), delete.ref());
            }
        } catch (ChatError error) {
            session.send(frames.error(error.code(), error.getMessage(), error.ref()));
        }
    }

    /**
     * A guest's session carries its name, so a new nick gets a new session (a reload, or a
     * reconnect after the presence grace, is then still that nick); a verified person's name is
     * not theirs to change. Only the renaming connection is sent it.
     */
    private void renewSession(WebSocketSession session, String nick) {
        Identity who = resolved.identity();
        if (resolved.session() != null && !who.verified()) {
            session.send(frames.session(registry.sessions().issue(Identity.guest(who.uid(), nick))));
        }
    }

    /**
     * Done, the moderator sees the {@code moderation} event like every member (its answer); refused,
     * it alone gets an {@code error} with the reason.
     */
    private void moderate(WebSocketSession session, Room joined, ModerationRequest request) {
        joined.moderate(Moderator.member(member), request).whenComplete((outcome, failure) -> {
            ModerationOutcome result = failure != null ? ModerationOutcome.UNAVAILABLE : outcome;
            if (result != ModerationOutcome.DONE) {
                session.send(frames.error(result.code(), result.reason(request.action()), null));
            }
        });
    }

    /** Charges the message to the sender's rate limits; false when it is to be dropped. */
    private boolean withinRate(WebSocketSession session, Message message) {
        switch (floodGuard.admit(message.data().length)) {
            case ACCEPT -> {
                return true;
            }
            case REFUSE_AND_TELL -> session.send(frames.error("rate-limited",
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
        ScheduledFuture<?> timer = expiry;
        if (timer != null) {
            timer.cancel(false);
        }
        Room joined = room;
        if (joined != null) {
            joined.leave(member);
        }
        person.release();
    }

    /** Gives back the person's connection count, also when the connection never opened. */
    @Override
    public void onReleased() {
        person.release();
    }
}
