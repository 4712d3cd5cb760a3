package dev.chatsocket.ws.codec;

import dev.chatsocket.testsupport.fuzz.ClientStreams;
import dev.chatsocket.testsupport.fuzz.Fuzz;
import dev.chatsocket.ws.codec.CodecInvariants.Outcome;
import org.junit.jupiter.api.Test;

import static dev.chatsocket.ws.codec.CodecInvariants.MAX_FRAME;
import static dev.chatsocket.ws.codec.CodecInvariants.MAX_MESSAGE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Fuzzes the frame parser, the message assembler and the UTF-8 validator with random and mutated
 * client streams delivered at random split points, against the invariants of
 * {@link CodecInvariants}: nothing but {@link ProtocolException} with a close code for a client's
 * fault, nothing allocated past the limits, every byte consumed, text exactly what the JDK's
 * strict decoder accepts; and a well-framed conversation comes out as the messages sent. Tries and
 * seed: see {@link Fuzz}; {@code mvn -Pfuzz test} runs many more. {@link CodecJazzerFuzzTest}
 * fuzzes the same code guided by coverage.
 */
class CodecFuzzTest {
    @Test
    void randomBytesAtRandomSplits() {
        Fuzz.run(random -> {
            byte[] wire = ClientStreams.randomBytes(random, random.nextInt(2048));
            CodecInvariants.parse(ClientStreams.split(random, wire));
        });
    }

    @Test
    void mutatedConversationsAtRandomSplits() {
        Fuzz.run(random -> {
            byte[] valid = ClientStreams.conversation(random, MAX_FRAME, MAX_MESSAGE).wire();
            byte[] other = ClientStreams.conversation(random, MAX_FRAME, MAX_MESSAGE).wire();
            CodecInvariants.parse(ClientStreams.split(random, ClientStreams.mutate(random, valid, other)));
        });
    }

    @Test
    void wellFramedConversationsComeOutAsTheMessagesSentOrFailOnTheOneTooBig() {
        Fuzz.run(random -> {
            ClientStreams.Conversation conversation = ClientStreams.conversation(random, MAX_FRAME, MAX_MESSAGE);
            Outcome outcome = CodecInvariants.parse(ClientStreams.split(random, conversation.wire()));
            int delivered = conversation.messages().size();
            if (conversation.tooBig()) {
                assertEquals(CloseStatus.MESSAGE_TOO_BIG, outcome.failedWith(), "the message over the limit");
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
                boolean valid = CodecInvariants.validatorAccepts(ClientStreams.split(random, bytes));
                assertEquals(CodecInvariants.isStrictUtf8(bytes), valid, () -> "validator on " + Fuzz.hex(bytes));
                assertEquals(valid, Utf8Validator.isValid(bytes, 0, bytes.length), "whole-array check");
            }
        });
    }
}
