package dev.chatsocket.browser;

import dev.chatsocket.testsupport.browser.Browsers;
import dev.chatsocket.testsupport.browser.Browsers.Browser;
import dev.chatsocket.testsupport.container.Deployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * "Load older" in a real Chromium: a room with many more messages than its live window (5 here)
 * pages back, 50 at a time from the store, to the first message, and says "start of the room".
 */
@ExtendWith(ArquillianExtension.class)
class ChatOlderHistoryIT {
    private static final int WINDOW = 5;
    private static final int MESSAGES = 120;

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.chatsocketWar().addAsWebInfResource(new StringAsset(
                "CHATSOCKET_HISTORY_SIZE=" + WINDOW + "\n"
                        // the test's client posts faster than a person
                        + "CHATSOCKET_CHAT_RATE_MESSAGES=10000\nCHATSOCKET_CHAT_RATE_MESSAGE_BURST=10000\n"
                        + "CHATSOCKET_USER_RATE_MESSAGES=10000\nCHATSOCKET_USER_RATE_MESSAGE_BURST=10000\n"),
                "chatsocket.properties");
    }

    @ArquillianResource
    URL base;

    @Test
    void scrollingUpPagesBackToTheFirstMessageAndSaysWhereTheRoomStarts() {
        String room = "older-" + UUID.randomUUID().toString().substring(0, 8);
        try (JdkChatClient writer = JdkChatClient.join(base, room)) {
            for (int i = 1; i <= MESSAGES; i++) {
                writer.say("line " + i, "r" + i);
            }
            writer.await("the last ack", frame -> frame.contains("\"type\":\"ack\"") && frame.contains("\"ref\":\"r" + MESSAGES + "\""));
        }
        try (Browser browser = Browsers.open()) {
            ChatPage page = new ChatPage(browser).open(base, room);
            page.awaitMessage("line " + MESSAGES);
            page.loadOlderToTheStart();
            assertEquals(LongStream.rangeClosed(1, MESSAGES).boxed().toList(), page.messageIds(),
                    "every message once, in order, from the first");
            assertEquals("line 1", page.messages().get(0));
            assertEquals(List.of("start of the room"), browser.texts("#messages li.system.start"));
        }
    }
}
