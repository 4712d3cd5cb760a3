package dev.chatsocket.chat.room;

import dev.chatsocket.chat.moderation.ModerationRequest;
import dev.chatsocket.chat.moderation.Sanction;

import java.util.Objects;
import java.util.Optional;

/**
 * A moderation as the room's log carries it to every node: what was done to whom, by whom, and
 * for a ban or a mute until when. Every node applies it to its own connections (a kick or a ban
 * closes them) and to its copy of the room's mutes and bans.
 *
 * @param action          kick, ban, unban, mute, unmute
 * @param uid             whom it is about
 * @param by              the moderator's uid, or the API key's name
 * @param byAdmin         whether the moderator acted as an admin: only then does it bind an admin
 * @param reason          given by the moderator, may be empty
 * @param durationSeconds a ban's or mute's duration as asked, 0 until lifted; 0 for the other actions
 * @param untilMillis     when a ban or mute ends, epoch ms, {@link Sanction#UNTIL_LIFTED} when it
 *                        holds until lifted; 0 for the other actions
 */
public record Moderation(ModerationRequest.Action action, String uid, String by, boolean byAdmin, String reason,
                         long durationSeconds, long untilMillis) {

    public Moderation {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(reason, "reason");
    }

    /** What {@code moderator} asked for, at {@code nowMillis}. */
    public static Moderation of(ModerationRequest request, Moderator moderator, long nowMillis) {
        long until = 0;
        if (request.action().isTimed()) {
            until = Sanction.of(Sanction.Kind.BAN, request.uid(), request.durationSeconds(), "", moderator.uid(),
                    moderator.roles(), nowMillis).untilMillis();
        }
        return new Moderation(request.action(), request.uid(), moderator.uid(), moderator.isAdmin(),
                request.reason(), request.durationSeconds(), until);
    }

    /** The kind of sanction this sets or lifts; empty for a kick. */
    public Optional<Sanction.Kind> kind() {
        return switch (action) {
            case BAN, UNBAN -> Optional.of(Sanction.Kind.BAN);
            case MUTE, UNMUTE -> Optional.of(Sanction.Kind.MUTE);
            case KICK -> Optional.empty();
        };
    }

    /** The sanction a ban or a mute sets; empty for the other actions. */
    public Optional<Sanction> sanction() {
        if (!action.isTimed()) {
            return Optional.empty();
        }
        return kind().map(k -> new Sanction(k, uid, untilMillis, reason, by, byAdmin));
    }

    /** Whether it removes the person from the room now: a kick or a ban. */
    public boolean removes() {
        return action == ModerationRequest.Action.KICK || action == ModerationRequest.Action.BAN;
    }
}
