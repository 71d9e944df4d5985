// DecisionStore: the common case, a group of triage decisions, in a fixed number of statements
// whatever its size (the ids already known, the items taken, the decisions inserted), so that
// a backlog of thousands drains at the speed of the database rather than of its round trips.
// The rows travel as one JSON parameter, read with json_each (SQLite) or jsonb_to_recordset
// (PostgreSQL). Anything unusual (reviews, retracts, an id twice in a group) takes the
// one-decision-at-a-time path, which gives the same answers.
#include "decision_store.h"
#include "json_fields.h"
#include "server_database.h"
#include "user_store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

using namespace Qt::StringLiterals;

namespace moddesk::server {

bool DecisionStore::canRecordInBulk(std::span<const std::vector<Judged>> judged)
{
    QSet<QString> ids;
    qsizetype count = 0;
    for (const auto& own : judged)
        for (const Judged& j : own) {
            if (!j.decision)
                continue;
            if (j.decision->kind != u"triage")
                return false;
            ids.insert(j.decision->id);
            ++count;
        }
    return count > 0 && ids.size() == count;
}

Status DecisionStore::recordInBulk(QSqlDatabase& db, ChainHead& running,
                                   std::span<const Submission* const> group,
                                   std::span<const std::vector<Judged>> judged,
                                   std::vector<Outcome>& outcomes)
{
    const bool sqlite = m_db.isSqlite();
    QJsonArray ids;
    for (const auto& own : judged)
        for (const Judged& j : own)
            if (j.decision)
                ids.append(j.decision->id);

    // 1. Ids the server has seen: duplicates, or reuse of an id for something else.
    QHash<QString, std::pair<QString, qint64>> known;
    {
        auto rows =
            runQuery(db,
                     sqlite ? u"SELECT id, body_hash, seq FROM decisions WHERE id IN "
                              u"(SELECT value FROM json_each(?))"_s
                            : u"SELECT id, body_hash, seq FROM decisions WHERE id IN "
                              u"(SELECT jsonb_array_elements_text(?::jsonb))"_s,
                     {QString::fromUtf8(QJsonDocument(ids).toJson(QJsonDocument::Compact))});
        if (!rows)
            return rows.error();
        while (rows->next())
            known.insert(rows->value(0).toString(),
                         {rows->value(1).toString(), rows->value(2).toLongLong()});
    }

    // 2. Take every item still pending under the lease each decision names, first come first.
    QJsonArray takes;
    QSet<QString> asked;
    for (const auto& own : judged)
        for (const Judged& j : own)
            if (j.decision && !known.contains(j.decision->id) &&
                !asked.contains(j.decision->itemId)) {
                asked.insert(j.decision->itemId);
                takes.append(QJsonObject{{u"item"_s, j.decision->itemId},
                                         {u"token"_s, *j.decision->leaseToken},
                                         {u"lease"_s, *j.decision->leaseId},
                                         {u"decided"_s, j.decision->decidedAt + kClockSlackMs},
                                         {u"moderator"_s, j.decision->moderator}});
            }
    QSet<QString> taken;
    if (!takes.isEmpty()) {
        auto rows = runQuery(
            db,
            sqlite ? u"UPDATE items SET state = 'decided', decided_by = v.moderator, "
                     u"lease_expires_at = NULL FROM (SELECT json_extract(value, '$.item') AS item, "
                     u"json_extract(value, '$.token') AS token, json_extract(value, "
                     u"'$.lease') AS lease, json_extract(value, '$.moderator') AS moderator, "
                     u"json_extract(value, '$.decided') AS decided "
                     u"FROM json_each(?)) AS v WHERE items.id = v.item AND items.state = "
                     u"'pending' AND items.lease_token = v.token AND items.lease_id = v.lease AND "
                     u"items.lease_holder = v.moderator AND items.received_at <= v.decided "
                     u"RETURNING items.id"_s
                   : u"UPDATE items SET state = 'decided', decided_by = v.moderator, "
                     u"lease_expires_at = NULL FROM jsonb_to_recordset(?::jsonb) AS v(item text, "
                     u"token bigint, lease text, moderator text, decided bigint) WHERE items.id = "
                     u"v.item AND items.state = 'pending' AND items.lease_token = v.token AND "
                     u"items.lease_id = v.lease AND items.lease_holder = v.moderator AND "
                     u"items.received_at <= v.decided RETURNING items.id"_s,
            {QString::fromUtf8(QJsonDocument(takes).toJson(QJsonDocument::Compact))});
        if (!rows)
            return rows.error();
        while (rows->next())
            taken.insert(rows->value(0).toString());
    }

    // 3. Answers in submission order; the accepted ones chained.
    QJsonArray inserts;
    for (size_t i = 0; i < group.size(); ++i) {
        for (const Judged& j : judged[i]) {
            if (!j.decision) {
                outcomes[i].results.push_back(j.result);
                continue;
            }
            const Decision& d = *j.decision;
            const QString bodyHash = d.computeHash();
            if (auto earlier = known.find(d.id); earlier != known.end()) {
                outcomes[i].results.push_back(
                    answerForUsedId(d, bodyHash, earlier->first, earlier->second));
                continue;
            }
            if (!taken.remove(d.itemId)) { // not ours to take, or taken by an earlier one
                auto refused = explainRefusal(db, d);
                if (!refused)
                    return refused.error();
                outcomes[i].results.push_back(std::move(refused).value());
                continue;
            }
            Decision chained = d;
            chained.placeInChain(running.seq + 1, running.hash);
            running = ChainHead{chained.seq, chained.hash};
            inserts.append(QJsonObject{{u"seq"_s, chained.seq},
                                       {u"id"_s, d.id},
                                       {u"item_id"_s, d.itemId},
                                       {u"moderator"_s, d.moderator},
                                       {u"kind"_s, d.kind},
                                       {u"body"_s, QString::fromUtf8(toCompactJson(d.toJson()))},
                                       {u"body_hash"_s, bodyHash},
                                       {u"prev_hash"_s, chained.prevHash},
                                       {u"hash"_s, chained.hash},
                                       {u"accepted_at"_s, group[i]->nowMs}});
            outcomes[i].results.push_back(accepted(chained));
            outcomes[i].head = running;
        }
    }
    if (inserts.isEmpty())
        return {};
    auto inserted = runQuery(
        db,
        sqlite ? u"INSERT INTO decisions (seq, id, item_id, moderator, kind, body, body_hash, "
                 u"prev_hash, hash, accepted_at) SELECT json_extract(value, '$.seq'), "
                 u"json_extract(value, '$.id'), json_extract(value, '$.item_id'), "
                 u"json_extract(value, '$.moderator'), json_extract(value, '$.kind'), "
                 u"json_extract(value, '$.body'), json_extract(value, '$.body_hash'), "
                 u"json_extract(value, '$.prev_hash'), json_extract(value, '$.hash'), "
                 u"json_extract(value, '$.accepted_at') FROM json_each(?)"_s
               : u"INSERT INTO decisions (seq, id, item_id, moderator, kind, body, body_hash, "
                 u"prev_hash, hash, accepted_at) SELECT seq, id, item_id, moderator, kind, body, "
                 u"body_hash, prev_hash, hash, accepted_at FROM jsonb_to_recordset(?::jsonb) AS "
                 u"v(seq bigint, id text, item_id text, moderator text, kind text, body text, "
                 u"body_hash text, prev_hash text, hash text, accepted_at bigint)"_s,
        {QString::fromUtf8(QJsonDocument(inserts).toJson(QJsonDocument::Compact))});
    if (!inserted)
        return inserted.error();
    return {};
}

} // namespace moddesk::server
