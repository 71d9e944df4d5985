#pragma once

#include "result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

#include <functional>
#include <initializer_list>
#include <optional>
#include <vector>

namespace moddesk {

// Parses `bytes` as one JSON object of at most `maxBytes`. Invalid UTF-8, a syntax error, a
// non-object document or an oversized one give an error saying so (and where).
Result<QJsonObject> parseJsonObject(QByteArrayView bytes, qsizetype maxBytes, QStringView what);

// `object` as compact JSON that parseJsonObject() reads back unchanged. (Qt 6.4 writes U+FEFF
// raw and its parser drops a raw U+FEFF at the start of a string; this writes it escaped.)
QByteArray toCompactJson(const QJsonObject& object);

// Reads typed fields out of one JSON object and remembers the first problem, naming the field
// by its path from the document root ("context.thread[3].author.handle"). After an error every
// further read is a no-op returning a default, so a codec reads all fields, then asks ok().
class JsonFields final {
public:
    JsonFields(const QJsonObject& object, QString path);

    bool ok() const { return !m_error.has_value(); }
    const Error& error() const { return *m_error; }
    void fail(const QString& key, QString message);
    QString pathOf(QStringView key) const;

    // Strings must be valid UTF-16 and at most maxChars long. A required string must be present
    // and not null; `nonEmpty` also refuses "".
    QString string(QStringView key, qsizetype maxChars, bool nonEmpty = true);
    std::optional<QString> optString(QStringView key, qsizetype maxChars);
    // A string from a fixed vocabulary.
    QString oneOf(QStringView key, std::initializer_list<QStringView> allowed);
    std::optional<QString> optOneOf(QStringView key, std::initializer_list<QStringView> allowed);

    qint64 integer(QStringView key, qint64 min, qint64 max);
    std::optional<qint64> optInteger(QStringView key, qint64 min, qint64 max);
    double number(QStringView key, double min, double max);
    std::optional<bool> optBoolean(QStringView key);

    qint64 timestamp(QStringView key);
    std::optional<qint64> optTimestamp(QStringView key);
    // A lower-case 64-digit SHA-256 hex string.
    QString sha256(QStringView key);
    std::optional<QString> optSha256(QStringView key);

    QStringList stringList(QStringView key, qsizetype maxItems, qsizetype maxChars);

    // Sub-objects and arrays of sub-objects, each decoded by `decode(object, path)`.
    template <typename T>
    std::optional<T> optObject(QStringView key,
                               const std::function<Result<T>(const QJsonObject&, QString)>& decode);
    template <typename T>
    T object(QStringView key, const std::function<Result<T>(const QJsonObject&, QString)>& decode);
    template <typename T>
    std::vector<T> objectList(QStringView key, qsizetype maxItems,
                              const std::function<Result<T>(const QJsonObject&, QString)>& decode);

    // Fails on the first key not in `known`: for inputs where a misspelt field must not be
    // silently dropped (a decision with "verdit" is not a decision without a verdict).
    void rejectUnknown(std::initializer_list<QStringView> known);

private:
    // The value at `key`, or nothing when absent or null (which optional fields treat alike).
    std::optional<QJsonValue> present(QStringView key) const;
    std::optional<QJsonValue> required(QStringView key);
    std::optional<QJsonObject> objectValue(QStringView key, const QJsonValue& value);
    void mergeFrom(const Error& nested);

    QJsonObject m_object;
    QString m_path;
    std::optional<Error> m_error;
};

template <typename T>
std::optional<T>
JsonFields::optObject(QStringView key,
                      const std::function<Result<T>(const QJsonObject&, QString)>& decode)
{
    const auto value = present(key);
    if (!ok() || !value)
        return std::nullopt;
    const auto obj = objectValue(key, *value);
    if (!obj)
        return std::nullopt;
    Result<T> decoded = decode(*obj, pathOf(key));
    if (!decoded) {
        mergeFrom(decoded.error());
        return std::nullopt;
    }
    return std::move(decoded).value();
}

template <typename T>
T JsonFields::object(QStringView key,
                     const std::function<Result<T>(const QJsonObject&, QString)>& decode)
{
    if (ok() && !present(key))
        fail(key.toString(), QStringLiteral("is required"));
    auto value = optObject<T>(key, decode);
    return value ? std::move(*value) : T{};
}

template <typename T>
std::vector<T>
JsonFields::objectList(QStringView key, qsizetype maxItems,
                       const std::function<Result<T>(const QJsonObject&, QString)>& decode)
{
    std::vector<T> out;
    const auto value = present(key);
    if (!ok() || !value)
        return out;
    if (!value->isArray()) {
        fail(key.toString(), QStringLiteral("must be an array"));
        return out;
    }
    const QJsonArray array = value->toArray();
    if (array.size() > maxItems) {
        fail(key.toString(), QStringLiteral("has %1 entries; at most %2 are accepted")
                                 .arg(array.size())
                                 .arg(maxItems));
        return out;
    }
    out.reserve(static_cast<size_t>(array.size()));
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString elementPath = pathOf(key) + u'[' + QString::number(i) + u']';
        if (!array[i].isObject()) {
            m_error = fieldError(elementPath, QStringLiteral("must be an object"));
            return {};
        }
        Result<T> decoded = decode(array[i].toObject(), elementPath);
        if (!decoded) {
            mergeFrom(decoded.error());
            return {};
        }
        out.push_back(std::move(decoded).value());
    }
    return out;
}

} // namespace moddesk
