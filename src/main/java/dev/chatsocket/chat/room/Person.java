package dev.chatsocket.chat.room;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One person listed in a room by this node: their connections here (tabs, devices), or none while
 * their last one has been gone for less than the presence grace. Read and written under the room's lock.
 */
final class Person {
    private final String uid;
    private final boolean verified;
    private final Set<Member> connections = new LinkedHashSet<>();
    private String nick;
    /** When the last connection went, epoch milliseconds; meaningful while there is none. */
    private long goneSinceMillis;

    Person(String uid, String nick, boolean verified) {
        this.uid = uid;
        this.nick = nick;
        this.verified = verified;
    }

    String uid() {
        return uid;
    }

    String nick() {
        return nick;
    }

    void nick(String nick) {
        this.nick = nick;
    }

    boolean verified() {
        return verified;
    }

    Listed listed() {
        return new Listed(uid, nick, verified);
    }

    Set<Member> connections() {
        return connections;
    }

    boolean isConnected(Member member) {
        return connections.contains(member);
    }

    /** Whether the person has been without a connection here for at least {@code graceMillis}. */
    boolean goneFor(long graceMillis, long nowMillis) {
        return connections.isEmpty() && nowMillis - goneSinceMillis >= graceMillis;
    }

    void lastConnectionGone(long nowMillis) {
        goneSinceMillis = nowMillis;
    }
}
