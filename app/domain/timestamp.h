#pragma once

#include "result.h"

#include <QString>

namespace moddesk {

// Instants are UTC milliseconds since the Unix epoch. On the wire they are RFC 3339 strings;
// the canonical form is always "YYYY-MM-DDTHH:MM:SS.mmmZ", so one instant has one spelling
// in every hash that covers it.
namespace timestamp {

// Parses "2026-11-23T14:50:14Z", "...14.123Z" or "...14.123+03:00". An offset is required:
// a local time without one would mean something else on every moderator's machine.
// Digits past milliseconds are truncated.
Result<qint64> parse(QStringView text);

// Canonical spelling of `msecs`.
QString format(qint64 msecs);
// The canonical spelling into `out` (always 24 characters), without allocating.
void formatInto(qint64 msecs, char (&out)[24]);

// The earliest and latest instants ModDesk accepts (years 1970 to 9999).
inline constexpr qint64 kMin = 0;
inline constexpr qint64 kMax = 253402300799999; // 9999-12-31T23:59:59.999Z

} // namespace timestamp
} // namespace moddesk
