#pragma once

#include "result.h"

#include <QJsonObject>

namespace moddesk {

// One classifier's opinion about an item: how sure `model` is that the item carries `label`,
// and the threshold above which the platform treats it as a hit.
struct Score {
    QString model;
    QString modelVersion;
    QString label;
    double score = 0;
    double threshold = 0;

    bool exceedsThreshold() const { return score >= threshold; }

    static Result<Score> fromJson(const QJsonObject& json, QString path = {});
    QJsonObject toJson() const;
    friend bool operator==(const Score&, const Score&) = default;
};

} // namespace moddesk
