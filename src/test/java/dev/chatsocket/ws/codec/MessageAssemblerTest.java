package dev.chatsocket.ws.codec;

import dev.chatsocket.testsupport.ClientFrames;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.chatsocket.ws.codec.Feed.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Message assembly (§5.4) through the parser, the way the connection uses it: the assembler is the
 * parser's inspector and takes the data frames it completes.
 */
class MessageAssemblerTest {
    private static final byte[] PING = ClientFrames.frame(true, 0, OpCode.PING.code(), "p".getBytes(StandardCharsets.US_ASCII));

    /** Runs the wire through parser and assembler; returns the messages and control frames seen, in order. */
    private static List<Object> run(MessageAssembler assembler, FrameParser parser, byte[] wire) throws ProtocolException {
        List<Object> events = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(wire);
        Frame frame;
        while ((frame = parser.parse(in)) != null) {
            if (frame.opCode().isControl()) {
                events.add(frame.opCode());
            } else {
                AssembledMessage m = assembler.accept(frame);
                if (m != null) {
                    events.add(m);
                }
            }
        }
        return events;
    }

    private static List<Object> run(long maxMessage, byte[] wire) throws ProtocolException {
        MessageAssembler assembler = new MessageAssembler(maxMessage, null);
        return run(assembler, new FrameParser(1 << 20, assembler), wire);
    }

    /** The text of a message that {@link #run} returned. */
    private static String textOf(Object message) {
        return new String(((AssembledMessage) message).data(), StandardCharsets.UTF_8);
    }

    private static byte[] start(OpCode type, String text) {
        return ClientFrames.frame(false, 0, type.code(), text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] cont(boolean fin, String text) {
        return cont(fin, text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] cont(boolean fin, byte[] data) {
        return ClientFrames.frame(fin, 0, OpCode.CONTINUATION.code(), data);
    }

    @Test
    void deliversSingleFrameTextAndBinary() throws ProtocolException {
        List<Object> events = run(100, ClientFrames.concat(ClientFrames.text("héllo"), ClientFrames.binary(bytes(0, 1, 255))));
        AssembledMessage text = (AssembledMessage) events.get(0);
        assertEquals(OpCode.TEXT, text.type());
        assertEquals("héllo", textOf(text));
        AssembledMessage binary = (AssembledMessage) events.get(1);
        assertEquals(OpCode.BINARY, binary.type());
        assertArrayEquals(bytes(0, 1, 255), binary.data());
    }

    @Test
    void joinsFragmentsWithControlFramesBetweenThem() throws ProtocolException {
        byte[] wire = ClientFrames.concat(start(OpCode.TEXT, "Hel"), PING, cont(false, ""), PING, cont(true, "lo wörld"));
        List<Object> events = run(100, wire);
        assertEquals(3, events.size());
        assertEquals(OpCode.PING, events.get(0));
        assertEquals(OpCode.PING, events.get(1));
        assertEquals("Hello wörld", textOf(events.get(2)));
    }

    @Test
    void joinsBinaryFragmentsAndStartsAfreshAfterwards() throws ProtocolException {
        byte[] wire = ClientFrames.concat(
                ClientFrames.frame(false, 0, OpCode.BINARY.code(), bytes(1, 2)), cont(true, bytes(3)),
                ClientFrames.text("next"));
        List<Object> events = run(100, wire);
        assertArrayEquals(bytes(1, 2, 3), ((AssembledMessage) events.get(0)).data());
        assertEquals(OpCode.BINARY, ((AssembledMessage) events.get(0)).type());
        assertEquals("next", textOf(events.get(1)));
    }

    @Test
    void aContinuationWithoutAStartIs1002() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> run(100, cont(true, "x")));
        assertEquals(1002, e.closeCode());
    }

    @Test
    void aContinuationAfterACompletedMessageIs1002() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> run(100, ClientFrames.concat(ClientFrames.text("done"), cont(true, "x"))));
        assertEquals(1002, e.closeCode());
    }

    @Test
    void aNewMessageInsideAFragmentedOneIs1002() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> run(100, ClientFrames.concat(start(OpCode.TEXT, "a"), ClientFrames.binary(bytes(1)))));
        assertEquals(1002, e.closeCode());
        e = assertThrows(ProtocolException.class,
                () -> run(100, ClientFrames.concat(start(OpCode.BINARY, "a"), start(OpCode.TEXT, "b"))));
        assertEquals(1002, e.closeCode());
    }

    @Test
    void aMessageExactlyAtTheLimitIsAccepted() throws ProtocolException {
        byte[] wire = ClientFrames.concat(start(OpCode.TEXT, "12345"), cont(true, "67890"));
        assertEquals("1234567890", textOf(run(10, wire).get(0)));
    }

    /** The continuation's header alone pushes the message past the limit: 1009 before its payload. */
    @Test
    void aMessageOverTheLimitAcrossFragmentsIs1009AtTheHeader() throws ProtocolException {
        MessageAssembler assembler = new MessageAssembler(100, null);
        FrameParser parser = new FrameParser(1 << 20, assembler);
        byte[] first = ClientFrames.frame(false, 0, OpCode.BINARY.code(), new byte[60]);
        assertEquals(List.of(), run(assembler, parser, first));
        byte[] second = cont(true, new byte[41]);
        byte[] headerOnly = java.util.Arrays.copyOf(second, 6);
        ProtocolException e = assertThrows(ProtocolException.class, () -> run(assembler, parser, headerOnly));
        assertEquals(1009, e.closeCode());
    }

    @Test
    void aSingleFrameOverTheMessageLimitIs1009() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> run(10, ClientFrames.binary(new byte[11])));
        assertEquals(1009, e.closeCode());
    }

    @Test
    void pingsBetweenFragmentsDoNotCountTowardsTheMessageSize() throws ProtocolException {
        byte[] bigPing = ClientFrames.frame(true, 0, OpCode.PING.code(), new byte[125]);
        byte[] wire = ClientFrames.concat(start(OpCode.TEXT, "12345"), bigPing, cont(true, "67890"));
        assertEquals("1234567890", textOf(run(10, wire).get(1)));
    }

    /** The first fragment's bad byte fails while that fragment is parsed, before the later ones are read. */
    @Test
    void invalidUtf8InTheFirstFragmentFailsAtOnce() throws ProtocolException {
        MessageAssembler assembler = new MessageAssembler(1000, null);
        FrameParser parser = new FrameParser(1000, assembler);
        byte[] first = ClientFrames.frame(false, 0, OpCode.TEXT.code(), bytes('o', 'k', 0xFF, 'x', 'y'));
        // header (6 bytes) and the payload up to and including the bad byte
        assertEquals(List.of(), run(assembler, parser, java.util.Arrays.copyOf(first, 8)));
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> run(assembler, parser, java.util.Arrays.copyOfRange(first, 8, 9)));
        assertEquals(1007, e.closeCode());
    }

    @Test
    void validUtf8SplitAcrossFragmentsIsAccepted() throws ProtocolException {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8); // E2 82 AC
        byte[] wire = ClientFrames.concat(
                ClientFrames.frame(false, 0, OpCode.TEXT.code(), bytes('a', euro[0])),
                cont(false, bytes(euro[1])), PING, cont(true, bytes(euro[2], 'b')));
        List<Object> events = run(100, wire);
        assertEquals("a€b", textOf(events.get(1)));
    }

    @Test
    void invalidUtf8SplitAcrossFragmentsIs1007() {
        // E0 in one fragment, 80 (overlong) in the next: each fragment alone looks harmless.
        byte[] wire = ClientFrames.concat(
                ClientFrames.frame(false, 0, OpCode.TEXT.code(), bytes('a', 0xE0)), cont(true, bytes(0x80, 0x80)));
        ProtocolException e = assertThrows(ProtocolException.class, () -> run(100, wire));
        assertEquals(1007, e.closeCode());
    }

    @Test
    void aTextMessageEndingInsideACharacterIs1007() {
        byte[] wire = ClientFrames.concat(
                ClientFrames.frame(false, 0, OpCode.TEXT.code(), bytes('a')), cont(true, bytes(0xE2, 0x82)));
        ProtocolException e = assertThrows(ProtocolException.class, () -> run(100, wire));
        assertEquals(1007, e.closeCode());
    }

    @Test
    void binaryMessagesAreNotCheckedAsUtf8() throws ProtocolException {
        List<Object> events = run(100, ClientFrames.binary(bytes(0xFF, 0xC0, 0x80)));
        assertArrayEquals(bytes(0xFF, 0xC0, 0x80), ((AssembledMessage) events.get(0)).data());
    }

    @Test
    void theUtf8StateDoesNotLeakIntoTheNextMessage() throws ProtocolException {
        // A complete text message, then a binary one whose bytes would be invalid UTF-8, then text again.
        byte[] wire = ClientFrames.concat(ClientFrames.text("é"), ClientFrames.binary(bytes(0xE2)), ClientFrames.text("ok"));
        List<Object> events = run(100, wire);
        assertEquals(3, events.size());
        assertEquals("ok", textOf(events.get(2)));
    }

    @Test
    void emptyFragmentsMakeAnEmptyMessage() throws ProtocolException {
        byte[] wire = ClientFrames.concat(start(OpCode.TEXT, ""), cont(false, ""), cont(true, ""));
        assertEquals("", textOf(run(100, wire).get(0)));
    }

    @Test
    void everyPartOfAFragmentedMessageFedOneByteAtATimeGivesTheSameMessage() throws ProtocolException {
        byte[] wire = ClientFrames.concat(start(OpCode.TEXT, "κό"), PING, cont(false, "σ"), cont(true, "με 😀"));
        MessageAssembler assembler = new MessageAssembler(100, null);
        FrameParser parser = new FrameParser(100, assembler);
        List<Object> events = new ArrayList<>();
        for (int i = 0; i < wire.length; i++) {
            events.addAll(run(assembler, parser, java.util.Arrays.copyOfRange(wire, i, i + 1)));
        }
        assertEquals(2, events.size());
        assertEquals("κόσμε 😀", textOf(events.get(1)));
    }
}
