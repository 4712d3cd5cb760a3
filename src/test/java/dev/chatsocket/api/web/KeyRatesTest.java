package dev.chatsocket.api.web;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyRatesTest {
    private final AtomicLong nanos = new AtomicLong();
    private final KeyRates rates = new KeyRates(2, 3, nanos::get);

    @Test
    void aKeyMayBurstThenKeepsToItsRate() {
        for (int i = 0; i < 3; i++) {
            assertTrue(rates.take("site"), "request " + i + " of the burst");
        }
        assertFalse(rates.take("site"), "over the burst");
        nanos.addAndGet(500_000_000L); // half a second at 2 a second: one token
        assertTrue(rates.take("site"));
        assertFalse(rates.take("site"));
    }

    @Test
    void eachKeyHasItsOwnBucket() {
        for (int i = 0; i < 3; i++) {
            rates.take("flood");
        }
        assertFalse(rates.take("flood"));
        assertTrue(rates.take("site"), "another key is not held back by the first");
    }
}
