package dev.chatsocket.chat.room;

import java.util.List;

/**
 * What the log answers a join: the room's epoch, where the newcomer's join event was appended (or,
 * when the person was listed already and nothing was appended, the log's newest entry then), and
 * the people listed as of that entry (the newcomer among them, under the nick the log has for
 * them), in order of arrival.
 */
public record JoinReply(String epoch, Position joinedAt, List<Listed> members) {
    public JoinReply {
        members = List.copyOf(members);
    }
}
