-- The append-only decision log. One row per human decision; every column is covered by
-- `hash` (see Decision::canonicalBytes), and `prev_hash` chains each row to the one before.
-- Optional text columns hold NULL, never '' (one spelling of "nothing").
CREATE TABLE decisions (
    seq                     INTEGER PRIMARY KEY,
    id                      TEXT    NOT NULL UNIQUE,
    prev_hash               TEXT    NOT NULL,
    hash                    TEXT    NOT NULL,
    item_id                 TEXT    NOT NULL,
    lease_id                TEXT,
    lease_token             INTEGER,
    kind                    TEXT    NOT NULL,
    reviews                 TEXT,
    verdict                 TEXT,
    reason                  TEXT,
    action                  TEXT,
    notes                   TEXT,
    moderator               TEXT    NOT NULL,
    decided_at              INTEGER NOT NULL,
    handle_ms               INTEGER,
    policy_version          TEXT    NOT NULL,
    shown                   TEXT,
    dsa_decision_ground     TEXT,
    dsa_category            TEXT,
    dsa_territorial_scope   TEXT,
    dsa_automated_detection INTEGER,
    dsa_facts               TEXT,
    order_ref               TEXT,
    order_actioned_at       INTEGER
) STRICT;

-- Append-only: the log refuses to change or forget. (Someone with the file can drop these
-- triggers; verify() and the server's chain head catch what they then do.)
CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: decisions cannot be updated');
END;

CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: decisions cannot be deleted');
END;

-- Sync state, kept apart so that decision rows never change. Appending writes nothing here:
-- every decision with seq > sync_state.synced_through_seq is pending, so recording a decision
-- costs one row, not two. The outbox holds the server's answer for each decision it answered.
CREATE TABLE outbox (
    decision_seq  INTEGER PRIMARY KEY REFERENCES decisions (seq),
    state         TEXT    NOT NULL
                  CHECK (state IN ('accepted', 'duplicate', 'conflict', 'invalid')),
    server_reason TEXT,
    server_field  TEXT,
    answered_at   INTEGER NOT NULL
) STRICT;

-- One row: how far the log has been answered without a gap, and the server's chain head
-- as last acknowledged (the outside anchor that exposes a rewritten local log).
CREATE TABLE sync_state (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    synced_through_seq INTEGER NOT NULL DEFAULT 0,
    server_head_seq    INTEGER,
    server_head_hash   TEXT,
    last_sync_at       INTEGER
) STRICT;

INSERT INTO sync_state (id) VALUES (1);
