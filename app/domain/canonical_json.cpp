#include "canonical_json.h"

#include <algorithm>
#include <charconv>
#include <cstring>

namespace moddesk {

CanonicalJsonWriter::CanonicalJsonWriter()
{
    m_out.reserve(2048);
    m_out.append('{');
}

void CanonicalJsonWriter::Buffer::reserve(size_t n)
{
    if (n <= capacity)
        return;
    auto bigger = std::make_unique_for_overwrite<char[]>(n);
    if (size > 0)
        std::memcpy(bigger.get(), data.get(), size);
    data = std::move(bigger);
    capacity = n;
}

QLatin1StringView CanonicalJsonWriter::latin1(QStringView key, char (&buffer)[64])
{
    Q_ASSERT(key.size() <= 64);
    const qsizetype n = std::min<qsizetype>(key.size(), 64);
    for (qsizetype i = 0; i < n; ++i)
        buffer[i] = static_cast<char>(key[i].unicode()); // keys are ASCII identifiers
    return QLatin1StringView(buffer, n);
}

void CanonicalJsonWriter::key(QLatin1StringView key)
{
#ifndef QT_NO_DEBUG
    Q_ASSERT_X(m_first || m_lastKey < key, "CanonicalJsonWriter", "keys out of order");
    m_lastKey = key.toString();
#endif
    if (!m_first)
        m_out.append(',');
    m_first = false;
    m_out.append('"');
    m_out.append(key.data(), static_cast<size_t>(key.size()));
    m_out.append("\":", 2);
}

void CanonicalJsonWriter::string(QByteArrayView utf8)
{
    static constexpr char kHex[] = "0123456789abcdef";
    m_out.append('"');
    // Copy runs that need no escape in one go: this loop is the verify() hot path.
    const char* run = utf8.data();
    const char* const end = utf8.data() + utf8.size();
    const char* p = run;
    // Skip eight plain bytes at a time (no control character, '"' or '\\' among them): most
    // strings have nothing to escape.
    constexpr quint64 kOnes = 0x0101010101010101ULL;
    constexpr quint64 kHighs = 0x8080808080808080ULL;
    auto hasZeroByte = [](quint64 v) { return ((v - kOnes) & ~v & kHighs) != 0; };
    while (end - p >= 8) {
        quint64 v;
        std::memcpy(&v, p, 8);
        const bool control = ((v - kOnes * 0x20) & ~v & kHighs) != 0;
        if (control || hasZeroByte(v ^ (kOnes * '"')) || hasZeroByte(v ^ (kOnes * '\\')))
            break;
        p += 8;
    }
    for (; p != end; ++p) {
        const auto c = static_cast<unsigned char>(*p);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        m_out.append(run, static_cast<size_t>(p - run));
        run = p + 1;
        switch (c) {
        case '"':
            m_out.append("\\\"", 2);
            break;
        case '\\':
            m_out.append("\\\\", 2);
            break;
        case '\b':
            m_out.append("\\b", 2);
            break;
        case '\f':
            m_out.append("\\f", 2);
            break;
        case '\n':
            m_out.append("\\n", 2);
            break;
        case '\r':
            m_out.append("\\r", 2);
            break;
        case '\t':
            m_out.append("\\t", 2);
            break;
        default: {
            const char escaped[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xf]};
            m_out.append(escaped, sizeof escaped);
        }
        }
    }
    m_out.append(run, static_cast<size_t>(end - run));
    m_out.append('"');
}

void CanonicalJsonWriter::addUtf8(QLatin1StringView k, std::optional<QByteArrayView> utf8)
{
    key(k);
    if (utf8)
        string(*utf8);
    else
        m_out.append("null", 4);
}

void CanonicalJsonWriter::addUtf8List(QLatin1StringView k, std::span<const QByteArrayView> utf8)
{
    key(k);
    m_out.append('[');
    for (size_t i = 0; i < utf8.size(); ++i) {
        if (i > 0)
            m_out.append(',');
        string(utf8[i]);
    }
    m_out.append(']');
}

void CanonicalJsonWriter::addString(QStringView k, const QString& value)
{
    char buffer[64];
    addUtf8(latin1(k, buffer), value.toUtf8());
}

void CanonicalJsonWriter::addString(QStringView k, const std::optional<QString>& value)
{
    char buffer[64];
    addUtf8(latin1(k, buffer),
            value ? std::optional<QByteArrayView>(value->toUtf8()) : std::nullopt);
}

void CanonicalJsonWriter::addInteger(QStringView k, std::optional<qint64> value)
{
    char buffer[64];
    addInteger(latin1(k, buffer), value);
}

void CanonicalJsonWriter::addInteger(QLatin1StringView k, std::optional<qint64> value)
{
    key(k);
    if (!value) {
        m_out.append("null", 4);
        return;
    }
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, *value).ptr;
    m_out.append(digits, static_cast<size_t>(end - digits));
}

void CanonicalJsonWriter::addBoolean(QStringView k, std::optional<bool> value)
{
    char buffer[64];
    addBoolean(latin1(k, buffer), value);
}

void CanonicalJsonWriter::addBoolean(QLatin1StringView k, std::optional<bool> value)
{
    key(k);
    const char* word = !value ? "null" : *value ? "true" : "false";
    m_out.append(word, std::strlen(word));
}

void CanonicalJsonWriter::addStrings(QStringView k, const QStringList& values)
{
    char buffer[64];
    key(latin1(k, buffer));
    m_out.append('[');
    for (qsizetype i = 0; i < values.size(); ++i) {
        if (i > 0)
            m_out.append(',');
        string(values[i].toUtf8());
    }
    m_out.append(']');
}

void CanonicalJsonWriter::reset()
{
    m_out.size = 0;
    m_out.append('{');
    m_first = true;
#ifndef QT_NO_DEBUG
    m_lastKey.clear();
#endif
}

QByteArrayView CanonicalJsonWriter::finishView()
{
    m_out.append('}');
    return QByteArrayView(m_out.data.get(), static_cast<qsizetype>(m_out.size));
}

QByteArray CanonicalJsonWriter::finish()
{
    m_out.append('}');
    return QByteArray(m_out.data.get(), static_cast<qsizetype>(m_out.size));
}

} // namespace moddesk
