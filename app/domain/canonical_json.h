#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <cstring>
#include <memory>
#include <optional>
#include <span>

namespace moddesk {

// Writes the one canonical byte form of a JSON object that ModDesk hashes: keys in ascending
// order with no white space, strings as raw UTF-8 with only '"', '\\' and control characters
// escaped (as RFC 8785 does), integers in decimal, absent values as null. It never depends on
// how a JSON library happens to format output, so a hash written today verifies in ten years.
class CanonicalJsonWriter final {
public:
    CanonicalJsonWriter();

    // Keys are ASCII and must be added in ascending order (asserted in debug builds).
    void addUtf8(QLatin1StringView key, std::optional<QByteArrayView> utf8);
    void addUtf8List(QLatin1StringView key, std::span<const QByteArrayView> utf8);
    void addInteger(QLatin1StringView key, std::optional<qint64> value);
    void addBoolean(QLatin1StringView key, std::optional<bool> value);
    void addString(QStringView key, const QString& value);
    void addString(QStringView key, const std::optional<QString>& value);
    void addInteger(QStringView key, std::optional<qint64> value);
    void addBoolean(QStringView key, std::optional<bool> value);
    void addStrings(QStringView key, const QStringList& values);

    // Empties the writer for another object, keeping its buffer.
    void reset();

    // Closes the object and returns its bytes; the writer is spent afterwards.
    QByteArray finish();
    // Closes the object and shows its bytes without copying them; valid while the writer lives.
    QByteArrayView finishView();

private:
    void key(QLatin1StringView key);
    static QLatin1StringView latin1(QStringView key, char (&buffer)[64]);
    void string(QByteArrayView utf8);

    // A plain growable byte buffer with inline appends: this is the verify() hot path, and
    // std::string's out-of-line push_back showed up in profiles.
    struct Buffer {
        std::unique_ptr<char[]> data;
        size_t size = 0;
        size_t capacity = 0;
        void reserve(size_t n);
        void append(const char* p, size_t n)
        {
            if (size + n > capacity)
                reserve((size + n) * 2);
            std::memcpy(data.get() + size, p, n);
            size += n;
        }
        void append(char c)
        {
            if (size == capacity)
                reserve(capacity * 2 + 16);
            data[size++] = c;
        }
    };
    Buffer m_out;
#ifndef QT_NO_DEBUG
    QString m_lastKey;
#endif
    bool m_first = true;
};

} // namespace moddesk
