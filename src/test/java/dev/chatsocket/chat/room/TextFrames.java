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
 * {@code error unavailable r1}, {@code edit 4 of 2 u1 new text}, {@code delete 5 of 2 by u1}, {@code typing u1:ana}. A
 * verified person is marked {@code (v)}: {@code [v:Vera(v),g:gil]}, {@code presence join v:Vera(v)}.
 * In a history or a page an edited message's id is marked {@code ~}, a deleted one's {@code x}
 * ({@code [1x,2~]}); a history's edits read {@code e4>2:new text} ({@code e4>2:null} once the
 * target was deleted), its deletes {@code d5>2}. A message frame of a deleted message reads
 * {@code message 2 u1:ana (deleted)}, of an edited one {@code message 2 u1:ana new text (edited)}.
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
    public OutboundMessage history(List<Entry> entries, boolean recovered) {
        return frame("history "
                + entries.stream().map(TextFrames::item).collect(Collectors.joining(",", "[", "]"))
                + (recovered ? " recovered" : " not recovered"));
    }

    private static String item(Entry entry) {
        if (entry instanceof Entry.Edited edit) {
            return "e" + edit.position().major() + ">" + edit.target() + ":" + edit.text();
        } else if (entry instanceof Entry.Deleted delete) {
            return "d" + delete.position().major() + ">" + delete.target();
        }
        return id(((Entry.Posted) entry).message());
    }

    private static String id(ChatMessage m) {
        return m.id() + (m.deleted() ? "x" : m.edited() != 0 ? "~" : "");
    }

    @Override
    public OutboundMessage message(ChatMessage m) {
        return frame("message " + m.id() + " " + m.uid() + ":" + m.nick() + " "
                + (m.deleted() ? "(deleted)" : m.edited() != 0 ? m.text() + " (edited)" : m.text())
                + (m.bot() ? " (bot)" : ""));
    }

    @Override
    public OutboundMessage edited(Entry.Edited edit) {
        return frame("edit " + edit.position().major() + " of " + edit.target() + " " + edit.uid() + " " + edit.text());
    }

    @Override
    public OutboundMessage deleted(Entry.Deleted delete) {
        return frame("delete " + delete.position().major() + " of " + delete.target() + " by " + delete.by());
    }

    @Override
    public OutboundMessage page(long before, List<ChatMessage> messages, boolean more) {
        return frame("page before " + before + " "
                + messages.stream().map(TextFrames::id).collect(Collectors.joining(",", "[", "]"))
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

    @Override
    public OutboundMessage typing(String uid, String nick) {
        return frame("typing " + uid + ":" + nick);
    }

    /** {@code moderation ban u by m}. */
    @Override
    public OutboundMessage moderation(Moderation moderation) {
        return frame("moderation " + moderation.action().wire() + " " + moderation.uid() + " by " + moderation.by());
    }
}
