package dev.chatsocket.browser;

import dev.chatsocket.testsupport.browser.Browsers;
import dev.chatsocket.testsupport.browser.Browsers.Browser;
import dev.chatsocket.testsupport.container.Deployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A real client with compression: headless Chromium offers permessage-deflate on every
 * WebSocket, so its {@code ws.extensions} says what the server answered. Messages of several
 * sizes (compressed both ways above the minimum size) come back intact; with
 * {@code CHATSOCKET_DEFLATE=false} nothing is negotiated.
 */
@ExtendWith(ArquillianExtension.class)
class DeflateBrowserIT {
    /** Opens a WebSocket to /echo from the page, records the extensions and every echo. */
    private static final String OPEN = """
            window.__echoes = [];
            window.__extensions = null;
            const ws = new WebSocket(new URL('echo', location.href).href.replace(/^http/, 'ws'));
            ws.onopen = () => { window.__extensions = ws.extensions; };
            ws.onmessage = (e) => window.__echoes.push(e.data);
            window.__ws = ws;
            """;

    @Deployment(name = "defaults", testable = false)
    static WebArchive defaults() {
        return Deployments.chatsocketWar();
    }

    @Deployment(name = "off", testable = false)
    @TargetsContainer(Deployments.CHATSOCKET)
    static WebArchive deflateOff() {
        return Deployments.chatsocketWar().addAsWebInfResource(new StringAsset("CHATSOCKET_DEFLATE=false\n"),
                "chatsocket.properties");
    }

    @ArquillianResource
    @OperateOnDeployment("defaults")
    URL base;

    @ArquillianResource
    @OperateOnDeployment("off")
    URL offBase;

    private Browser browser;

    @BeforeEach
    void openBrowser() {
        browser = Browsers.open();
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void chromiumNegotiatesPermessageDeflateAndMessagesRoundTrip() {
        String extensions = open(base);
        assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover", extensions);
        browser.js("""
                const texts = ['hi', 'x'.repeat(63), 'chat ✓ 你好 '.repeat(200), '{"type":"message"}'.repeat(5000)];
                window.__sent = texts;
                texts.forEach(t => window.__ws.send(t));
                const bytes = new Uint8Array(100000).map((_, i) => i % 251);
                window.__ws.binaryType = 'arraybuffer';
                window.__ws.send(bytes);
                """);
        browser.await("five echoes", d -> ((Number) browser.js("return window.__echoes.length;")).intValue() == 5);
        assertEquals(Boolean.TRUE, browser.js("""
                const e = window.__echoes;
                const same = window.__sent.every((t, i) => e[i] === t);
                const bin = new Uint8Array(e[4]);
                return same && bin.length === 100000 && bin.every((b, i) => b === i % 251);
                """));
    }

    @Test
    void turnedOffNothingIsNegotiated() {
        assertEquals("", open(offBase));
    }

    private String open(URL at) {
        browser.get(at + "echo.html");
        browser.js(OPEN);
        return browser.await("the socket to open", d -> (String) browser.js("return window.__extensions;"));
    }
}
