package dev.chatsocket.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;

import dev.chatsocket.testsupport.browser.Browsers;
import dev.chatsocket.testsupport.browser.Browsers.Browser;
import dev.chatsocket.testsupport.container.Deployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The echo page (webapp/echo.html) in headless Chromium, at the root context and under
 * /chatsocket: the page computes its WebSocket URL from its own location, echoes what is typed,
 * shows hostile text as text, and reports the close.
 */
@ExtendWith(ArquillianExtension.class)
class EchoPageIT {

    @Deployment(name = "root", testable = false)
    static WebArchive war() {
        return Deployments.chatsocketWar();
    }

    @Deployment(name = "chatsocket", testable = false)
    @TargetsContainer(Deployments.CHATSOCKET)
    static WebArchive warUnderContextPath() {
        return Deployments.chatsocketWar();
    }

    @ArquillianResource
    @OperateOnDeployment("root")
    URL base;

    @ArquillianResource
    @OperateOnDeployment("chatsocket")
    URL chatsocketBase;

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
    void echoesWhatIsTyped() {
        openEchoPage(base);
        send("hello, echo");
        awaitReceived("hello, echo");
        send("zweite Nachricht — ✓ 你好");
        awaitReceived("zweite Nachricht — ✓ 你好");
        assertEquals(List.of("connected"), browser.texts("#log li.info"));
    }

    @Test
    void worksUnderAContextPath() {
        openEchoPage(chatsocketBase);
        assertTrue(browser.driver().getCurrentUrl().contains("/chatsocket/echo.html"));
        send("under /chatsocket");
        awaitReceived("under /chatsocket");
    }

    @Test
    void hostileTextIsShownAsTextAndRunsNothing() {
        openEchoPage(base);
        String payload = "<img src=x onerror=\"window.__pwned='img'\"><script>window.__pwned='script'</script><b>bold</b>";
        send(payload);
        awaitReceived(payload);
        // Had the text gone in as HTML, the broken image's onerror would have run by now (the
        // image load fails at once); the flag stays unset and no element was created.
        assertNull(browser.js("return window.__pwned;"));
        assertTrue(browser.findAll(By.cssSelector("#log img, #log script, #log b")).isEmpty());
    }

    @Test
    void closeButtonClosesAndReportsTheCode() {
        openEchoPage(base);
        browser.find(By.id("close")).click();
        browser.awaitState("status", "closed");
        String closed = browser.await("a 'closed (…)' line",
                d -> browser.texts("#log li.info").stream().filter(t -> t.startsWith("closed (")).findFirst().orElse(null));
        assertTrue(closed.startsWith("closed (1000"), closed);
    }

    private void openEchoPage(URL at) {
        browser.get(at + "echo.html");
        browser.awaitState("status", "open");
    }

    private void send(String text) {
        WebElement input = browser.find(By.id("input"));
        input.sendKeys(text);
        browser.find(By.id("send")).click();
    }

    private void awaitReceived(String text) {
        browser.await("received " + text, d -> browser.texts("#log li.recv").contains(text));
    }
}
