package dev.chatsocket.api;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiKeysTest {
    private static final String SITE_KEY = "k-site-0123456789abcdef0123";
    private static final String BOT_KEY = "k-bot-0123456789abcdef01234";
    private final ApiKeys keys = ApiKeys.parse("site:" + SITE_KEY + ", helpdesk-bot:" + BOT_KEY);

    @Test
    void aBearerKeyNamesItsOwner() {
        assertEquals(Optional.of("site"), keys.authenticate("Bearer " + SITE_KEY));
        assertEquals(Optional.of("helpdesk-bot"), keys.authenticate("bearer " + BOT_KEY));
    }

    @Test
    void aMissingWrongOrAlteredKeyNamesNobody() {
        assertTrue(keys.authenticate(null).isEmpty());
        assertTrue(keys.authenticate("").isEmpty());
        assertTrue(keys.authenticate(SITE_KEY).isEmpty(), "not a bearer credential");
        assertTrue(keys.authenticate("Basic " + SITE_KEY).isEmpty());
        assertTrue(keys.authenticate("Bearer " + SITE_KEY.substring(1)).isEmpty());
        assertTrue(keys.authenticate("Bearer " + SITE_KEY + "x").isEmpty());
        assertTrue(keys.authenticate("Bearer site:" + SITE_KEY).isEmpty());
        assertTrue(keys.authenticate("Bearer ").isEmpty());
    }

    @Test
    void noKeysAuthenticateNobody() {
        assertTrue(ApiKeys.none().isEmpty());
        assertTrue(ApiKeys.none().authenticate("Bearer " + SITE_KEY).isEmpty());
    }

    @Test
    void badSettingsAreRefusedWithoutShowingTheKey() {
        IllegalArgumentException shortKey = assertThrows(IllegalArgumentException.class,
                () -> ApiKeys.parse("site:short-secret"));
        assertFalse(shortKey.getMessage().contains("short-secret"));
        assertThrows(IllegalArgumentException.class, () -> ApiKeys.parse("site" + SITE_KEY));
        assertThrows(IllegalArgumentException.class, () -> ApiKeys.parse(":" + SITE_KEY));
        assertThrows(IllegalArgumentException.class, () -> ApiKeys.parse("a b:" + SITE_KEY));
        assertThrows(IllegalArgumentException.class, () -> ApiKeys.parse("site:" + SITE_KEY + ",site:" + BOT_KEY));
        assertThrows(IllegalArgumentException.class, () -> ApiKeys.parse("site:" + SITE_KEY + ","));
        assertThrows(IllegalArgumentException.class, () -> ApiKeys.parse("site:" + SITE_KEY.replace('0', ' ')));
    }

    @Test
    void aKeyPostsAsItsNameUnderThePrefixNoGuestIdHas() {
        assertEquals("bot:site", ApiKeys.authorUid("site"));
    }
}
