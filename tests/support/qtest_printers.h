#pragma once

// How QCOMPARE prints ModDesk values when they differ: as compact JSON. Found by
// argument-dependent lookup for every domain type with a toJson().
#include "decision.h"
#include "json_fields.h"

#include <QJsonObject>
#include <QMetaType>
#include <QtGlobal>

#include <concepts>

namespace moddesk {

template <typename T>
requires requires(const T& value)
{
    {
        value.toJson()
        } -> std::convertible_to<QJsonObject>;
}
char* toString(const T& value)
{
    return qstrdup(toCompactJson(value.toJson()).constData());
}

} // namespace moddesk

Q_DECLARE_METATYPE(moddesk::Decision)
