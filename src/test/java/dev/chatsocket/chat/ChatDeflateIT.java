package dev.chatsocket.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatsocket.testsupport.ClientDeflate;
import dev.chatsocket.testsupport.ClientFrames;
import dev.chatsocket.testsupport.RawWebSocket;
import dev.chatsocket.testsupport.container.Deployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chat fan-out with permessage-deflate: members with and without compression share a room. With
 * the default answer (no server context takeover) every compressing member gets the very same
 * compressed bytes, since the room compresses a broadcast once; with context takeover each member's
 * stream is its own and still decodes message after message.
 */
@ExtendWith(ArquillianExtension.class)
class ChatDeflateIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTEXT_TAKEOVER = "context";

    @Deployment(name = "defaults", testable = false)
    static WebArchive defaults() {
        return Deployments.chatsocketWar();
    }

    @Deployment(name = CONTEXT_TAKEOVER, testable = false)
    @TargetsContainer(Deployments.CHATSOCKET)
    static WebArchive contextTakeover() {
        return Deployments.chatsocketWar().addAsWebInfResource(new StringAsset(
                "CHATSOCKET_DEFLATE_NO_CONTEXT_TAKEOVER=false\n"), "chatsocket.properties");
    }

    @ArquillianResource
    @OperateOnDeployment("defaults")
    URL defaultsBase;

    @ArquillianResource
    @OperateOnDeployment(CONTEXT_TAKEOVER)
    URL contextBase;

    @Test
    void aBroadcastIsCompressedOnceForEveryMemberThatNegotiatedDeflate() throws Exception {
        String room = ChatClient.uniqueRoom("deflate");
        URI base = ChatClient.uri(defaultsBase);
        List<Member> members = new ArrayList<>();
        try (Member a = Member.join(base, room, true);
             Member b = Member.join(base, room, true);
             Member c = Member.join(base, room, true);
             Member plain = Member.join(base, room, false)) {
            members.addAll(List.of(a, b, c, plain));
            String text = "a chat line long enough to be worth compressing, ".repeat(4);
            a.sayCompressed(text);
            List<RawWebSocket.ServerMessage> received = new ArrayList<>();
            for (Member m : members) {
                Received message = m.nextOfType("message");
                assertEquals(text, message.json().get("text").asText());
                received.add(message.raw());
            }
            assertTrue(received.get(0).compressed(), "compressed for a member that negotiated deflate");
            assertArrayEquals(received.get(0).joined(), received.get(1).joined(), "the same compressed bytes");
            assertArrayEquals(received.get(0).joined(), received.get(2).joined(), "the same compressed bytes");
            assertFalse(received.get(3).compressed(), "plain for the member without deflate");
        }
    }

    @Test
    void withContextTakeoverEachMemberDecodesItsOwnStreamMessageAfterMessage() throws Exception {
        String room = ChatClient.uniqueRoom("deflate-context");
        URI base = ChatClient.uri(contextBase);
        try (Member a = Member.join(base, room, true);
             Member b = Member.join(base, room, true)) {
            assertEquals("permessage-deflate", a.ws.handshakeResponse().header("Sec-WebSocket-Extensions"));
            for (int i = 0; i < 20; i++) {
                Member sender = i % 2 == 0 ? a : b;
                String text = "message " + i + ": the same words again and again, the same words again";
                sender.sayCompressed(text);
                assertEquals(text, a.nextOfType("message").json().get("text").asText());
                assertEquals(text, b.nextOfType("message").json().get("text").asText());
            }
        }
    }

    /** A message as it came on the wire, and its JSON. */
    private record Received(RawWebSocket.ServerMessage raw, JsonNode json) {
    }

    /** A chat member on a raw socket that speaks permessage-deflate when asked to. */
    private static final class Member implements Closeable {
        final RawWebSocket ws;
        final ClientDeflate deflate;

        private Member(RawWebSocket ws, ClientDeflate deflate) {
            this.ws = ws;
            this.deflate = deflate;
        }

        static Member join(URI base, String room, boolean compress) throws IOException {
            Map<String, String> headers = compress
                    ? Map.of("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits")
                    : Map.of();
            RawWebSocket ws = RawWebSocket.open(base, "chat/" + room, headers);
            ClientDeflate deflate = compress
                    ? ClientDeflate.fromResponse(ws.handshakeResponse().header("Sec-WebSocket-Extensions"))
                    : null;
            Member member = new Member(ws, deflate);
            member.nextOfType("history");
            return member;
        }

        void sayCompressed(String text) throws IOException {
            byte[] json = JSON.createObjectNode().put("type", "message").put("text", text).toString()
                    .getBytes(StandardCharsets.UTF_8);
            ws.send(deflate == null
                    ? ClientFrames.frame(true, 0, 1, json)
                    : ClientFrames.frame(true, ClientFrames.RSV1, 1, deflate.compress(json)));
        }

        /**
         * The next message of this type, skipping others (acks, presence). Every message is
         * decoded once, in order: with context takeover each one's window carries into the next.
         */
        Received nextOfType(String type) throws IOException {
            while (true) {
                RawWebSocket.ServerMessage message = ws.readMessage();
                byte[] data = message.compressed() ? deflate.decompress(message.payloads()) : message.joined();
                JsonNode json = JSON.readTree(data);
                if (json.path("type").asText().equals(type)) {
                    return new Received(message, json);
                }
            }
        }

        @Override
        public void close() throws IOException {
            if (deflate != null) {
                deflate.close();
            }
            ws.close();
        }
    }
}
