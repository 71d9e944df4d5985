#pragma once

#include "result.h"

#include <QJsonObject>

namespace moddesk {

// A moderator's request that a supervisor review one of their decisions that has already
// reached the server (and so can no longer be retracted from the workstation). It carries the
// moderator's words; the supervisor answers with a `review` decision in the log.
struct ReviewRequest {
    QString id;         // lower-case UUID, made by the client: sending twice is harmless
    QString decisionId; // the decision to review (the requester's own)
    QString reason;     // what was wrong, in the moderator's words
    qint64 requestedAt = 0;

    static constexpr qsizetype kMaxReasonChars = 2000;

    static Result<ReviewRequest> fromJson(const QJsonObject& json, QString path = {});
    QJsonObject toJson() const;
    friend bool operator==(const ReviewRequest&, const ReviewRequest&) = default;
};

} // namespace moddesk
