package dev.chatsocket.chat.web;

import dev.chatsocket.chat.ChatRateLimits;

import java.util.function.LongSupplier;

/**
 * Rate limits on what a chat client sends: per connection, messages a second and bytes a second,
 * each a {@link TokenBucket}; and per person, the message bucket that all connections of the same
 * uid on this node share ({@link PeopleOnThisNode}). A message over any of them is refused (not parsed, stored or broadcast);
 * the first refusal in a row is told to the client, the rest are dropped quietly so that a
 * flooder cannot make the server write an answer for every frame it sends; a client refused
 * more than {@code maxRefusals} times in a row, with no message accepted in between, is not
 * slowing down and gets closed.
 */
final class FloodGuard {

    /** What to do with one message. */
    enum Verdict {
        /** Within the limits: handle it. */
        ACCEPT,
        /** Over: drop it and send the client an {@code error} with code {@code rate-limited}. */
        REFUSE_AND_TELL,
        /** Over again: drop it; the client has been told. */
        REFUSE,
        /** Over for too long: close the connection with 1008. */
        CLOSE
    }

    private final TokenBucket messages;
    private final TokenBucket bytes;
    private final SharedRate person;
    private final int maxRefusals;
    private int refusalsInARow;

    /** The person's share of a limit that other connections draw from too. */
    @FunctionalInterface
    interface SharedRate {
        /** Takes one message; false when none is left (nothing is taken then). */
        boolean takeMessage();
    }

    /** @param person the rate the sender's uid shares with its other connections */
    FloodGuard(ChatRateLimits limits, SharedRate person, LongSupplier nanoClock) {
        this.person = person;
        this.messages = new TokenBucket(limits.messageBurst(), limits.messagesPerSecond(), nanoClock);
        this.bytes = new TokenBucket(limits.byteBurst(), limits.bytesPerSecond(), nanoClock);
        this.maxRefusals = limits.maxRefusals();
    }

    /** Decides a message of {@code size} bytes (its payload) that has just arrived. */
    Verdict admit(long size) {
        // The connection's buckets are checked before anything is charged, and the shared one
        // charged only when they have room, so a refusal costs no tokens anywhere.
        if (messages.has(1) && bytes.has(size) && person.takeMessage()) {
            messages.take(1);
            bytes.take(size);
            refusalsInARow = 0;
            return Verdict.ACCEPT;
        }
        refusalsInARow++;
        if (refusalsInARow > maxRefusals) {
            return Verdict.CLOSE;
        }
        return refusalsInARow == 1 ? Verdict.REFUSE_AND_TELL : Verdict.REFUSE;
    }
}
