// AuditLog: what the sync engine reads and writes (sync_state, outbox).
#include "audit_log.h"
#include "decision_row.h"

using namespace Qt::StringLiterals;

namespace moddesk {

Result<SyncState> AuditLog::syncState()
{
    auto stmt = m_db->prepare("SELECT synced_through_seq, server_head_seq, server_head_hash, "
                              "last_sync_at, server_mismatch FROM sync_state WHERE id = 1");
    if (!stmt)
        return stmt.error();
    if (!stmt->step())
        return stmt->error() ? *stmt->error() : Error{u"the sync state row is missing"_s};
    SyncState state;
    state.syncedThroughSeq = stmt->integer(0);
    if (stmt->type(1) != SqliteStatement::Type::Null)
        state.serverHead = ChainHead{stmt->integer(1), stmt->text(2)};
    if (stmt->type(3) != SqliteStatement::Type::Null)
        state.lastSyncAt = stmt->integer(3);
    state.serverMismatch = stmt->text(4);
    return state;
}

Result<std::vector<Decision>> AuditLog::entriesAfter(qint64 afterSeq, qint64 limit)
{
    std::vector<Decision> out;
    if (auto visited = forEach(afterSeq, limit,
                               [&](const Decision& d) {
                                   out.push_back(d);
                                   return true;
                               });
        !visited)
        return visited.error();
    return out;
}

Status AuditLog::recordAnswers(const std::vector<OutboxAnswer>& answers, qint64 throughSeq,
                               const ChainHead& serverHead, qint64 nowMs)
{
    auto insert = m_db->prepare("INSERT OR REPLACE INTO outbox (decision_seq, state, "
                                "server_reason, server_field, answered_at) "
                                "VALUES (?1, ?2, ?3, ?4, ?5)");
    auto update = m_db->prepare(
        "UPDATE sync_state SET synced_through_seq = max(synced_through_seq, ?1), "
        "server_head_seq = ?2, server_head_hash = ?3, last_sync_at = ?4 WHERE id = 1");
    if (!insert)
        return insert.error();
    if (!update)
        return update.error();
    return inWriteTransaction([&]() -> Status {
        for (const OutboxAnswer& a : answers) {
            insert->bind(1, a.seq);
            insert->bind(2, a.state);
            insert->bind(3, a.reason.isEmpty() ? std::nullopt : std::optional(a.reason));
            insert->bind(4, a.field.isEmpty() ? std::nullopt : std::optional(a.field));
            insert->bind(5, nowMs);
            insert->step();
            if (insert->error())
                return Error{u"recording the answer for seq "_s + QString::number(a.seq) + u": "_s +
                             insert->error()->message};
            insert->reset();
        }
        update->bind(1, throughSeq);
        update->bind(2, serverHead.seq);
        update->bind(3, serverHead.hash);
        update->bind(4, nowMs);
        update->step();
        if (update->error())
            return *update->error();
        return {};
    });
}

Status AuditLog::recordServerMismatch(const QString& what)
{
    auto update = m_db->prepare("UPDATE sync_state SET server_mismatch = ?1 WHERE id = 1");
    if (!update)
        return update.error();
    update->bind(1, what);
    update->step();
    if (update->error())
        return *update->error();
    return {};
}

Result<OutboxCounts> AuditLog::outboxCounts()
{
    auto stmt = m_db->prepare("SELECT state, count(*) FROM outbox GROUP BY state");
    if (!stmt)
        return stmt.error();
    OutboxCounts counts;
    while (stmt->step()) {
        const QString state = stmt->text(0);
        const qint64 n = stmt->integer(1);
        if (state == u"accepted")
            counts.accepted = n;
        else if (state == u"duplicate")
            counts.duplicate = n;
        else if (state == u"conflict")
            counts.conflict = n;
        else if (state == u"invalid")
            counts.invalid = n;
    }
    if (stmt->error())
        return *stmt->error();
    return counts;
}

Result<std::vector<RefusedDecision>> AuditLog::refused(qint64 limit)
{
    const QByteArray sql = "SELECT "_ba + decision_row::kColumns +
                           ", o.state, o.server_reason, o.server_field FROM decisions d JOIN "
                           "outbox o ON o.decision_seq = d.seq WHERE o.state IN "
                           "('conflict', 'invalid') ORDER BY d.seq DESC LIMIT ?1";
    auto stmt = m_db->prepare(sql.constData());
    if (!stmt)
        return stmt.error();
    stmt->bind(1, limit);
    std::vector<RefusedDecision> out;
    while (stmt->step()) {
        auto d = decision_row::decode(*stmt);
        if (!d)
            return d.error();
        const int first = 25; // after kColumns
        OutboxAnswer a{d->seq, stmt->text(first), stmt->text(first + 1), stmt->text(first + 2)};
        out.push_back({std::move(d).value(), std::move(a)});
    }
    if (stmt->error())
        return *stmt->error();
    return out;
}

} // namespace moddesk
