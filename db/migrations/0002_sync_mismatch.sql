-- What the sync client found wrong with the server's chain (a rolled-back head, a hash that is
-- not what was sent): sync stops until a person looks. NULL while all is well.
ALTER TABLE sync_state ADD COLUMN server_mismatch TEXT;
