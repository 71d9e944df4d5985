#include "hash_match.h"

#include "input_limits.h"
#include "json_fields.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace moddesk {

Result<HashMatch> HashMatch::fromJson(const QJsonObject& json, QString path)
{
    JsonFields f(json, std::move(path));
    HashMatch m;
    m.list = f.string(u"list", limits::kMaxIdChars);
    m.algorithm = f.string(u"algorithm", limits::kMaxIdChars);
    // 256 bits is the widest perceptual hash in use (PDQ); a distance beyond it is nonsense.
    m.distance = f.integer(u"distance", 0, 256);
    m.labels = f.stringList(u"labels", limits::kMaxListItems, limits::kMaxIdChars);
    if (!f.ok())
        return f.error();
    return m;
}

QJsonObject HashMatch::toJson() const
{
    return {{u"list"_s, list},
            {u"algorithm"_s, algorithm},
            {u"distance"_s, distance},
            {u"labels"_s, QJsonArray::fromStringList(labels)}};
}

} // namespace moddesk
