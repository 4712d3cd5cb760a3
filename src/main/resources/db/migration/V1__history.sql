-- The history store (dev.chatsocket.history), for H2 and PostgreSQL alike: standard types only.
-- Every room is one sequence of ids, shared by its messages and by the edits and deletes of them.

CREATE TABLE chat_rooms (
    room          VARCHAR(128) NOT NULL PRIMARY KEY,
    -- The name of the room's history: resuming clients compare it, so it must outlive restarts.
    epoch         VARCHAR(64)  NOT NULL,
    -- The newest id handed out, message or event; retention never lowers it.
    last_id       BIGINT       NOT NULL,
    -- Retention removed every entry below it; every entry from here to last_id is kept.
    first_id      BIGINT       NOT NULL,
    -- Messages kept, so that retention by count needs no COUNT(*) over the room.
    message_count BIGINT       NOT NULL
);

CREATE TABLE chat_messages (
    room       VARCHAR(128) NOT NULL,
    id         BIGINT       NOT NULL,
    uid        VARCHAR(255) NOT NULL,
    nick       VARCHAR(128) NOT NULL,
    -- The latest text; NULL once deleted (the text is gone, not hidden).
    text       VARCHAR,
    ts         BIGINT       NOT NULL,
    -- The sender's reference, for answering a repeat with this id.
    ref        VARCHAR(128),
    edited_ts  BIGINT,
    deleted_ts BIGINT,
    deleted_by VARCHAR(255),
    PRIMARY KEY (room, id)
);
CREATE INDEX chat_messages_ref ON chat_messages (room, uid, ref);

CREATE TABLE chat_events (
    room   VARCHAR(128) NOT NULL,
    id     BIGINT       NOT NULL,
    -- 'edit' or 'delete'.
    kind   VARCHAR(8)   NOT NULL,
    -- The message edited or deleted.
    target BIGINT       NOT NULL,
    -- Who edited (the author) or deleted (the author or a moderator).
    uid    VARCHAR(255) NOT NULL,
    -- An edit's text; NULL for a delete, and for every edit of a message once it is deleted.
    text   VARCHAR,
    ts     BIGINT       NOT NULL,
    PRIMARY KEY (room, id),
    CHECK (kind IN ('edit', 'delete'))
);
CREATE INDEX chat_events_target ON chat_events (room, target);
