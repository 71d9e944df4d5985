-- moddesk-server on PostgreSQL. Times are UTC milliseconds since the epoch.
CREATE TABLE users (
    name       TEXT    PRIMARY KEY,
    role       TEXT    NOT NULL CHECK (role IN ('moderator', 'supervisor', 'trainer', 'admin', 'ingest')),
    token_hash TEXT    NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

-- One row per flagged item; the lease columns describe its newest grant. lease_token is the
-- fencing token: it only ever grows.
CREATE TABLE items (
    id               TEXT    PRIMARY KEY,
    queue            TEXT    NOT NULL,
    body             TEXT    NOT NULL,
    priority         BIGINT NOT NULL,
    deadline         BIGINT,
    -- deadline, or the largest value when there is none: one index serves the lease order.
    due              BIGINT NOT NULL,
    received_at      BIGINT NOT NULL,
    gold_label       TEXT,
    state            TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'decided')),
    decided_by       TEXT,
    lease_token      BIGINT NOT NULL DEFAULT 0,
    lease_id         TEXT    UNIQUE,
    lease_holder     TEXT,
    lease_expires_at BIGINT
);

CREATE INDEX items_next ON items (queue, state, due, priority DESC, received_at, id);

CREATE TABLE media (
    sha256 TEXT PRIMARY KEY,
    mime   TEXT NOT NULL,
    bytes  BYTEA NOT NULL
);

-- Accepted decisions, hash-chained like the client's log. body is the decision as received.
CREATE TABLE decisions (
    seq         BIGINT  PRIMARY KEY,
    id          TEXT    NOT NULL UNIQUE,
    item_id     TEXT    NOT NULL,
    moderator   TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    body_hash   TEXT    NOT NULL,
    prev_hash   TEXT    NOT NULL,
    hash        TEXT    NOT NULL,
    accepted_at BIGINT NOT NULL
);

CREATE INDEX decisions_item ON decisions (item_id);

CREATE TABLE chain_head (
    id   BIGINT PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT    NOT NULL
);

INSERT INTO chain_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
