package dev.chatsocket.chat.web;

import dev.chatsocket.chat.ChatRateLimits;
import dev.chatsocket.chat.web.FloodGuard.Verdict;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The chat's flood control on a fake clock (5 messages a second, burst 5; 1000 bytes a second,
 * burst 2000; closed after 3 refusals in a row).
 */
class FloodGuardTest {
    private static final ChatRateLimits LIMITS = new ChatRateLimits(5, 5, 1000, 2000, 3);
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final FloodGuard guard = new FloodGuard(LIMITS, () -> true, clock::get);

    private List<Verdict> send(int count, long size) {
        List<Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            verdicts.add(guard.admit(size));
        }
        return verdicts;
    }

    @Test
    void aBurstPassesThenTheFirstExcessIsToldThenDroppedThenClosed() {
        assertEquals(List.of(Verdict.ACCEPT, Verdict.ACCEPT, Verdict.ACCEPT, Verdict.ACCEPT, Verdict.ACCEPT,
                        Verdict.REFUSE_AND_TELL, Verdict.REFUSE, Verdict.REFUSE, Verdict.CLOSE),
                send(9, 10));
    }

    @Test
    void aClientThatSlowsDownIsForgivenAndToldAgainNextTime() {
        send(5, 10);
        assertEquals(List.of(Verdict.REFUSE_AND_TELL, Verdict.REFUSE), send(2, 10));
        clock.addAndGet(200_000_000L); // one message's worth at 5 a second
        assertEquals(Verdict.ACCEPT, guard.admit(10));
        assertEquals(List.of(Verdict.REFUSE_AND_TELL, Verdict.REFUSE, Verdict.REFUSE, Verdict.CLOSE), send(4, 10),
                "an accepted message starts the count of refusals again");
    }

    @Test
    void keepingToTheRateIsNeverRefused() {
        for (int second = 0; second < 60; second++) {
            assertEquals(List.of(Verdict.ACCEPT, Verdict.ACCEPT, Verdict.ACCEPT, Verdict.ACCEPT, Verdict.ACCEPT),
                    send(5, 100), "second " + second);
            clock.addAndGet(1_000_000_000L);
        }
    }

    @Test
    void bytesAreLimitedToo() {
        assertEquals(List.of(Verdict.ACCEPT, Verdict.ACCEPT, Verdict.REFUSE_AND_TELL), send(3, 1000),
                "2000 bytes of burst: two messages of 1000");
        clock.addAndGet(1_000_000_000L);
        assertEquals(Verdict.ACCEPT, guard.admit(1000), "1000 bytes a second");
    }

    @Test
    void aRefusedMessageCostsNoTokens() {
        send(2, 1000);
        // No bytes left, 3 message tokens: the refusals must not use those up.
        assertEquals(List.of(Verdict.REFUSE_AND_TELL, Verdict.REFUSE), send(2, 1000));
        assertEquals(List.of(Verdict.ACCEPT, Verdict.ACCEPT, Verdict.ACCEPT, Verdict.REFUSE_AND_TELL), send(4, 0),
                "the 3 message tokens left after 2 accepted of 5 are all still there");
    }

    @Test
    void thePersonsSharedBucketRefusesWithTheSameEscalation() {
        AtomicLong shared = new AtomicLong(2);
        FloodGuard tab = new FloodGuard(LIMITS, () -> shared.getAndUpdate(n -> Math.max(0, n - 1)) > 0, clock::get);
        List<Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            verdicts.add(tab.admit(10));
        }
        assertEquals(List.of(Verdict.ACCEPT, Verdict.ACCEPT, Verdict.REFUSE_AND_TELL, Verdict.REFUSE, Verdict.REFUSE,
                Verdict.CLOSE), verdicts, "the connection has room, the person has not");
    }

    @Test
    void aMessageTheConnectionRefusesTakesNothingFromThePerson() {
        AtomicLong taken = new AtomicLong();
        FloodGuard tab = new FloodGuard(LIMITS, () -> {
            taken.incrementAndGet();
            return true;
        }, clock::get);
        for (int i = 0; i < 8; i++) {
            tab.admit(10);
        }
        assertEquals(5, taken.get(), "only the 5 the connection's own burst let through");
    }
}
