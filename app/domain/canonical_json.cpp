#include "canonical_json.h"

namespace moddesk {

CanonicalJsonWriter::CanonicalJsonWriter()
{
    m_out.reserve(1024);
    m_out.append('{');
}

void CanonicalJsonWriter::key(QStringView key)
{
    Q_ASSERT_X(m_first || m_lastKey < key, "CanonicalJsonWriter", "keys out of order");
    if (!m_first)
        m_out.append(',');
    m_first = false;
#ifndef QT_NO_DEBUG
    m_lastKey = key.toString();
#endif
    string(key);
    m_out.append(':');
}

void CanonicalJsonWriter::string(QStringView value)
{
    static constexpr char kHex[] = "0123456789abcdef";
    const QByteArray utf8 = value.toUtf8();
    m_out.append('"');
    for (const char ch : utf8) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"':
            m_out.append("\\\"");
            break;
        case '\\':
            m_out.append("\\\\");
            break;
        case '\b':
            m_out.append("\\b");
            break;
        case '\f':
            m_out.append("\\f");
            break;
        case '\n':
            m_out.append("\\n");
            break;
        case '\r':
            m_out.append("\\r");
            break;
        case '\t':
            m_out.append("\\t");
            break;
        default:
            if (c < 0x20) {
                const char escaped[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xf]};
                m_out.append(escaped, sizeof escaped);
            } else {
                m_out.append(ch);
            }
        }
    }
    m_out.append('"');
}

void CanonicalJsonWriter::addString(QStringView k, const QString& value)
{
    key(k);
    string(value);
}

void CanonicalJsonWriter::addString(QStringView k, const std::optional<QString>& value)
{
    key(k);
    if (value)
        string(*value);
    else
        m_out.append("null");
}

void CanonicalJsonWriter::addInteger(QStringView k, std::optional<qint64> value)
{
    key(k);
    if (value)
        m_out.append(QByteArray::number(*value));
    else
        m_out.append("null");
}

void CanonicalJsonWriter::addBoolean(QStringView k, std::optional<bool> value)
{
    key(k);
    m_out.append(!value ? "null" : *value ? "true" : "false");
}

void CanonicalJsonWriter::addStrings(QStringView k, const QStringList& values)
{
    key(k);
    m_out.append('[');
    for (qsizetype i = 0; i < values.size(); ++i) {
        if (i > 0)
            m_out.append(',');
        string(values[i]);
    }
    m_out.append(']');
}

QByteArray CanonicalJsonWriter::finish()
{
    m_out.append('}');
    return std::move(m_out);
}

} // namespace moddesk
