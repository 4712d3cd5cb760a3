package dev.chatsocket.chat.room;

import dev.chatsocket.ws.WebSocketSession;

/**
 * One connection's place in a room. The uid is the server's, never the client's: nobody can speak
 * as somebody else. The nick may change; it is read and written under the room's lock.
 */
public final class Member {
    private final String uid;
    private final WebSocketSession session;
    private String nick;

    public Member(String uid, String nick, WebSocketSession session) {
        this.uid = uid;
        this.nick = nick;
        this.session = session;
    }

    public String uid() {
        return uid;
    }

    String nick() {
        return nick;
    }

    void nick(String nick) {
        this.nick = nick;
    }

    WebSocketSession session() {
        return session;
    }

    Listed listed() {
        return new Listed(uid, nick);
    }
}
