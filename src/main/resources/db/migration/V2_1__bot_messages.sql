-- Issue 16's HTTP API: a message an API key posted is marked, and stays marked in every read.
-- Versioned 2.1 so that it orders after any V2 the same issue adds, whichever is merged first.
ALTER TABLE chat_messages ADD COLUMN bot BOOLEAN DEFAULT FALSE NOT NULL;
