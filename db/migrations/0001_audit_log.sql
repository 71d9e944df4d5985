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

CREATE INDEX decisions_item ON decisions (item_id);
CREATE INDEX decisions_decided_at ON decisions (decided_at);

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

-- Sync state per decision, kept apart so that the decision rows never change.
CREATE TABLE outbox (
    decision_seq  INTEGER PRIMARY KEY REFERENCES decisions (seq),
    state         TEXT    NOT NULL DEFAULT 'pending'
                  CHECK (state IN ('pending', 'accepted', 'duplicate', 'conflict', 'invalid')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT,
    server_reason TEXT,
    server_field  TEXT,
    updated_at    INTEGER
) STRICT;

CREATE INDEX outbox_pending ON outbox (decision_seq) WHERE state = 'pending';
