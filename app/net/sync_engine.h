#pragma once

#include "audit_log.h"
#include "backoff.h"
#include "protocol_client.h"

#include <atomic>
#include <chrono>
#include <optional>
#include <vector>

namespace moddesk::net {

struct SyncOptions {
    int batchSize = 1000; // the protocol's most decisions per request
    Backoff::Options backoff;
};

struct SyncReport {
    qint64 sent = 0; // decisions answered by the server in this run
    qint64 accepted = 0;
    qint64 duplicates = 0;
    qint64 conflicts = 0;
    qint64 invalid = 0;
    qint64 pending = 0;               // still without an answer when the run ended
    std::vector<int> backoffDelaysMs; // the waits between failed attempts, in order
    std::optional<Error> error;       // why the run ended with decisions pending
    bool drained() const { return pending == 0; }
};

// Uploads the audit log's unsynced decisions, oldest first, in batches, exactly once in effect:
// the decision id is the server's idempotency key, so a batch whose answer was lost is simply
// sent again and answered `duplicate`. An answer is believed only after its chain checks out
// (each accepted decision hashes, with the server's seq and prev_hash, to the server's hash; the
// chain never goes back); otherwise sync stops and the log records the mismatch as suspected
// tampering. Transient failures are retried with Backoff; answers are stored with the new sync
// position in one transaction, so a crash anywhere resends and never skips. While one batch's
// answer is checked and stored, the next batch is already on the server (one at a time there,
// in log order).
class SyncEngine final {
public:
    SyncEngine(AuditLog& log, ProtocolClient& client, SyncOptions options = {});

    // Sends until nothing is pending, a permanent failure, a chain mismatch, `stop`, or until a
    // transient failure happens after `deadline` (a deadline in the past: no retries).
    SyncReport drain(std::chrono::steady_clock::time_point deadline,
                     const std::atomic<bool>* stop = nullptr);

    // The chain check on its own: `known` is the server head the log last stored.
    static Status checkAnswer(const std::vector<Decision>& sent, const SubmitAnswer& answer,
                              const std::optional<ChainHead>& known);

private:
    // Checks an answer and stores it with the new sync position; moves `known` on.
    Status record(const std::vector<Decision>& batch, const SubmitAnswer& answer,
                  std::optional<ChainHead>& known, SyncReport& report);

    AuditLog& m_log;
    ProtocolClient& m_client;
    SyncOptions m_options;
    Backoff m_backoff;
};

} // namespace moddesk::net
