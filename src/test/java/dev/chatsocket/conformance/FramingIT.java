package dev.chatsocket.conformance;

import dev.chatsocket.testsupport.ClientFrames;
import dev.chatsocket.testsupport.RawWebSocket;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static dev.chatsocket.conformance.Conformance.assertEchoed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Framing (Autobahn section 1): every payload length encoding from 0 to 16 MiB, text and
 * binary, and frames delivered in any slicing the network may produce: one byte at a time, many
 * frames in one write, frames cut at random places. The article's server broke on all of these.
 */
class FramingIT extends OnTheRealWar {
    /** The boundaries of the 7-bit, 16-bit and 64-bit length encodings (§5.2). */
    private static final int[] LENGTHS = {0, 1, 125, 126, 127, 128, 65535, 65536, 65537, 1 << 20};

    @Test
    void textOfEveryLengthEncodingIsEchoedWithTheShortestHeader() throws Exception {
        try (RawWebSocket ws = echo()) {
            for (int length : LENGTHS) {
                byte[] text = new byte[length];
                Arrays.fill(text, (byte) 'a');
                ws.send(ClientFrames.frame(true, 0, 1, text));
                assertEchoed(ws, 1, text);
            }
        }
    }

    @Test
    void binaryOfEveryLengthEncodingIsEchoed() throws Exception {
        Random random = new Random(6455);
        try (RawWebSocket ws = echo()) {
            for (int length : LENGTHS) {
                byte[] data = new byte[length];
                random.nextBytes(data);
                ws.send(ClientFrames.binary(data));
                assertEchoed(ws, 2, data);
            }
        }
    }

    @Test
    void sixteenMebibyteMessageMakesTheRoundTrip() throws Exception {
        byte[] data = new byte[16 << 20];
        new Random(1).nextBytes(data);
        try (RawWebSocket ws = echo()) {
            ws.send(ClientFrames.binary(data));
            assertEchoed(ws, 2, data);
        }
    }

    @Test
    void framesDeliveredOneByteAtATime() throws Exception {
        byte[] frames = ClientFrames.concat(ClientFrames.text("one"), ClientFrames.binary(new byte[300]),
                ClientFrames.text("three"));
        try (RawWebSocket ws = echo()) {
            ws.sendInChunks(frames, 1);
            assertEchoed(ws, 1, "one".getBytes(StandardCharsets.UTF_8));
            assertEchoed(ws, 2, new byte[300]);
            assertEchoed(ws, 1, "three".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void manyFramesInOneWrite() throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < 200; i++) {
            all.writeBytes(ClientFrames.text("message " + i));
        }
        try (RawWebSocket ws = echo()) {
            ws.send(all.toByteArray());
            for (int i = 0; i < 200; i++) {
                assertEquals("message " + i, ws.readFrame().text());
            }
        }
    }

    @Test
    void framesCutAtRandomPlaces() throws Exception {
        Random random = new Random(42);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[][] payloads = new byte[50][];
        for (int i = 0; i < payloads.length; i++) {
            payloads[i] = new byte[random.nextInt(70_000)];
            random.nextBytes(payloads[i]);
            all.writeBytes(ClientFrames.binary(payloads[i]));
        }
        byte[] stream = all.toByteArray();
        try (RawWebSocket ws = echo()) {
            Thread writer = new Thread(() -> {
                try {
                    int at = 0;
                    while (at < stream.length) {
                        int n = Math.min(stream.length - at, 1 + random.nextInt(9000));
                        ws.send(Arrays.copyOfRange(stream, at, at + n));
                        at += n;
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.start();
            for (byte[] payload : payloads) {
                assertArrayEquals(payload, ws.readFrame().payload());
            }
            writer.join();
        }
    }
}
