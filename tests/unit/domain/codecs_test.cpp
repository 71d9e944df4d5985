// Protects: the JSON codecs of every domain type (Score, HashMatch, Item and its parts, Lease,
// Decision, Policy): lossless round trips, and a precise, crash-free error naming the offending
// field for every kind of malformed or hostile input.
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

namespace {

// Fragments of the codecs' error messages.
const QString kRequired = u"is required"_s;
const QString kString = u"must be a string"_s;
const QString kWhole = u"must be a whole number"_s;
const QString kNumber = u"must be a number"_s;
const QString kObject = u"must be an object"_s;
const QString kArray = u"must be an array"_s;
const QString kStrings = u"must be an array of strings"_s;
const QString kNotEmpty = u"must not be empty"_s;
const QString kHex = u"must be 64 lower-case hex digits"_s;
const QString kTime = u"is not an RFC 3339 timestamp"_s;
const QString kUuid = u"is not a lower-case UUID"_s;
const QString kBool = u"must be true or false"_s;
const QString kUnknown = u"is not a known field"_s;
const QString kSurrogate = u"contains an unpaired UTF-16 surrogate"_s;
const QString kNotValidJson = u"is not valid JSON"_s;

const QString kUuidA = u"0b5c2c9e-6a43-4a8f-9a57-1d2f0c3b4a5e"_s;
const QString kUuidB = u"3f2a9c1e-0d4b-4e8a-b7c6-5a4d3e2f1b0c"_s;
const QString kHexA = u"aacd367cdaf81b86ee672fd569aed3ab10c46129f8adf6d1e15d08d05ad72534"_s;
const QString kHexB = QString(64, u'b');
const QString kHexC = u"0123456789abcdef"_s.repeated(4);

// 2^63, 2^64 and -2^63 spelt as JSON number literals, which QJsonValue cannot write exactly.
const QByteArray k2Pow63 = "9223372036854775808"_ba;
const QByteArray k2Pow64 = "18446744073709551616"_ba;
const QByteArray kInt64Min = "-9223372036854775808"_ba;
const QByteArray kInt64Max = "9223372036854775807"_ba;

QString chars(qsizetype n, char16_t c = u'x')
{
    return QString(n, QChar(c));
}

QJsonArray stringArray(qsizetype n, const QString& prefix)
{
    QJsonArray array;
    for (qsizetype i = 0; i < n; ++i)
        array.append(QString(prefix + QString::number(i)));
    return array;
}

QByteArray compact(const QJsonObject& json)
{
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

QByteArray readTestData(const QString& name)
{
    QFile file(QString::fromUtf8(MODDESK_TEST_DATA_DIR) + u"/domain/"_s + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot open test data %s", qPrintable(file.fileName()));
    return file.readAll();
}

QByteArray fullItemBytes()
{
    static const QByteArray bytes = readTestData(u"item_full.json"_s);
    return bytes;
}

QJsonObject fullItemJson()
{
    return QJsonDocument::fromJson(fullItemBytes()).object();
}

QJsonObject minimalItemJson()
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

QJsonObject fullScoreJson()
{
    return {{u"model"_s, u"synthetic-tvec"_s},
            {u"model_version"_s, u"2026.10.1"_s},
            {u"label"_s, u"terrorist_propaganda"_s},
            {u"score"_s, 0.93},
            {u"threshold"_s, 0.8}};
}

QJsonObject fullHashMatchJson()
{
    return {{u"list"_s, u"synthetic-shared-hash-list"_s},
            {u"algorithm"_s, u"pdq"_s},
            {u"distance"_s, 12},
            {u"labels"_s, QJsonArray{u"SYNTHETIC_a"_s, u"SYNTHETIC_b"_s}}};
}

QJsonObject fullLeaseJson()
{
    return {{u"id"_s, u"lease-17"_s},
            {u"item_id"_s, u"synthetic-tg-000001"_s},
            {u"moderator"_s, u"alice"_s},
            {u"token"_s, 17},
            {u"expires_at"_s, u"2026-11-23T15:00:00.000Z"_s}};
}

// A triage decision with every field set, chain fields included.
QJsonObject fullDecisionJson()
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

QJsonObject minimalDecisionJson()
{
    return {{u"id"_s, kUuidA},
            {u"item_id"_s, u"synthetic-tg-000001"_s},
            {u"kind"_s, u"triage"_s},
            {u"verdict"_s, u"not_violating"_s},
            {u"moderator"_s, u"bogdan"_s},
            {u"decided_at"_s, u"2026-11-23T14:50:14Z"_s},
            {u"policy_version"_s, u"tvec-2026.11"_s}};
}

QJsonObject minimalRetractJson()
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

QList<Step> stepsOf(QStringView path)
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
QJsonValue replaced(const QJsonValue& node, const QList<Step>& steps, qsizetype i,
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
const QString kRaw = u"@raw@"_s;

QByteArray edited(const QJsonObject& base, const QList<Edit>& edits, const QByteArray& raw = {})
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
QByteArray describe(const Result<T>& result)
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
void verifyRejected(const Result<T>& result, const QString& field, const QString& fragment)
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
void verifyRoundTrip(const T& value)
{
    const Result<T> fromObject = T::fromJson(value.toJson());
    QVERIFY2(fromObject.ok(), describe(fromObject).constData());
    QCOMPARE(*fromObject, value);
    // Through serialised text too: numbers must survive their decimal spelling.
    const Result<T> fromText = decodeObject<T>(compact(value.toJson()));
    QVERIFY2(fromText.ok(), describe(fromText).constData());
    QCOMPARE(*fromText, value);
}

void malformedColumns()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("fragment");
}

void reject(const char* name, const QByteArray& json, const QString& field, const QString& fragment)
{
    QTest::newRow(name) << json << field << fragment;
}

QString between(qint64 min, qint64 max)
{
    return u"must be between %1 and %2"_s.arg(min).arg(max);
}

QString tooLong(qsizetype n, qsizetype max)
{
    return u"is %1 characters long; at most %2 are accepted"_s.arg(n).arg(max);
}

QString tooMany(qsizetype n, qsizetype max)
{
    return u"has %1 entries; at most %2 are accepted"_s.arg(n).arg(max);
}

} // namespace

class CodecsTest final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Round trips.
    void fullItemFileSetsEveryField();
    void fullItemRoundTrips();
    void fullItemPartsRoundTrip();
    void minimalItemRoundTrips();
    void minimalItemPartsRoundTrip();
    void scoreRoundTrips();
    void hashMatchRoundTrips();
    void leaseRoundTrips();
    void fullDecisionDecodesEveryField();
    void decisionRoundTrips();
    void sampleDecisionsRoundTrip_data();
    void sampleDecisionsRoundTrip();
    void policyRoundTrips();

    // Malformed input, one table per type.
    void scoreRejectsMalformed_data();
    void scoreRejectsMalformed();
    void hashMatchRejectsMalformed_data();
    void hashMatchRejectsMalformed();
    void leaseRejectsMalformed_data();
    void leaseRejectsMalformed();
    void itemRejectsMalformed_data();
    void itemRejectsMalformed();
    void itemPartsNameTheirPath();
    void decisionRejectsMalformed_data();
    void decisionRejectsMalformed();
    void policyRejectsMalformed_data();
    void policyRejectsMalformed();

    // Documents.
    void documentsRejectMalformed_data();
    void documentsRejectMalformed();
    void documentsAtTheByteLimitAreAccepted_data();
    void documentsAtTheByteLimitAreAccepted();

    // What is accepted at the edges.
    void acceptsBoundaryValues_data();
    void acceptsBoundaryValues();
    void itemIgnoresUnknownFields();
    void emptyOptionalDecisionStringsMeanAbsent();
    void leadingByteOrderMarkSurvivesTheDocument_data();
    void leadingByteOrderMarkSurvivesTheDocument();
    void byteOrderMarksAreWrittenEscapedAndBadEscapesStayBad();

    // Hostile bytes never crash, and whatever is accepted round trips.
    void mutatedDocumentsNeverCrash_data();
    void mutatedDocumentsNeverCrash();
};

// --- Round trips -----------------------------------------------------------------------------

void CodecsTest::fullItemFileSetsEveryField()
{
    const Result<Item> parsed = Item::fromJsonBytes(fullItemBytes());
    QVERIFY2(parsed.ok(), describe(parsed).constData());
    const Item& it = *parsed;

    QCOMPARE(it.id, u"synthetic-tg-000001"_s);
    QCOMPARE(it.platform, u"telegram"_s);
    QVERIFY(!it.url.isEmpty());
    QCOMPARE(it.contentType, u"text/plain"_s);
    QVERIFY(it.text.startsWith(u"SYNTHETIC"_s));
    QVERIFY(it.text.contains(u"#Caliphate"_s));
    QVERIFY(it.text.contains(u"лож"_s));     // Cyrillic
    QVERIFY(it.text.contains(u"الخلافة"_s)); // Arabic
    QCOMPARE(it.lang, u"ru"_s);
    QCOMPARE(it.createdAt, Q_INT64_C(1795162530250)); // 2026-11-20T08:15:30.250Z

    QCOMPARE(it.author.handle, u"synthetic_counter_voice"_s);
    QVERIFY(!it.author.displayName.isEmpty());
    QCOMPARE(it.author.followers, std::optional<qint64>(12345));
    QCOMPARE(it.author.accountCreatedAt, std::optional<qint64>(1614834367008));
    QCOMPARE(it.author.priorStrikes, 1);

    QVERIFY(it.venue.has_value());
    QCOMPARE(it.venue->kind, u"channel"_s);
    QCOMPARE(it.venue->members, std::optional<qint64>(987654));
    QCOMPARE(it.forwardedFrom.size(), size_t(2));
    QCOMPARE(it.forwardedFrom[0].handle, u"synthetic_forwarder"_s);
    QCOMPARE(it.forwardedFrom[0].venue.kind, u"group"_s);
    QVERIFY(!it.forwardedFrom[1].venue.members);
    QCOMPARE(it.reposts, std::optional<qint64>(42));

    QVERIFY(it.context.parent.has_value());
    QCOMPARE(it.context.parent->authorHandle, u"synthetic_newsroom"_s);
    QCOMPARE(it.context.parent->authorDisplayName, u"SYNTHETIC Newsroom"_s);
    QCOMPARE(it.context.thread.size(), size_t(2));
    QCOMPARE(it.context.thread[0].createdAt, Q_INT64_C(1795162800500));
    QCOMPARE(it.context.thread[1].authorHandle, u"synthetic_reader_2"_s);
    QCOMPARE(it.context.authorRecent.size(), size_t(1));

    QVERIFY(!it.transcript.isEmpty());
    QCOMPARE(it.media.size(), size_t(1));
    QCOMPARE(it.media[0].sha256, kHexA);
    QCOMPARE(it.media[0].mime, u"image/jpeg"_s);
    QCOMPARE(it.media[0].width, 1280);
    QCOMPARE(it.media[0].height, 720);
    QCOMPARE(it.links.size(), 2);
    QCOMPARE(it.hashtags,
             (QStringList{u"#Caliphate"_s, u"#NoToExtremism"_s, u"#Халифат"_s, u"#الخلافة"_s}));

    QCOMPARE(it.source.type, u"removal_order"_s);
    QCOMPARE(it.source.reference, u"SYNTHETIC-RO-2026-0042"_s);
    QCOMPARE(it.source.receivedAt, Q_INT64_C(1795165200000));    // 2026-11-20T09:00:00Z
    QCOMPARE(it.deadline, std::optional<qint64>(1795168800000)); // one hour later

    QCOMPARE(it.scores.size(), size_t(3));
    QCOMPARE(it.scores[0].model, u"synthetic-tvec"_s);
    QCOMPARE(it.scores[0].modelVersion, u"2026.10.1"_s);
    QCOMPARE(it.scores[0].label, u"terrorist_propaganda"_s);
    QCOMPARE(it.scores[0].score, 0.93);
    QCOMPARE(it.scores[0].threshold, 0.8);
    QVERIFY(it.scores[0].exceedsThreshold());
    QVERIFY(!it.scores[2].exceedsThreshold());

    QCOMPARE(it.hashMatches.size(), size_t(1));
    QCOMPARE(it.hashMatches[0].list, u"synthetic-shared-hash-list"_s);
    QCOMPARE(it.hashMatches[0].algorithm, u"pdq"_s);
    QCOMPARE(it.hashMatches[0].distance, 12);
    QCOMPARE(it.hashMatches[0].labels.size(), 2);
    QVERIFY(!it.hashMatches[0].isExact());
    QCOMPARE(it.priority, 900);
}

void CodecsTest::fullItemRoundTrips()
{
    const Result<Item> parsed = Item::fromJsonBytes(fullItemBytes());
    QVERIFY2(parsed.ok(), describe(parsed).constData());
    verifyRoundTrip(*parsed);
    if (QTest::currentTestFailed())
        return;

    const Result<Item> again = Item::fromJsonBytes(compact(parsed->toJson()));
    QVERIFY2(again.ok(), describe(again).constData());
    QCOMPARE(*again, *parsed);
}

void CodecsTest::fullItemPartsRoundTrip()
{
    const Result<Item> parsed = Item::fromJsonBytes(fullItemBytes());
    QVERIFY2(parsed.ok(), describe(parsed).constData());
    const Item& it = *parsed;

    verifyRoundTrip(it.author);
    verifyRoundTrip(*it.venue);
    for (const Forward& f : it.forwardedFrom)
        verifyRoundTrip(f);
    verifyRoundTrip(*it.context.parent);
    for (const Post& p : it.context.thread)
        verifyRoundTrip(p);
    verifyRoundTrip(it.context);
    for (const Media& m : it.media)
        verifyRoundTrip(m);
    verifyRoundTrip(it.source);
    for (const Score& s : it.scores)
        verifyRoundTrip(s);
    for (const HashMatch& h : it.hashMatches)
        verifyRoundTrip(h);
}

void CodecsTest::minimalItemRoundTrips()
{
    const Result<Item> parsed = Item::fromJsonBytes(compact(minimalItemJson()));
    QVERIFY2(parsed.ok(), describe(parsed).constData());
    const Item& it = *parsed;
    QCOMPARE(it.text, QString());
    QVERIFY(it.url.isEmpty());
    QVERIFY(!it.venue);
    QVERIFY(!it.reposts);
    QVERIFY(!it.deadline);
    QVERIFY(!it.author.followers);
    QVERIFY(!it.author.accountCreatedAt);
    QCOMPARE(it.author.priorStrikes, 0);
    QVERIFY(!it.context.parent);
    QVERIFY(it.context.thread.empty());
    QVERIFY(it.media.empty());
    QVERIFY(it.scores.empty());
    QVERIFY(it.hashMatches.empty());
    QCOMPARE(it.priority, 0);
    verifyRoundTrip(it);
}

void CodecsTest::minimalItemPartsRoundTrip()
{
    verifyRoundTrip(Author{u"h"_s, {}, {}, {}, 0});
    verifyRoundTrip(Venue{u"room"_s, u"SYNTHETIC room"_s, {}});
    verifyRoundTrip(Forward{Venue{u"profile"_s, u"SYNTHETIC profile"_s, {}}, {}});
    verifyRoundTrip(Post{u"p1"_s, {}, 0, u"h"_s, {}});
    verifyRoundTrip(ItemContext{});
    verifyRoundTrip(Media{kHexA, u"video/mp4"_s, 0, 0});
    verifyRoundTrip(ItemSource{u"trusted_flagger"_s, {}, timestamp::kMax});
    verifyRoundTrip(HashMatch{u"list"_s, u"md5"_s, 0, {}});
}

void CodecsTest::scoreRoundTrips()
{
    const Result<Score> full = Score::fromJson(fullScoreJson());
    QVERIFY2(full.ok(), describe(full).constData());
    QCOMPARE(full->score, 0.93);
    verifyRoundTrip(*full);
    // "Minimal": every Score field is required; the extremes of the ranges.
    verifyRoundTrip(Score{u"m"_s, u"1"_s, u"l"_s, 0.0, 1.0});
    verifyRoundTrip(Score{u"m"_s, u"1"_s, u"l"_s, 1.0, 0.0});
    // Values without a short decimal spelling.
    verifyRoundTrip(Score{u"m"_s, u"1"_s, u"l"_s, 1.0 / 3.0, 0.1 + 0.2});
    verifyRoundTrip(Score{u"m"_s, u"1"_s, u"l"_s, std::numeric_limits<double>::denorm_min(),
                          std::nextafter(1.0, 0.0)});
}

void CodecsTest::hashMatchRoundTrips()
{
    const Result<HashMatch> full = HashMatch::fromJson(fullHashMatchJson());
    QVERIFY2(full.ok(), describe(full).constData());
    verifyRoundTrip(*full);

    QJsonObject minimal = fullHashMatchJson();
    minimal.remove(u"labels"_s);
    const Result<HashMatch> min = HashMatch::fromJson(minimal);
    QVERIFY2(min.ok(), describe(min).constData());
    QVERIFY(min->labels.isEmpty());
    verifyRoundTrip(*min);
}

void CodecsTest::leaseRoundTrips()
{
    const Result<Lease> full = Lease::fromJson(fullLeaseJson());
    QVERIFY2(full.ok(), describe(full).constData());
    QCOMPARE(full->itemId, u"synthetic-tg-000001"_s);
    QCOMPARE(full->moderator, u"alice"_s);
    QCOMPARE(full->token, 17);
    QCOMPARE(full->expiresAt, Q_INT64_C(1795446000000));
    verifyRoundTrip(*full);

    QJsonObject minimal = fullLeaseJson();
    minimal.remove(u"item_id"_s);
    minimal.remove(u"moderator"_s);
    const Result<Lease> min = Lease::fromJson(minimal);
    QVERIFY2(min.ok(), describe(min).constData());
    verifyRoundTrip(*min);
    verifyRoundTrip(Lease{u"l"_s, {}, {}, std::numeric_limits<qint64>::max(), timestamp::kMax});
}

void CodecsTest::fullDecisionDecodesEveryField()
{
    const Result<Decision> parsed = Decision::fromJsonBytes(compact(fullDecisionJson()));
    QVERIFY2(parsed.ok(), describe(parsed).constData());

    Decision expected;
    expected.id = kUuidA;
    expected.seq = 7;
    expected.prevHash = kHexB;
    expected.hash = kHexC;
    expected.itemId = u"synthetic-tg-000001"_s;
    expected.leaseId = u"lease-17"_s;
    expected.leaseToken = 17;
    expected.kind = u"triage"_s;
    expected.verdict = u"violating"_s;
    expected.reason = u"recruitment"_s;
    expected.action = u"remove"_s;
    expected.notes = u"SYNTHETIC: recruitment call; Пример, مثال, \"quoted\" \\ tab\there"_s;
    expected.moderator = u"alice"_s;
    expected.decidedAt = 1795445414123;
    expected.handleMs = 5400;
    expected.policyVersion = u"tvec-2026.11"_s;
    expected.shown = kHexA;
    expected.dsa = DsaStatement{u"illegal_content"_s,
                                u"STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH"_s,
                                {u"EEA"_s, u"GB"_s},
                                false,
                                u"SYNTHETIC: post recruits for a listed group"_s};
    expected.removalOrder = RemovalOrderAction{u"SYNTHETIC-RO-2026-0042"_s, 1795445340000};
    QCOMPARE(*parsed, expected);
    QVERIFY(parsed->seq != 0 && !parsed->hash.isEmpty());
}

void CodecsTest::decisionRoundTrips()
{
    for (const QJsonObject& json :
         {fullDecisionJson(), minimalDecisionJson(), minimalRetractJson()}) {
        const Result<Decision> parsed = Decision::fromJsonBytes(compact(json));
        QVERIFY2(parsed.ok(), describe(parsed).constData());
        verifyRoundTrip(*parsed);
        const Result<Decision> again = Decision::fromJsonBytes(compact(parsed->toJson()));
        QVERIFY2(again.ok(), describe(again).constData());
        QCOMPARE(*again, *parsed);
    }
    const Result<Decision> minimal = Decision::fromJson(minimalDecisionJson());
    QVERIFY2(minimal.ok(), describe(minimal).constData());
    QVERIFY(minimal->seq == 0 && minimal->prevHash.isEmpty() && minimal->hash.isEmpty());
    QVERIFY(!minimal->leaseId && !minimal->leaseToken && !minimal->reason && !minimal->action &&
            !minimal->notes && !minimal->handleMs && !minimal->shown && !minimal->dsa &&
            !minimal->removalOrder && !minimal->reviews);
}

void CodecsTest::sampleDecisionsRoundTrip_data()
{
    QTest::addColumn<int>("n");
    for (int n = 0; n < 50; ++n)
        QTest::addRow("sample %d", n) << n;
}

void CodecsTest::sampleDecisionsRoundTrip()
{
    QFETCH(int, n);
    const Decision d = test::sampleDecision(n);
    verifyRoundTrip(d);

    const Result<Decision> fromLine = Decision::fromJsonBytes(test::sampleDecisionLine(n));
    QVERIFY2(fromLine.ok(), describe(fromLine).constData());
    QCOMPARE(*fromLine, d);

    // With the chain fields the audit log adds.
    Decision chained = d;
    chained.seq = n + 1;
    chained.prevHash = kHexB;
    chained.hash = chained.computeHash();
    verifyRoundTrip(chained);
}

void CodecsTest::policyRoundTrips()
{
    const Policy& builtin = Policy::builtin();
    QVERIFY(!builtin.verdicts.empty());
    verifyRoundTrip(builtin);
    const Result<Policy> fromBytes = Policy::fromJsonBytes(compact(builtin.toJson()));
    QVERIFY2(fromBytes.ok(), describe(fromBytes).constData());
    QCOMPARE(*fromBytes, builtin);

    const QJsonObject minimal{{u"version"_s, u"v1"_s},
                              {u"verdicts"_s, QJsonArray{QJsonObject{{u"name"_s, u"ok"_s}}}}};
    const Result<Policy> min = Policy::fromJson(minimal);
    QVERIFY2(min.ok(), describe(min).constData());
    QCOMPARE(min->verdicts.size(), size_t(1));
    QVERIFY(min->actions.isEmpty());
    verifyRoundTrip(*min);
}

// --- Malformed input -------------------------------------------------------------------------

void CodecsTest::scoreRejectsMalformed_data()
{
    malformedColumns();
    const QJsonObject base = fullScoreJson();
    auto with = [&](const QList<Edit>& edits, const QByteArray& raw = {}) {
        return edited(base, edits, raw);
    };
    const QJsonValue remove(QJsonValue::Undefined);

    reject("score 1.5", with({{u"score"_s, 1.5}}), u"score"_s, u"must be between 0 and 1"_s);
    reject("score -0.01", with({{u"score"_s, -0.01}}), u"score"_s, u"must be between 0 and 1"_s);
    reject("score 1e308", with({{u"score"_s, kRaw}}, "1e308"), u"score"_s,
           u"must be between 0 and 1"_s);
    reject("score as string", with({{u"score"_s, u"0.5"_s}}), u"score"_s, kNumber);
    reject("score as bool", with({{u"score"_s, true}}), u"score"_s, kNumber);
    reject("score as array", with({{u"score"_s, QJsonArray{0.5}}}), u"score"_s, kNumber);
    reject("score null", with({{u"score"_s, QJsonValue::Null}}), u"score"_s, kRequired);
    reject("score missing", with({{u"score"_s, remove}}), u"score"_s, kRequired);
    reject("threshold 2", with({{u"threshold"_s, 2}}), u"threshold"_s,
           u"must be between 0 and 1"_s);
    reject("threshold missing", with({{u"threshold"_s, remove}}), u"threshold"_s, kRequired);
    reject("model as number", with({{u"model"_s, 5}}), u"model"_s, kString);
    reject("model empty", with({{u"model"_s, u""_s}}), u"model"_s, kNotEmpty);
    reject("model 201 chars", with({{u"model"_s, chars(201)}}), u"model"_s, tooLong(201, 200));
    reject("model_version as array", with({{u"model_version"_s, QJsonArray{}}}), u"model_version"_s,
           kString);
    reject("model_version missing", with({{u"model_version"_s, remove}}), u"model_version"_s,
           kRequired);
    reject("label missing", with({{u"label"_s, remove}}), u"label"_s, kRequired);
    reject("label object", with({{u"label"_s, QJsonObject{}}}), u"label"_s, kString);
}

void CodecsTest::scoreRejectsMalformed()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, field);
    QFETCH(QString, fragment);
    verifyRejected(decodeObject<Score>(json), field, fragment);
}

void CodecsTest::hashMatchRejectsMalformed_data()
{
    malformedColumns();
    const QJsonObject base = fullHashMatchJson();
    auto with = [&](const QList<Edit>& edits, const QByteArray& raw = {}) {
        return edited(base, edits, raw);
    };
    const QJsonValue remove(QJsonValue::Undefined);

    reject("distance 300", with({{u"distance"_s, 300}}), u"distance"_s, between(0, 256));
    reject("distance 257", with({{u"distance"_s, 257}}), u"distance"_s, between(0, 256));
    reject("distance -1", with({{u"distance"_s, -1}}), u"distance"_s, between(0, 256));
    reject("distance 1.5", with({{u"distance"_s, 1.5}}), u"distance"_s, kWhole);
    reject("distance as string", with({{u"distance"_s, u"3"_s}}), u"distance"_s, kWhole);
    reject("distance 2^63", with({{u"distance"_s, kRaw}}, k2Pow63), u"distance"_s, between(0, 256));
    reject("distance -2^63", with({{u"distance"_s, kRaw}}, kInt64Min), u"distance"_s,
           between(0, 256));
    reject("distance null", with({{u"distance"_s, QJsonValue::Null}}), u"distance"_s, kRequired);
    reject("distance missing", with({{u"distance"_s, remove}}), u"distance"_s, kRequired);
    reject("list missing", with({{u"list"_s, remove}}), u"list"_s, kRequired);
    reject("list 201 chars", with({{u"list"_s, chars(201)}}), u"list"_s, tooLong(201, 200));
    reject("algorithm as number", with({{u"algorithm"_s, 1}}), u"algorithm"_s, kString);
    reject("labels as string", with({{u"labels"_s, u"a"_s}}), u"labels"_s, kStrings);
    reject("labels as object", with({{u"labels"_s, QJsonObject{}}}), u"labels"_s, kStrings);
    reject("labels[1] number", with({{u"labels[1]"_s, 7}}), u"labels[1]"_s, kString);
    reject("labels[0] 201 chars", with({{u"labels[0]"_s, chars(201)}}), u"labels[0]"_s,
           u"is longer than 200 characters"_s);
    reject("1001 labels", with({{u"labels"_s, stringArray(1001, u"l"_s)}}), u"labels"_s,
           tooMany(1001, 1000));
}

void CodecsTest::hashMatchRejectsMalformed()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, field);
    QFETCH(QString, fragment);
    verifyRejected(decodeObject<HashMatch>(json), field, fragment);
}

void CodecsTest::leaseRejectsMalformed_data()
{
    malformedColumns();
    const QJsonObject base = fullLeaseJson();
    auto with = [&](const QList<Edit>& edits, const QByteArray& raw = {}) {
        return edited(base, edits, raw);
    };
    const QJsonValue remove(QJsonValue::Undefined);
    const QString tokenRange = between(1, std::numeric_limits<qint64>::max());

    reject("token 0", with({{u"token"_s, 0}}), u"token"_s, tokenRange);
    reject("token -1", with({{u"token"_s, -1}}), u"token"_s, tokenRange);
    reject("token 1.5", with({{u"token"_s, 1.5}}), u"token"_s, kWhole);
    reject("token as string", with({{u"token"_s, u"17"_s}}), u"token"_s, kWhole);
    reject("token 2^63", with({{u"token"_s, kRaw}}, k2Pow63), u"token"_s, tokenRange);
    reject("token 2^64", with({{u"token"_s, kRaw}}, k2Pow64), u"token"_s, tokenRange);
    reject("token -2^63", with({{u"token"_s, kRaw}}, kInt64Min), u"token"_s, tokenRange);
    reject("token null", with({{u"token"_s, QJsonValue::Null}}), u"token"_s, kRequired);
    reject("token missing", with({{u"token"_s, remove}}), u"token"_s, kRequired);
    reject("id missing", with({{u"id"_s, remove}}), u"id"_s, kRequired);
    reject("id empty", with({{u"id"_s, u""_s}}), u"id"_s, kNotEmpty);
    reject("id 201 chars", with({{u"id"_s, chars(201)}}), u"id"_s, tooLong(201, 200));
    reject("item_id as number", with({{u"item_id"_s, 1}}), u"item_id"_s, kString);
    reject("moderator 201 chars", with({{u"moderator"_s, chars(201)}}), u"moderator"_s,
           tooLong(201, 200));
    reject("expires_at missing", with({{u"expires_at"_s, remove}}), u"expires_at"_s, kRequired);
    reject("expires_at without offset", with({{u"expires_at"_s, u"2026-11-23T15:00:00.000"_s}}),
           u"expires_at"_s, kTime);
    reject("expires_at as epoch ms", with({{u"expires_at"_s, 1795446000000.0}}), u"expires_at"_s,
           kString);
    reject("expires_at 65 chars", with({{u"expires_at"_s, chars(65, u'1')}}), u"expires_at"_s,
           tooLong(65, 64));
}

void CodecsTest::leaseRejectsMalformed()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, field);
    QFETCH(QString, fragment);
    verifyRejected(decodeObject<Lease>(json), field, fragment);
}

void CodecsTest::itemRejectsMalformed_data()
{
    malformedColumns();
    const QJsonObject base = fullItemJson();
    auto with = [&](const QList<Edit>& edits, const QByteArray& raw = {}) {
        return edited(base, edits, raw);
    };
    const QJsonValue remove(QJsonValue::Undefined);
    const QJsonValue null(QJsonValue::Null);
    const QString countRange = between(0, limits::kMaxCount);

    // Top-level scalars.
    reject("id missing", with({{u"id"_s, remove}}), u"id"_s, kRequired);
    reject("id null", with({{u"id"_s, null}}), u"id"_s, kRequired);
    reject("id number", with({{u"id"_s, 5}}), u"id"_s, kString);
    reject("id empty", with({{u"id"_s, u""_s}}), u"id"_s, kNotEmpty);
    reject("id blank", with({{u"id"_s, u" \t "_s}}), u"id"_s, kNotEmpty);
    reject("id 201 chars", with({{u"id"_s, chars(201)}}), u"id"_s, tooLong(201, 200));
    reject("platform array", with({{u"platform"_s, QJsonArray{u"tg"_s}}}), u"platform"_s, kString);
    reject("url 1001 chars", with({{u"url"_s, chars(1001)}}), u"url"_s, tooLong(1001, 1000));
    reject("content_type image/png", with({{u"content_type"_s, u"image/png"_s}}), u"content_type"_s,
           u"\"image/png\" is not one of: text/plain, text/html"_s);
    reject("content_type upper-case", with({{u"content_type"_s, u"TEXT/PLAIN"_s}}),
           u"content_type"_s, u"is not one of"_s);
    reject("content_type missing", with({{u"content_type"_s, remove}}), u"content_type"_s,
           kRequired);
    reject("text number", with({{u"text"_s, 42}}), u"text"_s, kString);
    reject("text null", with({{u"text"_s, null}}), u"text"_s, kRequired);
    reject("text unpaired surrogate", with({{u"text"_s, kRaw}}, "\"SYNTHETIC \\ud800 x\""),
           u"text"_s, kSurrogate);
    reject("text unpaired low surrogate", with({{u"text"_s, kRaw}}, "\"\\udc00\""), u"text"_s,
           kSurrogate);
    reject("text 1000001 chars", with({{u"text"_s, chars(1000001)}}), u"text"_s,
           tooLong(1000001, 1000000));
    reject("lang 36 chars", with({{u"lang"_s, chars(36, u'a')}}), u"lang"_s, tooLong(36, 35));
    reject("transcript number", with({{u"transcript"_s, 1}}), u"transcript"_s, kString);
    reject("created_at garbage", with({{u"created_at"_s, u"yesterday"_s}}), u"created_at"_s, kTime);
    reject("created_at 2023-02-29", with({{u"created_at"_s, u"2023-02-29T00:00:00Z"_s}}),
           u"created_at"_s, u"date or time out of range"_s);
    reject("created_at without offset", with({{u"created_at"_s, u"2026-11-20T08:15:30.250"_s}}),
           u"created_at"_s, u"UTC offset"_s);
    reject("created_at number", with({{u"created_at"_s, 1795248930250.0}}), u"created_at"_s,
           kString);
    reject("created_at null", with({{u"created_at"_s, null}}), u"created_at"_s, kRequired);
    reject("reposts -1", with({{u"reposts"_s, -1}}), u"reposts"_s, countRange);
    reject("priority 5000", with({{u"priority"_s, 5000}}), u"priority"_s, between(-1000, 1000));
    reject("priority -1001", with({{u"priority"_s, -1001}}), u"priority"_s, between(-1000, 1000));
    reject("priority 0.5", with({{u"priority"_s, 0.5}}), u"priority"_s, kWhole);
    reject("priority string", with({{u"priority"_s, u"high"_s}}), u"priority"_s, kWhole);
    reject("priority 2^63", with({{u"priority"_s, kRaw}}, k2Pow63), u"priority"_s,
           between(-1000, 1000));
    reject("first error wins", with({{u"id"_s, 5}, {u"priority"_s, 5000}}), u"id"_s, kString);

    // author
    reject("author missing", with({{u"author"_s, remove}}), u"author"_s, kRequired);
    reject("author null", with({{u"author"_s, null}}), u"author"_s, kRequired);
    reject("author string", with({{u"author"_s, u"synthetic"_s}}), u"author"_s, kObject);
    reject("author array", with({{u"author"_s, QJsonArray{}}}), u"author"_s, kObject);
    reject("author.handle missing", with({{u"author.handle"_s, remove}}), u"author.handle"_s,
           kRequired);
    reject("author.handle number", with({{u"author.handle"_s, 7}}), u"author.handle"_s, kString);
    reject("author.display_name array", with({{u"author.display_name"_s, QJsonArray{}}}),
           u"author.display_name"_s, kString);
    reject("author.followers negative", with({{u"author.followers"_s, -1}}), u"author.followers"_s,
           countRange);
    reject("author.followers 1.5", with({{u"author.followers"_s, 1.5}}), u"author.followers"_s,
           kWhole);
    reject("author.followers string", with({{u"author.followers"_s, u"12345"_s}}),
           u"author.followers"_s, kWhole);
    reject("author.followers bool", with({{u"author.followers"_s, true}}), u"author.followers"_s,
           kWhole);
    reject("author.followers above kMaxCount", with({{u"author.followers"_s, kRaw}}, "10000000001"),
           u"author.followers"_s, countRange);
    reject("author.followers 2^63", with({{u"author.followers"_s, kRaw}}, k2Pow63),
           u"author.followers"_s, countRange);
    reject("author.followers 2^64", with({{u"author.followers"_s, kRaw}}, k2Pow64),
           u"author.followers"_s, countRange);
    reject("author.followers 1e300", with({{u"author.followers"_s, kRaw}}, "1e300"),
           u"author.followers"_s, countRange);
    reject("author.prior_strikes negative", with({{u"author.prior_strikes"_s, -3}}),
           u"author.prior_strikes"_s, between(0, 1000000));
    reject("author.account_created_at month 13",
           with({{u"author.account_created_at"_s, u"2021-13-04T05:06:07Z"_s}}),
           u"author.account_created_at"_s, kTime);

    // venue, forwards
    reject("venue array", with({{u"venue"_s, QJsonArray{}}}), u"venue"_s, kObject);
    reject("venue.kind forum", with({{u"venue.kind"_s, u"forum"_s}}), u"venue.kind"_s,
           u"\"forum\" is not one of: channel, group, page, room, site, board, profile"_s);
    reject("venue.kind missing", with({{u"venue.kind"_s, remove}}), u"venue.kind"_s, kRequired);
    reject("venue.name empty", with({{u"venue.name"_s, u""_s}}), u"venue.name"_s, kNotEmpty);
    reject("venue.members negative", with({{u"venue.members"_s, -5}}), u"venue.members"_s,
           countRange);
    reject("forwarded_from object", with({{u"forwarded_from"_s, QJsonObject{}}}),
           u"forwarded_from"_s, kArray);
    reject("forwarded_from[1] string", with({{u"forwarded_from[1]"_s, u"x"_s}}),
           u"forwarded_from[1]"_s, kObject);
    reject("forwarded_from[0].venue missing", with({{u"forwarded_from[0].venue"_s, remove}}),
           u"forwarded_from[0].venue"_s, kRequired);
    reject("forwarded_from[1].venue.kind forum",
           with({{u"forwarded_from[1].venue.kind"_s, u"forum"_s}}),
           u"forwarded_from[1].venue.kind"_s, u"is not one of"_s);
    reject("forwarded_from[0].handle number", with({{u"forwarded_from[0].handle"_s, 1}}),
           u"forwarded_from[0].handle"_s, kString);

    // context
    reject("context array", with({{u"context"_s, QJsonArray{}}}), u"context"_s, kObject);
    reject("context.parent string", with({{u"context.parent"_s, u"p"_s}}), u"context.parent"_s,
           kObject);
    reject("context.parent.id number", with({{u"context.parent.id"_s, 1}}), u"context.parent.id"_s,
           kString);
    reject("context.parent.author.handle missing",
           with({{u"context.parent.author.handle"_s, remove}}), u"context.parent.author.handle"_s,
           kRequired);
    reject("context.thread object", with({{u"context.thread"_s, QJsonObject{}}}),
           u"context.thread"_s, kArray);
    reject("context.thread[1].author.handle empty",
           with({{u"context.thread[1].author.handle"_s, u""_s}}),
           u"context.thread[1].author.handle"_s, kNotEmpty);
    reject("context.thread[1].author.handle 201 chars",
           with({{u"context.thread[1].author.handle"_s, chars(201)}}),
           u"context.thread[1].author.handle"_s, tooLong(201, 200));
    reject("context.thread[1].author missing", with({{u"context.thread[1].author"_s, remove}}),
           u"context.thread[1].author"_s, kRequired);
    reject("context.thread[0].created_at bad",
           with({{u"context.thread[0].created_at"_s, u"2026-11-20 08:20:00Z"_s}}),
           u"context.thread[0].created_at"_s, kTime);
    reject("context.thread[0].text null", with({{u"context.thread[0].text"_s, null}}),
           u"context.thread[0].text"_s, kRequired);
    reject("context.thread[1] number", with({{u"context.thread[1]"_s, 1}}), u"context.thread[1]"_s,
           kObject);
    reject("context.author_recent[0].id missing",
           with({{u"context.author_recent[0].id"_s, remove}}), u"context.author_recent[0].id"_s,
           kRequired);
    {
        QJsonArray thread;
        const QJsonObject post = base[u"context"_s][u"thread"_s][0].toObject();
        for (int i = 0; i < 1001; ++i)
            thread.append(post);
        reject("context.thread 1001 posts", with({{u"context.thread"_s, thread}}),
               u"context.thread"_s, tooMany(1001, 1000));
    }

    // media
    reject("media object", with({{u"media"_s, QJsonObject{}}}), u"media"_s, kArray);
    reject("media[0].sha256 upper-case", with({{u"media[0].sha256"_s, kHexA.toUpper()}}),
           u"media[0].sha256"_s, kHex);
    reject("media[0].sha256 63 digits", with({{u"media[0].sha256"_s, kHexA.left(63)}}),
           u"media[0].sha256"_s, kHex);
    reject("media[0].sha256 65 digits", with({{u"media[0].sha256"_s, QString(kHexA + u'0')}}),
           u"media[0].sha256"_s, tooLong(65, 64));
    reject("media[0].sha256 not hex", with({{u"media[0].sha256"_s, chars(64, u'g')}}),
           u"media[0].sha256"_s, kHex);
    reject("media[0].sha256 non-Latin-1",
           with({{u"media[0].sha256"_s, QString(kHexA.left(63) + QChar(0x0161))}}),
           u"media[0].sha256"_s, kHex);
    reject("media[0].sha256 missing", with({{u"media[0].sha256"_s, remove}}), u"media[0].sha256"_s,
           kRequired);
    reject("media[0].mime missing", with({{u"media[0].mime"_s, remove}}), u"media[0].mime"_s,
           kRequired);
    reject("media[0].width 70000", with({{u"media[0].width"_s, 70000}}), u"media[0].width"_s,
           between(0, 65535));
    reject("media[0].height -1", with({{u"media[0].height"_s, -1}}), u"media[0].height"_s,
           between(0, 65535));

    // links, hashtags
    reject("links string", with({{u"links"_s, u"https://example.invalid"_s}}), u"links"_s,
           kStrings);
    reject("links[1] number", with({{u"links[1]"_s, 5}}), u"links[1]"_s, kString);
    reject("links[0] 1001 chars", with({{u"links[0]"_s, chars(1001)}}), u"links[0]"_s,
           u"is longer than 1000 characters"_s);
    reject("1001 hashtags", with({{u"hashtags"_s, stringArray(1001, u"#tag"_s)}}), u"hashtags"_s,
           tooMany(1001, 1000));
    reject("hashtags[3] object", with({{u"hashtags[3]"_s, QJsonObject{}}}), u"hashtags[3]"_s,
           kString);
    reject("hashtags[2] null", with({{u"hashtags[2]"_s, null}}), u"hashtags[2]"_s, kString);
    reject("hashtags[0] 201 chars", with({{u"hashtags[0]"_s, chars(201)}}), u"hashtags[0]"_s,
           u"is longer than 200 characters"_s);
    reject("hashtags[1] unpaired surrogate", with({{u"hashtags[1]"_s, kRaw}}, "\"#\\ud83d\""),
           u"hashtags[1]"_s, kSurrogate);

    // source, deadline
    reject("source missing", with({{u"source"_s, remove}}), u"source"_s, kRequired);
    reject("source number", with({{u"source"_s, 1}}), u"source"_s, kObject);
    reject("source.type rumour", with({{u"source.type"_s, u"rumour"_s}}), u"source.type"_s,
           u"\"rumour\" is not one of: user_report, classifier, hash_match, trusted_flagger, "
           u"removal_order"_s);
    reject("source.type null", with({{u"source.type"_s, null}}), u"source.type"_s, kRequired);
    reject("source.received_at missing", with({{u"source.received_at"_s, remove}}),
           u"source.received_at"_s, kRequired);
    reject("source.reference number", with({{u"source.reference"_s, 42}}), u"source.reference"_s,
           kString);
    reject("deadline garbage", with({{u"deadline"_s, u"tomorrow"_s}}), u"deadline"_s, kTime);
    reject("deadline before 1970", with({{u"deadline"_s, u"1969-07-20T20:17:40Z"_s}}),
           u"deadline"_s, kTime);

    // scores, hash matches
    reject("scores object", with({{u"scores"_s, QJsonObject{}}}), u"scores"_s, kArray);
    reject("scores[2].score 1.5", with({{u"scores[2].score"_s, 1.5}}), u"scores[2].score"_s,
           u"must be between 0 and 1"_s);
    reject("scores[0].score negative", with({{u"scores[0].score"_s, -0.5}}), u"scores[0].score"_s,
           u"must be between 0 and 1"_s);
    reject("scores[1].score string", with({{u"scores[1].score"_s, u"0.9"_s}}), u"scores[1].score"_s,
           kNumber);
    reject("scores[2].threshold missing", with({{u"scores[2].threshold"_s, remove}}),
           u"scores[2].threshold"_s, kRequired);
    reject("scores[0].model empty", with({{u"scores[0].model"_s, u""_s}}), u"scores[0].model"_s,
           kNotEmpty);
    {
        QJsonArray scores;
        for (int i = 0; i < 1001; ++i)
            scores.append(fullScoreJson());
        reject("1001 scores", with({{u"scores"_s, scores}}), u"scores"_s, tooMany(1001, 1000));
    }
    reject("hash_matches[0].distance 300", with({{u"hash_matches[0].distance"_s, 300}}),
           u"hash_matches[0].distance"_s, between(0, 256));
    reject("hash_matches[0].distance 1.5", with({{u"hash_matches[0].distance"_s, 1.5}}),
           u"hash_matches[0].distance"_s, kWhole);
    reject("hash_matches[0].labels string", with({{u"hash_matches[0].labels"_s, u"x"_s}}),
           u"hash_matches[0].labels"_s, kStrings);
    reject("hash_matches[0].labels[1] number", with({{u"hash_matches[0].labels[1]"_s, 1}}),
           u"hash_matches[0].labels[1]"_s, kString);
    reject("hash_matches[0].algorithm missing", with({{u"hash_matches[0].algorithm"_s, remove}}),
           u"hash_matches[0].algorithm"_s, kRequired);
}

void CodecsTest::itemRejectsMalformed()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, field);
    QFETCH(QString, fragment);
    verifyRejected(Item::fromJsonBytes(json), field, fragment);
}

// The parts decode on their own too, prefixing errors with the path they are given.
void CodecsTest::itemPartsNameTheirPath()
{
    verifyRejected(Author::fromJson({{u"handle"_s, u"h"_s}, {u"followers"_s, -1}},
                                    u"forwarded_from[3].author"_s),
                   u"forwarded_from[3].author.followers"_s, between(0, limits::kMaxCount));
    verifyRejected(Venue::fromJson({{u"kind"_s, u"forum"_s}, {u"name"_s, u"n"_s}}), u"kind"_s,
                   u"is not one of"_s);
    verifyRejected(Forward::fromJson({{u"handle"_s, u"h"_s}}, u"f"_s), u"f.venue"_s, kRequired);
    verifyRejected(Post::fromJson({{u"id"_s, u"p"_s},
                                   {u"text"_s, u"t"_s},
                                   {u"created_at"_s, u"2026-11-20T08:20:00Z"_s},
                                   {u"author"_s, QJsonObject{{u"handle"_s, 3}}}},
                                  u"context.thread[7]"_s),
                   u"context.thread[7].author.handle"_s, kString);
    verifyRejected(ItemContext::fromJson({{u"author_recent"_s, QJsonArray{1}}}, u"context"_s),
                   u"context.author_recent[0]"_s, kObject);
    verifyRejected(Media::fromJson({{u"sha256"_s, kHexA}, {u"mime"_s, u"m"_s}, {u"width"_s, -1}},
                                   u"media[4]"_s),
                   u"media[4].width"_s, between(0, 65535));
    verifyRejected(ItemSource::fromJson({{u"type"_s, u"rumour"_s}}, u"source"_s), u"source.type"_s,
                   u"is not one of"_s);
    verifyRejected(Score::fromJson({}, u"scores[9]"_s), u"scores[9].model"_s, kRequired);
    verifyRejected(HashMatch::fromJson({}, u"hash_matches[0]"_s), u"hash_matches[0].list"_s,
                   kRequired);
    verifyRejected(Lease::fromJson({}, u"lease"_s), u"lease.id"_s, kRequired);
}

void CodecsTest::decisionRejectsMalformed_data()
{
    malformedColumns();
    const QJsonObject base = fullDecisionJson();
    auto with = [&](const QList<Edit>& edits, const QByteArray& raw = {}) {
        return edited(base, edits, raw);
    };
    const QJsonValue remove(QJsonValue::Undefined);
    const QJsonValue null(QJsonValue::Null);
    const QString positive = between(1, std::numeric_limits<qint64>::max());
    // A review of decision B: valid as it stands.
    const QList<Edit> review{{u"kind"_s, u"review"_s}, {u"reviews"_s, kUuidB}};
    auto asReview = [&](QList<Edit> edits) { return with(review + edits); };

    // Unknown fields: a misspelt field is not a missing one.
    reject("verdit", with({{u"verdit"_s, u"violating"_s}}), u"verdit"_s, kUnknown);
    reject("verdict misspelt", with({{u"verdict"_s, remove}, {u"verdit"_s, u"violating"_s}}),
           u"verdit"_s, kUnknown);
    reject("upper-case key", with({{u"Notes"_s, u"x"_s}}), u"Notes"_s, kUnknown);
    reject("dsa.grounds", with({{u"dsa.grounds"_s, u"x"_s}}), u"dsa.grounds"_s, kUnknown);
    reject("removal_order.ordered_by", with({{u"removal_order.ordered_by"_s, u"x"_s}}),
           u"removal_order.ordered_by"_s, kUnknown);

    // id
    reject("id missing", with({{u"id"_s, remove}}), u"id"_s, kRequired);
    reject("id null", with({{u"id"_s, null}}), u"id"_s, kRequired);
    reject("id number", with({{u"id"_s, 1}}), u"id"_s, kString);
    reject("id upper-case", with({{u"id"_s, kUuidA.toUpper()}}), u"id"_s, kUuid);
    reject("id in braces", with({{u"id"_s, QString(u'{' + kUuidA + u'}')}}), u"id"_s, kUuid);
    reject("id short", with({{u"id"_s, kUuidA.left(35)}}), u"id"_s, kUuid);
    reject("id without dashes", with({{u"id"_s, QString(kUuidA).remove(u'-')}}), u"id"_s, kUuid);
    reject("id dash misplaced", with({{u"id"_s, u"0b5c2c9e6-a43-4a8f-9a57-1d2f0c3b4a5e"_s}}),
           u"id"_s, kUuid);
    reject("id 37 chars", with({{u"id"_s, QString(kUuidA + u'0')}}), u"id"_s, kUuid);
    reject("id 201 chars", with({{u"id"_s, chars(201, u'a')}}), u"id"_s,
           u"is 201 characters long"_s);
    reject("id empty", with({{u"id"_s, u""_s}}), u"id"_s, kUuid + u'|' + kNotEmpty);

    // chain fields
    reject("seq 0", with({{u"seq"_s, 0}}), u"seq"_s, positive);
    reject("seq 1.5", with({{u"seq"_s, 1.5}}), u"seq"_s, kWhole);
    reject("seq string", with({{u"seq"_s, u"7"_s}}), u"seq"_s, kWhole);
    reject("seq 2^63", with({{u"seq"_s, kRaw}}, k2Pow63), u"seq"_s, positive);
    reject("prev_hash upper-case", with({{u"prev_hash"_s, kHexA.toUpper()}}), u"prev_hash"_s, kHex);
    reject("prev_hash 63 digits", with({{u"prev_hash"_s, kHexA.left(63)}}), u"prev_hash"_s, kHex);
    reject("hash not hex", with({{u"hash"_s, chars(64, u'z')}}), u"hash"_s, kHex);
    reject("shown number", with({{u"shown"_s, 1}}), u"shown"_s, kString);
    reject("shown short", with({{u"shown"_s, u"abc"_s}}), u"shown"_s, kHex);

    // required strings
    reject("item_id missing", with({{u"item_id"_s, remove}}), u"item_id"_s, kRequired);
    reject("item_id null", with({{u"item_id"_s, null}}), u"item_id"_s, kRequired);
    reject("item_id number", with({{u"item_id"_s, 1}}), u"item_id"_s, kString);
    reject("item_id 201 chars", with({{u"item_id"_s, chars(201)}}), u"item_id"_s,
           tooLong(201, 200));
    reject("moderator empty", with({{u"moderator"_s, u""_s}}), u"moderator"_s, kNotEmpty);
    reject("moderator blank", with({{u"moderator"_s, u"   "_s}}), u"moderator"_s, kNotEmpty);
    reject("policy_version missing", with({{u"policy_version"_s, remove}}), u"policy_version"_s,
           kRequired);
    reject("kind appeal", with({{u"kind"_s, u"appeal"_s}}), u"kind"_s,
           u"\"appeal\" is not one of: triage, review, retract"_s);
    reject("kind missing", with({{u"kind"_s, remove}}), u"kind"_s, kRequired);
    reject("kind null", with({{u"kind"_s, null}}), u"kind"_s, kRequired);
    reject("verdict number", with({{u"verdict"_s, 1}}), u"verdict"_s, kString);
    reject("reason 201 chars", with({{u"reason"_s, chars(201)}}), u"reason"_s, tooLong(201, 200));
    reject("notes 20001 chars", with({{u"notes"_s, chars(20001)}}), u"notes"_s,
           tooLong(20001, 20000));
    reject("notes unpaired surrogate", with({{u"notes"_s, kRaw}}, "\"\\udfff\""), u"notes"_s,
           kSurrogate);

    // numbers and times
    reject("lease_token 0", with({{u"lease_token"_s, 0}}), u"lease_token"_s, positive);
    reject("lease_token string", with({{u"lease_token"_s, u"17"_s}}), u"lease_token"_s, kWhole);
    reject("lease_token -2^63", with({{u"lease_token"_s, kRaw}}, kInt64Min), u"lease_token"_s,
           positive);
    reject("handle_ms negative", with({{u"handle_ms"_s, -1}}), u"handle_ms"_s,
           between(0, limits::kMaxHandleMs));
    reject("handle_ms over a week", with({{u"handle_ms"_s, kRaw}}, "604800001"), u"handle_ms"_s,
           between(0, limits::kMaxHandleMs));
    reject("decided_at without offset", with({{u"decided_at"_s, u"2026-11-23T14:50:14.123"_s}}),
           u"decided_at"_s, kTime);
    reject("decided_at space", with({{u"decided_at"_s, u"2026-11-23 14:50:14Z"_s}}),
           u"decided_at"_s, kTime);
    reject("decided_at number", with({{u"decided_at"_s, 1795445414123.0}}), u"decided_at"_s,
           kString);
    reject("decided_at missing", with({{u"decided_at"_s, remove}}), u"decided_at"_s, kRequired);

    // dsa, removal_order
    reject("dsa array", with({{u"dsa"_s, QJsonArray{}}}), u"dsa"_s, kObject);
    reject("dsa.decision_ground other", with({{u"dsa.decision_ground"_s, u"other"_s}}),
           u"dsa.decision_ground"_s,
           u"\"other\" is not one of: illegal_content, incompatible_with_terms"_s);
    reject("dsa.decision_ground missing", with({{u"dsa.decision_ground"_s, remove}}),
           u"dsa.decision_ground"_s, kRequired);
    reject("dsa.territorial_scope lower-case", with({{u"dsa.territorial_scope[1]"_s, u"gb"_s}}),
           u"dsa.territorial_scope[1]"_s, u"is not an ISO 3166 alpha-2 code or EEA"_s);
    reject("dsa.territorial_scope alpha-3", with({{u"dsa.territorial_scope[0]"_s, u"DEU"_s}}),
           u"dsa.territorial_scope[0]"_s, u"ISO 3166"_s);
    reject("dsa.territorial_scope 4 chars", with({{u"dsa.territorial_scope[0]"_s, u"EEAX"_s}}),
           u"dsa.territorial_scope[0]"_s, u"is longer than 3 characters"_s);
    reject("dsa.territorial_scope string", with({{u"dsa.territorial_scope"_s, u"EEA"_s}}),
           u"dsa.territorial_scope"_s, kStrings);
    reject("dsa.automated_detection string", with({{u"dsa.automated_detection"_s, u"yes"_s}}),
           u"dsa.automated_detection"_s, kBool);
    reject("dsa.automated_detection 1", with({{u"dsa.automated_detection"_s, 1}}),
           u"dsa.automated_detection"_s, kBool);
    reject("dsa.facts 20001 chars", with({{u"dsa.facts"_s, chars(20001)}}), u"dsa.facts"_s,
           tooLong(20001, 20000));
    reject("removal_order string", with({{u"removal_order"_s, u"RO-1"_s}}), u"removal_order"_s,
           kObject);
    reject("removal_order.order_ref missing", with({{u"removal_order.order_ref"_s, remove}}),
           u"removal_order.order_ref"_s, kRequired);
    reject("removal_order.actioned_at bad",
           with({{u"removal_order.actioned_at"_s, u"2026-02-30T00:00:00Z"_s}}),
           u"removal_order.actioned_at"_s, kTime);

    // Rules that hold whatever the policy says.
    reject("triage with reviews", with({{u"reviews"_s, kUuidB}}), u"reviews"_s,
           u"only a review or a retract refers to another decision"_s);
    reject("review without reviews", with({{u"kind"_s, u"review"_s}}), u"reviews"_s,
           u"a review must name the decision it refers to"_s);
    reject("retract without reviews", with({{u"kind"_s, u"retract"_s}, {u"verdict"_s, remove}}),
           u"reviews"_s, u"a retract must name the decision it refers to"_s);
    reject("retract with a verdict", with({{u"kind"_s, u"retract"_s}, {u"reviews"_s, kUuidB}}),
           u"verdict"_s, u"a retract withdraws a decision and carries no verdict"_s);
    reject("triage without verdict", with({{u"verdict"_s, remove}}), u"verdict"_s, kRequired);
    reject("triage with empty verdict", with({{u"verdict"_s, u""_s}}), u"verdict"_s, kRequired);
    reject("review without verdict", asReview({{u"verdict"_s, remove}}), u"verdict"_s, kRequired);
    reject("lease_id without lease_token", with({{u"lease_token"_s, remove}}), u"lease_token"_s,
           u"lease_id and lease_token come together or not at all"_s);
    reject("lease_token without lease_id", with({{u"lease_id"_s, remove}}), u"lease_id"_s,
           u"lease_id and lease_token come together or not at all"_s);
    reject("empty lease_id with lease_token", with({{u"lease_id"_s, u""_s}}), u"lease_id"_s,
           u"come together"_s);
    reject("review of itself", asReview({{u"reviews"_s, kUuidA}}), u"reviews"_s,
           u"a decision cannot refer to itself"_s);
    reject("retract of itself",
           with({{u"kind"_s, u"retract"_s}, {u"reviews"_s, kUuidA}, {u"verdict"_s, remove}}),
           u"reviews"_s, u"a decision cannot refer to itself"_s);
    reject("reviews upper-case", asReview({{u"reviews"_s, kUuidB.toUpper()}}), u"reviews"_s, kUuid);
    reject("reviews braces", asReview({{u"reviews"_s, QString(u'{' + kUuidB + u'}')}}),
           u"reviews"_s, kUuid);
}

void CodecsTest::decisionRejectsMalformed()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, field);
    QFETCH(QString, fragment);
    verifyRejected(Decision::fromJsonBytes(json), field, fragment);
}

void CodecsTest::policyRejectsMalformed_data()
{
    malformedColumns();
    const QJsonObject base = Policy::builtin().toJson();
    auto with = [&](const QList<Edit>& edits, const QByteArray& raw = {}) {
        return edited(base, edits, raw);
    };
    const QJsonValue remove(QJsonValue::Undefined);

    reject("version missing", with({{u"version"_s, remove}}), u"version"_s, kRequired);
    reject("version number", with({{u"version"_s, 2026}}), u"version"_s, kString);
    reject("actions string", with({{u"actions"_s, u"remove"_s}}), u"actions"_s, kStrings);
    reject("actions[0] number", with({{u"actions[0]"_s, 0}}), u"actions[0]"_s, kString);
    reject("verdicts object", with({{u"verdicts"_s, QJsonObject{}}}), u"verdicts"_s, kArray);
    reject("verdicts empty", with({{u"verdicts"_s, QJsonArray{}}}), u"verdicts"_s,
           u"must list at least one verdict"_s);
    reject("verdicts missing", with({{u"verdicts"_s, remove}}), u"verdicts"_s,
           u"must list at least one verdict"_s);
    reject("verdicts[0] string", with({{u"verdicts[0]"_s, u"violating"_s}}), u"verdicts[0]"_s,
           kObject);
    reject("verdicts[1].name missing", with({{u"verdicts[1].name"_s, remove}}),
           u"verdicts[1].name"_s, kRequired);
    reject("verdicts[0].reasons[2] number", with({{u"verdicts[0].reasons[2]"_s, 2}}),
           u"verdicts[0].reasons[2]"_s, kString);
    reject("verdicts[2].requires colour",
           with({{u"verdicts[2].requires"_s, QJsonArray{u"reason"_s, u"colour"_s}}}),
           u"verdicts[2].requires[1]"_s, u"\"colour\" is not a field a policy can require"_s);
    reject("verdicts[0].actions nuke", with({{u"verdicts[0].actions[4]"_s, u"nuke"_s}}),
           u"verdicts[0].actions"_s, u"\"nuke\" is not in the policy's actions"_s);
}

void CodecsTest::policyRejectsMalformed()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, field);
    QFETCH(QString, fragment);
    verifyRejected(Policy::fromJsonBytes(json), field, fragment);
}

// --- Documents -------------------------------------------------------------------------------

void CodecsTest::documentsRejectMalformed_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("fragment");

    struct Doc {
        QString type;
        QByteArray valid;
        qsizetype maxBytes;
    };
    const Doc docs[] = {
        {u"item"_s, fullItemBytes(), limits::kMaxItemDocumentBytes},
        {u"decision"_s, compact(fullDecisionJson()), limits::kMaxDecisionDocumentBytes},
        {u"policy"_s, compact(Policy::builtin().toJson()), limits::kMaxPolicyDocumentBytes},
    };
    for (const Doc& doc : docs) {
        const QString notJson = doc.type + u' ' + kNotValidJson;
        const QString notObject = doc.type + u" must be a JSON object"_s;
        auto row = [&](const char* what, const QByteArray& bytes, const QString& fragment) {
            QTest::addRow("%s: %s", qPrintable(doc.type), what) << doc.type << bytes << fragment;
        };
        const QByteArray head = R"({"id": "x)"_ba;
        row("invalid UTF-8 byte 0xff", head + "\xff\"}", notJson);
        row("UTF-8 continuation byte alone", head + "\x80\"}", notJson);
        row("overlong UTF-8 of '/'", head + "\xc0\xaf\"}", notJson);
        row("UTF-8-encoded surrogate", head + "\xed\xa0\x80\"}", notJson);
        row("code point above U+10FFFF", head + "\xf4\x90\x80\x80\"}", notJson);
        row("truncated UTF-8 sequence", head + "\xe2\x82\"}", notJson);
        row("invalid UTF-8 in a key", "{\"\xfe\": 1}"_ba, notJson);
        row("invalid UTF-8 in the valid document",
            QByteArray(doc.valid).insert(doc.valid.indexOf(':') + 3, '\xff'), notJson);
        row("array", "[]"_ba, notObject);
        row("array of the valid object", '[' + doc.valid + ']', notObject);
        // RFC 8259 allows a scalar document; Qt 6.4's parser does not. Either error will do.
        const QString scalar = notJson + u'|' + notObject;
        row("null", "null"_ba, scalar);
        row("number", "42"_ba, scalar);
        row("string", "\"decision\""_ba, scalar);
        row("empty", QByteArray(), notJson);
        row("white space only", " \n\t "_ba, notJson);
        row("truncated", doc.valid.left(doc.valid.size() / 2), notJson);
        row("truncated by one byte", doc.valid.trimmed().chopped(1), notJson);
        row("two objects", doc.valid + doc.valid, notJson);
        row("trailing garbage", doc.valid + "x", notJson);
        row("single quotes", "{'id': 'x'}"_ba, notJson);
        row("trailing comma", "{\"id\": \"x\",}"_ba, notJson);
        row("NaN", "{\"id\": NaN}"_ba, notJson);
        row("5000 nested arrays", "{\"id\": " + QByteArray(5000, '[') + QByteArray(5000, ']') + '}',
            notJson);
        row("NUL byte", "{\"id\"\0: 1}"_ba, notJson);
        row("over the byte limit", doc.valid + QByteArray(doc.maxBytes + 1 - doc.valid.size(), ' '),
            u"%1 is %2 bytes; at most %3 are accepted"_s.arg(doc.type)
                .arg(doc.maxBytes + 1)
                .arg(doc.maxBytes));
    }
    // The case from the brief, spelt out: 300 KiB for a decision.
    QTest::newRow("decision: 300 KiB")
        << u"decision"_s << QByteArray(300 * 1024, 'x')
        << u"decision is 307200 bytes; at most 262144 are accepted"_s;
}

void CodecsTest::documentsRejectMalformed()
{
    QFETCH(QString, type);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, fragment);

    Error error;
    if (type == u"item") {
        const Result<Item> r = Item::fromJsonBytes(bytes);
        QVERIFY2(!r.ok(), "accepted");
        error = r.error();
    } else if (type == u"decision") {
        const Result<Decision> r = Decision::fromJsonBytes(bytes);
        QVERIFY2(!r.ok(), "accepted");
        error = r.error();
    } else {
        const Result<Policy> r = Policy::fromJsonBytes(bytes);
        QVERIFY2(!r.ok(), "accepted");
        error = r.error();
    }
    QCOMPARE(error.field, QString());
    // `fragment` is the start of the message, or alternatives separated by '|'.
    const QStringList alternatives = fragment.split(u'|');
    QVERIFY2(std::any_of(alternatives.begin(), alternatives.end(),
                         [&](const QString& a) { return error.message.startsWith(a); }),
             qPrintable(error.message));
    if (error.message.contains(kNotValidJson))
        QVERIFY2(error.message.contains(u" at byte "_s), qPrintable(error.message));
}

void CodecsTest::documentsAtTheByteLimitAreAccepted_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QByteArray>("bytes");

    auto padded = [](const QByteArray& doc, qsizetype size) -> QByteArray {
        return doc + QByteArray(size - doc.size(), ' ');
    };
    QTest::newRow("item") << u"item"_s << padded(fullItemBytes(), limits::kMaxItemDocumentBytes);
    QTest::newRow("decision") << u"decision"_s
                              << padded(compact(fullDecisionJson()),
                                        limits::kMaxDecisionDocumentBytes);
    QTest::newRow("policy") << u"policy"_s
                            << padded(compact(Policy::builtin().toJson()),
                                      limits::kMaxPolicyDocumentBytes);
}

void CodecsTest::documentsAtTheByteLimitAreAccepted()
{
    QFETCH(QString, type);
    QFETCH(QByteArray, bytes);

    if (type == u"item") {
        const Result<Item> r = Item::fromJsonBytes(bytes);
        QVERIFY2(r.ok(), describe(r).constData());
    } else if (type == u"decision") {
        const Result<Decision> r = Decision::fromJsonBytes(bytes);
        QVERIFY2(r.ok(), describe(r).constData());
    } else {
        const Result<Policy> r = Policy::fromJsonBytes(bytes);
        QVERIFY2(r.ok(), describe(r).constData());
    }
}

// --- Edges that are accepted -----------------------------------------------------------------

void CodecsTest::acceptsBoundaryValues_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QByteArray>("json");

    const QJsonObject item = fullItemJson();
    const QJsonObject decision = fullDecisionJson();
    auto itemRow = [&](const char* name, const QList<Edit>& edits, const QByteArray& raw = {}) {
        QTest::addRow("item: %s", name) << u"item"_s << edited(item, edits, raw);
    };
    auto decisionRow = [&](const char* name, const QList<Edit>& edits, const QByteArray& raw = {}) {
        QTest::addRow("decision: %s", name) << u"decision"_s << edited(decision, edits, raw);
    };
    const QJsonValue null(QJsonValue::Null);

    itemRow("id 200 chars", {{u"id"_s, chars(200)}});
    itemRow("text empty", {{u"text"_s, u""_s}});
    itemRow("text 1000000 chars", {{u"text"_s, chars(1000000)}});
    itemRow("lang 35 chars", {{u"lang"_s, chars(35, u'a')}});
    itemRow("1000 hashtags", {{u"hashtags"_s, stringArray(1000, u"#tag"_s)}});
    itemRow("hashtag 200 chars", {{u"hashtags[0]"_s, chars(200)}});
    itemRow("priority 1000", {{u"priority"_s, 1000}});
    itemRow("priority -1000", {{u"priority"_s, -1000}});
    itemRow("followers 0", {{u"author.followers"_s, 0}});
    itemRow("followers kMaxCount", {{u"author.followers"_s, kRaw}}, "10000000000");
    itemRow("followers as 1e3", {{u"author.followers"_s, kRaw}}, "1e3");
    itemRow("followers as 12.0", {{u"author.followers"_s, kRaw}}, "12.0");
    itemRow("media width 65535", {{u"media[0].width"_s, 65535}});
    itemRow("distance 0", {{u"hash_matches[0].distance"_s, 0}});
    itemRow("distance 256", {{u"hash_matches[0].distance"_s, 256}});
    itemRow("score integer 1", {{u"scores[0].score"_s, 1}, {u"scores[0].threshold"_s, 0}});
    itemRow("optional objects null",
            {{u"venue"_s, null}, {u"context"_s, null}, {u"deadline"_s, null}, {u"url"_s, null}});
    itemRow("optional lists null",
            {{u"media"_s, null}, {u"links"_s, null}, {u"scores"_s, null}, {u"hashtags"_s, null}});
    itemRow("created_at with offset", {{u"created_at"_s, u"2026-11-20T11:15:30.250+03:00"_s}});
    decisionRow("notes 20000 chars", {{u"notes"_s, chars(20000)}});
    decisionRow("handle_ms one week", {{u"handle_ms"_s, kRaw}}, "604800000");
    decisionRow("lease_token INT64_MAX", {{u"lease_token"_s, kRaw}}, kInt64Max);
    decisionRow("seq INT64_MAX", {{u"seq"_s, kRaw}}, kInt64Max);
    decisionRow("optional fields null", {{u"seq"_s, null},
                                         {u"notes"_s, null},
                                         {u"dsa"_s, null},
                                         {u"removal_order"_s, null},
                                         {u"shown"_s, null}});
    decisionRow("territorial_scope empty", {{u"dsa.territorial_scope"_s, QJsonArray{}}});
    QTest::newRow("lease: token INT64_MAX")
        << u"lease"_s << edited(fullLeaseJson(), {{u"token"_s, kRaw}}, kInt64Max);
    QTest::newRow("lease: token 1") << u"lease"_s << edited(fullLeaseJson(), {{u"token"_s, 1}});
}

void CodecsTest::acceptsBoundaryValues()
{
    QFETCH(QString, type);
    QFETCH(QByteArray, json);

    if (type == u"item") {
        const Result<Item> r = Item::fromJsonBytes(json);
        QVERIFY2(r.ok(), describe(r).constData());
        verifyRoundTrip(*r);
    } else if (type == u"decision") {
        const Result<Decision> r = Decision::fromJsonBytes(json);
        QVERIFY2(r.ok(), describe(r).constData());
        verifyRoundTrip(*r);
    } else {
        const Result<Lease> r = decodeObject<Lease>(json);
        QVERIFY2(r.ok(), describe(r).constData());
        verifyRoundTrip(*r);
    }
}

// Items come from platforms that add fields; unlike decisions they are read leniently.
void CodecsTest::itemIgnoresUnknownFields()
{
    const Result<Item> r = Item::fromJsonBytes(
        edited(fullItemJson(), {{u"views"_s, 10}, {u"author.verified"_s, true}}));
    QVERIFY2(r.ok(), describe(r).constData());
    const Result<Item> plain = Item::fromJsonBytes(fullItemBytes());
    QVERIFY2(plain.ok(), describe(plain).constData());
    QCOMPARE(*r, *plain);
}

// "" and null mean "nothing" for optional decision strings, so the log has one spelling of it.
void CodecsTest::emptyOptionalDecisionStringsMeanAbsent()
{
    const Result<Decision> r =
        Decision::fromJsonBytes(edited(fullDecisionJson(), {{u"reason"_s, u""_s},
                                                            {u"action"_s, u""_s},
                                                            {u"notes"_s, u""_s},
                                                            {u"dsa.category"_s, u""_s},
                                                            {u"dsa.facts"_s, u""_s},
                                                            {u"lease_id"_s, QJsonValue::Null},
                                                            {u"lease_token"_s, QJsonValue::Null}}));
    QVERIFY2(r.ok(), describe(r).constData());
    QVERIFY(!r->reason);
    QVERIFY(!r->action);
    QVERIFY(!r->notes);
    QVERIFY(!r->dsa->category);
    QVERIFY(!r->dsa->facts);
    QVERIFY(!r->leaseId);
    verifyRoundTrip(*r);
}

// Text pasted from Windows tools often starts with U+FEFF. What toJson() writes, fromJsonBytes()
// must read back unchanged, or a decision re-read from its JSON hashes differently.
void CodecsTest::leadingByteOrderMarkSurvivesTheDocument_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("BOM inside") << u"SYNTHETIC \uFEFF note"_s;
    QTest::newRow("BOM first") << u"\uFEFFSYNTHETIC note"_s;
    QTest::newRow("BOM only") << u"\uFEFF"_s;
}

void CodecsTest::leadingByteOrderMarkSurvivesTheDocument()
{
    QFETCH(QString, text);

    Decision d = test::sampleDecision(1);
    d.notes = text;
    const Result<Decision> decision = Decision::fromJsonBytes(compact(d.toJson()));
    QVERIFY2(decision.ok(), describe(decision).constData());
    QCOMPARE(decision->notes, d.notes);
    QCOMPARE(decision->computeHash(), d.computeHash());

    Result<Item> item = Item::fromJsonBytes(fullItemBytes());
    QVERIFY2(item.ok(), describe(item).constData());
    item->text = text;
    const Result<Item> back = Item::fromJsonBytes(compact(item->toJson()));
    QVERIFY2(back.ok(), describe(back).constData());
    QCOMPARE(back->text, text);
}

// toCompactJson() is what ModDesk writes; any JSON reader, Qt's included, must get U+FEFF back.
// The parser's repair of raw U+FEFF must not turn an invalid escape into a valid document.
void CodecsTest::byteOrderMarksAreWrittenEscapedAndBadEscapesStayBad()
{
    Decision d = test::sampleDecision(1);
    d.notes = u"\uFEFFSYNTHETIC note"_s;
    const QByteArray written = toCompactJson(d.toJson());
    QVERIFY(written.contains("\\ufeff"));
    QVERIFY(!written.contains("\xEF\xBB\xBF"));
    QCOMPARE(QJsonDocument::fromJson(written).object().value(u"notes"_s).toString(), *d.notes);

    const QByteArray badEscape = "{\"notes\":\"\\\xEF\xBB\xBF\"}";
    QVERIFY(!parseJsonObject(badEscape, 1000, u"doc").ok());
    const QByteArray escapedBackslash = "{\"notes\":\"\\\\\xEF\xBB\xBF\"}";
    const auto parsed = parseJsonObject(escapedBackslash, 1000, u"doc");
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->value(u"notes"_s).toString(), u"\\\uFEFF"_s);
}

// --- Hostile bytes ---------------------------------------------------------------------------

void CodecsTest::mutatedDocumentsNeverCrash_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QByteArray>("valid");

    QTest::newRow("item") << u"item"_s << fullItemBytes();
    QTest::newRow("full decision") << u"decision"_s << compact(fullDecisionJson());
    QTest::newRow("sample decision 1") << u"decision"_s << test::sampleDecisionLine(1);
    QTest::newRow("sample decision 13") << u"decision"_s << test::sampleDecisionLine(13);
    QTest::newRow("policy") << u"policy"_s << compact(Policy::builtin().toJson());
}

void CodecsTest::mutatedDocumentsNeverCrash()
{
    QFETCH(QString, type);
    QFETCH(QByteArray, valid);

    // Decodes `bytes`; when accepted, the value must round trip exactly.
    bool accepted = false;
    auto check = [&type, &accepted](const QByteArray& bytes) {
        if (type == u"item") {
            const Result<Item> r = Item::fromJsonBytes(bytes);
            if ((accepted = r.ok()))
                verifyRoundTrip(*r);
            else
                QVERIFY(!r.error().message.isEmpty());
        } else if (type == u"decision") {
            const Result<Decision> r = Decision::fromJsonBytes(bytes);
            if ((accepted = r.ok()))
                verifyRoundTrip(*r);
            else
                QVERIFY(!r.error().message.isEmpty());
        } else {
            const Result<Policy> r = Policy::fromJsonBytes(bytes);
            if ((accepted = r.ok()))
                verifyRoundTrip(*r);
            else
                QVERIFY(!r.error().message.isEmpty());
        }
    };

    // Every truncation is an error, never a crash and never a value.
    const qsizetype end = valid.trimmed().size();
    for (qsizetype n = 0; n < end; ++n) {
        const QByteArray prefix = valid.left(n);
        check(prefix);
        if (accepted)
            QFAIL(QByteArray("a truncated document was accepted: " + prefix).constData());
        if (QTest::currentTestFailed())
            QFAIL(prefix.constData());
    }
    check(valid);
    QVERIFY(accepted);

    // Seeded random damage: byte changes, deletions, insertions of JSON punctuation.
    QRandomGenerator rng(20261123);
    static const char kSpecial[] = "\"\\{}[],:0-9eE.nul\xff\x80 ";
    for (int round = 0; round < 3000; ++round) {
        QByteArray bytes = valid;
        const int edits = 1 + static_cast<int>(rng.bounded(3));
        for (int e = 0; e < edits && !bytes.isEmpty(); ++e) {
            const qsizetype at = rng.bounded(static_cast<int>(bytes.size()));
            switch (rng.bounded(4)) {
            case 0:
                bytes[at] = static_cast<char>(rng.bounded(256));
                break;
            case 1:
                bytes.remove(at, 1 + rng.bounded(8));
                break;
            case 2:
                bytes.insert(at, kSpecial[rng.bounded(static_cast<int>(sizeof kSpecial - 1))]);
                break;
            default:
                bytes.insert(at, bytes.mid(rng.bounded(static_cast<int>(bytes.size())), 16));
                break;
            }
        }
        check(bytes);
        if (QTest::currentTestFailed())
            QFAIL(bytes.constData());
    }
}

QTEST_GUILESS_MAIN(CodecsTest)
#include "codecs_test.moc"
