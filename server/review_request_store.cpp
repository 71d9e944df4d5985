#include "review_request_store.h"

#include "server_database.h"
#include "timestamp.h"

using namespace Qt::StringLiterals;

namespace moddesk::server {

QJsonObject StoredReviewRequest::toJson() const
{
    QJsonObject json = request.toJson();
    json.insert(u"item_id"_s, itemId);
    json.insert(u"requested_by"_s, requestedBy);
    json.insert(u"received_at"_s, timestamp::format(receivedAt));
    return json;
}

Result<bool> ReviewRequestStore::submit(const User& user, const ReviewRequest& request, qint64 now)
{
    WriteTransaction tx(m_db);
    if (tx.error())
        return *tx.error();
    auto earlier = runQuery(tx.connection(),
                            u"SELECT decision_id, reason, requested_by FROM review_requests "
                            u"WHERE id = ?"_s,
                            {request.id});
    if (!earlier)
        return earlier.error();
    if (earlier->next()) {
        if (earlier->value(0).toString() == request.decisionId &&
            earlier->value(1).toString() == request.reason &&
            earlier->value(2).toString() == user.name)
            return false; // the same request again
        Error e{u"the review request id "_s + request.id + u" names another request"_s};
        e.code = u"id_reused"_s;
        return e;
    }
    auto decision =
        runQuery(tx.connection(), u"SELECT item_id, moderator FROM decisions WHERE id = ?"_s,
                 {request.decisionId});
    if (!decision)
        return decision.error();
    if (!decision->next())
        return fieldError(u"decision_id"_s,
                          u"no accepted decision has the id "_s + request.decisionId);
    const QString itemId = decision->value(0).toString();
    if (decision->value(1).toString() != user.name) {
        Error e{u"decision "_s + request.decisionId +
                u" is not yours: only its author may ask "
                u"for a review of it"_s};
        e.code = u"not_yours"_s;
        return e;
    }
    auto inserted = runQuery(tx.connection(),
                             u"INSERT INTO review_requests (id, decision_id, item_id, "
                             u"requested_by, reason, requested_at, received_at) "
                             u"VALUES (?, ?, ?, ?, ?, ?, ?)"_s,
                             {request.id, request.decisionId, itemId, user.name, request.reason,
                              request.requestedAt, now});
    if (!inserted)
        return inserted.error();
    if (auto committed = tx.commit(); !committed)
        return committed.error();
    return true;
}

Result<std::vector<StoredReviewRequest>> ReviewRequestStore::list(int limit) const
{
    auto db = m_db.connection();
    if (!db)
        return db.error();
    auto rows = runQuery(*db,
                         u"SELECT id, decision_id, reason, requested_at, item_id, requested_by, "
                         u"received_at FROM review_requests ORDER BY received_at DESC, id "
                         u"LIMIT ?"_s,
                         {limit});
    if (!rows)
        return rows.error();
    std::vector<StoredReviewRequest> out;
    while (rows->next()) {
        StoredReviewRequest s;
        s.request.id = rows->value(0).toString();
        s.request.decisionId = rows->value(1).toString();
        s.request.reason = rows->value(2).toString();
        s.request.requestedAt = rows->value(3).toLongLong();
        s.itemId = rows->value(4).toString();
        s.requestedBy = rows->value(5).toString();
        s.receivedAt = rows->value(6).toLongLong();
        out.push_back(std::move(s));
    }
    return out;
}

} // namespace moddesk::server
