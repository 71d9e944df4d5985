#include "lease_store.h"

#include "server_database.h"

#include <QJsonDocument>
#include <QSqlQuery>
#include <QUuid>

#include <algorithm>
#include <tuple>

using namespace Qt::StringLiterals;

namespace moddesk::server {

namespace {

// Sets free the items whose lease ran out (through the small index of held items).
QString freeExpiredSql()
{
    return u"UPDATE items SET available = 1 WHERE state = 'pending' AND available = 0 AND "
           u"lease_expires_at <= ?"_s;
}

} // namespace

Result<std::vector<Grant>> LeaseStore::claim(const QString& queue, const QString& moderator,
                                             int maxItems, int leaseSeconds, qint64 nowMs)
{
    if (!m_db.isSqlite())
        return claimOnPostgres(queue, moderator, maxItems, leaseSeconds, nowMs);
    WriteTransaction tx(m_db);
    if (tx.error())
        return *tx.error();
    // SQLite has one writer at a time (BEGIN IMMEDIATE): free what ran out, select, grant.
    if (auto freed = runQuery(tx.connection(), freeExpiredSql(), {nowMs}); !freed)
        return freed.error();
    const QString sql = u"SELECT id, lease_token, body FROM items WHERE queue = ? AND "
                        u"state = 'pending' AND available = 1 "
                        u"ORDER BY due, priority DESC, received_at, id LIMIT ?"_s;
    auto rows = runQuery(tx.connection(), sql, {queue, maxItems});
    if (!rows)
        return rows.error();
    std::vector<Grant> grants;
    while (rows->next()) {
        Grant g;
        g.itemJson = rows->value(2).toByteArray();
        g.lease.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        g.lease.itemId = rows->value(0).toString();
        g.lease.moderator = moderator;
        g.lease.token = rows->value(1).toLongLong() + 1;
        g.lease.expiresAt = nowMs + qint64(leaseSeconds) * 1000;
        grants.push_back(std::move(g));
    }
    for (const Grant& g : grants) {
        auto updated =
            runQuery(tx.connection(),
                     u"UPDATE items SET lease_token = ?, lease_id = ?, lease_holder = ?, "
                     u"lease_expires_at = ?, available = 0 WHERE id = ?"_s,
                     {g.lease.token, g.lease.id, moderator, g.lease.expiresAt, g.lease.itemId});
        if (!updated)
            return updated.error();
    }
    if (auto committed = tx.commit(); !committed)
        return committed.error();
    return grants;
}

Result<std::vector<Grant>> LeaseStore::claimOnPostgres(const QString& queue,
                                                       const QString& moderator, int maxItems,
                                                       int leaseSeconds, qint64 nowMs)
{
    // One statement, one round trip: SKIP LOCKED lets concurrent claims from many servers pass
    // each other instead of queueing on the same rows, and the grant happens in the same step.
    auto db = m_db.connection();
    if (!db)
        return db.error();
    const qint64 expiresAt = nowMs + qint64(leaseSeconds) * 1000;
    // Leases that ran out are set free first, in a statement of their own that commits at
    // once: no claim holds those row locks through its grant.
    if (auto freed = runQuery(*db, freeExpiredSql(), {nowMs}); !freed)
        return freed.error();
    auto rows = runQuery(
        *db,
        u"UPDATE items SET lease_token = lease_token + 1, lease_id = gen_random_uuid()::text, "
        u"lease_holder = ?, lease_expires_at = ?, available = 0 WHERE id IN (SELECT id FROM "
        u"items WHERE queue = ? AND state = 'pending' AND available = 1 "
        u"ORDER BY due, priority DESC, received_at, id LIMIT ? FOR UPDATE SKIP LOCKED) "
        u"RETURNING id, lease_token, lease_id, body, due, priority, received_at"_s,
        {moderator, expiresAt, queue, maxItems});
    if (!rows)
        return rows.error();
    struct Row {
        Grant grant;
        qint64 due, priority, receivedAt;
    };
    std::vector<Row> granted;
    while (rows->next()) {
        Row r;
        r.grant.lease = Lease{rows->value(2).toString(), rows->value(0).toString(), moderator,
                              rows->value(1).toLongLong(), expiresAt};
        r.grant.itemJson = rows->value(3).toByteArray();
        r.due = rows->value(4).toLongLong();
        r.priority = rows->value(5).toLongLong();
        r.receivedAt = rows->value(6).toLongLong();
        granted.push_back(std::move(r));
    }
    // RETURNING keeps no order: restore the queue's.
    std::sort(granted.begin(), granted.end(), [](const Row& a, const Row& b) {
        return std::tie(a.due, b.priority, a.receivedAt, a.grant.lease.itemId) <
               std::tie(b.due, a.priority, b.receivedAt, b.grant.lease.itemId);
    });
    std::vector<Grant> grants;
    for (Row& r : granted)
        grants.push_back(std::move(r.grant));
    return grants;
}

Result<Lease> LeaseStore::currentLease(QSqlDatabase& db, const QString& leaseId,
                                       const QString& moderator)
{
    auto row = runQuery(db,
                        u"SELECT id, lease_token, lease_holder, lease_expires_at, state "
                        u"FROM items WHERE lease_id = ?"_s,
                        {leaseId});
    if (!row)
        return row.error();
    if (!row->next())
        return Error{u"no lease "_s + leaseId + u"; it was released or replaced by a newer one"_s}
            .withCode(u"lease_not_found"_s);
    if (row->value(2).toString() != moderator)
        return Error{u"lease "_s + leaseId + u" belongs to someone else"_s}.withCode(
            u"lease_not_yours"_s);
    if (row->value(4).toString() != u"pending")
        return Error{u"the item of lease "_s + leaseId + u" has been decided"_s}.withCode(
            u"lease_lost"_s);
    return Lease{leaseId, row->value(0).toString(), moderator, row->value(1).toLongLong(),
                 row->value(3).toLongLong()};
}

Result<Lease> LeaseStore::renew(const QString& leaseId, const QString& moderator, int leaseSeconds,
                                qint64 nowMs)
{
    WriteTransaction tx(m_db);
    if (tx.error())
        return *tx.error();
    auto lease = currentLease(tx.connection(), leaseId, moderator);
    if (!lease)
        return lease.error();
    lease->expiresAt = nowMs + qint64(leaseSeconds) * 1000;
    // (Renewed after it ran out, it may have been set free meanwhile: it is held again.)
    auto updated = runQuery(tx.connection(),
                            u"UPDATE items SET lease_expires_at = ?, available = 0 "
                            u"WHERE lease_id = ?"_s,
                            {lease->expiresAt, leaseId});
    if (!updated)
        return updated.error();
    if (auto committed = tx.commit(); !committed)
        return committed.error();
    return lease;
}

Status LeaseStore::release(const QString& leaseId, const QString& moderator)
{
    WriteTransaction tx(m_db);
    if (tx.error())
        return *tx.error();
    auto lease = currentLease(tx.connection(), leaseId, moderator);
    if (!lease)
        return lease.error();
    // The token stays: a decision made under the released grant is still recognisably old
    // once the item is leased again.
    auto updated = runQuery(tx.connection(),
                            u"UPDATE items SET lease_id = NULL, lease_holder = NULL, "
                            u"lease_expires_at = NULL, available = 1 WHERE lease_id = ?"_s,
                            {leaseId});
    if (!updated)
        return updated.error();
    return tx.commit();
}

} // namespace moddesk::server
