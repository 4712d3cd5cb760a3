package dev.chatsocket.testsupport;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The client's half of permessage-deflate (RFC 7692) for tests, written against java.util.zip
 * directly and independently of the server's code: it compresses what the client sends and
 * decompresses what the server sent, keeping or dropping each side's window as the server's
 * response header said.
 */
public final class ClientDeflate implements AutoCloseable {
    private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};

    private final boolean clientNoContextTakeover;
    private final boolean serverNoContextTakeover;
    private final int serverMaxWindowBits;
    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final Inflater inflater = new Inflater(true);

    private ClientDeflate(boolean clientNoContextTakeover, boolean serverNoContextTakeover, int serverMaxWindowBits) {
        this.clientNoContextTakeover = clientNoContextTakeover;
        this.serverNoContextTakeover = serverNoContextTakeover;
        this.serverMaxWindowBits = serverMaxWindowBits;
    }

    /** The agreed parameters from the server's {@code Sec-WebSocket-Extensions}; fails on anything else. */
    public static ClientDeflate fromResponse(String header) {
        if (header == null) {
            throw new AssertionError("permessage-deflate was not negotiated");
        }
        String[] parts = header.split(";");
        if (!parts[0].trim().equals("permessage-deflate")) {
            throw new AssertionError("not permessage-deflate: " + header);
        }
        boolean client = false;
        boolean server = false;
        int window = 15;
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].trim().toLowerCase(Locale.ROOT);
            if (param.equals("client_no_context_takeover")) {
                client = true;
            } else if (param.equals("server_no_context_takeover")) {
                server = true;
            } else if (param.startsWith("server_max_window_bits=")) {
                window = Integer.parseInt(param.substring(param.indexOf('=') + 1));
            } else {
                throw new AssertionError("unexpected parameter in the answer: " + param);
            }
        }
        return new ClientDeflate(client, server, window);
    }

    public boolean serverNoContextTakeover() {
        return serverNoContextTakeover;
    }

    public int serverMaxWindowBits() {
        return serverMaxWindowBits;
    }

    /** Compresses one message as a client sends it: sync flush, tail removed (§7.2.1). */
    public byte[] compress(byte[] data) {
        deflater.setInput(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        do {
            n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
            out.write(buffer, 0, n);
        } while (n == buffer.length);
        if (clientNoContextTakeover) {
            deflater.reset();
        }
        byte[] all = out.toByteArray();
        if (all.length == 0) {
            // zlib writes nothing for a flush right after a flush; an empty stored block says the same.
            return new byte[] {0};
        }
        if (all.length < TAIL.length || !Arrays.equals(all, all.length - 4, all.length, TAIL, 0, 4)) {
            throw new AssertionError("a sync flush ends with 00 00 FF FF");
        }
        return Arrays.copyOf(all, all.length - TAIL.length);
    }

    /** Decompresses the payloads of one server message that had RSV1 set (§7.2.2). */
    public byte[] decompress(List<byte[]> payloads) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (byte[] payload : payloads) {
                inflateAll(payload, buffer, out);
            }
            inflateAll(TAIL, buffer, out);
        } catch (DataFormatException e) {
            throw new AssertionError("the server sent invalid DEFLATE data", e);
        }
        if (serverNoContextTakeover) {
            inflater.reset();
        }
        return out.toByteArray();
    }

    private void inflateAll(byte[] input, byte[] buffer, ByteArrayOutputStream out) throws DataFormatException {
        inflater.setInput(input);
        int n;
        do {
            n = inflater.inflate(buffer);
            out.write(buffer, 0, n);
        } while (n > 0 || !inflater.needsInput());
    }

    @Override
    public void close() {
        deflater.end();
        inflater.end();
    }
}
