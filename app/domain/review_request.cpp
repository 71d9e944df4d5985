#include "review_request.h"

#include "decision.h"
#include "json_fields.h"
#include "timestamp.h"

using namespace Qt::StringLiterals;

namespace moddesk {

Result<ReviewRequest> ReviewRequest::fromJson(const QJsonObject& json, QString path)
{
    JsonFields f(json, std::move(path));
    f.rejectUnknown({u"id", u"decision_id", u"reason", u"requested_at"});
    ReviewRequest r;
    r.id = f.string(u"id", 36);
    r.decisionId = f.string(u"decision_id", 36);
    r.reason = f.string(u"reason", kMaxReasonChars).trimmed();
    r.requestedAt = f.timestamp(u"requested_at");
    if (f.ok() && !isCanonicalUuid(r.id))
        f.fail(u"id"_s, u"must be a lower-case UUID"_s);
    if (f.ok() && !isCanonicalUuid(r.decisionId))
        f.fail(u"decision_id"_s, u"must be a lower-case UUID (the id of a decision)"_s);
    if (!f.ok())
        return f.error();
    return r;
}

QJsonObject ReviewRequest::toJson() const
{
    return {{u"id"_s, id},
            {u"decision_id"_s, decisionId},
            {u"reason"_s, reason},
            {u"requested_at"_s, timestamp::format(requestedAt)}};
}

} // namespace moddesk
