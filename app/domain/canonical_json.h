#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace moddesk {

// Writes the one canonical byte form of a JSON object that ModDesk hashes: keys in ascending
// order with no white space, strings as raw UTF-8 with only '"', '\\' and control characters
// escaped (as RFC 8785 does), integers in decimal, absent values as null. It never depends on
// how a JSON library happens to format output, so a hash written today verifies in ten years.
class CanonicalJsonWriter final {
public:
    CanonicalJsonWriter();

    // Keys must be added in ascending order; the writer asserts it in debug builds.
    void addString(QStringView key, const QString& value);
    void addString(QStringView key, const std::optional<QString>& value);
    void addInteger(QStringView key, std::optional<qint64> value);
    void addBoolean(QStringView key, std::optional<bool> value);
    void addStrings(QStringView key, const QStringList& values);

    // Closes the object and returns its bytes; the writer is spent afterwards.
    QByteArray finish();

private:
    void key(QStringView key);
    void string(QStringView value);

    QByteArray m_out;
    QString m_lastKey;
    bool m_first = true;
};

} // namespace moddesk
