#pragma once

// Fixtures shared by the codec tests: full and minimal documents of every domain type, edits
// along a field path, and the checks every codec test makes.
#include "decision.h"
#include "hash_match.h"
#include "input_limits.h"
#include "item.h"
#include "json_fields.h"
#include "lease.h"
#include "policy.h"
#include "qtest_printers.h"
#include "sample_decisions.h"
#include "score.h"
#include "timestamp.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;
using namespace moddesk;

namespace codec_fixtures {

// Fragments of the codecs' error messages.
inline const QString kRequired = u"is required"_s;
inline const QString kString = u"must be a string"_s;
inline const QString kWhole = u"must be a whole number"_s;
inline const QString kNumber = u"must be a number"_s;
inline const QString kObject = u"must be an object"_s;
inline const QString kArray = u"must be an array"_s;
inline const QString kStrings = u"must be an array of strings"_s;
inline const QString kNotEmpty = u"must not be empty"_s;
inline const QString kHex = u"must be 64 lower-case hex digits"_s;
inline const QString kTime = u"is not an RFC 3339 timestamp"_s;
inline const QString kUuid = u"is not a lower-case UUID"_s;
inline const QString kBool = u"must be true or false"_s;
inline const QString kUnknown = u"is not a known field"_s;
inline const QString kSurrogate = u"contains an unpaired UTF-16 surrogate"_s;
inline const QString kNotValidJson = u"is not valid JSON"_s;

inline const QString kUuidA = u"0b5c2c9e-6a43-4a8f-9a57-1d2f0c3b4a5e"_s;
inline const QString kUuidB = u"3f2a9c1e-0d4b-4e8a-b7c6-5a4d3e2f1b0c"_s;
inline const QString kHexA = u"aacd367cdaf81b86ee672fd569aed3ab10c46129f8adf6d1e15d08d05ad72534"_s;
inline const QString kHexB = QString(64, u'b');
inline const QString kHexC = u"0123456789abcdef"_s.repeated(4);

// 2^63, 2^64 and -2^63 spelt as JSON number literals, which QJsonValue cannot write exactly.
inline const QByteArray k2Pow63 = "9223372036854775808"_ba;
inline const QByteArray k2Pow64 = "18446744073709551616"_ba;
inline const QByteArray kInt64Min = "-9223372036854775808"_ba;
inline const QByteArray kInt64Max = "9223372036854775807"_ba;

inline QString chars(qsizetype n, char16_t c = u'x')
{
    return QString(n, QChar(c));
}

inline QJsonArray stringArray(qsizetype n, const QString& prefix)
{
    QJsonArray array;
    for (qsizetype i = 0; i < n; ++i)
        array.append(QString(prefix + QString::number(i)));
    return array;
}

inline QByteArray compact(const QJsonObject& json)
{
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

inline QByteArray readTestData(const QString& name)
{
    QFile file(QString::fromUtf8(MODDESK_TEST_DATA_DIR) + u"/domain/"_s + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot open test data %s", qPrintable(file.fileName()));
    return file.readAll();
}

inline QByteArray fullItemBytes()
{
    static const QByteArray bytes = readTestData(u"item_full.json"_s);
    return bytes;
}

inline QJsonObject fullItemJson()
{
    return QJsonDocument::fromJson(fullItemBytes()).object();
}

inline QJsonObject minimalItemJson()
{
    return {{u"id"_s, u"synthetic-min-1"_s},
            {u"platform"_s, u"vk"_s},
            {u"content_type"_s, u"text/html"_s},
            {u"text"_s, u""_s},
            {u"created_at"_s, u"2026-11-20T08:15:30Z"_s},
            {u"author"_s, QJsonObject{{u"handle"_s, u"synthetic_min"_s}}},
            {u"source"_s, QJsonObject{{u"type"_s, u"user_report"_s},
                                      {u"received_at"_s, u"2026-11-20T09:00:00Z"_s}}}};
}

inline QJsonObject fullScoreJson()
{
    return {{u"model"_s, u"synthetic-tvec"_s},
            {u"model_version"_s, u"2026.10.1"_s},
            {u"label"_s, u"terrorist_propaganda"_s},
            {u"score"_s, 0.93},
            {u"threshold"_s, 0.8}};
}

inline QJsonObject fullHashMatchJson()
{
    return {{u"list"_s, u"synthetic-shared-hash-list"_s},
            {u"algorithm"_s, u"pdq"_s},
            {u"distance"_s, 12},
            {u"labels"_s, QJsonArray{u"SYNTHETIC_a"_s, u"SYNTHETIC_b"_s}}};
}

inline QJsonObject fullLeaseJson()
{
    return {{u"id"_s, u"lease-17"_s},
            {u"item_id"_s, u"synthetic-tg-000001"_s},
            {u"moderator"_s, u"alice"_s},
            {u"token"_s, 17},
            {u"expires_at"_s, u"2026-11-23T15:00:00.000Z"_s}};
}

// A triage decision with every field set, chain fields included.
inline QJsonObject fullDecisionJson()
{
    return {
        {u"id"_s, kUuidA},
        {u"seq"_s, 7},
        {u"prev_hash"_s, kHexB},
        {u"hash"_s, kHexC},
        {u"item_id"_s, u"synthetic-tg-000001"_s},
        {u"lease_id"_s, u"lease-17"_s},
        {u"lease_token"_s, 17},
        {u"kind"_s, u"triage"_s},
        {u"verdict"_s, u"violating"_s},
        {u"reason"_s, u"recruitment"_s},
        {u"action"_s, u"remove"_s},
        {u"notes"_s, u"SYNTHETIC: recruitment call; Пример, مثال, \"quoted\" \\ tab\there"_s},
        {u"moderator"_s, u"alice"_s},
        {u"decided_at"_s, u"2026-11-23T14:50:14.123Z"_s},
        {u"handle_ms"_s, 5400},
        {u"policy_version"_s, u"tvec-2026.11"_s},
        {u"shown"_s, kHexA},
        {u"dsa"_s, QJsonObject{{u"decision_ground"_s, u"illegal_content"_s},
                               {u"category"_s, u"STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH"_s},
                               {u"territorial_scope"_s, QJsonArray{u"EEA"_s, u"GB"_s}},
                               {u"automated_detection"_s, false},
                               {u"facts"_s, u"SYNTHETIC: post recruits for a listed group"_s}}},
        {u"removal_order"_s, QJsonObject{{u"order_ref"_s, u"SYNTHETIC-RO-2026-0042"_s},
                                         {u"actioned_at"_s, u"2026-11-23T14:49:00Z"_s}}}};
}

inline QJsonObject minimalDecisionJson()
{
    return {{u"id"_s, kUuidA},
            {u"item_id"_s, u"synthetic-tg-000001"_s},
            {u"kind"_s, u"triage"_s},
            {u"verdict"_s, u"not_violating"_s},
            {u"moderator"_s, u"bogdan"_s},
            {u"decided_at"_s, u"2026-11-23T14:50:14Z"_s},
            {u"policy_version"_s, u"tvec-2026.11"_s}};
}

inline QJsonObject minimalRetractJson()
{
    QJsonObject json = minimalDecisionJson();
    json.remove(u"verdict"_s);
    json.insert(u"kind"_s, u"retract"_s);
    json.insert(u"reviews"_s, kUuidB);
    return json;
}

// --- Editing a JSON document along a path such as "context.thread[1].author.handle" ---------

struct Step {
    QString key;          // an object member, or
    qsizetype index = -1; // an array element
};

inline QList<Step> stepsOf(QStringView path)
{
    QList<Step> steps;
    for (QStringView part : path.split(u'.')) {
        const qsizetype bracket = part.indexOf(u'[');
        const QStringView name = bracket < 0 ? part : part.left(bracket);
        if (!name.isEmpty())
            steps.append({name.toString(), -1});
        for (qsizetype at = bracket; at >= 0; at = part.indexOf(u'[', at + 1)) {
            const qsizetype close = part.indexOf(u']', at);
            steps.append({QString(), part.mid(at + 1, close - at - 1).toLongLong()});
        }
    }
    return steps;
}

// `node` with the value at steps[i...] replaced by `value`; an undefined value removes it.
inline QJsonValue replaced(const QJsonValue& node, const QList<Step>& steps, qsizetype i,
                           const QJsonValue& value)
{
    if (i == steps.size())
        return value;
    const Step& step = steps[i];
    if (step.index < 0) {
        QJsonObject object = node.toObject();
        const QJsonValue child = replaced(object.value(step.key), steps, i + 1, value);
        if (child.isUndefined())
            object.remove(step.key);
        else
            object.insert(step.key, child);
        return object;
    }
    QJsonArray array = node.toArray();
    const QJsonValue child = replaced(array.at(step.index), steps, i + 1, value);
    if (child.isUndefined())
        array.removeAt(step.index);
    else if (step.index < array.size())
        array.replace(step.index, child);
    else
        array.append(child);
    return array;
}

struct Edit {
    QString path;
    QJsonValue value; // QJsonValue::Undefined removes the field
};

// A value that edited() replaces by a raw JSON literal, for numbers QJsonValue cannot spell.
inline const QString kRaw = u"@raw@"_s;

inline QByteArray edited(const QJsonObject& base, const QList<Edit>& edits,
                         const QByteArray& raw = {})
{
    QJsonValue doc = base;
    for (const Edit& e : edits)
        doc = replaced(doc, stepsOf(e.path), 0, e.value);
    QByteArray text = compact(doc.toObject());
    if (!raw.isEmpty())
        text.replace("\"@raw@\"", raw);
    return text;
}

// --- Decoding and checking -------------------------------------------------------------------

template <typename T>
inline QByteArray describe(const Result<T>& result)
{
    return result.ok() ? "accepted"_ba : result.error().toString().toUtf8();
}

template <typename T>
Result<T> decodeObject(const QByteArray& json)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return Error(u"TEST BUG: the row is not a JSON object: "_s + parseError.errorString());
    return T::fromJson(doc.object());
}

// `fragment` is one fragment of the expected message, or alternatives separated by '|' where
// more than one wording is right.
template <typename T>
inline void verifyRejected(const Result<T>& result, const QString& field, const QString& fragment)
{
    QVERIFY2(!result.ok(), "malformed input was accepted");
    QCOMPARE(result.error().field, field);
    const QStringList alternatives = fragment.split(u'|');
    QVERIFY2(
        std::any_of(alternatives.begin(), alternatives.end(),
                    [&](const QString& a) { return result.error().message.contains(a); }),
        qPrintable(u"message \""_s + result.error().message + u"\" lacks \""_s + fragment + u'"'));
}

template <typename T>
inline void verifyRoundTrip(const T& value)
{
    const Result<T> fromObject = T::fromJson(value.toJson());
    QVERIFY2(fromObject.ok(), describe(fromObject).constData());
    QCOMPARE(*fromObject, value);
    // Through serialised text too: numbers must survive their decimal spelling.
    const Result<T> fromText = decodeObject<T>(compact(value.toJson()));
    QVERIFY2(fromText.ok(), describe(fromText).constData());
    QCOMPARE(*fromText, value);
}

inline void malformedColumns()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("fragment");
}

inline void reject(const char* name, const QByteArray& json, const QString& field,
                   const QString& fragment)
{
    QTest::newRow(name) << json << field << fragment;
}

inline QString between(qint64 min, qint64 max)
{
    return u"must be between %1 and %2"_s.arg(min).arg(max);
}

inline QString tooLong(qsizetype n, qsizetype max)
{
    return u"is %1 characters long; at most %2 are accepted"_s.arg(n).arg(max);
}

inline QString tooMany(qsizetype n, qsizetype max)
{
    return u"has %1 entries; at most %2 are accepted"_s.arg(n).arg(max);
}

} // namespace codec_fixtures
