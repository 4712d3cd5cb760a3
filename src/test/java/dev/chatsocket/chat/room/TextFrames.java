package dev.chatsocket.chat.room;

import dev.chatsocket.ws.OutboundMessage;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Frames as one short line each, so that a test reads what a member got at a glance:
 * {@code welcome u1 as ana [u1:ana,u2:bo] epoch e1}, {@code history [1,2] recovered},
 * {@code message 3 u1:ana hi}, {@code ack r1 3}, {@code presence join u2:bo},
 * {@code error unavailable r1}.
 */
public final class TextFrames implements RoomFrames {

    @Override
    public OutboundMessage welcome(Listed you, String room, List<Listed> members, String epoch) {
        return OutboundMessage.text("welcome " + you.uid() + " as " + you.nick() + " "
                + members.stream().map(m -> m.uid() + ":" + m.nick()).collect(Collectors.joining(",", "[", "]"))
                + " epoch " + epoch);
    }

    @Override
    public OutboundMessage history(List<ChatMessage> messages, boolean recovered) {
        return OutboundMessage.text("history "
                + messages.stream().map(m -> Long.toString(m.id())).collect(Collectors.joining(",", "[", "]"))
                + (recovered ? " recovered" : " not recovered"));
    }

    @Override
    public OutboundMessage message(ChatMessage m) {
        return OutboundMessage.text("message " + m.id() + " " + m.uid() + ":" + m.nick() + " " + m.text());
    }

    @Override
    public OutboundMessage ack(String ref, long id) {
        return OutboundMessage.text("ack " + ref + " " + id);
    }

    @Override
    public OutboundMessage presence(PresenceEvent event, String uid, String nick) {
        return OutboundMessage.text("presence " + event.wireName() + " " + uid + ":" + nick);
    }

    @Override
    public OutboundMessage error(String code, String reason, String ref) {
        return OutboundMessage.text("error " + code + " " + ref);
    }
}
