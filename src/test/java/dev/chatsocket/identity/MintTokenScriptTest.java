package dev.chatsocket.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** bin/mint-token (bash and openssl, docs/identity.md) makes tokens this verifier accepts. */
class MintTokenScriptTest {
    private static final Path SCRIPT = Path.of("bin", "mint-token");

    private static String mint(String... arguments) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("CHATSOCKET_TOKEN_SECRET", TestTokens.SECRET);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), err);
        return out;
    }

    @Test
    void aMintedTokenIsAccepted() throws Exception {
        Instant before = Instant.now();
        Identity who = new TokenVerifier(new TokenSettings(TokenKeys.SharedSecret.of(TestTokens.SECRET),
                Optional.of("local"), Optional.of("chatsocket")), Clock.systemUTC())
                .verify(mint("-n", "Alice \"A\"", "-r", "moderator,unknown", "-R", "lobby,team-*,@bob",
                        "-i", "local", "-a", "chatsocket", "-t", "600", "alice@example.org"));
        assertEquals("alice@example.org", who.uid());
        assertEquals("Alice \"A\"", who.name());
        assertEquals(Set.of(Role.MODERATOR), who.roles());
        assertEquals(List.of("lobby", "team-*", "@bob"), who.rooms().entries());
        Instant exp = who.expiresAt().orElseThrow();
        assertTrue(!exp.isBefore(before.plusSeconds(599)) && !exp.isAfter(Instant.now().plusSeconds(601)), exp::toString);
    }

    @Test
    void theSmallestTokenIsJustSubAndExp() throws Exception {
        Identity who = new TokenVerifier(new TokenSettings(TokenKeys.SharedSecret.of(TestTokens.SECRET),
                Optional.empty(), Optional.empty()), Clock.systemUTC()).verify(mint("bob"));
        assertEquals("bob", who.uid());
        assertEquals("bob", who.name());
        assertEquals(RoomGrants.UNRESTRICTED, who.rooms());
    }
}
