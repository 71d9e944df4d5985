#pragma once

#include "result.h"

#include <QJsonObject>

namespace moddesk {

// The right, until `expiresAt`, to decide one item. `token` is a fencing token, strictly
// increasing per item: a decision carrying an older token than the item's latest grant is
// refused, so a moderator whose lease silently expired cannot overwrite a newer decision.
struct Lease {
    QString id;
    QString itemId;
    QString moderator;
    qint64 token = 0;
    qint64 expiresAt = 0;

    // `item_id` and `moderator` are optional on the wire: a lease answer nests the lease under
    // its item and is addressed to the caller.
    static Result<Lease> fromJson(const QJsonObject& json, QString path = {});
    QJsonObject toJson() const;
    friend bool operator==(const Lease&, const Lease&) = default;
};

} // namespace moddesk
