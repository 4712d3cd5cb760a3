package dev.chatsocket.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsocket.testsupport.container.Deployments;
import dev.chatsocket.testsupport.redis.RedisServer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;

import static dev.chatsocket.chat.ChatClient.assertAckShape;
import static dev.chatsocket.chat.ChatClient.assertMessageShape;
import static dev.chatsocket.chat.ChatClient.uniqueRoom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The WAR with the Redis backend on each container (Jetty 12.1, Tomcat 11, Tomcat 10.1): Lettuce
 * and Netty load from WEB-INF/lib and the chat works as documented. The multi-node behaviour is
 * proven by the {@code Redis*IT} tests, on Jetty only; this one shows the backend deploys, serves
 * and undeploys on every container.
 */
@ExtendWith(ArquillianExtension.class)
class ChatRoomsInRedisIT {
    /**
     * Started when the class loads, before Arquillian asks for the deployment, which needs its URL;
     * it is stopped when the test JVM exits, after the container undeployed the WAR.
     */
    private static final RedisServer REDIS = startRedis();

    private static RedisServer startRedis() {
        try {
            RedisServer redis = RedisServer.start(false);
            Runtime.getRuntime().addShutdownHook(new Thread(redis::close, "stop-redis"));
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.chatsocketWar().addAsWebInfResource(
                new StringAsset("CHATSOCKET_REDIS_URL=" + REDIS.url() + "\n"), "chatsocket.properties");
    }

    @ArquillianResource
    URL base;

    private URI base() {
        return ChatClient.uri(base);
    }

    @Test
    void theChatWorksWithItsRoomsInRedis() throws Exception {
        String room = uniqueRoom("in-redis");
        try (ChatClient a = ChatClient.joinRoom(base(), room);
             ChatClient b = ChatClient.joinRoom(base(), room)) {
            assertEquals(a.epoch(), b.epoch());
            a.until("presence");
            b.say("stored in a stream", "c-1");
            JsonNode ack = b.expect("ack");
            assertAckShape(ack, "c-1");
            JsonNode message = b.expect("message");
            assertMessageShape(message, room);
            assertEquals(ack.get("id").asLong(), message.get("id").asLong());
            assertEquals(message, a.expect("message"));

            try (ChatClient late = ChatClient.join(base(), "chat/" + room + "?since=0&epoch=" + a.epoch())) {
                assertEquals(1, late.history().get("messages").size(), late.history().toString());
                assertEquals(message, late.history().get("messages").get(0));
                assertTrue(late.history().get("recovered").asBoolean());
            }
        }
        assertEquals(":1", REDIS.command("EXISTS", "chatsocket:{" + room + "}:stream"), "the history lives in Redis");
    }
}
