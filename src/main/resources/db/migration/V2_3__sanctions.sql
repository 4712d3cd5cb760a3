-- Issue 16: the bans and mutes of each room (dev.chatsocket.history.SanctionRows). A ban outlives
-- a restart; a row whose until_ms has passed holds nothing and is dropped when the room needs room.
CREATE TABLE chat_sanctions (
    room     VARCHAR(128) NOT NULL,
    -- 'ban' (no handshake to the room) or 'mute' (reads, cannot post).
    kind     VARCHAR(8)   NOT NULL,
    uid      VARCHAR(255) NOT NULL,
    -- When it ends, epoch ms; 9223372036854775807 holds until lifted.
    until_ms BIGINT       NOT NULL,
    reason   VARCHAR(255) NOT NULL,
    -- The moderator's uid (or the API key's name), and whether an admin set it: only then does it bind an admin.
    by_uid   VARCHAR(255) NOT NULL,
    by_admin BOOLEAN      NOT NULL,
    PRIMARY KEY (room, kind, uid),
    CHECK (kind IN ('ban', 'mute'))
);
