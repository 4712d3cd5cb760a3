package dev.chatsocket.chat.room;

import dev.chatsocket.identity.Role;
import dev.chatsocket.ws.WebSocketSession;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One connection's place in a room. The uid is the server's, never the client's: nobody can speak
 * as somebody else. It and the name it comes with are the identity decided at the handshake.
 * Several connections of one uid (tabs, devices) are one person in the room, whose current nick
 * the room keeps (a guest may rename; a reconnect takes the nick the person has).
 */
public final class Member {
    private final String uid;
    private final boolean verified;
    private final Self self;
    private final WebSocketSession session;
    private final String nick;

    /**
     * What {@code welcome} tells a member about itself beyond its uid and nick.
     *
     * @param roles          the roles' names ({@code moderator}, {@code admin})
     * @param session        the session token to reconnect with; {@code null} when there is none
     * @param sessionRenewed the client's session had run out and this is a new identity
     */
    public record Self(List<String> roles, String session, boolean sessionRenewed) {
        public static final Self NONE = new Self(List.of(), null, false);

        public Self {
            roles = List.copyOf(roles);
        }
    }

    /** A guest with no session: tests and tools. */
    public Member(String uid, String nick, WebSocketSession session) {
        this(uid, nick, false, Self.NONE, session);
    }

    public Member(String uid, String nick, boolean verified, Self self, WebSocketSession session) {
        this.uid = Objects.requireNonNull(uid, "uid");
        this.nick = Objects.requireNonNull(nick, "nick");
        this.verified = verified;
        this.self = Objects.requireNonNull(self, "self");
        this.session = session;
    }

    public String uid() {
        return uid;
    }

    /** Established by the container or a signed token: its nick is locked. */
    public boolean verified() {
        return verified;
    }

    public Self self() {
        return self;
    }

    /** The roles of the handshake's identity: who may moderate, and who only an admin may act on. */
    public Set<Role> roles() {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        self.roles().forEach(claim -> Role.fromClaim(claim).ifPresent(roles::add));
        return roles;
    }

    /** The name this connection came with; the person's nick in the room may differ. */
    String nick() {
        return nick;
    }

    WebSocketSession session() {
        return session;
    }
}
