#include "score.h"

#include "input_limits.h"
#include "json_fields.h"

using namespace Qt::StringLiterals;

namespace moddesk {

Result<Score> Score::fromJson(const QJsonObject& json, QString path)
{
    JsonFields f(json, std::move(path));
    Score s;
    s.model = f.string(u"model", limits::kMaxIdChars);
    s.modelVersion = f.string(u"model_version", limits::kMaxIdChars);
    s.label = f.string(u"label", limits::kMaxIdChars);
    s.score = f.number(u"score", 0.0, 1.0);
    s.threshold = f.number(u"threshold", 0.0, 1.0);
    if (!f.ok())
        return f.error();
    return s;
}

QJsonObject Score::toJson() const
{
    return {{u"model"_s, model},
            {u"model_version"_s, modelVersion},
            {u"label"_s, label},
            {u"score"_s, score},
            {u"threshold"_s, threshold}};
}

} // namespace moddesk
