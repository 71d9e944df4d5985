-- moddesk-server on SQLite. Times are UTC milliseconds since the epoch.
CREATE TABLE users (
    name       TEXT    PRIMARY KEY,
    role       TEXT    NOT NULL CHECK (role IN ('moderator', 'supervisor', 'trainer', 'admin', 'ingest')),
    token_hash TEXT    NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);

-- One row per flagged item; the lease columns describe its newest grant. lease_token is the
-- fencing token: it only ever grows.
CREATE TABLE items (
    id               TEXT    PRIMARY KEY,
    queue            TEXT    NOT NULL,
    body             TEXT    NOT NULL,
    priority         INTEGER NOT NULL,
    deadline         INTEGER,
    -- deadline, or the largest value when there is none: one index serves the lease order.
    due              INTEGER NOT NULL,
    received_at      INTEGER NOT NULL,
    gold_label       TEXT,
    state            TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'decided')),
    decided_by       TEXT,
    lease_token      INTEGER NOT NULL DEFAULT 0,
    lease_id         TEXT    UNIQUE,
    lease_holder     TEXT,
    lease_expires_at INTEGER
);

CREATE INDEX items_next ON items (queue, state, due, priority DESC, received_at, id);

CREATE TABLE media (
    sha256 TEXT PRIMARY KEY,
    mime   TEXT NOT NULL,
    bytes  BLOB NOT NULL
);

-- Accepted decisions, hash-chained like the client's log. body is the decision as received.
CREATE TABLE decisions (
    seq         INTEGER PRIMARY KEY,
    id          TEXT    NOT NULL UNIQUE,
    item_id     TEXT    NOT NULL,
    moderator   TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    body_hash   TEXT    NOT NULL,
    prev_hash   TEXT    NOT NULL,
    hash        TEXT    NOT NULL,
    accepted_at INTEGER NOT NULL
);

CREATE INDEX decisions_item ON decisions (item_id);

CREATE TABLE chain_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT    NOT NULL
);

INSERT INTO chain_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
