#include "json_fields.h"

#include "input_limits.h"
#include "sha256.h"
#include "timestamp.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <cmath>

namespace moddesk {

namespace {

constexpr char kBom[] = "\xEF\xBB\xBF";

// Replaces each raw U+FEFF with the escape \ufeff, except right after an unpaired backslash,
// where the document is invalid already and must stay so.
QByteArray escapeByteOrderMarks(const QByteArray& text)
{
    QByteArray out;
    out.reserve(text.size() + 64);
    qsizetype backslashes = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (backslashes % 2 == 0 && QByteArrayView(text).sliced(i).startsWith(kBom)) {
            out.append("\\ufeff");
            i += 2;
            backslashes = 0;
            continue;
        }
        backslashes = text[i] == '\\' ? backslashes + 1 : 0;
        out.append(text[i]);
    }
    return out;
}

} // namespace

Result<QJsonObject> parseJsonObject(QByteArrayView bytes, qsizetype maxBytes, QStringView what)
{
    if (bytes.size() > maxBytes)
        return Error{what.toString() + QStringLiteral(" is %1 bytes; at most %2 are accepted")
                                           .arg(bytes.size())
                                           .arg(maxBytes)};
    // Qt 6.4's parser drops a raw U+FEFF at the start of a string value, silently changing
    // what was sent (and what a hash covered). Outside strings it is only legal as a leading
    // byte order mark, so: drop that one, and spell every other one as an escape Qt keeps.
    QByteArray text = QByteArray::fromRawData(bytes.data(), bytes.size());
    if (text.startsWith(kBom))
        text = text.mid(3);
    if (text.contains(kBom))
        text = escapeByteOrderMarks(text);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Error{what.toString() + QStringLiteral(" is not valid JSON: %1 at byte %2")
                                           .arg(parseError.errorString())
                                           .arg(parseError.offset)};
    if (!doc.isObject())
        return Error{what.toString() + QStringLiteral(" must be a JSON object")};
    return doc.object();
}

QByteArray toCompactJson(const QJsonObject& object)
{
    QByteArray json = QJsonDocument(object).toJson(QJsonDocument::Compact);
    json.replace(kBom, "\\ufeff");
    return json;
}

JsonFields::JsonFields(const QJsonObject& object, QString path)
    : m_object(object)
    , m_path(std::move(path))
{ }

QString JsonFields::pathOf(QStringView key) const
{
    return m_path.isEmpty() ? key.toString() : m_path + u'.' + key;
}

void JsonFields::fail(const QString& key, QString message)
{
    if (ok())
        m_error = fieldError(pathOf(key), std::move(message));
}

void JsonFields::mergeFrom(const Error& nested)
{
    if (ok())
        m_error = nested;
}

std::optional<QJsonValue> JsonFields::present(QStringView key) const
{
    const auto it = m_object.constFind(key);
    if (it == m_object.constEnd() || it->isNull())
        return std::nullopt;
    return it.value();
}

std::optional<QJsonValue> JsonFields::required(QStringView key)
{
    if (!ok())
        return std::nullopt;
    auto value = present(key);
    if (!value)
        fail(key.toString(), QStringLiteral("is required"));
    return value;
}

std::optional<QJsonObject> JsonFields::objectValue(QStringView key, const QJsonValue& value)
{
    if (!value.isObject()) {
        fail(key.toString(), QStringLiteral("must be an object"));
        return std::nullopt;
    }
    return value.toObject();
}

std::optional<QString> JsonFields::optString(QStringView key, qsizetype maxChars)
{
    const auto value = present(key);
    if (!ok() || !value)
        return std::nullopt;
    if (!value->isString()) {
        fail(key.toString(), QStringLiteral("must be a string"));
        return std::nullopt;
    }
    QString s = value->toString();
    if (s.size() > maxChars) {
        fail(key.toString(), QStringLiteral("is %1 characters long; at most %2 are accepted")
                                 .arg(s.size())
                                 .arg(maxChars));
        return std::nullopt;
    }
    if (!s.isValidUtf16()) {
        fail(key.toString(), QStringLiteral("contains an unpaired UTF-16 surrogate"));
        return std::nullopt;
    }
    return s;
}

QString JsonFields::string(QStringView key, qsizetype maxChars, bool nonEmpty)
{
    if (!required(key))
        return {};
    auto s = optString(key, maxChars);
    if (s && nonEmpty && s->trimmed().isEmpty())
        fail(key.toString(), QStringLiteral("must not be empty"));
    return s.value_or(QString());
}

std::optional<QString> JsonFields::optOneOf(QStringView key,
                                            std::initializer_list<QStringView> allowed)
{
    auto s = optString(key, limits::kMaxIdChars);
    if (!s)
        return s;
    for (QStringView a : allowed) {
        if (*s == a)
            return s;
    }
    QStringList names;
    for (QStringView a : allowed)
        names.append(a.toString());
    fail(key.toString(), u'"' + *s + u"\" is not one of: " + names.join(u", "));
    return std::nullopt;
}

QString JsonFields::oneOf(QStringView key, std::initializer_list<QStringView> allowed)
{
    if (!required(key))
        return {};
    return optOneOf(key, allowed).value_or(QString());
}

std::optional<qint64> JsonFields::optInteger(QStringView key, qint64 min, qint64 max)
{
    const auto value = present(key);
    if (!ok() || !value)
        return std::nullopt;
    // Qt keeps integers that fit in 64 bits exactly; anything with a fraction is a double.
    const double d = value->toDouble();
    if (!value->isDouble() || std::trunc(d) != d) {
        fail(key.toString(), QStringLiteral("must be a whole number"));
        return std::nullopt;
    }
    const qint64 i = value->toInteger(std::numeric_limits<qint64>::min());
    if (i == std::numeric_limits<qint64>::min() || i < min || i > max) {
        fail(key.toString(), QStringLiteral("must be between %1 and %2").arg(min).arg(max));
        return std::nullopt;
    }
    return i;
}

qint64 JsonFields::integer(QStringView key, qint64 min, qint64 max)
{
    if (!required(key))
        return 0;
    return optInteger(key, min, max).value_or(0);
}

double JsonFields::number(QStringView key, double min, double max)
{
    const auto value = required(key);
    if (!value)
        return 0;
    const double d = value->toDouble();
    if (!value->isDouble() || !std::isfinite(d)) {
        fail(key.toString(), QStringLiteral("must be a number"));
        return 0;
    }
    if (d < min || d > max) {
        fail(key.toString(), QStringLiteral("must be between %1 and %2").arg(min).arg(max));
        return 0;
    }
    return d;
}

std::optional<bool> JsonFields::optBoolean(QStringView key)
{
    const auto value = present(key);
    if (!ok() || !value)
        return std::nullopt;
    if (!value->isBool()) {
        fail(key.toString(), QStringLiteral("must be true or false"));
        return std::nullopt;
    }
    return value->toBool();
}

std::optional<qint64> JsonFields::optTimestamp(QStringView key)
{
    const auto s = optString(key, 64);
    if (!s)
        return std::nullopt;
    auto parsed = timestamp::parse(*s);
    if (!parsed) {
        fail(key.toString(), parsed.error().message);
        return std::nullopt;
    }
    return *parsed;
}

qint64 JsonFields::timestamp(QStringView key)
{
    if (!required(key))
        return 0;
    return optTimestamp(key).value_or(0);
}

std::optional<QString> JsonFields::optSha256(QStringView key)
{
    auto s = optString(key, 64);
    if (s && !Sha256::isHexDigest(s->toLatin1())) {
        fail(key.toString(), QStringLiteral("must be 64 lower-case hex digits (a SHA-256)"));
        return std::nullopt;
    }
    return s;
}

QString JsonFields::sha256(QStringView key)
{
    if (!required(key))
        return {};
    return optSha256(key).value_or(QString());
}

QStringList JsonFields::stringList(QStringView key, qsizetype maxItems, qsizetype maxChars)
{
    QStringList out;
    const auto value = present(key);
    if (!ok() || !value)
        return out;
    if (!value->isArray()) {
        fail(key.toString(), QStringLiteral("must be an array of strings"));
        return out;
    }
    const QJsonArray array = value->toArray();
    if (array.size() > maxItems) {
        fail(key.toString(), QStringLiteral("has %1 entries; at most %2 are accepted")
                                 .arg(array.size())
                                 .arg(maxItems));
        return out;
    }
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString element = key + u'[' + QString::number(i) + u']';
        if (!array[i].isString()) {
            fail(element, QStringLiteral("must be a string"));
            return {};
        }
        QString s = array[i].toString();
        if (s.size() > maxChars || !s.isValidUtf16()) {
            fail(element, s.size() > maxChars
                              ? QStringLiteral("is longer than %1 characters").arg(maxChars)
                              : QStringLiteral("contains an unpaired UTF-16 surrogate"));
            return {};
        }
        out.append(std::move(s));
    }
    return out;
}

void JsonFields::rejectUnknown(std::initializer_list<QStringView> known)
{
    for (auto it = m_object.constBegin(); ok() && it != m_object.constEnd(); ++it) {
        bool isKnown = false;
        for (QStringView k : known)
            isKnown = isKnown || it.key() == k;
        if (!isKnown)
            fail(it.key(), QStringLiteral("is not a known field"));
    }
}

} // namespace moddesk
