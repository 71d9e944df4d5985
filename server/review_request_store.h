#pragma once

#include "result.h"
#include "review_request.h"
#include "user_store.h"

#include <vector>

namespace moddesk::server {

class ServerDatabase;

// A review request as the server keeps it: with the item and who asked.
struct StoredReviewRequest {
    ReviewRequest request;
    QString itemId;
    QString requestedBy;
    qint64 receivedAt = 0;
    QJsonObject toJson() const;
};

// Review requests: a moderator may ask about their own accepted decisions only. The client
// makes the id, so a request sent twice (an answer lost on the way back) is stored once.
class ReviewRequestStore final {
public:
    explicit ReviewRequestStore(const ServerDatabase& db)
        : m_db(db)
    { }

    // true when stored now, false when this very request was stored before. Errors: code
    // "not_yours" (someone else's decision), "id_reused" (the id names another request), or a
    // field error.
    Result<bool> submit(const User& user, const ReviewRequest& request, qint64 now);
    // Newest first.
    Result<std::vector<StoredReviewRequest>> list(int limit) const;

private:
    const ServerDatabase& m_db;
};

} // namespace moddesk::server
