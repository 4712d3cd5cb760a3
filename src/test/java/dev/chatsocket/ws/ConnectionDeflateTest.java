package dev.chatsocket.ws;

import dev.chatsocket.testsupport.ClientFrames;
import dev.chatsocket.ws.codec.FrameHeader;
import dev.chatsocket.ws.codec.OpCode;
import dev.chatsocket.ws.extension.DeflateParameters;
import dev.chatsocket.ws.extension.PerMessageDeflate;
import dev.chatsocket.ws.extension.ZlibPool;
import dev.chatsocket.ws.Harness.ServerFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * permessage-deflate through the sans-I/O connection: the RFC 7692 §7.2.3 frames in and out, RSV1
 * only where §6 allows it, UTF-8 checked after decompression, the size limit applied to the
 * decompressed message, and compressed broadcast frames shared.
 */
class ConnectionDeflateTest {
    private static final int RSV1 = FrameHeader.RSV1;
    private static final DeflateParameters NO_CONTEXT = new DeflateParameters(true, true, 15, false);
    private static final DeflateParameters CONTEXT = new DeflateParameters(false, false, 15, false);
    private static final byte[] HELLO_COMPRESSED = bytes(0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00);

    private final ZlibPool pool = new ZlibPool(4);

    @AfterEach
    void closePool() {
        pool.close();
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private Harness harness(DeflateParameters parameters, int minSize) {
        return new Harness(Harness.defaultLimits(), new PerMessageDeflate(parameters, pool, minSize));
    }

    private static Harness echoing(Harness h) {
        h.endpoint.onMessage = (session, message) -> session.send(OutboundMessage.of(message));
        return h;
    }

    @Test
    void receivesTheCompressedHelloOfSection7_2_3_1InOneFrameAndInTwo() {
        Harness h = harness(NO_CONTEXT, 0);
        h.receive(ClientFrames.frame(true, RSV1, 1, HELLO_COMPRESSED));
        // §7.2.3.1: 0x41 0x03 0xf2 0x48 0xcd, then 0x80 0x04 0xc9 0xc9 0x07 0x00 (RSV1 on the first only).
        h.receiveOneByteAtATime(ClientFrames.concat(
                ClientFrames.frame(false, RSV1, 1, bytes(0xf2, 0x48, 0xcd)),
                ClientFrames.frame(true, 0, 0, bytes(0xc9, 0xc9, 0x07, 0x00))));
        assertEquals(List.of("Hello", "Hello"), h.endpoint.texts());
    }

    @Test
    void receivesAMessageThatRefersToThePreviousOneWithClientContextTakeover() {
        Harness h = harness(CONTEXT, 0);
        h.receive(ClientFrames.frame(true, RSV1, 1, HELLO_COMPRESSED),
                ClientFrames.frame(true, RSV1, 1, bytes(0xf2, 0x00, 0x11, 0x00, 0x00)));
        assertEquals(List.of("Hello", "Hello"), h.endpoint.texts());
    }

    @Test
    void aMessageWithoutRsv1IsNotDecompressed() {
        Harness h = harness(NO_CONTEXT, 0);
        h.receive(ClientFrames.text("plain"));
        assertEquals(List.of("plain"), h.endpoint.texts());
    }

    @Test
    void withoutContextTakeoverHelloGoesOutPlainSinceCompressingItSavesNothing() {
        // §7.2.3.1 compresses the 5 bytes of "Hello" into 7; without context takeover the server
        // may choose per message, and sends the smaller.
        Harness h = harness(NO_CONTEXT, 0);
        h.connection.send(OutboundMessage.text("Hello"));
        assertArrayEquals(bytes(0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f), h.transport.enqueued.get(0).frame());
    }

    @Test
    void withoutContextTakeoverEachMessageIsCompressedAfresh() {
        Harness h = harness(NO_CONTEXT, 0);
        String text = "Hello, Hello, Hello, Hello, Hello";
        h.connection.send(OutboundMessage.text(text));
        h.connection.send(OutboundMessage.text(text));
        assertEquals(RSV1, h.sent().get(0).rsv());
        assertArrayEquals(h.transport.enqueued.get(0).frame(), h.transport.enqueued.get(1).frame());
    }

    @Test
    void sendsTheSecondHelloOfSection7_2_3_2WithContextTakeover() {
        Harness h = harness(CONTEXT, 0);
        h.connection.send(OutboundMessage.text("Hello"));
        h.connection.send(OutboundMessage.text("Hello"));
        assertArrayEquals(bytes(0xc1, 0x07, 0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00), h.transport.enqueued.get(0).frame());
        assertArrayEquals(bytes(0xc1, 0x05, 0xf2, 0x00, 0x11, 0x00, 0x00), h.transport.enqueued.get(1).frame());
    }

    @Test
    void echoesMessagesOfManySizesAndKindsCompressed() throws Exception {
        for (DeflateParameters parameters : List.of(NO_CONTEXT, CONTEXT)) {
            Limits limits = new Limits(1 << 20, 1 << 20, 4 << 20, Harness.PING_INTERVAL, Harness.IDLE_TIMEOUT,
                    Harness.CLOSE_TIMEOUT, Harness.FRAME_TIMEOUT);
            Harness h = echoing(new Harness(limits, new PerMessageDeflate(parameters, pool, 0)));
            Deflater client = ZlibPool.newDeflater();
            Random random = new Random(13);
            int expected = 0;
            for (int size : new int[] {1, 125, 126, 5000, 65535, 65536, 200_000}) {
                byte[] text = "chat ✓ 你好 ".repeat(size / 10 + 1).substring(0, size).getBytes(StandardCharsets.UTF_8);
                byte[] noise = new byte[size];
                random.nextBytes(noise);
                for (byte[] data : List.of(text, noise)) {
                    OpCode type = data == text ? OpCode.TEXT : OpCode.BINARY;
                    byte[] compressed = dev.chatsocket.ws.extension.Deflate.compress(client, data);
                    if (!parameters.clientNoContextTakeover()) {
                        h.receive(ClientFrames.frame(true, RSV1, type.code(), compressed));
                    } else {
                        client.reset();
                        // Fragmented in three: RSV1 on the first frame only.
                        int a = compressed.length / 3;
                        int b = 2 * compressed.length / 3;
                        h.receive(ClientFrames.frame(false, RSV1, type.code(), java.util.Arrays.copyOfRange(compressed, 0, a)),
                                ClientFrames.frame(false, 0, 0, java.util.Arrays.copyOfRange(compressed, a, b)),
                                ClientFrames.frame(true, 0, 0, java.util.Arrays.copyOfRange(compressed, b, compressed.length)));
                    }
                    expected++;
                    assertEquals(expected, h.endpoint.messages.size(), parameters + " size " + size);
                    assertArrayEquals(data, h.endpoint.messages.get(expected - 1).data());
                }
            }
            client.end();
            assertEquals(expected, h.sent().size());
            assertTrue(h.sent().stream().anyMatch(f -> f.rsv() == RSV1), "compressible messages go out compressed");
        }
    }

    @Test
    void rsv1OnAContinuationFails1002() {
        Harness h = harness(NO_CONTEXT, 0);
        h.receive(ClientFrames.frame(false, RSV1, 1, bytes(0xf2, 0x48, 0xcd)),
                ClientFrames.frame(true, RSV1, 0, bytes(0xc9, 0xc9, 0x07, 0x00)));
        h.assertSentOneClose(CloseCodes.PROTOCOL_ERROR);
        assertTrue(h.endpoint.messages.isEmpty());
    }

    @Test
    void rsv1OnAControlFrameFails1002() {
        for (int opcode : new int[] {8, 9, 10}) {
            Harness h = harness(NO_CONTEXT, 0);
            h.receive(ClientFrames.frame(true, RSV1, opcode, new byte[0]));
            h.assertSentOneClose(CloseCodes.PROTOCOL_ERROR);
        }
    }

    @Test
    void rsv2AndRsv3StayReservedWithDeflate() {
        for (int rsv : new int[] {FrameHeader.RSV2, FrameHeader.RSV3}) {
            Harness h = harness(NO_CONTEXT, 0);
            h.receive(ClientFrames.frame(true, rsv, 1, HELLO_COMPRESSED));
            h.assertSentOneClose(CloseCodes.PROTOCOL_ERROR);
        }
    }

    @Test
    void rsv1WithoutNegotiationFails1002() {
        Harness h = new Harness();
        h.receive(ClientFrames.frame(true, RSV1, 1, HELLO_COMPRESSED));
        h.assertSentOneClose(CloseCodes.PROTOCOL_ERROR);
    }

    @Test
    void invalidUtf8InsideACompressedTextFails1007() {
        Deflater client = ZlibPool.newDeflater();
        byte[] compressed = dev.chatsocket.ws.extension.Deflate.compress(client, bytes(0x48, 0xc3, 0x28, 0x48));
        client.end();
        Harness h = harness(NO_CONTEXT, 0);
        h.receive(ClientFrames.frame(true, RSV1, 1, compressed));
        h.assertSentOneClose(CloseCodes.INVALID_PAYLOAD);
    }

    @Test
    void corruptCompressedDataFails1007() {
        Harness h = harness(NO_CONTEXT, 0);
        h.receive(ClientFrames.frame(true, RSV1, 2, bytes(0xff, 0xff, 0xff)));
        h.assertSentOneClose(CloseCodes.INVALID_PAYLOAD);
    }

    @Test
    void aSmallFrameThatInflatesPastTheMessageLimitFails1009() {
        Limits limits = new Limits(64 << 10, 64 << 10, (64 << 10) + 1024, Harness.PING_INTERVAL,
                Harness.IDLE_TIMEOUT, Harness.CLOSE_TIMEOUT, Harness.FRAME_TIMEOUT);
        Deflater client = ZlibPool.newDeflater();
        byte[] bomb = dev.chatsocket.ws.extension.Deflate.compress(client, new byte[10 << 20]);
        client.end();
        assertTrue(bomb.length < 16 << 10, "10 MiB of zeros compress to " + bomb.length + " bytes");
        Harness h = new Harness(limits, new PerMessageDeflate(NO_CONTEXT, pool, 0));
        h.receive(ClientFrames.frame(true, RSV1, 2, bomb));
        h.assertSentOneClose(CloseCodes.MESSAGE_TOO_BIG);
        assertTrue(h.endpoint.messages.isEmpty());
        h.assertClosedOnceWith(CloseCodes.MESSAGE_TOO_BIG);
    }

    @Test
    void controlFramesAreNeverCompressed() {
        Harness h = harness(NO_CONTEXT, 0);
        h.receive(ClientFrames.frame(true, 0, 9, "ping ping ping ping ping ping ping ping".getBytes(StandardCharsets.US_ASCII)));
        h.receive(ClientFrames.close(1000, "bye bye bye bye bye bye bye bye bye"));
        List<ServerFrame> sent = h.sent();
        assertEquals(List.of(OpCode.PONG, OpCode.CLOSE), sent.stream().map(ServerFrame::op).toList());
        assertTrue(sent.stream().allMatch(f -> f.rsv() == 0), "no RSV bit on control frames");
    }

    @Test
    void messagesUnderTheMinimumSizeGoOutPlain() {
        Harness h = harness(NO_CONTEXT, 64);
        h.connection.send(OutboundMessage.text("x".repeat(63)));
        h.connection.send(OutboundMessage.text("x".repeat(64)));
        assertEquals(0, h.sent().get(0).rsv());
        assertEquals(RSV1, h.sent().get(1).rsv());
    }

    @Test
    void withoutContextTakeoverIncompressibleMessagesGoOutPlain() {
        byte[] noise = new byte[1000];
        new Random(1).nextBytes(noise);
        Harness h = harness(NO_CONTEXT, 0);
        h.connection.send(OutboundMessage.of(new Message(false, noise)));
        assertEquals(0, h.sent().get(0).rsv());
        assertArrayEquals(noise, h.sent().get(0).payload());
    }

    @Test
    void aSmallServerWindowCompressesOnlyMessagesThatFitInIt() {
        Harness h = harness(new DeflateParameters(true, true, 9, true), 0);
        h.connection.send(OutboundMessage.text("a".repeat(512)));
        h.connection.send(OutboundMessage.text("a".repeat(513)));
        assertEquals(RSV1, h.sent().get(0).rsv());
        assertEquals(0, h.sent().get(1).rsv(), "a back-reference could reach past 2^9 bytes");
    }

    @Test
    void oneMessageToManyConnectionsIsCompressedOnceWithoutContextTakeover() {
        Harness a = harness(NO_CONTEXT, 0);
        Harness b = harness(NO_CONTEXT, 0);
        Harness plain = new Harness();
        Harness own = harness(CONTEXT, 0);
        OutboundMessage message = OutboundMessage.text("{\"type\":\"message\",\"text\":\"hello, everyone\"}".repeat(3));
        for (Harness h : List.of(a, b, plain, own)) {
            assertTrue(h.connection.enqueue(message));
        }
        byte[] shared = a.transport.enqueued.get(0).frame();
        assertSame(shared, b.transport.enqueued.get(0).frame(), "the same compressed bytes for both");
        assertEquals(RSV1, a.sent().get(0).rsv());
        assertSame(message.frames().plainFrame(), plain.transport.enqueued.get(0).frame());
        assertNotSame(shared, own.transport.enqueued.get(0).frame(), "context takeover compresses its own stream");
        assertArrayEquals(shared, own.transport.enqueued.get(0).frame(), "(the first message of a stream is the same)");
    }

    @Test
    void closingEndsTheCompressorItKept() {
        PerMessageDeflate deflate = new PerMessageDeflate(CONTEXT, pool, 0);
        Harness h = new Harness(Harness.defaultLimits(), deflate);
        h.connection.send(OutboundMessage.text("Hello"));
        h.receive(ClientFrames.close(1000, ""));
        // Ended: what it would compress now goes out plain (and is never sent: the connection is closed).
        OutboundMessage later = OutboundMessage.text("Hello");
        assertSame(later.frames().plainFrame(), deflate.frameOf(later.frames()));
        assertTrue(!h.connection.send(OutboundMessage.text("Hello")), "nothing is sent after the close");
    }
}
