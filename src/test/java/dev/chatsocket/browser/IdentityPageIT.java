package dev.chatsocket.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.chatsocket.identity.DirectRooms;
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
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Who you are, on the chat page, in real Chromium (issue 14, "The page"): a user with a signed
 * token and a guest keep their identities across reloads (the token in the URL, then the session
 * the page keeps in localStorage), each shown with their mark; the token user opens the direct
 * messages from the guest's name in the member list and the guest, opening the same room, reads
 * them; a third person is refused with the page's notice; a token that runs out asks the
 * embedding site's hook for a fresh one.
 *
 * <p>The deployment allows guests in direct messages ({@code CHATSOCKET_GUEST_DIRECT_MESSAGES=true}):
 * the issue's scenario is one verified user and one guest, and by default a guest may neither open
 * direct messages nor be reached by them.
 */
@ExtendWith(ArquillianExtension.class)
class IdentityPageIT {
    private static final String SECRET = "page-it-secret-0123456789abcdef0123456789";
    private static final Hs256Tokens TOKENS = new Hs256Tokens(SECRET);
    /** Within the 32 characters of a nick; would set window.__pwned if it were ever HTML. */
    private static final String HOSTILE_NICK = "<img src=x onerror=__pwned=1>";

    @Deployment(testable = false)
    @TargetsContainer(Deployments.CHATSOCKET)
    static WebArchive war() {
        return Deployments.chatsocketWar().addAsWebInfResource(new StringAsset(
                "CHATSOCKET_TOKEN_SECRET=" + SECRET + "\n"
                        + "CHATSOCKET_SESSION_SECRET=page-it-session-secret-0123456789abcdef\n"
                        + "CHATSOCKET_GUEST_DIRECT_MESSAGES=true\n"
                        + "CHATSOCKET_PRIVATE_ROOMS=secret-*\n"), "chatsocket.properties");
    }

    @ArquillianResource
    URL base;

    @Test
    void identitiesSurviveReloadsAndTwoPeopleTalkInPrivate() {
        String suffix = suffix();
        String room = "it-" + suffix;
        String aliceUid = "alice-" + suffix;
        String token = TOKENS.sign(Hs256Tokens.claims(aliceUid, 3600).put("name", "Alice"));
        try (Browser one = Browsers.open(); Browser two = Browsers.open(); Browser three = Browsers.open()) {
            ChatPage alice = new ChatPage(one).openQuery(base, "?room=" + room + "&token=" + q(token));
            ChatPage guest = new ChatPage(two).open(base, room);
            String guestUid = guest.uid();
            String guestName = guestUid.substring(0, "guest-".length() + 6);

            assertEquals(aliceUid, alice.uid());
            assertEquals("Alice (verified)", alice.whoami());
            assertEquals("true", alice.whoamiVerified());
            assertTrue(guestUid.startsWith("guest-"), guestUid);
            assertEquals(guestName + " (guest)", guest.whoami());
            assertEquals("false", guest.whoamiVerified());
            alice.awaitMembers("Alice", guestName);
            guest.awaitMembers("Alice", guestName);
            assertEquals("\u2713", alice.memberMark(aliceUid), "our own mark, from the welcome");
            assertEquals("guest", guest.memberMark(guestUid));

            // A reload is the same person: the token in the URL for Alice, the kept session for the guest.
            alice.reload();
            guest.reload();
            assertEquals(aliceUid, alice.uid());
            assertEquals("Alice (verified)", alice.whoami());
            assertEquals(guestUid, guest.uid());
            assertEquals(guestName + " (guest)", guest.whoami());
            // And without the token in the URL, from the session the page kept.
            alice.open(base, room);
            assertEquals(aliceUid, alice.uid());
            assertEquals("true", alice.whoamiVerified());
            alice.awaitMembers("Alice", guestName);
            guest.awaitMembers("Alice", guestName);
            assertEquals(2, alice.members().size(), "each person once: " + alice.members());

            // Alice opens the direct messages from the guest's name, and writes.
            alice.clickMember(guestUid);
            one.await("the page of the direct messages", d -> d.getCurrentUrl().contains("room=%40" + q(guestUid)));
            alice.awaitOpen();
            assertFalse(one.driver().getCurrentUrl().contains("session="), "the session is not left in the address bar");
            alice.say("hello in private");
            alice.awaitDelivered("hello in private");

            // The guest opens the same room from its side, and reads it.
            ChatPage guestDm = new ChatPage(two).open(base, q("@" + aliceUid));
            guestDm.awaitMessage("hello in private");
            assertEquals("Alice", guestDm.peer());
            alice.awaitMembers("Alice", guestName);
            one.await("the peer's name on the page", d -> guestName.equals(alice.peer()));
            guestDm.say("hello Alice");
            alice.awaitMessage("hello Alice");
            assertEquals(List.of("hello in private", "hello Alice"), alice.messages());
            // A name is text wherever it shows: the member list, its link, whom you talk to.
            guestDm.nick(HOSTILE_NICK);
            one.await("the new name, as text", d -> HOSTILE_NICK.equals(alice.peer()));
            alice.awaitMembers("Alice", HOSTILE_NICK);
            assertNull(alice.pwned(), "the name ran");
            assertEquals(0L, one.js("return document.querySelectorAll('#members .nick *, #peer *').length;"));

            // A third person: not in the room by its name, and their own "@alice" is another room.
            String directRoom = DirectRooms.roomFor(aliceUid, guestUid);
            three.get(base + "?room=" + directRoom);
            ChatPage stranger = new ChatPage(three);
            assertEquals("you are not allowed in this room (direct messages are opened with @uid)",
                    stranger.awaitStoppedNotice());
            assertEquals("403", three.find(By.id("chat")).getDomAttribute("data-denied-status"));
            assertTrue(stranger.messages().isEmpty(), "nothing of the room shown: " + stranger.messages());
            stranger.open(base, q("@" + aliceUid));
            stranger.say("who is there");
            stranger.awaitDelivered("who is there");
            assertEquals(List.of("who is there"), stranger.messages());
            alice.say("still private");
            guestDm.awaitMessage("still private");
            assertEquals(List.of("hello in private", "hello Alice", "still private"), guestDm.messages());

            // A private room: the notice, as it stands.
            three.get(base + "?room=secret-" + suffix);
            assertEquals("you are not allowed in this room", stranger.awaitStoppedNotice());
        }
    }

    /**
     * The marks of the others come from {@code "verified"} on the members of {@code welcome} and on
     * presence {@code join} (issue 14, "One person, one member"), whichever of the two brought them.
     */
    @Test
    void othersAreMarkedVerifiedOrGuestAsTheServerSays() {
        String suffix = suffix();
        String room = "it-" + suffix;
        String danUid = "dan-" + suffix;
        String token = TOKENS.sign(Hs256Tokens.claims(danUid, 3600).put("name", "Dan"));
        try (Browser one = Browsers.open(); Browser two = Browsers.open()) {
            ChatPage guest = new ChatPage(one).open(base, room);
            ChatPage dan = new ChatPage(two).openQuery(base, "?room=" + room + "&token=" + q(token));
            String guestUid = guest.uid();
            // Dan had the guest in his welcome; the guest heard of Dan by a presence join.
            dan.awaitMembers("Dan", guest.whoami().replace(" (guest)", ""));
            one.await("Dan marked verified", d -> "true".equals(guest.memberVerified(danUid)));
            assertEquals("\u2713", guest.memberMark(danUid));
            assertEquals("false", dan.memberVerified(guestUid));
            assertEquals("guest", dan.memberMark(guestUid));
        }
    }

    @Test
    void anExpiredTokenAsksTheEmbeddingSiteForAFreshOne() {
        String suffix = suffix();
        String room = "it-" + suffix;
        String uid = "bea-" + suffix;
        // exp a few seconds ahead: accepted now (refusals start 30 s after exp), and the connection
        // is closed with 4001 at exp, however long the page took to open.
        String shortLived = TOKENS.sign(Hs256Tokens.claims(uid, 4).put("name", "Bea"));
        String fresh = TOKENS.sign(Hs256Tokens.claims(uid, 3600).put("name", "Bea"));
        String noHook = TOKENS.sign(Hs256Tokens.claims("cy-" + suffix, 4).put("name", "Cy"));
        try (Browser one = Browsers.open(); Browser two = Browsers.open()) {
            // The embedding site's hook, there before the page's own script runs.
            ((ChromeDriver) one.driver()).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                    "window.chatsocketTokenExpired = function () {"
                            + " window.__asked = (window.__asked || 0) + 1;"
                            + " return Promise.resolve('" + fresh + "'); };"));
            one.get(base + "?room=" + room + "&token=" + q(shortLived));
            two.get(base + "?room=" + room + "&token=" + q(noHook));
            ChatPage withHook = new ChatPage(one);
            ChatPage without = new ChatPage(two);

            assertEquals("Your sign-in has expired (token expired): get a fresh token and reload.",
                    without.awaitStoppedNotice());
            one.await("the hook was asked", d -> Long.valueOf(1).equals(one.js("return window.__asked;")));
            withHook.awaitOpen();
            assertEquals(uid, withHook.uid());
            withHook.say("back with a fresh token");
            withHook.awaitDelivered("back with a fresh token");
            assertEquals(1L, one.js("return window.__asked;"), "asked once");
        }
    }

    /**
     * A refusal the page itself did not meet: the page is rendered for a visitor with no
     * credential, but the session its browser kept is forged, so its socket is refused (401)
     * before any welcome. The page asks its own URL why, drops the session and comes back as a
     * new guest.
     */
    @Test
    void aSocketRefusedForAForgedSessionComesBackAsANewGuest() {
        String room = "it-" + suffix();
        String forged = "s1.eyJ1aWQiOiJhbGljZSJ9.forged";
        try (Browser one = Browsers.open()) {
            one.get(base + "static/chat.css"); // same origin, so that the page sees what is stored
            one.js("localStorage.setItem('chatsocket.session', arguments[0]);", forged);
            ChatPage page = new ChatPage(one).open(base, room);
            assertTrue(page.uid().startsWith("guest-"), page.uid());
            String kept = (String) one.js("return localStorage.getItem('chatsocket.session');");
            assertTrue(kept != null && !kept.equals(forged), "a fresh session kept: " + kept);
        }
    }

    /** After the container's login at /login, back to the chat page, with the room asked for and nothing else. */
    @Test
    void loginReturnsToTheChatPage() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        for (Map.Entry<String, String> back : Map.of(
                "login?room=%40bea", base.getPath() + "?room=%40bea",
                "login?room=team-1", base.getPath() + "?room=team-1",
                "login?room=https://evil.example/", base.getPath(),
                "login", base.getPath()).entrySet()) {
            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(base.toURI().resolve(back.getKey())).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertEquals(303, response.statusCode(), back.getKey());
            assertEquals(back.getValue(), response.headers().firstValue("Location").orElseThrow(), back.getKey());
        }
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
