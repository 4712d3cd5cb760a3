package dev.chatsocket.ws.codec;

import dev.chatsocket.testsupport.fuzz.ClientStreams;
import dev.chatsocket.testsupport.fuzz.Fuzz;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the frame parser, the message assembler and the UTF-8 validator with random and mutated
 * client streams delivered at random split points. Whatever comes in, they throw nothing but
 * {@link ProtocolException}, its close code is one a server may send, nothing is allocated past
 * the limits (every header is checked before its payload is allocated, every frame and message
 * they hand on is within the limits), every byte given is consumed, and valid text is exactly
 * what the JDK's strict decoder accepts. Tries and seed: see {@link Fuzz}; {@code mvn -Pfuzz test}
 * runs many more.
 */
class CodecFuzzTest {
    /** Small limits, so that fuzzed streams run into them often. */
    private static final int MAX_FRAME = 1024;
    private static final int MAX_MESSAGE = 4096;

    /** What the codec made of a stream: the messages, and the close code it failed with, if any. */
    private record Outcome(List<Message> messages, Integer failedWith, CloseFrame close) {
    }

    @Test
    void randomBytesAtRandomSplits() {
        Fuzz.run(random -> {
            byte[] wire = ClientStreams.randomBytes(random, random.nextInt(2048));
            parse(random, wire);
        });
    }

    @Test
    void mutatedConversationsAtRandomSplits() {
        Fuzz.run(random -> {
            byte[] valid = ClientStreams.conversation(random, MAX_FRAME, MAX_MESSAGE).wire();
            byte[] other = ClientStreams.conversation(random, MAX_FRAME, MAX_MESSAGE).wire();
            parse(random, ClientStreams.mutate(random, valid, other));
        });
    }

    @Test
    void wellFramedConversationsComeOutAsTheMessagesSentOrFailOnTheOneTooBig() {
        Fuzz.run(random -> {
            ClientStreams.Conversation conversation = ClientStreams.conversation(random, MAX_FRAME, MAX_MESSAGE);
            Outcome outcome = parse(random, conversation.wire());
            int delivered = conversation.messages().size();
            if (conversation.tooBig()) {
                assertEquals(CloseCodes.MESSAGE_TOO_BIG, outcome.failedWith(), "the message over the limit");
                delivered--;
            } else {
                assertNull(outcome.failedWith(), "a valid stream does not fail");
            }
            assertEquals(delivered, outcome.messages().size(), "message count");
            for (int i = 0; i < outcome.messages().size(); i++) {
                assertEquals(conversation.messages().get(i).opcode(), outcome.messages().get(i).type().code());
                assertArrayEquals(conversation.messages().get(i).data(), outcome.messages().get(i).data());
            }
        });
    }

    @Test
    void utf8ValidatorAgreesWithTheJdkAtAnySplit() {
        Fuzz.run(random -> {
            // Short inputs are cheap: each try checks a batch.
            for (int i = 0; i < 20; i++) {
                byte[] bytes = ClientStreams.nearlyUtf8(random, random.nextInt(48));
                Utf8Validator validator = new Utf8Validator();
                boolean valid;
                try {
                    for (byte[] chunk : ClientStreams.split(random, bytes)) {
                        validator.feed(chunk, 0, chunk.length);
                    }
                    valid = validator.isComplete();
                } catch (ProtocolException e) {
                    assertEquals(CloseCodes.INVALID_PAYLOAD, e.closeCode());
                    valid = false;
                }
                assertEquals(isStrictUtf8(bytes), valid, () -> "validator on " + Fuzz.hex(bytes));
                assertEquals(valid, Utf8Validator.isValid(bytes, 0, bytes.length), "whole-array check");
            }
        });
    }

    /**
     * Feeds {@code wire} in random pieces, as {@code WebSocketConnection} does: frames to the
     * assembler, close frames parsed, and nothing read after a close frame or a failure (the
     * connection stops reading then; the parser itself also stays failed after its own errors).
     */
    private static Outcome parse(SplittableRandom random, byte[] wire) {
        MessageAssembler assembler = new MessageAssembler(MAX_MESSAGE);
        LimitWatch watch = new LimitWatch(assembler);
        FrameParser parser = new FrameParser(MAX_FRAME, watch);
        List<Message> messages = new ArrayList<>();
        boolean inParser = false;
        try {
            for (byte[] chunk : ClientStreams.split(random, wire)) {
                ByteBuffer in = ByteBuffer.wrap(chunk);
                Frame frame;
                while (true) {
                    inParser = true;
                    frame = parser.parse(in);
                    inParser = false;
                    if (frame == null) {
                        break;
                    }
                    assertTrue(frame.payload().length <= MAX_FRAME, "frame within the limit");
                    if (frame.opCode().isControl()) {
                        assertTrue(frame.fin() && frame.payload().length <= 125, "§5.5 control frame");
                        if (frame.opCode() == OpCode.CLOSE) {
                            return new Outcome(messages, null, CloseFrame.parse(frame.payload()));
                        }
                        continue;
                    }
                    Message message = assembler.accept(frame);
                    if (message != null) {
                        assertTrue(message.data().length <= MAX_MESSAGE, "message within the limit");
                        if (message.isText()) {
                            assertTrue(isStrictUtf8(message.data()), "only valid UTF-8 is delivered as text");
                        }
                        messages.add(message);
                    }
                }
                assertFalse(in.hasRemaining(), "the parser asks for more only once it has used every byte");
            }
            return new Outcome(messages, null, null);
        } catch (ProtocolException e) {
            assertTrue(CloseCodes.isSendable(e.closeCode()), () -> "close code " + e.closeCode());
            assertTrue(Arrays.asList(1002, 1007, 1009).contains(e.closeCode()), () -> "close code " + e.closeCode());
            if (inParser) {
                assertFailedForGood(parser);
            }
            return new Outcome(messages, e.closeCode(), null);
        }
    }

    /** §7.1.7: after a violation the parser returns nothing and swallows whatever follows. */
    private static void assertFailedForGood(FrameParser parser) {
        ByteBuffer more = ByteBuffer.wrap(new byte[] {(byte) 0x81, (byte) 0x80, 1, 2, 3, 4});
        try {
            assertNull(parser.parse(more));
        } catch (ProtocolException again) {
            throw new AssertionError("a failed parser throws only once", again);
        }
        assertFalse(more.hasRemaining());
    }

    /**
     * Sits between the parser and the assembler and checks, before the parser allocates a payload
     * of the header's length, that the length is within the frame limit.
     */
    private static final class LimitWatch implements FrameInspector {
        private final FrameInspector next;

        LimitWatch(FrameInspector next) {
            this.next = next;
        }

        @Override
        public void onHeader(FrameHeader header) throws ProtocolException {
            assertTrue(header.payloadLength() >= 0 && header.payloadLength() <= MAX_FRAME,
                    () -> "the parser checks the length before anything else: " + header);
            next.onHeader(header);
        }

        @Override
        public void onPayload(FrameHeader header, byte[] payload, int from, int to) throws ProtocolException {
            assertTrue(0 <= from && from < to && to <= payload.length && payload.length <= MAX_FRAME);
            next.onPayload(header, payload, from, to);
        }
    }

    private static boolean isStrictUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
