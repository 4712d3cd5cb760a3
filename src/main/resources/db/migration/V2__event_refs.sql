-- Edits and deletes are idempotent per (uid, ref) like messages, sharing their refs: the same ref
-- again, on a message or an event, is answered with the first one's id.
ALTER TABLE chat_events ADD COLUMN ref VARCHAR(128);
CREATE INDEX chat_events_ref ON chat_events (room, uid, ref);
