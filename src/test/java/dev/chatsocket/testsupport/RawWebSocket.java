package dev.chatsocket.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client over a plain socket that sends exactly the bytes a test gives it and reads
 * exactly what the server sends: the handshake as a browser writes it (no Content-Length), frames
 * whole or in pieces, and server frames checked for the rules a server must keep (never masked).
 */
public final class RawWebSocket implements Closeable {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final HttpHead handshakeResponse;

    /** A frame as the server sent it. */
    public record ServerFrame(boolean fin, int rsv, int opcode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        public int closeCode() {
            return payload.length < 2 ? 1005 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }

        public String closeReason() {
            return payload.length < 2 ? "" : new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }
    }

    /** The status line, headers and (for refusals) body of an HTTP response. */
    public record HttpHead(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawWebSocket(Socket socket, HttpHead handshakeResponse) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.handshakeResponse = handshakeResponse;
    }

    /**
     * Opens a WebSocket to {@code base.resolve(path)} with the headers Chromium sends, and no
     * Content-Length; fails unless the server answers 101 with the right accept key.
     */
    public static RawWebSocket open(URI base, String path) throws IOException {
        return open(base, path, Map.of());
    }

    public static RawWebSocket open(URI base, String path, Map<String, String> extraHeaders) throws IOException {
        return open(base, path, extraHeaders, null);
    }

    /**
     * Like {@link #open(URI, String, Map)}, from the local address {@code from} (on Linux any
     * 127.x.y.z reaches a server on 127.0.0.1): a second client address for tests of per-address
     * limits; {@code null} lets the system choose.
     */
    public static RawWebSocket open(URI base, String path, Map<String, String> extraHeaders, InetAddress from)
            throws IOException {
        String key = newKey();
        Map<String, String> headers = browserHeaders(base, key);
        headers.putAll(extraHeaders);
        Socket socket = connect(base, from);
        HttpHead head = request(socket, requestBytes("GET", base, path, headers));
        if (head.status() != 101) {
            socket.close();
            throw new IOException("handshake refused: " + head.status() + " " + head.body());
        }
        String accept = head.header("Sec-WebSocket-Accept");
        if (!dev.chatsocket.ws.handshake.AcceptKey.of(key).equals(accept)) {
            socket.close();
            throw new IOException("wrong Sec-WebSocket-Accept: " + accept);
        }
        return new RawWebSocket(socket, head);
    }

    /**
     * Sends any request (a handshake the server should refuse, say) and returns the response
     * head and body. The connection is closed afterwards.
     */
    public static HttpHead exchange(URI base, String method, String path, Map<String, String> headers)
            throws IOException {
        return exchange(base, method, path, headers, null);
    }

    /** Like {@link #exchange(URI, String, String, Map)}, from the local address {@code from}. */
    public static HttpHead exchange(URI base, String method, String path, Map<String, String> headers,
                                    InetAddress from) throws IOException {
        try (Socket socket = connect(base, from)) {
            return request(socket, requestBytes(method, base, path, headers));
        }
    }

    /** Sends raw request bytes, for requests that no header map can express. */
    public static HttpHead exchange(URI base, byte[] rawRequest) throws IOException {
        try (Socket socket = connect(base, null)) {
            return request(socket, rawRequest);
        }
    }

    /** The headers of a browser's handshake, for tests that take one out or change one. */
    public static Map<String, String> browserHeaders(URI base, String key) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", base.getHost() + ":" + base.getPort());
        headers.put("Connection", "Upgrade");
        headers.put("Pragma", "no-cache");
        headers.put("Cache-Control", "no-cache");
        headers.put("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) chatsocket-tests");
        headers.put("Upgrade", "websocket");
        headers.put("Origin", "http://" + base.getHost() + ":" + base.getPort());
        headers.put("Sec-WebSocket-Version", "13");
        headers.put("Accept-Encoding", "gzip, deflate, br");
        headers.put("Accept-Language", "en-US,en;q=0.9");
        headers.put("Sec-WebSocket-Key", key);
        return headers;
    }

    public static String newKey() {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    public HttpHead handshakeResponse() {
        return handshakeResponse;
    }

    public RawWebSocket send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Sends {@code bytes} in writes of {@code chunk} bytes each, each pushed out on its own. */
    public RawWebSocket sendInChunks(byte[] bytes, int chunk) throws IOException {
        for (int i = 0; i < bytes.length; i += chunk) {
            out.write(bytes, i, Math.min(chunk, bytes.length - i));
            out.flush();
        }
        return this;
    }

    public ServerFrame readFrame() throws IOException {
        return readFrame(DEFAULT_TIMEOUT);
    }

    /** Reads the next frame; fails on timeout, on EOF, or when the server masked it. */
    public ServerFrame readFrame(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        int b0 = readByte();
        int b1 = readByte();
        if ((b1 & 0x80) != 0) {
            throw new IOException("server frames must not be masked (RFC 6455 §5.1)");
        }
        long length = b1 & 0x7F;
        if (length == 126) {
            length = (readByte() << 8) | readByte();
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | readByte();
            }
        }
        byte[] payload = in.readNBytes((int) length);
        if (payload.length != length) {
            throw new EOFException("frame cut short");
        }
        return new ServerFrame((b0 & 0x80) != 0, (b0 >> 4) & 7, b0 & 0x0F, payload);
    }

    /** Reads frames until a text frame, answering nothing; pings and pongs are skipped. */
    public String readText() throws IOException {
        while (true) {
            ServerFrame frame = readFrame();
            if (frame.opcode() == 1) {
                return frame.text();
            }
            if (frame.opcode() != 9 && frame.opcode() != 10) {
                throw new IOException("expected a text frame, got opcode " + frame.opcode());
            }
        }
    }

    /**
     * Reads until the server's close frame, skipping data frames still in flight, and returns it.
     */
    public ServerFrame readClose() throws IOException {
        while (true) {
            ServerFrame frame = readFrame();
            if (frame.opcode() == 8) {
                return frame;
            }
        }
    }

    /** True when the server has closed TCP: the next read ends the stream. */
    public boolean awaitEof(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true; // a reset ends the connection as surely as a FIN
        }
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("connection closed by the server");
        }
        return b;
    }

    private static Socket connect(URI base, InetAddress from) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        if (from != null) {
            socket.bind(new InetSocketAddress(from, 0));
        }
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
        socket.setSoTimeout((int) DEFAULT_TIMEOUT.toMillis());
        return socket;
    }

    private static byte[] requestBytes(String method, URI base, String path, Map<String, String> headers) {
        StringBuilder request = new StringBuilder();
        request.append(method).append(' ').append(base.resolve(path).getRawPath());
        String query = base.resolve(path).getRawQuery();
        if (query != null) {
            request.append('?').append(query);
        }
        request.append(" HTTP/1.1\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("\r\n");
        return request.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Writes a request and reads the response head, and the body when its length is declared. */
    private static HttpHead request(Socket socket, byte[] request) throws IOException {
        socket.getOutputStream().write(request);
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed before the response head ended");
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim(), (a, b) -> a + ", " + b);
            }
        }
        String body = "";
        String length = headers.get("content-length");
        if (status != 101 && length != null) {
            body = new String(in.readNBytes(Integer.parseInt(length)), StandardCharsets.UTF_8);
        }
        return new HttpHead(status, headers, body);
    }
}
