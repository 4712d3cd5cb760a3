package dev.chatsocket.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.chatsocket.testsupport.browser.Browsers;
import dev.chatsocket.testsupport.browser.Browsers.Browser;
import dev.chatsocket.testsupport.container.Deployments;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * The chat page survives a server restart: the application is undeployed (its sockets get 1001) and
 * deployed again (a fresh room registry: an empty history with a new epoch, ids from 1 again). The
 * page reconnects by itself, shows what another client said meanwhile, sends what was typed while
 * it was offline, and doubles nothing.
 *
 * <p>The deployment is unmanaged so that the test can restart it with the {@link Deployer}. Its URL
 * can only be injected once it is deployed, hence the ordered methods: deploy, then the test (URL
 * injected as a parameter), then undeploy.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChatRestartIT {
    private static final String APP = "restartable";

    @Deployment(name = APP, managed = false, testable = false)
    static WebArchive war() {
        return Deployments.chatsocketWar();
    }

    @ArquillianResource
    Deployer deployer;

    @Test
    @Order(1)
    void deploy() {
        deployer.deploy(APP);
    }

    @Test
    @Order(2)
    void pageReconnectsAfterRestartAndShowsWhatWasMissed(@ArquillianResource @OperateOnDeployment(APP) URL base) {
        String room = "restart-" + UUID.randomUUID().toString().substring(0, 8);
        try (Browser browser = Browsers.open()) {
            ChatPage page = new ChatPage(browser).open(base, room).nick("dora");
            page.say("before the restart");
            page.awaitDelivered("before the restart");

            deployer.undeploy(APP);
            browser.await("the page noticing the server is gone", d -> !"open".equals(page.state()));
            // typed while there is no server: stays pending, is sent once the page is back
            page.say("typed while offline");
            assertEquals(1, browser.findAll(By.cssSelector("#messages li.message.pending")).size());
            deployer.deploy(APP);

            // Another client speaks in the new server (most likely before the page's backoff
            // brings it back; if the page is quicker, the message arrives live instead).
            try (JdkChatClient other = JdkChatClient.join(base, room)) {
                other.say("said while the page was away", "raw-1");
                other.await("the ack", f -> f.contains("\"type\":\"ack\"") && f.contains("\"raw-1\""));

                page.awaitOpen();
                page.awaitMessage("said while the page was away");
                page.awaitDelivered("typed while offline");
                other.await("the line typed offline", f -> f.contains("\"type\":\"message\"") && f.contains("typed while offline"));

                page.say("after the restart");
                page.awaitDelivered("after the restart");
                other.await("the page's message", f -> f.contains("\"type\":\"message\"") && f.contains("after the restart"));
            }
            // Each exactly once. The two middle ones race (the JDK client speaking vs the page's
            // backoff bringing it back to send its pending line), so their order is either.
            List<String> shown = page.messages();
            assertEquals(4, shown.size(), shown.toString());
            assertEquals("before the restart", shown.get(0), shown.toString());
            assertEquals(Set.of("said while the page was away", "typed while offline"), Set.copyOf(shown.subList(1, 3)), shown.toString());
            assertEquals("after the restart", shown.get(3), shown.toString());
            // It really was a new server-side history: ids started again from 1, and the page kept
            // the old line but took it out of the dedupe by id (or "said while…" would have been
            // dropped as a duplicate of id 1).
            assertEquals(List.of("before the restart"), browser.texts("#messages li.message.earlier .text"));
            assertEquals(1, browser.findAll(By.cssSelector("#messages li.system.restart")).size());
        }
    }

    @Test
    @Order(3)
    void undeploy() {
        deployer.undeploy(APP);
    }
}
