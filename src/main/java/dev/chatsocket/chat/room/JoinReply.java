package dev.chatsocket.chat.room;

import java.util.List;

/**
 * What the log answers a join: the room's epoch, where the newcomer's join event was appended,
 * and the members as of that entry (the newcomer among them), in order of arrival.
 */
public record JoinReply(String epoch, Position joinedAt, List<Listed> members) {
    public JoinReply {
        members = List.copyOf(members);
    }
}
