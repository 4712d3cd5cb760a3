package dev.chatsocket.chat.room;

import dev.chatsocket.ws.OutboundMessage;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.stream.Collectors;

/**
 * Frames as one short line each, so that a test reads what a member got at a glance:
 * {@code welcome u1 as ana [u1:ana,u2:bo] epoch e1}, {@code history [1,2] recovered},
 * {@code message 3 u1:ana hi}, {@code ack r1 3}, {@code presence join u2:bo},
 * {@code error unavailable r1}. A verified person is marked {@code (v)}: {@code [v:Vera(v),g:gil]},
 * {@code presence join v:Vera(v)}.
 */
public final class TextFrames implements RoomFrames {
    /** What each frame made here says: the engine's messages do not show their payload. */
    private static final Map<OutboundMessage, String> TEXTS = Collections.synchronizedMap(new WeakHashMap<>());

    /** The line a frame made by a {@code TextFrames} stands for. */
    public static String textOf(OutboundMessage message) {
        String text = TEXTS.get(message);
        if (text == null) {
            throw new IllegalArgumentException("not a frame of TextFrames: " + message);
        }
        return text;
    }

    private static OutboundMessage frame(String text) {
        OutboundMessage message = OutboundMessage.text(text);
        TEXTS.put(message, text);
        return message;
    }

    @Override
    public OutboundMessage welcome(Listed you, Member.Self self, String room, List<Listed> members, String epoch) {
        return frame("welcome " + you.uid() + " as " + you.nick() + " "
                + members.stream().map(TextFrames::listed).collect(Collectors.joining(",", "[", "]"))
                + " epoch " + epoch);
    }

    private static String listed(Listed who) {
        return who.uid() + ":" + who.nick() + (who.verified() ? "(v)" : "");
    }

    @Override
    public OutboundMessage history(List<ChatMessage> messages, boolean recovered) {
        return frame("history "
                + messages.stream().map(m -> Long.toString(m.id())).collect(Collectors.joining(",", "[", "]"))
                + (recovered ? " recovered" : " not recovered"));
    }

    @Override
    public OutboundMessage message(ChatMessage m) {
        return frame("message " + m.id() + " " + m.uid() + ":" + m.nick() + " " + m.text());
    }

    @Override
    public OutboundMessage page(long before, List<ChatMessage> messages, boolean more) {
        return frame("page before " + before + " "
                + messages.stream().map(m -> Long.toString(m.id())).collect(Collectors.joining(",", "[", "]"))
                + (more ? " more" : " start"));
    }

    @Override
    public OutboundMessage ack(String ref, long id) {
        return frame("ack " + ref + " " + id);
    }

    @Override
    public OutboundMessage presence(PresenceEvent event, Listed who) {
        return frame("presence " + event.wireName() + " "
                + (event == PresenceEvent.JOIN ? listed(who) : who.uid() + ":" + who.nick()));
    }

    @Override
    public OutboundMessage error(String code, String reason, String ref) {
        return frame("error " + code + " " + ref);
    }
}
