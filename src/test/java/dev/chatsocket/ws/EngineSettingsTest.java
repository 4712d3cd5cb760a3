package dev.chatsocket.ws;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** The engine's settings records refuse what the engine cannot run with, however they are built. */
class EngineSettingsTest {
    private static final OriginSettings ORIGINS = new OriginSettings(List.of(), true, false);
    private static final DeflateSettings DEFLATE = new DeflateSettings(true, true, 15, 64, 16);

    @Test
    void capsBelowOneAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new EngineSettings(0, 1, Duration.ZERO, 8192, ORIGINS, DEFLATE));
        assertThrows(IllegalArgumentException.class,
                () -> new EngineSettings(1, 0, Duration.ZERO, 8192, ORIGINS, DEFLATE));
        assertThrows(IllegalArgumentException.class,
                () -> new EngineSettings(1, 1, Duration.ofSeconds(-1), 8192, ORIGINS, DEFLATE));
        assertThrows(IllegalArgumentException.class,
                () -> new EngineSettings(1, 1, Duration.ZERO, 0, ORIGINS, DEFLATE));
    }

    @Test
    void aMalformedOriginIsRefusedWhenTheSettingsAreMade() {
        assertThrows(IllegalArgumentException.class, () -> new OriginSettings(List.of("chat.example.com"), true, false));
    }

    @Test
    void deflateSettingsRefuseWhatCannotBeKept() {
        assertThrows(IllegalArgumentException.class, () -> new DeflateSettings(true, true, 7, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> new DeflateSettings(true, true, 16, 0, 4));
        // A window under 15 bits is only kept without context takeover (see PerMessageDeflateNegotiator).
        assertThrows(IllegalArgumentException.class, () -> new DeflateSettings(true, false, 12, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> new DeflateSettings(true, true, 15, -1, 4));
        assertThrows(IllegalArgumentException.class, () -> new DeflateSettings(true, true, 15, 0, -1));
    }
}
