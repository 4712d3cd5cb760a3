package dev.chatsocket.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatsocket.testsupport.Hs256Tokens;
import dev.chatsocket.testsupport.browser.Browsers;
import dev.chatsocket.testsupport.browser.Browsers.Browser;
import dev.chatsocket.testsupport.container.Deployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * Running a room on the chat page, in real Chromium (issue 16, "The page"): a moderator, signed in
 * with a token whose roles hold {@code moderator}, deletes a guest's message and it turns into
 * "message deleted" on the guest's page; the guest edits one of its own and both pages show the
 * new text, marked "(edited)"; each page shows who else is typing; and a guest the moderator kicks
 * is told so and does not come back by itself.
 */
@ExtendWith(ArquillianExtension.class)
class RoomActionsPageIT {
    private static final String SECRET = "room-actions-it-secret-0123456789abcdef";
    private static final Hs256Tokens TOKENS = new Hs256Tokens(SECRET);

    @Deployment(testable = false)
    @TargetsContainer(Deployments.CHATSOCKET)
    static WebArchive war() {
        return Deployments.chatsocketWar().addAsWebInfResource(new StringAsset(
                "CHATSOCKET_TOKEN_SECRET=" + SECRET + "\n"), "chatsocket.properties");
    }

    @ArquillianResource
    URL base;

    @Test
    void aModeratorDeletesAGuestsMessageAndAnEditShowsOnBothPages() {
        String suffix = suffix();
        String room = "it-" + suffix;
        try (Browser one = Browsers.open(); Browser two = Browsers.open()) {
            ChatPage mod = moderator(one, room, suffix);
            ChatPage guest = new ChatPage(two).open(base, room);
            mod.awaitMembers("Mo", guestName(guest));

            guest.say("buy cheap things");
            guest.say("helo all");
            guest.awaitDelivered("helo all");
            mod.awaitMessage("helo all");
            assertFalse(mod.offers("helo all", "edit"), "nobody edits another's message");

            mod.deleteMessage("buy cheap things");
            for (ChatPage page : List.of(guest, mod)) {
                page.browser.await("the message gone", d -> !page.messages().contains("buy cheap things"));
                assertEquals(List.of("message deleted", "helo all"), page.messages());
                assertEquals(1L, page.deletedCount());
            }

            guest.editMessage("helo all", "hello all <b>edited</b>");
            for (ChatPage page : List.of(guest, mod)) {
                page.awaitEdited("hello all <b>edited</b>");
                assertEquals(List.of("message deleted", "hello all <b>edited</b>"), page.messages());
                assertEquals(0, page.elementsInsideMessages(), "an edit is text too");
                assertNull(page.pwned());
            }

            // A newcomer reads the room as it is now, rendered by the server and then live.
            guest.reload();
            guest.awaitEdited("hello all <b>edited</b>");
            assertEquals(List.of("message deleted", "hello all <b>edited</b>"), guest.messages());
        }
    }

    @Test
    void eachPageShowsWhoElseIsTyping() {
        String suffix = suffix();
        String room = "it-" + suffix;
        try (Browser one = Browsers.open(); Browser two = Browsers.open()) {
            ChatPage mod = moderator(one, room, suffix);
            ChatPage guest = new ChatPage(two).open(base, room);
            String guestName = guestName(guest);
            mod.awaitMembers("Mo", guestName);

            guest.typeWithoutSending("I am wri");
            mod.awaitTyping(guestName + " is typing\u2026");
            assertEquals("", two.find(By.id("typing")).getText(), "not our own typing");
            guest.browser.find(By.id("send")).click();
            mod.awaitMessage("I am wri");
            mod.awaitTyping(""); // their message ends the notice

            mod.typeWithoutSending("me too");
            guest.awaitTyping("Mo is typing\u2026");
        }
    }

    @Test
    void aKickedGuestIsToldWhyAndDoesNotComeBackByItself() {
        String suffix = suffix();
        String room = "it-" + suffix;
        try (Browser one = Browsers.open(); Browser two = Browsers.open()) {
            ChatPage mod = moderator(one, room, suffix);
            ChatPage guest = new ChatPage(two).open(base, room);
            String guestUid = guest.uid();
            mod.awaitMembers("Mo", guestName(guest));
            assertEquals("true", one.find(By.id("chat")).getDomAttribute("data-moderator"));
            assertEquals("false", two.find(By.id("chat")).getDomAttribute("data-moderator"));
            assertTrue(two.findAll(By.cssSelector("#members .moderate")).isEmpty(),
                    "a guest has no moderation actions");

            one.find(By.id("mod-reason")).sendKeys("cool down");
            mod.moderate("kick", guestUid);
            String notice = guest.awaitStoppedNotice();
            assertTrue(notice.startsWith("You were removed from this room by a moderator"), notice);
            assertTrue(notice.contains("cool down"), notice);
            mod.browser.await("the kick in the log", d -> mod.moderationLines().stream()
                    .anyMatch(line -> line.contains("kicked by you")));
            mod.browser.await("the guest gone from the members", d -> !mod.members().contains(guestName(guest)));
            assertEquals("closed", guest.state(), "no reconnect into the room");
        }
    }

    /** The moderator's page: a signed token with the moderator role, named Mo. */
    private ChatPage moderator(Browser browser, String room, String suffix) {
        ObjectNode claims = Hs256Tokens.claims("mo-" + suffix, 3600).put("name", "Mo");
        claims.putArray("roles").add("moderator");
        return new ChatPage(browser).openQuery(base, "?room=" + room + "&token="
                + URLEncoder.encode(TOKENS.sign(claims), StandardCharsets.UTF_8));
    }

    private static String guestName(ChatPage guest) {
        return guest.whoami().replace(" (guest)", "");
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
