#include "item_store.h"

#include "json_fields.h"
#include "server_database.h"
#include "sha256.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace moddesk::server {

Result<qint64> ItemStore::ingest(const QString& queue, const std::vector<Item>& items,
                                 const QStringList& goldLabels)
{
    WriteTransaction tx(m_db);
    if (tx.error())
        return *tx.error();
    qint64 added = 0;
    for (size_t i = 0; i < items.size(); ++i) {
        const Item& item = items[i];
        auto exists = runQuery(tx.connection(), u"SELECT 1 FROM items WHERE id = ?"_s, {item.id});
        if (!exists)
            return exists.error();
        if (exists->next())
            continue;
        const QVariant deadline = item.deadline ? QVariant(*item.deadline) : QVariant();
        const QVariant gold =
            qsizetype(i) < goldLabels.size() && !goldLabels[qsizetype(i)].isEmpty()
                ? QVariant(goldLabels[qsizetype(i)])
                : QVariant();
        auto inserted = runQuery(tx.connection(),
                                 u"INSERT INTO items (id, queue, body, priority, deadline, due, "
                                 u"received_at, gold_label) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s,
                                 {item.id, queue, QString::fromUtf8(toCompactJson(item.toJson())),
                                  item.priority, deadline,
                                  item.deadline.value_or(std::numeric_limits<qint64>::max()),
                                  item.source.receivedAt, gold});
        if (!inserted)
            return inserted.error();
        ++added;
    }
    if (auto committed = tx.commit(); !committed)
        return committed.error();
    return added;
}

Result<bool> ItemStore::putMedia(const QString& sha256, const QString& mime,
                                 const QByteArray& bytes)
{
    if (QString::fromLatin1(Sha256::hexDigest(bytes)) != sha256)
        return fieldError(u"sha256"_s, u"does not match the SHA-256 of the bytes"_s);
    WriteTransaction tx(m_db);
    if (tx.error())
        return *tx.error();
    auto exists = runQuery(tx.connection(), u"SELECT mime FROM media WHERE sha256 = ?"_s, {sha256});
    if (!exists)
        return exists.error();
    if (exists->next()) {
        const QString stored = exists->value(0).toString();
        if (stored != mime)
            return Error{u"media "_s + sha256 + u" is stored as "_s + stored + u", not "_s + mime}
                .withCode(u"media_type_conflict"_s);
        return false;
    }
    auto inserted =
        runQuery(tx.connection(), u"INSERT INTO media (sha256, mime, bytes) VALUES (?, ?, ?)"_s,
                 {sha256, mime, bytes});
    if (!inserted)
        return inserted.error();
    if (auto committed = tx.commit(); !committed)
        return committed.error();
    return true;
}

Result<std::pair<QString, QByteArray>> ItemStore::media(const QString& sha256) const
{
    auto db = m_db.connection();
    if (!db)
        return db.error();
    auto found = runQuery(*db, u"SELECT mime, bytes FROM media WHERE sha256 = ?"_s, {sha256});
    if (!found)
        return found.error();
    if (!found->next())
        return Error{u"no media with SHA-256 "_s + sha256};
    return std::pair{found->value(0).toString(), found->value(1).toByteArray()};
}

Result<std::vector<QueueSummary>> ItemStore::queues(qint64 nowMs) const
{
    auto db = m_db.connection();
    if (!db)
        return db.error();
    auto rows = runQuery(
        *db,
        u"SELECT queue, "
        u"sum(CASE WHEN lease_expires_at IS NULL OR lease_expires_at <= ? THEN 1 ELSE 0 END), "
        u"sum(CASE WHEN lease_expires_at > ? THEN 1 ELSE 0 END), min(deadline) "
        u"FROM items WHERE state = 'pending' GROUP BY queue ORDER BY queue"_s,
        {nowMs, nowMs});
    if (!rows)
        return rows.error();
    std::vector<QueueSummary> out;
    while (rows->next()) {
        QueueSummary q{rows->value(0).toString(), rows->value(1).toLongLong(),
                       rows->value(2).toLongLong(), std::nullopt};
        if (!rows->value(3).isNull())
            q.nextDeadline = rows->value(3).toLongLong();
        out.push_back(q);
    }
    return out;
}

} // namespace moddesk::server
