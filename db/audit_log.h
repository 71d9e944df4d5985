#pragma once

#include "chain_head.h"
#include "decision.h"
#include "result.h"
#include "sqlite_database.h"

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace moddesk {

struct VerifyReport {
    qint64 entries = 0;           // entries checked (all of them when ok)
    std::optional<qint64> badSeq; // the first entry that is not what was written
    QString reason;               // why, in words
    bool ok() const { return !badSeq.has_value() && reason.isEmpty(); }
};

// Where syncing stands (the sync_state row).
struct SyncState {
    qint64 syncedThroughSeq = 0;         // every decision up to here has the server's answer
    std::optional<ChainHead> serverHead; // the server's chain head at the last answer
    std::optional<qint64> lastSyncAt;
    QString serverMismatch; // non-empty: the server's chain did not check out; sync stopped
};

// The server's answer for one logged decision (the outbox). A conflict or invalid answer marks
// the decision superseded: it stays in the log, as everything does.
struct OutboxAnswer {
    qint64 seq = 0;
    QString state; // accepted | duplicate | conflict | invalid
    QString reason;
    QString field;
};

struct OutboxCounts {
    qint64 accepted = 0;
    qint64 duplicate = 0;
    qint64 conflict = 0;
    qint64 invalid = 0;
};

struct RefusedDecision {
    Decision decision;
    OutboxAnswer answer;
};

// The local, tamper-evident record of every decision made on this machine (docs/overview.md, "The
// local audit log"). Appends are durable when they return: WAL, synchronous=FULL, one
// BEGIN IMMEDIATE transaction per append. Rows are never updated or deleted; each carries
// seq, prev_hash and a SHA-256 hash over its canonical bytes, so verify() can name the first
// row that was altered, removed or moved. Not thread-safe: one AuditLog per thread.
class AuditLog final {
public:
    // prev_hash of the first entry.
    static const QString kGenesisHash;

    // Opens (creating if needed) and migrates the log at `path`, after a quick_check: a damaged
    // file is reported, not written to.
    static Result<std::unique_ptr<AuditLog>> open(const QString& path);
    // Opens an existing log without writing to it (verify, list, backup of a live log).
    static Result<std::unique_ptr<AuditLog>> openReadOnly(const QString& path);
    ~AuditLog();
    Q_DISABLE_COPY_MOVE(AuditLog)

    // Appends one decision and returns only after it is durable. The log assigns seq,
    // prev_hash and hash (any the caller set are ignored). A decision whose id is already
    // logged is refused, naming the seq that holds it.
    Result<ChainHead> append(const Decision& decision);
    // Appends many decisions in one transaction: all or none. For imports and benchmarks.
    Result<ChainHead> appendBatch(const std::vector<Decision>& decisions);

    Result<ChainHead> head();
    Result<qint64> count();
    // Decisions not yet answered by the server.
    Result<qint64> pendingSyncCount();
    // The logged decision with `id`, if any.
    Result<std::optional<Decision>> find(const QString& id);
    // Visits entries with seq > afterSeq in order, at most `limit` (all when < 0), until
    // `visit` returns false.
    Status forEach(qint64 afterSeq, qint64 limit,
                   const std::function<bool(const Decision&)>& visit);

    // Sync (db/audit_log_sync.cpp).
    Result<SyncState> syncState();
    // Entries with seq > afterSeq, oldest first, at most `limit` (the sync engine reads ahead
    // of synced_through_seq while the previous batch is being recorded).
    Result<std::vector<Decision>> entriesAfter(qint64 afterSeq, qint64 limit);
    // Stores the server's answers for every decision up to `throughSeq` and the head it
    // reported, in one transaction: an interrupted sync resends, never skips.
    Status recordAnswers(const std::vector<OutboxAnswer>& answers, qint64 throughSeq,
                         const ChainHead& serverHead, qint64 nowMs);
    Status recordServerMismatch(const QString& what);
    Result<OutboxCounts> outboxCounts();
    // Decisions the server refused (conflict, invalid), newest first.
    Result<std::vector<RefusedDecision>> refused(qint64 limit);

    // Re-reads every entry and checks seq continuity, the prev_hash links and each hash.
    VerifyReport verify();
    // PRAGMA integrity_check (or quick_check): "ok" or SQLite's list of problems.
    Result<QString> integrityCheck(bool quick = false);
    // Writes a consistent snapshot to `file` through SQLite's online backup API; the log stays
    // writable by other processes meanwhile. The file appears complete or not at all.
    Status backupTo(const QString& file);

    const QString& path() const { return m_db->path(); }

private:
    explicit AuditLog(std::unique_ptr<SqliteDatabase> db);
    static Result<std::unique_ptr<AuditLog>> openWith(const QString& path,
                                                      SqliteDatabase::Mode mode);
    Status prepareStatements();
    // Inserts `decision` after `head` inside an open transaction; returns the new head.
    Result<ChainHead> insertAfter(const ChainHead& head, const Decision& decision);
    Result<ChainHead> readHead();
    Error duplicateError(const Decision& decision);
    // Runs `body` in a BEGIN IMMEDIATE transaction: committed when it succeeds, else rolled back.
    Status inWriteTransaction(const std::function<Status()>& body);

    std::unique_ptr<SqliteDatabase> m_db;
    SqliteStatement m_begin;
    SqliteStatement m_commit;
    SqliteStatement m_rollback;
    SqliteStatement m_selectHead;
    SqliteStatement m_insertDecision;
};

} // namespace moddesk
