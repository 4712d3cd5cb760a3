package dev.chatsocket.history;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.zip.CRC32C;

/**
 * The journal's records, as bytes: one record per group commit, holding the entries that group
 * stored (with their refs), framed as {@code [payload length: int][CRC-32C of the payload: int][payload]}.
 * Pure: no file here, so every torn or damaged tail can be tested byte by byte.
 *
 * <p>A record is written whole and fsynced before its group's acks, and only after the previous
 * one was; so a record that is cut short or fails its checksum can only be the last one, a group
 * that was never acked, and reading stops there.
 */
final class JournalCodec {
    static final int HEADER_BYTES = 8;
    private static final byte MESSAGE = 1;
    private static final byte EDIT = 2;
    private static final byte DELETION = 3;
    private static final int NULL = -1;

    private JournalCodec() {
    }

    /** The entries of a journal that are whole, and how many bytes they fill (where the next record goes). */
    record Read(List<Archived> entries, long validBytes) {
    }

    /**
     * One record holding {@code entries}, ready to be written.
     *
     * @throws ArithmeticException for a group larger than a record can say (2 GiB), which a group
     *                             of {@link GroupCommit#MAX_BATCH} chat messages is not
     */
    static ByteBuffer encode(List<Archived> entries) {
        List<byte[]> strings = new ArrayList<>();
        int size = Integer.BYTES;
        for (Archived archived : entries) {
            size = Math.addExact(size, 1 + Long.BYTES * 3 + 1);
            for (String s : strings(archived)) {
                byte[] bytes = s == null ? null : s.getBytes(StandardCharsets.UTF_8);
                strings.add(bytes);
                size = Math.addExact(size, Integer.BYTES + (bytes == null ? 0 : bytes.length));
            }
        }
        ByteBuffer record = ByteBuffer.allocate(Math.addExact(HEADER_BYTES, size));
        record.position(HEADER_BYTES);
        record.putInt(entries.size());
        int next = 0;
        for (Archived archived : entries) {
            Entry entry = archived.entry();
            long[] numbers = numbers(entry);
            record.put(kind(entry)).putLong(numbers[0]).putLong(numbers[1]).putLong(numbers[2])
                    .put((byte) (entry instanceof Message m && m.bot() ? 1 : 0));
            for (int i = 0; i < 5; i++) {
                byte[] bytes = strings.get(next++);
                record.putInt(bytes == null ? NULL : bytes.length);
                if (bytes != null) {
                    record.put(bytes);
                }
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(record.array(), HEADER_BYTES, size);
        record.putInt(0, size).putInt(Integer.BYTES, (int) crc.getValue());
        return record.rewind();
    }

    /** The whole records at the start of {@code journal}, stopping at the first that is cut short or damaged. */
    static Read decode(ByteBuffer journal) {
        List<Archived> entries = new ArrayList<>();
        long valid = 0;
        while (journal.remaining() >= HEADER_BYTES) {
            int start = journal.position();
            int size = journal.getInt();
            int checksum = journal.getInt();
            if (size < Integer.BYTES || size > journal.remaining()) {
                break;
            }
            CRC32C crc = new CRC32C();
            crc.update(journal.slice(journal.position(), size));
            if ((int) crc.getValue() != checksum) {
                break;
            }
            ByteBuffer payload = journal.slice(journal.position(), size);
            try {
                entries.addAll(entriesOf(payload));
            } catch (BufferUnderflowException | IllegalArgumentException e) {
                break; // a checksum that matched a payload we did not write: read no further
            }
            journal.position(start + HEADER_BYTES + size);
            valid = journal.position();
        }
        return new Read(entries, valid);
    }

    private static List<Archived> entriesOf(ByteBuffer payload) {
        int count = payload.getInt();
        List<Archived> entries = new ArrayList<>(Math.min(count, GroupCommit.MAX_BATCH));
        for (int i = 0; i < count; i++) {
            byte kind = payload.get();
            long id = payload.getLong();
            long target = payload.getLong();
            long ts = payload.getLong();
            boolean bot = payload.get() == 1;
            String room = string(payload);
            String uid = string(payload);
            String nick = string(payload);
            String text = string(payload);
            String ref = string(payload);
            Entry entry = switch (kind) {
                case MESSAGE -> new Message(id, uid, nick, text, ts, OptionalLong.empty(), false, bot);
                case EDIT -> new Edit(id, target, uid, text, ts);
                case DELETION -> new Deletion(id, target, uid, ts);
                default -> throw new IllegalArgumentException("unknown entry kind " + kind);
            };
            entries.add(new Archived(room, entry, ref));
        }
        if (payload.hasRemaining()) {
            throw new IllegalArgumentException("bytes after the last entry");
        }
        return entries;
    }

    /** Room, uid (of the author, editor or deleter), nick, text and ref: the strings of an entry, in order. */
    private static String[] strings(Archived archived) {
        Entry entry = archived.entry();
        if (entry instanceof Message m) {
            return new String[]{archived.room(), m.uid(), m.nick(), m.text(), archived.ref()};
        }
        if (entry instanceof Edit e) {
            return new String[]{archived.room(), e.uid(), null, e.text(), archived.ref()};
        }
        Deletion d = (Deletion) entry;
        return new String[]{archived.room(), d.by(), null, null, archived.ref()};
    }

    /** Id, target (0 for a message) and time. */
    private static long[] numbers(Entry entry) {
        if (entry instanceof Message m) {
            return new long[]{m.id(), 0, m.ts()};
        }
        if (entry instanceof Edit e) {
            return new long[]{e.id(), e.target(), e.ts()};
        }
        Deletion d = (Deletion) entry;
        return new long[]{d.id(), d.target(), d.ts()};
    }

    private static byte kind(Entry entry) {
        return entry instanceof Message ? MESSAGE : entry instanceof Edit ? EDIT : DELETION;
    }

    private static String string(ByteBuffer payload) {
        int length = payload.getInt();
        if (length == NULL) {
            return null;
        }
        if (length < 0 || length > payload.remaining()) {
            throw new IllegalArgumentException("a string of " + length + " bytes");
        }
        byte[] bytes = new byte[length];
        payload.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
