-- Moderators asking a supervisor to review a decision that has reached the server.
CREATE TABLE review_requests (
    id           TEXT    PRIMARY KEY,
    decision_id  TEXT    NOT NULL,
    item_id      TEXT    NOT NULL,
    requested_by TEXT    NOT NULL,
    reason       TEXT    NOT NULL,
    requested_at INTEGER NOT NULL,
    received_at  INTEGER NOT NULL
);
CREATE INDEX review_requests_received ON review_requests (received_at);
