#pragma once

#include "result.h"

#include <QJsonObject>
#include <QStringList>

namespace moddesk {

// A match of the item's media against a shared hash list (e.g. a perceptual PDQ hash within
// `distance` bits of a listed one), with the labels the list gives that entry.
struct HashMatch {
    QString list;
    QString algorithm;
    qint64 distance = 0;
    QStringList labels;

    bool isExact() const { return distance == 0; }

    static Result<HashMatch> fromJson(const QJsonObject& json, QString path = {});
    QJsonObject toJson() const;
    friend bool operator==(const HashMatch&, const HashMatch&) = default;
};

} // namespace moddesk
