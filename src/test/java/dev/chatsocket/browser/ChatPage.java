package dev.chatsocket.browser;

import java.net.URL;
import java.util.Collections;
import java.util.List;

import dev.chatsocket.testsupport.browser.Browsers.Browser;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** The chat page (WEB-INF/jsp/chat.jsp + static/chat.js) as the tests see it; ids as documented in chat.js. */
public final class ChatPage {
    final Browser browser;

    public ChatPage(Browser browser) {
        this.browser = browser;
    }

    /** Opens {@code room} at the application's base URL and waits for the socket to be open. */
    public ChatPage open(URL base, String room) {
        browser.get(base + "?room=" + room);
        awaitOpen();
        return this;
    }

    void awaitOpen() {
        browser.awaitState("status", "open");
        // open is set on the welcome; our uid is known from then on
        browser.await("a uid from the welcome", d -> d.findElement(By.id("chat")).getDomAttribute("data-uid") != null);
    }

    String state() {
        return browser.find(By.id("status")).getDomAttribute("data-state");
    }

    public ChatPage nick(String nick) {
        WebElement box = browser.find(By.id("nick"));
        box.clear();
        box.sendKeys(nick + Keys.ENTER);
        return this;
    }

    public ChatPage say(String text) {
        WebElement input = browser.find(By.id("input"));
        input.sendKeys(text);
        browser.find(By.id("send")).click();
        return this;
    }

    /** The texts of every message line, in page order. */
    List<String> messages() {
        return browser.texts("#messages li.message .text");
    }

    int count(String text) {
        return Collections.frequency(messages(), text);
    }

    public void awaitMessage(String text) {
        browser.await("message " + text, d -> messages().contains(text));
    }

    /** Waits until our own line with {@code text} has its id (the ack or the broadcast arrived) and is no longer pending. */
    public void awaitDelivered(String text) {
        browser.await("delivered " + text, d -> Boolean.TRUE.equals(browser.js(
                "return Array.from(document.querySelectorAll('#messages li.message.mine'))"
                        + ".some(li => li.querySelector('.text').textContent === arguments[0]"
                        + " && !li.classList.contains('pending') && li.dataset.id);", text)));
    }

    List<String> members() {
        return browser.texts("#members li.member .nick");
    }

    public void awaitMembers(String... nicks) {
        browser.await("members " + List.of(nicks), d -> members().containsAll(List.of(nicks)));
    }

    /** Opens {@code query} (after the application's base URL, e.g. {@code ?room=x&token=t}) and waits for the socket to be open. */
    public ChatPage openQuery(URL base, String query) {
        browser.get(base + query);
        awaitOpen();
        return this;
    }

    /** Reloads the page and waits for the socket to be open again. */
    public ChatPage reload() {
        browser.driver().navigate().refresh();
        awaitOpen();
        return this;
    }

    /** Our uid, from the last welcome. */
    public String uid() {
        return browser.find(By.id("chat")).getDomAttribute("data-uid");
    }

    /** #whoami: "name (verified)" or "name (guest)". */
    public String whoami() {
        return browser.find(By.id("whoami")).getText();
    }

    public String whoamiVerified() {
        return browser.find(By.id("whoami")).getDomAttribute("data-verified");
    }

    /** The members' {@code data-verified} ("true", "false", or null when the server did not say), by uid. */
    public String memberVerified(String uid) {
        return (String) browser.js("var li = Array.from(document.querySelectorAll('#members li.member'))"
                + ".find(li => li.dataset.uid === arguments[0]); return li ? li.dataset.verified || null : null;", uid);
    }

    /** The text of the member's mark ("✓" or "guest"), null when there is none. */
    public String memberMark(String uid) {
        return (String) browser.js("var li = Array.from(document.querySelectorAll('#members li.member'))"
                + ".find(li => li.dataset.uid === arguments[0]); var m = li && li.querySelector('.mark');"
                + " return m ? m.textContent : null;", uid);
    }

    /** Clicks the member's name (the link to your direct messages with them). */
    public void clickMember(String uid) {
        WebElement link = browser.await("a link on member " + uid, d -> d.findElements(By.cssSelector("#members li.member a.dm"))
                .stream().filter(a -> uid.equals(a.findElement(By.xpath("..")).getDomAttribute("data-uid")))
                .findFirst().orElse(null));
        link.click();
    }

    /** On a direct-message page: whom you talk to, as shown. */
    public String peer() {
        return browser.find(By.id("peer")).getText();
    }

    /** Waits for the page to stop (refused or expired) and returns #notice. */
    public String awaitStoppedNotice() {
        browser.awaitState("status", "closed");
        return browser.await("a notice", d -> {
            WebElement notice = d.findElement(By.id("notice"));
            return notice.isDisplayed() && !notice.getText().isEmpty() ? notice.getText() : null;
        });
    }

    /** Whether any of the page's scripts set the flag the XSS payloads would set. */
    Object pwned() {
        return browser.js("return window.__pwned;");
    }

    int elementsInsideMessages() {
        return browser.findAll(By.cssSelector("#messages .text *")).size();
    }

    /** Scrolls the message list to its top, where the page asks for older messages. */
    public ChatPage scrollToTop() {
        browser.js("const m = document.getElementById('messages'); m.scrollTop = 0;"
                + " m.dispatchEvent(new Event('scroll'));");
        return this;
    }

    /** Scrolls to the top until the page shows "start of the room" (every older page loaded). */
    public void loadOlderToTheStart() {
        browser.await("start of the room", d -> {
            scrollToTop();
            return Boolean.TRUE.equals(browser.js("const s = document.querySelector('#messages li.system.start');"
                    + " return s !== null && s.textContent === 'start of the room';"));
        });
    }

    /** The message line whose text is {@code text} (the first one), waiting for it to be there with its id. */
    private WebElement line(String text) {
        return browser.await("a line reading " + text, d -> d.findElements(By.cssSelector("#messages li.message[data-id]"))
                .stream().filter(li -> text.equals(li.findElement(By.cssSelector(".text")).getText()))
                .findFirst().orElse(null));
    }

    /** Clicks Delete on the line reading {@code text}, and once more to confirm. */
    public void deleteMessage(String text) {
        WebElement li = line(text);
        WebElement delete = browser.await("a Delete action", d -> li.findElements(By.cssSelector(".actions button.delete"))
                .stream().findFirst().orElse(null));
        delete.click();
        browser.await("asked to confirm", d -> delete.getDomAttribute("class").contains("confirm"));
        delete.click();
    }

    /** Whether the line reading {@code text} offers {@code action} (edit, delete). */
    boolean offers(String text, String action) {
        return !line(text).findElements(By.cssSelector(".actions button." + action)).isEmpty();
    }

    /** Edits our line reading {@code text} to {@code newText}, with the keyboard (Enter saves). */
    public void editMessage(String text, String newText) {
        WebElement li = line(text);
        li.findElement(By.cssSelector(".actions button.edit")).click();
        WebElement box = browser.await("the edit box", d -> li.findElements(By.cssSelector("input.edit-input"))
                .stream().findFirst().orElse(null));
        box.sendKeys(Keys.chord(Keys.CONTROL, "a"), newText, Keys.ENTER);
    }

    /** Waits until a line reads {@code text} and is marked "(edited)". */
    public void awaitEdited(String text) {
        browser.await("edited " + text, d -> Boolean.TRUE.equals(browser.js(
                "return Array.from(document.querySelectorAll('#messages li.message.edited'))"
                        + ".some(li => li.querySelector('.text').textContent === arguments[0]"
                        + " && li.querySelector('.edited-mark') && li.querySelector('.edited-mark').textContent === '(edited)');", text)));
    }

    /** How many lines read "message deleted" and are marked deleted. */
    long deletedCount() {
        return (Long) browser.js("return document.querySelectorAll('#messages li.message.deleted[data-deleted]').length;");
    }

    /** Types into the message box without sending. */
    public void typeWithoutSending(String text) {
        browser.find(By.id("input")).sendKeys(text);
    }

    /** Waits for the typing line to read {@code line} and returns it. */
    public void awaitTyping(String line) {
        browser.await("typing line " + line, d -> line.equals(d.findElement(By.id("typing")).getText()));
    }

    /** Clicks a moderation action (kick, ban, mute) on the member {@code uid}. */
    public void moderate(String action, String uid) {
        WebElement button = browser.await(action + " on member " + uid, d -> d.findElements(
                        By.cssSelector("#members li.member .moderate button." + action)).stream()
                .filter(b -> uid.equals(b.findElement(By.xpath("../..")).getDomAttribute("data-uid")))
                .findFirst().orElse(null));
        button.click();
    }

    /** The page's own lines about moderation, in order. */
    List<String> moderationLines() {
        return browser.texts("#messages li.system.moderation");
    }

    /** The ids of the message lines, in page order. */
    List<Long> messageIds() {
        return browser.texts("#messages li.message").isEmpty() ? List.of()
                : browser.findAll(By.cssSelector("#messages li.message[data-id]")).stream()
                .map(li -> Long.parseLong(li.getDomAttribute("data-id"))).toList();
    }
}
