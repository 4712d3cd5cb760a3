package dev.chatsocket.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsocket.testsupport.redis.TwoRedisNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP API on two nodes sharing rooms through one Redis (each its own copy of the WAR on the
 * launcher's embedded Jetty, as in {@link RedisTwoNodesIT}): what the API posts on node A reaches a
 * member on node B, as a bot's, in a room nobody is in on A; A lists the people connected to B.
 * Node B has no API keys: its API is off, and answers 404 whatever key comes.
 */
class RedisApiIT {
    private static final String KEY = "redis-api-key-0123456789abcdef0123456789";

    @RegisterExtension
    static final TwoRedisNodes NODES = TwoRedisNodes.sharing(Map.of()).withOnA("CHATSOCKET_API_KEYS", "site:" + KEY);

    private static ApiClient api(URI node) {
        return ApiClient.withKey(node, KEY);
    }

    @Test
    void aPostOnOneNodeReachesAMemberOnTheOtherAsTheKeysBot() throws Exception {
        String room = ChatClient.uniqueRoom("api-redis");
        try (ChatClient onB = ChatClient.joinRoom(NODES.b(), room)) {
            long id = api(NODES.a()).posted(room, "from the site, via A", "r1");
            JsonNode live = onB.expect("message");
            assertEquals(id, live.get("id").asLong());
            assertEquals("bot:site", live.get("uid").asText());
            assertTrue(live.get("bot").asBoolean(), live.toString());

            ApiClient.Answer again = api(NODES.a()).post(room, "from the site, via A", "r1");
            assertEquals(200, again.status(), again.response().body());
            assertEquals(id, again.json().get("id").asLong());

            onB.post("a person on B", "p1");
            JsonNode page = api(NODES.a()).get("api/v1/rooms/" + room + "/messages").json();
            List<Boolean> bots = new ArrayList<>();
            page.get("messages").forEach(m -> bots.add(m.path("bot").asBoolean(false)));
            assertEquals(List.of(true, false), bots, "stored once, marked in the stream: " + page);

            JsonNode members = api(NODES.a()).get("api/v1/rooms/" + room + "/members").json();
            assertEquals(1, members.get("members").size(), members.toString());
            assertEquals(onB.uid(), members.get("members").get(0).get("uid").asText(), "A lists who is on B");
        }
        try (ChatClient laterOnA = ChatClient.joinRoom(NODES.a(), room)) {
            assertTrue(laterOnA.history().get("messages").get(0).get("bot").asBoolean(), laterOnA.history().toString());
        }
    }

    @Test
    void aNodeWithoutKeysHasNoApi() throws Exception {
        String room = ChatClient.uniqueRoom("api-off");
        api(NODES.a()).posted(room, "exists", null);
        for (ApiClient client : List.of(api(NODES.b()), ApiClient.withAuthorization(NODES.b(), null))) {
            client.get("api/v1/rooms/" + room + "/messages").refused(404, "not-found");
            client.post(room, "hi", null).refused(404, "not-found");
            assertTrue(client.get("api/v1/rooms/" + room + "/members").response().headers()
                    .firstValue("WWW-Authenticate").isEmpty(), "no challenge: nothing says an API is there");
        }
    }
}
