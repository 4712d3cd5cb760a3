package dev.chatsocket.bench;

import dev.chatsocket.testsupport.ClientFrames;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket load-generating client (RFC 6455, client side) on plain NIO: non-blocking
 * {@link SocketChannel}s and one selector thread, so thousands of connections cost one thread.
 *
 * <p>It speaks the protocol itself, the way a browser does on the wire:
 * <ul>
 *   <li>the handshake GET has Chromium's headers, except its permessage-deflate offer, and no
 *       {@code Content-Length} (the shape that Jetty 12.1 used to lose, see issue 2); the answer must
 *       be {@code 101} with {@code Upgrade: websocket}, {@code Connection: upgrade}, no extension and
 *       {@code Sec-WebSocket-Accept} = base64(sha1(key + GUID)) computed here independently;</li>
 *   <li>every client frame is masked with a fresh random key (§5.3);</li>
 *   <li>server frames are checked as a client must (§5.1: never masked; RSV 0; control frames final
 *       and at most 125 bytes; a 64-bit length with the top bit clear); a violation fails the
 *       connection and is reported;</li>
 *   <li>pings are answered with a pong carrying the same payload; a close is answered with the same
 *       code, and the TCP close is left to the server (§7.1.1).</li>
 * </ul>
 *
 * <p>Threading: everything on a connection happens on the selector thread; other threads hand work
 * over with {@link #execute(Runnable)}. {@link Listener} callbacks run on the selector thread and must
 * not block. This class has no benchmark logic, so later scenarios (issue 8: ping-pong latency, room
 * fan-out, handshake rate) can drive it with their own listeners.
 */
public final class WsClient implements AutoCloseable {
    static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** Events of a connection, on the selector thread. */
    public interface Listener {
        /** The handshake succeeded. */
        default void onOpen(Conn conn) {
        }

        /** A whole data message (opcode 1 or 2), reassembled if it came in fragments. */
        default void onMessage(Conn conn, int opcode, byte[] payload) {
        }

        /** A pong arrived (the answer to {@link Conn#sendPing}, or unsolicited). */
        default void onPong(Conn conn, byte[] payload) {
        }

        /** A ping arrived; the pong has already been queued. */
        default void onPing(Conn conn, byte[] payload) {
        }

        /**
         * The connection is gone. {@code closeCode} is the code of the server's close frame, or -1 when
         * the TCP connection ended without one; {@code failure} is non-null when it ended on an error
         * (connect refused, bad handshake, protocol violation by the server, I/O error).
         */
        default void onClosed(Conn conn, int closeCode, String reason, Throwable failure) {
        }
    }

    private enum State { CONNECTING, HANDSHAKING, OPEN, CLOSING, CLOSED }

    private final InetSocketAddress address;
    private final String hostHeader;
    private final String path;
    private final long maxMessage;
    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(256 * 1024);
    private final byte[] readArray = new byte[256 * 1024];
    /** Live connections (removed when closed, so a handshake-rate run does not accumulate them). */
    private final java.util.Set<Conn> conns = new java.util.LinkedHashSet<>();
    private volatile boolean running = true;
    private volatile Throwable loopFailure;
    private int nextId;

    /**
     * @param address    the server (loopback for the benchmark)
     * @param path       request target of the handshake, e.g. {@code /echo}
     * @param maxMessage largest message accepted from the server; larger ones fail the connection
     */
    public WsClient(InetSocketAddress address, String path, long maxMessage) throws IOException {
        this.address = address;
        this.hostHeader = address.getHostString() + ":" + address.getPort();
        this.path = path;
        this.maxMessage = maxMessage;
        this.selector = Selector.open();
        this.thread = new Thread(this::loop, "ws-client-selector");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** The selector thread, e.g. to read its CPU time. */
    public Thread thread() {
        return thread;
    }

    /** Set if the selector loop itself died (a bug in this class, not a connection error). */
    public Throwable loopFailure() {
        return loopFailure;
    }

    /** Runs {@code task} on the selector thread. */
    public void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /**
     * Starts a connection and its handshake; selector thread only. {@code attachment} is set before
     * anything can be reported, so even a connect that fails at once arrives with it.
     */
    public Conn connect(Listener listener, Object attachment) {
        assertLoopThread();
        Conn conn = new Conn(nextId++, listener);
        conn.attachment = attachment;
        conns.add(conn);
        try {
            SocketChannel ch = SocketChannel.open();
            conn.channel = ch;
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (ch.connect(address)) {
                conn.key = ch.register(selector, 0, conn);
                conn.connected();
            } else {
                conn.key = ch.register(selector, SelectionKey.OP_CONNECT, conn);
            }
        } catch (IOException | RuntimeException e) {
            conn.fail(e);
        }
        return conn;
    }

    /** Connections that are open (handshake done, no close sent or received); selector thread only. */
    public List<Conn> openConnections() {
        assertLoopThread();
        List<Conn> open = new ArrayList<>();
        for (Conn c : conns) {
            if (c.state == State.OPEN) {
                open.add(c);
            }
        }
        return open;
    }

    /** Stops the loop and drops every connection at the TCP level (no close handshake). */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void assertLoopThread() {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("selector thread only; use execute()");
        }
    }

    private void loop() {
        try {
            while (running) {
                selector.select(100);
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                var it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    Conn conn = (Conn) key.attachment();
                    try {
                        if (!key.isValid()) {
                            continue;
                        }
                        if (key.isConnectable()) {
                            if (conn.channel.finishConnect()) {
                                conn.connected();
                            }
                        }
                        if (key.isValid() && key.isWritable()) {
                            conn.flush();
                        }
                        if (key.isValid() && key.isReadable()) {
                            conn.read();
                        }
                    } catch (IOException | ProtocolViolation | RuntimeException e) {
                        conn.fail(e);
                    }
                }
            }
        } catch (ClosedSelectorException e) {
            // closed under us: nothing left to do
        } catch (Throwable t) {
            loopFailure = t;
        } finally {
            for (Conn c : new ArrayList<>(conns)) {
                c.closeChannel();
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // shutting down
            }
        }
    }

    /** The server broke a rule a client must check. */
    static final class ProtocolViolation extends Exception {
        ProtocolViolation(String message) {
            super(message);
        }
    }

    /** One client connection. All methods on the selector thread. */
    public final class Conn {
        private final int id;
        private final Listener listener;
        private SocketChannel channel;
        private SelectionKey key;
        private State state = State.CONNECTING;
        private String secKey;
        private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
        private boolean closeSent;

        // handshake response
        private byte[] head = new byte[512];
        private int headLength;

        // frame header (at most 14 bytes for a client-bound frame: 2 + 8, no mask)
        private final byte[] header = new byte[14];
        private int headerHave;
        private int headerNeed = 2;
        private int opcode;
        private boolean fin;
        // frame payload
        private byte[] payload;
        private int payloadHave;
        // fragmented message
        private int messageOpcode = -1;
        private byte[][] fragments;
        private int fragmentCount;
        private long messageLength;

        /** Free for the benchmark: what it expects back on this connection, etc. */
        public Object attachment;

        private Conn(int id, Listener listener) {
            this.id = id;
            this.listener = listener;
        }

        public int id() {
            return id;
        }

        public boolean isOpen() {
            return state == State.OPEN;
        }

        /** Sends one masked, final text message. */
        public void sendText(byte[] utf8) {
            sendFrame(0x1, utf8);
        }

        /** Sends one masked ping with {@code payload} (at most 125 bytes); the pong comes to {@link Listener#onPong}. */
        public void sendPing(byte[] payload) {
            sendFrame(0x9, payload);
        }

        /** Sends one masked, final binary message. */
        public void sendBinary(byte[] data) {
            sendFrame(0x2, data);
        }

        /**
         * Sends an already masked frame as is (e.g. a large frame masked once and sent several times;
         * reusing a mask key is legal, just not what a browser does).
         */
        public void sendRaw(byte[] frame) {
            assertLoopThread();
            if (state != State.OPEN) {
                return;
            }
            enqueue(frame);
        }

        /** Starts the close handshake with {@code code}; the server answers and closes TCP. */
        public void close(int code) {
            assertLoopThread();
            if (state != State.OPEN) {
                return;
            }
            enqueue(ClientFrames.frame(true, 0, 0x8, new byte[] {(byte) (code >>> 8), (byte) code}, newMask()));
            closeSent = true;
            state = State.CLOSING;
        }

        private void sendFrame(int op, byte[] data) {
            assertLoopThread();
            if (state != State.OPEN) {
                return;
            }
            enqueue(ClientFrames.frame(true, 0, op, data, newMask()));
        }

        private void enqueue(byte[] bytes) {
            out.add(ByteBuffer.wrap(bytes));
            try {
                flush();
            } catch (IOException e) {
                fail(e);
            }
        }

        private void flush() throws IOException {
            while (!out.isEmpty()) {
                ByteBuffer b = out.peek();
                channel.write(b);
                if (b.hasRemaining()) {
                    key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
                    return;
                }
                out.poll();
            }
            if (key.isValid()) {
                key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
            }
        }

        private void connected() throws IOException {
            state = State.HANDSHAKING;
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            secKey = Base64.getEncoder().encodeToString(nonce);
            // What Chromium sends, byte for byte in order and shape; above all: no Content-Length.
            String request = "GET " + path + " HTTP/1.1\r\n"
                    + "Host: " + hostHeader + "\r\n"
                    + "Connection: Upgrade\r\n"
                    + "Pragma: no-cache\r\n"
                    + "Cache-Control: no-cache\r\n"
                    + "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
                    + " Chrome/120.0.0.0 Safari/537.36 chatsocket-bench\r\n"
                    + "Upgrade: websocket\r\n"
                    + "Origin: http://" + hostHeader + "\r\n"
                    + "Sec-WebSocket-Version: 13\r\n"
                    + "Accept-Encoding: gzip, deflate, br\r\n"
                    + "Accept-Language: en-US,en;q=0.9\r\n"
                    + "Sec-WebSocket-Key: " + secKey + "\r\n"
                    // Chromium would also offer permessage-deflate; this client implements no
                    // extension, and the server grants that one since issue 5, so it offers none.
                    + "\r\n";
            key.interestOps(SelectionKey.OP_READ);
            out.add(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            flush();
        }

        private void read() throws IOException, ProtocolViolation {
            // Drain what the socket has, bounded so one busy connection cannot starve the others.
            for (int rounds = 0; rounds < 16 && key.isValid(); rounds++) {
                readBuffer.clear();
                int n = channel.read(readBuffer);
                if (n < 0) {
                    endOfStream();
                    return;
                }
                if (n == 0) {
                    return;
                }
                readBuffer.flip();
                readBuffer.get(readArray, 0, n);
                feed(readArray, 0, n);
                if (n < readBuffer.capacity()) {
                    return;
                }
            }
        }

        private void feed(byte[] b, int off, int len) throws ProtocolViolation, IOException {
            int end = off + len;
            int i = off;
            while (i < end && state != State.CLOSED) {
                if (state == State.HANDSHAKING) {
                    i = feedHead(b, i, end);
                } else if (payload != null) {
                    int n = Math.min(end - i, payload.length - payloadHave);
                    System.arraycopy(b, i, payload, payloadHave, n);
                    payloadHave += n;
                    i += n;
                    if (payloadHave == payload.length) {
                        frameDone(payload);
                    }
                } else {
                    header[headerHave++] = b[i++];
                    if (headerHave == 2) {
                        checkFirstTwo();
                    }
                    if (headerHave == headerNeed) {
                        headerDone();
                    }
                }
            }
        }

        private int feedHead(byte[] b, int i, int end) throws ProtocolViolation {
            while (i < end) {
                if (headLength == head.length) {
                    if (head.length >= 16 * 1024) {
                        throw new ProtocolViolation("handshake response headers larger than 16 KiB");
                    }
                    head = java.util.Arrays.copyOf(head, head.length * 2);
                }
                head[headLength++] = b[i++];
                if (headLength >= 4 && head[headLength - 4] == '\r' && head[headLength - 3] == '\n'
                        && head[headLength - 2] == '\r' && head[headLength - 1] == '\n') {
                    checkHandshake(new String(head, 0, headLength, StandardCharsets.ISO_8859_1));
                    head = null;
                    state = State.OPEN;
                    listener.onOpen(this);
                    return i;
                }
            }
            return i;
        }

        private void checkHandshake(String response) throws ProtocolViolation {
            String[] lines = response.split("\r\n");
            String status = lines[0];
            if (!status.startsWith("HTTP/1.1 101")) {
                throw new ProtocolViolation("handshake refused: " + status);
            }
            String upgrade = null;
            String connection = null;
            String accept = null;
            String extensions = null;
            for (int k = 1; k < lines.length; k++) {
                int colon = lines[k].indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = lines[k].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = lines[k].substring(colon + 1).trim();
                switch (name) {
                    case "upgrade" -> upgrade = value;
                    case "connection" -> connection = value;
                    case "sec-websocket-accept" -> accept = value;
                    case "sec-websocket-extensions" -> extensions = value;
                    default -> { }
                }
            }
            if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
                throw new ProtocolViolation("101 without Upgrade: websocket (" + upgrade + ")");
            }
            if (connection == null || !connection.toLowerCase(Locale.ROOT).contains("upgrade")) {
                throw new ProtocolViolation("101 without Connection: upgrade (" + connection + ")");
            }
            String expected = acceptKey(secKey);
            if (!expected.equals(accept)) {
                throw new ProtocolViolation("Sec-WebSocket-Accept " + accept + ", expected " + expected);
            }
            if (extensions != null) {
                // This client implements no extension, so it must fail the connection (§4.1 point 5).
                throw new ProtocolViolation("server granted an extension this client cannot use: " + extensions);
            }
        }

        private void checkFirstTwo() throws ProtocolViolation {
            fin = (header[0] & 0x80) != 0;
            int rsv = (header[0] >> 4) & 0x7;
            opcode = header[0] & 0x0F;
            if (rsv != 0) {
                throw new ProtocolViolation("server frame with RSV bits " + rsv + " and no extension"
                        + startingWith());
            }
            if ((header[1] & 0x80) != 0) {
                throw new ProtocolViolation("masked server frame (§5.1)" + startingWith());
            }
            int len7 = header[1] & 0x7F;
            headerNeed = len7 == 126 ? 4 : len7 == 127 ? 10 : 2;
        }

        /** The offending bytes, as text when they look like text (e.g. an HTTP response after the 101). */
        private String startingWith() {
            char a = (char) (header[0] & 0xFF);
            char b = (char) (header[1] & 0xFF);
            boolean printable = a >= 0x20 && a < 0x7F && b >= 0x20 && b < 0x7F;
            return printable ? " (bytes \"" + a + b + "\"...: text where a frame should be)"
                    : String.format(" (bytes %02x %02x)", header[0] & 0xFF, header[1] & 0xFF);
        }

        private void headerDone() throws ProtocolViolation, IOException {
            int len7 = header[1] & 0x7F;
            long length;
            if (len7 < 126) {
                length = len7;
            } else if (len7 == 126) {
                length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
            } else {
                length = 0;
                for (int k = 2; k < 10; k++) {
                    length = (length << 8) | (header[k] & 0xFF);
                }
                if (length < 0) {
                    throw new ProtocolViolation("64-bit frame length with the top bit set");
                }
            }
            boolean control = (opcode & 0x8) != 0;
            if (control && (!fin || length > 125)) {
                throw new ProtocolViolation("control frame fragmented or longer than 125 bytes");
            }
            if (!control && opcode != 0 && opcode != 1 && opcode != 2 || control && opcode > 0xA) {
                throw new ProtocolViolation("reserved opcode " + opcode);
            }
            if (length > maxMessage || messageLength + length > maxMessage) {
                throw new ProtocolViolation("server message larger than " + maxMessage + " bytes");
            }
            headerHave = 0;
            headerNeed = 2;
            if (length == 0) {
                frameDone(new byte[0]);
            } else {
                payload = new byte[(int) length];
                payloadHave = 0;
            }
        }

        private void frameDone(byte[] data) throws ProtocolViolation, IOException {
            payload = null;
            switch (opcode) {
                case 0x9 -> {
                    if (!closeSent) {
                        enqueue(ClientFrames.frame(true, 0, 0xA, data, newMask()));
                    }
                    listener.onPing(this, data);
                }
                case 0xA -> listener.onPong(this, data);
                case 0x8 -> closeReceived(data);
                case 0x0 -> {
                    if (messageOpcode < 0) {
                        throw new ProtocolViolation("continuation frame without a message");
                    }
                    addFragment(data);
                    if (fin) {
                        deliver(messageOpcode, joinFragments());
                    }
                }
                default -> {
                    if (messageOpcode >= 0) {
                        throw new ProtocolViolation("new data frame inside a fragmented message");
                    }
                    if (fin) {
                        deliver(opcode, data);
                    } else {
                        messageOpcode = opcode;
                        addFragment(data);
                    }
                }
            }
        }

        private void deliver(int op, byte[] data) throws ProtocolViolation {
            if (op == 0x1 && !validUtf8(data)) {
                throw new ProtocolViolation("text message that is not valid UTF-8");
            }
            if (state == State.OPEN || state == State.CLOSING) {
                listener.onMessage(this, op, data);
            }
        }

        private void addFragment(byte[] data) {
            if (fragments == null) {
                fragments = new byte[4][];
            } else if (fragmentCount == fragments.length) {
                fragments = java.util.Arrays.copyOf(fragments, fragmentCount * 2);
            }
            fragments[fragmentCount++] = data;
            messageLength += data.length;
        }

        private byte[] joinFragments() {
            byte[] all = new byte[(int) messageLength];
            int at = 0;
            for (int k = 0; k < fragmentCount; k++) {
                System.arraycopy(fragments[k], 0, all, at, fragments[k].length);
                at += fragments[k].length;
            }
            fragments = null;
            fragmentCount = 0;
            messageLength = 0;
            messageOpcode = -1;
            return all;
        }

        private void closeReceived(byte[] data) throws IOException {
            int code = data.length >= 2 ? ((data[0] & 0xFF) << 8) | (data[1] & 0xFF) : 1005;
            String reason = data.length > 2 ? new String(data, 2, data.length - 2, StandardCharsets.UTF_8) : "";
            if (!closeSent) {
                byte[] body = data.length >= 2 ? new byte[] {data[0], data[1]} : new byte[0];
                out.add(ByteBuffer.wrap(ClientFrames.frame(true, 0, 0x8, body, newMask())));
                closeSent = true;
                flush();
            }
            // The server closes TCP first (§7.1.1); this client reports the close now and lets the
            // server's FIN (or the loop's shutdown) release the socket.
            State before = state;
            state = State.CLOSED;
            if (before != State.CLOSED) {
                listener.onClosed(this, code, reason, null);
            }
            pendingClose = true;
        }

        private boolean pendingClose;

        private void endOfStream() {
            if (pendingClose) {
                closeChannel();
                return;
            }
            fail(new IOException("connection closed by the server without a close frame (state " + state + ")"),
                    -1);
        }

        void fail(Throwable failure) {
            fail(failure, -1);
        }

        private void fail(Throwable failure, int code) {
            State before = state;
            state = State.CLOSED;
            closeChannel();
            if (before != State.CLOSED) {
                listener.onClosed(this, code, null, failure);
            }
        }

        private void closeChannel() {
            state = State.CLOSED;
            conns.remove(this);
            if (key != null) {
                key.cancel();
            }
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // already gone
                }
            }
            out.clear();
        }
    }

    static byte[] newMask() {
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        return mask;
    }

    /** base64(sha1(key + GUID)), RFC 6455 §4.2.2, computed here rather than trusting product code. */
    static String acceptKey(String secWebSocketKey) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((secWebSocketKey + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean validUtf8(byte[] data) {
        var decoder = StandardCharsets.UTF_8.newDecoder();
        try {
            decoder.decode(ByteBuffer.wrap(data));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }
}
