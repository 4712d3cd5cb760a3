package dev.chatsocket.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's local login on the embedded container of the run ({@code chatsocket.container}:
 * Jetty 12.1, Tomcat 11, Tomcat 10.1; an integration test because Jetty's JSP jars and Tomcat's
 * cannot share one class path), with a small web application whose
 * servlet says who the container thinks is asking: a login is asked for at /login only; a request
 * without credentials elsewhere is a guest's; credentials brought to any path are honoured; the
 * roles of the users file reach {@code isUserInRole}.
 */
class LocalLoginIT {
    private static final LocalUsers USERS = LocalUsers.parse("""
            # a comment, then users
            alice:wonderland:chat-moderator
            root:toor:chat-admin,chat-room-ops

            bob:builder
            """, "users");

    @TempDir
    Path dir;
    private EmbeddedServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** Answers who the container says the caller is. */
    public static final class WhoAmIServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain;charset=UTF-8");
            // A session, as the chat page would have, for the session-cookie check below.
            request.getSession(true);
            response.getWriter().print(request.getUserPrincipal() == null ? "guest"
                    : request.getUserPrincipal().getName()
                    + " moderator=" + request.isUserInRole("chat-moderator")
                    + " admin=" + request.isUserInRole("chat-admin")
                    + " ops=" + request.isUserInRole("chat-room-ops"));
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    private URI start() throws Exception {
        Path webapp = dir.resolve("webapp");
        Files.createDirectories(webapp.resolve("WEB-INF"));
        Files.writeString(webapp.resolve("WEB-INF/web.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <servlet>
                    <servlet-name>who</servlet-name>
                    <servlet-class>%s</servlet-class>
                  </servlet>
                  <servlet-mapping>
                    <servlet-name>who</servlet-name>
                    <url-pattern>/login</url-pattern>
                    <url-pattern>/whoami</url-pattern>
                  </servlet-mapping>
                  <security-role><role-name>chat-moderator</role-name></security-role>
                  <security-role><role-name>chat-admin</role-name></security-role>
                </web-app>
                """.formatted(WhoAmIServlet.class.getName()));
        String container = System.getProperty("chatsocket.container", "jetty");
        server = switch (container) {
            case "jetty" -> new EmbeddedJetty("127.0.0.1", 0, 10_000, 8192);
            case "tomcat" -> new EmbeddedTomcat("127.0.0.1", 0, 8192, Files.createDirectories(dir.resolve("tomcat")));
            default -> throw new IllegalArgumentException("chatsocket.container=" + container);
        };
        server.login(USERS);
        int port = server.start();
        server.serve(webapp, "/app");
        return URI.create("http://127.0.0.1:" + port + "/app/");
    }

    private HttpResponse<String> get(URI base, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> basic(String user, String password) {
        return Map.of("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void loginIsAskedForAtLoginOnly() throws Exception {
        URI base = start();
        HttpResponse<String> open = get(base, "whoami", Map.of());
        assertEquals(200, open.statusCode());
        assertEquals("guest", open.body());

        HttpResponse<String> challenge = get(base, "login", Map.of());
        assertEquals(401, challenge.statusCode());
        assertTrue(challenge.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic realm=\"chatsocket\""),
                challenge.headers().map()::toString);
        assertEquals(401, get(base, "login", basic("alice", "wrong")).statusCode());
        assertEquals(401, get(base, "login", basic("mallory", "wonderland")).statusCode());
    }

    @Test
    void theUsersAndRolesOfTheFileReachTheApplication() throws Exception {
        URI base = start();
        HttpResponse<String> alice = get(base, "login", basic("alice", "wonderland"));
        assertEquals(200, alice.statusCode());
        assertEquals("alice moderator=true admin=false ops=false", alice.body());
        assertEquals("root moderator=false admin=true ops=true", get(base, "login", basic("root", "toor")).body());
        assertEquals("bob moderator=false admin=false ops=false", get(base, "login", basic("bob", "builder")).body());
    }

    @Test
    void credentialsBroughtToAnOpenPathAreHonoured() throws Exception {
        // What a browser does after a login at /login: it sends the credentials with every request
        // under the same directory, the page and the WebSocket handshake included (RFC 7617 §2.2).
        URI base = start();
        assertEquals("alice moderator=true admin=false ops=false",
                get(base, "whoami", basic("alice", "wonderland")).body());
        // Wrong credentials never make alice. Tomcat (preemptive authentication) answers 401;
        // Jetty authenticates an open path only when asked and, failing, leaves a guest.
        HttpResponse<String> wrong = get(base, "whoami", basic("alice", "wrong"));
        assertTrue(wrong.statusCode() == 401 || "guest".equals(wrong.body()), wrong::body);
    }

    @Test
    void theSessionCookieOfALoginCarriesTheUser() throws Exception {
        URI base = start();
        HttpResponse<String> login = get(base, "login", basic("alice", "wonderland"));
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        String expected = "tomcat".equals(System.getProperty("chatsocket.container", "jetty"))
                ? "alice moderator=true admin=false ops=false" : "guest";
        System.out.println("LocalLoginIT: the session cookie alone gives " + get(base, "whoami", Map.of("Cookie", cookie)).body());
        assertEquals(expected, get(base, "whoami", Map.of("Cookie", cookie)).body());
    }
}
