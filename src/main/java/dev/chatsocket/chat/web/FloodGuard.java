package dev.chatsocket.chat.web;

import dev.chatsocket.chat.ChatRateLimits;

import java.util.function.LongSupplier;

/**
 * Per-connection rate limits on what a chat client sends: messages a second and bytes a second,
 * each a {@link TokenBucket}. A message over either is refused (not parsed, stored or broadcast);
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
    private final int maxRefusals;
    private int refusalsInARow;

    FloodGuard(ChatRateLimits limits, LongSupplier nanoClock) {
        this.messages = new TokenBucket(limits.messageBurst(), limits.messagesPerSecond(), nanoClock);
        this.bytes = new TokenBucket(limits.byteBurst(), limits.bytesPerSecond(), nanoClock);
        this.maxRefusals = limits.maxRefusals();
    }

    /** Decides a message of {@code size} bytes (its payload) that has just arrived. */
    Verdict admit(long size) {
        // Both buckets are checked before either is charged, so a refusal costs no tokens.
        if (messages.has(1) && bytes.has(size)) {
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
