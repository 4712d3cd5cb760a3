package dev.chatsocket;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web.xml's {@code org.jboss.weld.context.mapping} leaves out exactly the WebSocket endpoints
 * and the HTTP API (which inject only application-scoped beans):
 * Weld matches it against the request path after the context path, and starts CDI's request and
 * session contexts only where it matches.
 */
class WeldContextMappingTest {
    private static Pattern mapping() throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        var document = factory.newDocumentBuilder().parse(Path.of("webapp/WEB-INF/web.xml").toFile());
        NodeList params = document.getElementsByTagNameNS("*", "context-param");
        for (int i = 0; i < params.getLength(); i++) {
            Element param = (Element) params.item(i);
            String name = param.getElementsByTagNameNS("*", "param-name").item(0).getTextContent().trim();
            if (name.equals("org.jboss.weld.context.mapping")) {
                return Pattern.compile(param.getElementsByTagNameNS("*", "param-value").item(0).getTextContent().trim());
            }
        }
        throw new AssertionError("web.xml sets no org.jboss.weld.context.mapping");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/echo", "/chat", "/chat/", "/chat/lobby", "/chat/a/b"})
    void webSocketEndpointsGetNoRequestContext(String path) throws Exception {
        assertFalse(mapping().matcher(path).matches(), path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/rooms/lobby/messages", "/api/v1/rooms/lobby/messages/3", "/api/"})
    void theHttpApiGetsNoRequestContext(String path) throws Exception {
        assertFalse(mapping().matcher(path).matches(), path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "", "/health", "/api", "/apis", "/metrics", "/echo.html", "/echoes", "/chatroom",
            "/static/chat.js", "/WEB-INF/jsp/chat.jsp"})
    void everythingElseStillGetsThem(String path) throws Exception {
        assertTrue(mapping().matcher(path).matches(), path);
    }
}
