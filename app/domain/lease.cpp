#include "lease.h"

#include "input_limits.h"
#include "json_fields.h"
#include "timestamp.h"

using namespace Qt::StringLiterals;

namespace moddesk {

Result<Lease> Lease::fromJson(const QJsonObject& json, QString path)
{
    JsonFields f(json, std::move(path));
    Lease l;
    l.id = f.string(u"id", limits::kMaxIdChars);
    l.itemId = f.optString(u"item_id", limits::kMaxIdChars).value_or(QString());
    l.moderator = f.optString(u"moderator", limits::kMaxIdChars).value_or(QString());
    l.token = f.integer(u"token", 1, std::numeric_limits<qint64>::max());
    l.expiresAt = f.timestamp(u"expires_at");
    if (!f.ok())
        return f.error();
    return l;
}

QJsonObject Lease::toJson() const
{
    QJsonObject json{
        {u"id"_s, id}, {u"token"_s, token}, {u"expires_at"_s, timestamp::format(expiresAt)}};
    if (!itemId.isEmpty())
        json.insert(u"item_id"_s, itemId);
    if (!moderator.isEmpty())
        json.insert(u"moderator"_s, moderator);
    return json;
}

} // namespace moddesk
