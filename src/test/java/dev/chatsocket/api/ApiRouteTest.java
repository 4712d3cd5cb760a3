package dev.chatsocket.api;

import dev.chatsocket.api.ApiRoute.Endpoint;
import dev.chatsocket.api.ApiRoute.NoRoute;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ApiRouteTest {

    @Test
    void everyEndpoint() throws NoRoute {
        assertEquals(new ApiRoute(Endpoint.POST_MESSAGE, "lobby", 0), ApiRoute.of("POST", "/rooms/lobby/messages"));
        assertEquals(new ApiRoute(Endpoint.LIST_MESSAGES, "lobby", 0), ApiRoute.of("GET", "/rooms/lobby/messages"));
        assertEquals(new ApiRoute(Endpoint.LIST_MESSAGES, "lobby", 0), ApiRoute.of("HEAD", "/rooms/lobby/messages"));
        assertEquals(new ApiRoute(Endpoint.DELETE_MESSAGE, "lobby", 12), ApiRoute.of("DELETE", "/rooms/lobby/messages/12"));
        assertEquals(new ApiRoute(Endpoint.LIST_MEMBERS, "a-b_c", 0), ApiRoute.of("GET", "/rooms/a-b_c/members"));
        assertEquals(new ApiRoute(Endpoint.KICK, "lobby", 0), ApiRoute.of("POST", "/rooms/lobby/kick"));
        assertEquals(new ApiRoute(Endpoint.BAN, "lobby", 0), ApiRoute.of("POST", "/rooms/lobby/ban"));
        assertEquals(new ApiRoute(Endpoint.UNBAN, "lobby", 0), ApiRoute.of("POST", "/rooms/lobby/unban"));
        assertEquals(new ApiRoute(Endpoint.MUTE, "lobby", 0), ApiRoute.of("POST", "/rooms/lobby/mute"));
        assertEquals(new ApiRoute(Endpoint.UNMUTE, "lobby", 0), ApiRoute.of("POST", "/rooms/lobby/unmute"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "/rooms", "/rooms/lobby", "/rooms/lobby/", "/room/lobby/messages",
            "/rooms/lobby/shout", "/rooms/lobby/members/3", "/rooms/lobby/messages/3/more", "rooms/lobby/messages"})
    void pathsThatNameNothingAre404(String path) {
        assertEquals(404, assertThrows(NoRoute.class, () -> ApiRoute.of("GET", path)).status());
    }

    @Test
    void noPathIs404() {
        assertEquals(404, assertThrows(NoRoute.class, () -> ApiRoute.of("GET", null)).status());
    }

    @Test
    void aWrongMethodIs405WithTheAllowedOnes() {
        NoRoute put = assertThrows(NoRoute.class, () -> ApiRoute.of("PUT", "/rooms/lobby/messages"));
        assertEquals(405, put.status());
        assertEquals(Set.of("GET", "HEAD", "POST"), put.allowed());
        assertEquals(Set.of("POST"), assertThrows(NoRoute.class, () -> ApiRoute.of("GET", "/rooms/lobby/ban")).allowed());
        assertEquals(Set.of("GET", "HEAD"), assertThrows(NoRoute.class, () -> ApiRoute.of("POST", "/rooms/lobby/members")).allowed());
        assertEquals(Set.of("DELETE"), assertThrows(NoRoute.class, () -> ApiRoute.of("GET", "/rooms/lobby/messages/4")).allowed());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/rooms/bad room/messages", "/rooms/" + "r12345678" + "r12345678r12345678r12345678r12345678r12345678r12345678r1234567/messages",
            "/rooms/@alice/messages", "/rooms/lobby/messages/0", "/rooms/lobby/messages/-1", "/rooms/lobby/messages/x",
            "/rooms/lobby/messages/99999999999999999999"})
    void malformedRoomsAndIdsAre400(String path) {
        String method = path.matches(".*/messages/.*") ? "DELETE" : "GET";
        assertEquals(400, assertThrows(NoRoute.class, () -> ApiRoute.of(method, path)).status());
    }
}
