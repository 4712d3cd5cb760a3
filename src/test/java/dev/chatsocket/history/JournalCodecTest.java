package dev.chatsocket.history;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The journal's records as bytes: what comes back, and where reading stops on a torn or damaged tail. */
class JournalCodecTest {
    private static final List<Archived> FIRST = List.of(
            new Archived("lobby", Message.posted(1, "u1", "Ann", "hello, wörld ✓", 1000), "r1"),
            new Archived("lobby", Message.posted(2, "bot:site", "site", "", 1001, true), null));
    private static final List<Archived> SECOND = List.of(
            new Archived("lobby", new Edit(3, 1, "u1", "hello again", 1002), "r2"),
            new Archived("other room", new Deletion(4, 2, "moderator", 1003), null));

    @Test
    void everyKindOfEntryComesBackAsItWasWritten() {
        JournalCodec.Read read = JournalCodec.decode(concat(JournalCodec.encode(FIRST), JournalCodec.encode(SECOND)));
        assertEquals(concat(FIRST, SECOND), read.entries());
    }

    @Test
    void readingStopsBeforeARecordCutShortAtAnyByte() {
        ByteBuffer first = JournalCodec.encode(FIRST);
        ByteBuffer second = JournalCodec.encode(SECOND);
        for (int cut = 0; cut < second.remaining(); cut++) {
            ByteBuffer journal = concat(first, second.slice(0, cut));
            JournalCodec.Read read = JournalCodec.decode(journal);
            assertEquals(FIRST, read.entries(), "cut after " + cut + " bytes of the second record");
            assertEquals(first.remaining(), read.validBytes(), "the next record goes where the torn one began");
        }
    }

    @Test
    void readingStopsAtARecordWhoseBytesChanged() {
        ByteBuffer first = JournalCodec.encode(FIRST);
        ByteBuffer second = JournalCodec.encode(SECOND);
        for (int at = 0; at < second.remaining(); at++) {
            ByteBuffer damaged = ByteBuffer.allocate(second.remaining()).put(second.duplicate()).flip();
            damaged.put(at, (byte) (damaged.get(at) ^ 0x40));
            JournalCodec.Read read = JournalCodec.decode(concat(first, damaged, JournalCodec.encode(FIRST)));
            assertEquals(FIRST, read.entries(), "byte " + at + " of the second record changed: nothing from it or after it");
        }
    }

    @Test
    void anEmptyJournalHoldsNothing() {
        assertEquals(new JournalCodec.Read(List.of(), 0), JournalCodec.decode(ByteBuffer.allocate(0)));
        assertEquals(new JournalCodec.Read(List.of(), 0), JournalCodec.decode(ByteBuffer.allocate(JournalCodec.HEADER_BYTES)),
                "zeros, as a file extended but never written holds");
    }

    private static ByteBuffer concat(ByteBuffer... parts) {
        int size = 0;
        for (ByteBuffer part : parts) {
            size += part.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        for (ByteBuffer part : parts) {
            all.put(part.duplicate());
        }
        return all.flip();
    }

    private static List<Archived> concat(List<Archived> a, List<Archived> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
