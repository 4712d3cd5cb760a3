package dev.chatsocket.ws.extension;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The pool keeps at most its bound of idle compressors and ends the rest, and all on close. */
class ZlibPoolTest {

    @Test
    void reusesWhatWasGivenBack() {
        try (ZlibPool pool = new ZlibPool(2)) {
            Deflater deflater = pool.borrowDeflater();
            pool.release(deflater);
            assertSame(deflater, pool.borrowDeflater());
            Inflater inflater = pool.borrowInflater();
            pool.release(inflater);
            assertSame(inflater, pool.borrowInflater());
        }
    }

    @Test
    void keepsAtMostItsBoundAndEndsTheRest() {
        try (ZlibPool pool = new ZlibPool(2)) {
            List<Deflater> borrowed = new ArrayList<>();
            List<Inflater> inflaters = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                borrowed.add(pool.borrowDeflater());
                inflaters.add(pool.borrowInflater());
            }
            borrowed.forEach(pool::release);
            inflaters.forEach(pool::release);
            assertEquals(2, pool.idleDeflaters());
            assertEquals(2, pool.idleInflaters());
            // The three given back past the bound were ended: using one fails.
            assertThrows(NullPointerException.class, () -> borrowed.get(4).getBytesRead());
            assertThrows(NullPointerException.class, () -> inflaters.get(4).getBytesRead());
        }
    }

    @Test
    void closeEndsTheIdleOnesAndWhateverComesBackLater() {
        ZlibPool pool = new ZlibPool(2);
        Deflater idle = pool.borrowDeflater();
        Deflater stillBorrowed = pool.borrowDeflater();
        pool.release(idle);
        pool.close();
        assertEquals(0, pool.idleDeflaters());
        assertThrows(NullPointerException.class, () -> idle.getBytesRead());
        pool.release(stillBorrowed);
        assertEquals(0, pool.idleDeflaters());
        assertThrows(NullPointerException.class, () -> stillBorrowed.getBytesRead());
    }

    @Test
    void aPoolOfZeroKeepsNothing() {
        try (ZlibPool pool = new ZlibPool(0)) {
            pool.release(pool.borrowDeflater());
            pool.release(pool.borrowInflater());
            assertEquals(0, pool.idleDeflaters());
            assertEquals(0, pool.idleInflaters());
        }
    }
}
