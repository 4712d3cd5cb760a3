package dev.chatsocket.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;
import java.util.UUID;

import dev.chatsocket.testsupport.browser.Browsers;
import dev.chatsocket.testsupport.browser.Browsers.Browser;
import dev.chatsocket.testsupport.container.Deployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * The chat page in two headless Chromium browsers (two processes, two profiles: two people), with the
 * application under the context path /chatsocket so the page's URL computation is exercised too.
 */
@ExtendWith(ArquillianExtension.class)
class ChatPageIT {

    /** Would set window.__pwned if any of it were ever treated as HTML. */
    static final String HOSTILE = "<script>window.__pwned='script'</script>"
            + "<img src=x onerror=\"window.__pwned='img'\"> & <b>not bold</b>";

    @Deployment(testable = false)
    @TargetsContainer(Deployments.CHATSOCKET)
    static WebArchive war() {
        return Deployments.chatsocketWar();
    }

    @ArquillianResource
    URL base;

    @Test
    void twoBrowsersSeeEachOtherAndHostileTextStaysText() {
        String room = room();
        try (Browser one = Browsers.open(); Browser two = Browsers.open()) {
            ChatPage alice = new ChatPage(one).open(base, room).nick("alice");
            ChatPage bob = new ChatPage(two).open(base, room).nick("bob");
            alice.awaitMembers("alice", "bob");
            bob.awaitMembers("alice", "bob");
            assertEquals(2, alice.members().size(), alice.members().toString());

            alice.say("hello bob");
            bob.awaitMessage("hello bob");
            alice.awaitDelivered("hello bob");

            bob.say("hi alice");
            alice.awaitMessage("hi alice");
            bob.awaitDelivered("hi alice");

            bob.say(HOSTILE);
            alice.awaitMessage(HOSTILE);
            bob.awaitDelivered(HOSTILE);

            for (ChatPage page : List.of(alice, bob)) {
                assertEquals(List.of("hello bob", "hi alice", HOSTILE), page.messages(), "each message once, in order");
                assertNull(page.pwned(), "the payload ran");
                assertEquals(0, page.elementsInsideMessages(), "markup became elements");
            }
            // nick and time shown with each message, our own ones included
            assertEquals(List.of("alice", "bob", "bob"), one.texts("#messages li.message .nick"));
            for (Browser b : List.of(one, two)) {
                b.await("a time on every line", d -> b.texts("#messages li.message .time").stream()
                        .allMatch(t -> t.matches(".*\\d{1,2}.\\d{2}.*")));
            }
        }
    }

    @Test
    void serverRenderedHistoryIsEscapedAndNotRepeatedByTheSocket() {
        String room = room();
        try (Browser one = Browsers.open(); Browser two = Browsers.open()) {
            ChatPage first = new ChatPage(one).open(base, room);
            first.say("first line");
            first.say(HOSTILE);
            first.awaitDelivered(HOSTILE);

            // A newcomer gets the history rendered by the JSP, then its socket resumes after it.
            two.get(base + "?room=" + room);
            List<String> rendered = two.texts("#messages li.message[data-id] .text");
            assertEquals(List.of("first line", HOSTILE), rendered, "server-rendered history");
            ChatPage second = new ChatPage(two);
            second.awaitOpen();
            first.say("after the newcomer");
            second.awaitMessage("after the newcomer");
            assertEquals(List.of("first line", HOSTILE, "after the newcomer"), second.messages());
            assertNull(second.pwned(), "the server-rendered payload ran");
            assertEquals(0, second.elementsInsideMessages());
            // the times from ts were filled in by the script
            String time = two.find(By.cssSelector("#messages li.message .time")).getText();
            assertTrue(time.matches(".*\\d{1,2}.\\d{2}.*"), "time shown: '" + time + "'");
        }
    }

    private static String room() {
        return "it-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
