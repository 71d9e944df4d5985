// Protects: the canonical bytes the audit log hashes (Decision::canonicalBytes/computeHash): one
// spelling per decision, every field covered, and pinned hashes so that no change silently
// invalidates existing logs.
#include "canonical_json.h"
#include "decision.h"
#include "qtest_printers.h"
#include "sample_decisions.h"
#include "timestamp.h"

#include <QCryptographicHash>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <functional>
#include <limits>
#include <optional>

using namespace Qt::StringLiterals;
using namespace moddesk;

namespace {

const QString kZeroHash = QString(64, u'0');

// The keys of the top-level object of `json`, in the order they are written.
QList<QByteArray> topLevelKeys(const QByteArray& json)
{
    QList<QByteArray> keys;
    int depth = 0;
    bool expectKey = false;
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (c == '"') {
            qsizetype end = i + 1;
            while (end < json.size() && json[end] != '"')
                end += json[end] == '\\' ? 2 : 1;
            if (depth == 1 && expectKey)
                keys.append(json.mid(i + 1, end - i - 1));
            expectKey = false;
            i = end;
        } else if (c == '{' || c == '[') {
            ++depth;
            expectKey = c == '{' && depth == 1;
        } else if (c == '}' || c == ']') {
            --depth;
        } else if (c == ',' && depth == 1) {
            expectKey = true;
        }
    }
    return keys;
}

// `json` without the contents of its strings: what is left is structure.
QByteArray outsideStrings(const QByteArray& json)
{
    QByteArray out;
    bool inString = false;
    for (qsizetype i = 0; i < json.size(); ++i) {
        if (inString && json[i] == '\\')
            ++i;
        else if (json[i] == '"')
            inString = !inString;
        else if (!inString)
            out.append(json[i]);
    }
    return out;
}

// A decision with every field set, chain fields included; not policy-valid (a review with a
// removal order and a lease), which canonicalBytes() does not care about.
Decision fullDecision()
{
    Decision d = test::sampleDecision(3); // violating, DSA statement, removal order
    d.seq = 42;
    d.prevHash = QString(64, u'c');
    d.hash = QString(64, u'e');
    d.leaseId = u"lease-3"_s;
    d.leaseToken = 4;
    d.kind = u"review"_s;
    d.reviews = test::sampleUuid(99);
    d.notes = u"SYNTHETIC: «مثال» Пример \"quoted\" \\ tab\there"_s;
    Q_ASSERT(d.dsa && d.dsa->category && d.dsa->automatedDetection && d.dsa->facts);
    Q_ASSERT(d.removalOrder && d.handleMs && d.shown);
    return d;
}

Decision chained(int n)
{
    Decision d = test::sampleDecision(n);
    d.seq = n + 1;
    d.prevHash = QString(64, QChar(u'0' + n % 10));
    return d;
}

struct Mutator {
    const char* name;
    std::function<void(Decision&)> apply;
};

// One change per field (and, for optional fields, also its removal); each must change the hash.
const std::vector<Mutator>& mutators()
{
    static const std::vector<Mutator> all{
        {"id", [](Decision& d) { d.id = test::sampleUuid(1000); }},
        {"seq + 1", [](Decision& d) { d.seq += 1; }},
        {"seq cleared", [](Decision& d) { d.seq = 0; }},
        {"prev_hash", [](Decision& d) { d.prevHash[63] = u'd'; }},
        {"prev_hash cleared", [](Decision& d) { d.prevHash.clear(); }},
        {"item_id", [](Decision& d) { d.itemId += u'x'; }},
        {"lease_id", [](Decision& d) { d.leaseId = u"lease-4"_s; }},
        {"lease_id cleared", [](Decision& d) { d.leaseId.reset(); }},
        {"lease_token", [](Decision& d) { *d.leaseToken += 1; }},
        {"lease_token cleared", [](Decision& d) { d.leaseToken.reset(); }},
        {"kind", [](Decision& d) { d.kind = u"retract"_s; }},
        {"reviews", [](Decision& d) { d.reviews = test::sampleUuid(98); }},
        {"reviews cleared", [](Decision& d) { d.reviews.reset(); }},
        {"verdict", [](Decision& d) { d.verdict = u"escalate"_s; }},
        {"verdict cleared", [](Decision& d) { d.verdict.reset(); }},
        {"reason", [](Decision& d) { d.reason = u"incitement"_s; }},
        {"reason cleared", [](Decision& d) { d.reason.reset(); }},
        {"action", [](Decision& d) { d.action = u"restrict"_s; }},
        {"action cleared", [](Decision& d) { d.action.reset(); }},
        {"notes, one character", [](Decision& d) { (*d.notes)[0] = u's'; }},
        {"notes, trailing space", [](Decision& d) { *d.notes += u' '; }},
        {"notes cleared", [](Decision& d) { d.notes.reset(); }},
        {"moderator", [](Decision& d) { d.moderator = u"Alice"_s; }},
        {"decided_at + 1 ms", [](Decision& d) { d.decidedAt += 1; }},
        {"handle_ms + 1", [](Decision& d) { *d.handleMs += 1; }},
        {"handle_ms cleared", [](Decision& d) { d.handleMs.reset(); }},
        {"policy_version", [](Decision& d) { d.policyVersion = u"tvec-2026.12"_s; }},
        {"shown", [](Decision& d) { d.shown = QString(64, u'f'); }},
        {"shown cleared", [](Decision& d) { d.shown.reset(); }},
        {"dsa.decision_ground",
         [](Decision& d) { d.dsa->decisionGround = u"incompatible_with_terms"_s; }},
        {"dsa.category", [](Decision& d) { d.dsa->category = u"STATEMENT_CATEGORY_OTHER"_s; }},
        {"dsa.category cleared", [](Decision& d) { d.dsa->category.reset(); }},
        {"dsa.territorial_scope added", [](Decision& d) { d.dsa->territorialScope << u"FR"_s; }},
        {"dsa.territorial_scope removed",
         [](Decision& d) { d.dsa->territorialScope.removeLast(); }},
        {"dsa.territorial_scope reordered",
         [](Decision& d) { std::swap(d.dsa->territorialScope[0], d.dsa->territorialScope[1]); }},
        {"dsa.territorial_scope joined",
         [](Decision& d) { d.dsa->territorialScope = {d.dsa->territorialScope.join(QString())}; }},
        {"dsa.territorial_scope comma-joined",
         [](Decision& d) { d.dsa->territorialScope = {d.dsa->territorialScope.join(u',')}; }},
        {"dsa.territorial_scope cleared", [](Decision& d) { d.dsa->territorialScope.clear(); }},
        {"dsa.automated_detection flipped",
         [](Decision& d) { d.dsa->automatedDetection = !*d.dsa->automatedDetection; }},
        {"dsa.automated_detection cleared", [](Decision& d) { d.dsa->automatedDetection.reset(); }},
        {"dsa.facts", [](Decision& d) { *d.dsa->facts += u'.'; }},
        {"dsa.facts cleared", [](Decision& d) { d.dsa->facts.reset(); }},
        {"dsa cleared", [](Decision& d) { d.dsa.reset(); }},
        {"removal_order.order_ref", [](Decision& d) { d.removalOrder->orderRef += u'0'; }},
        {"removal_order.actioned_at + 1 ms", [](Decision& d) { d.removalOrder->actionedAt += 1; }},
        {"removal_order cleared", [](Decision& d) { d.removalOrder.reset(); }},
        {"reason moved to notes",
         [](Decision& d) {
             d.notes = d.reason;
             d.reason.reset();
         }},
        {"verdict and reason swapped", [](Decision& d) { std::swap(d.verdict, d.reason); }},
    };
    return all;
}

} // namespace

class DecisionCanonicalTest final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void decisionKeysAreTheCanonicalSet();
    void decisionKeysStrictlyAscend_data();
    void decisionKeysStrictlyAscend();
    void decisionCanonicalBytesAreJson();
    void everyFieldChangesTheHash_data();
    void everyFieldChangesTheHash();
    void listSpellingsAreDistinct();
    void hashFieldIsNotHashed();
    void jsonRoundTripKeepsBytes_data();
    void jsonRoundTripKeepsBytes();
    void equivalentSpellingsHashAlike();
    void computeHashIsSha256OfCanonicalBytes();
    void goldenHashes();
};

// --- Decision --------------------------------------------------------------------------------

// The flat key set is part of the hash format; adding, renaming or dropping a key breaks every
// existing log.
void DecisionCanonicalTest::decisionKeysAreTheCanonicalSet()
{
    const QList<QByteArray> expected{"action"_ba,
                                     "decided_at"_ba,
                                     "dsa_automated_detection"_ba,
                                     "dsa_category"_ba,
                                     "dsa_decision_ground"_ba,
                                     "dsa_facts"_ba,
                                     "dsa_territorial_scope"_ba,
                                     "handle_ms"_ba,
                                     "id"_ba,
                                     "item_id"_ba,
                                     "kind"_ba,
                                     "lease_id"_ba,
                                     "lease_token"_ba,
                                     "moderator"_ba,
                                     "notes"_ba,
                                     "order_actioned_at"_ba,
                                     "order_ref"_ba,
                                     "policy_version"_ba,
                                     "prev_hash"_ba,
                                     "reason"_ba,
                                     "reviews"_ba,
                                     "seq"_ba,
                                     "shown"_ba,
                                     "verdict"_ba};
    QCOMPARE(topLevelKeys(fullDecision().canonicalBytes()), expected);
    // Absent groups keep the shape: every entry has the same keys.
    Decision minimal = test::sampleDecision(1);
    minimal.dsa.reset();
    minimal.removalOrder.reset();
    minimal.handleMs.reset();
    QCOMPARE(topLevelKeys(minimal.canonicalBytes()), expected);
    QCOMPARE(topLevelKeys(Decision().canonicalBytes()), expected);
}

void DecisionCanonicalTest::decisionKeysStrictlyAscend_data()
{
    QTest::addColumn<Decision>("decision");
    QTest::newRow("full") << fullDecision();
    QTest::newRow("default-constructed") << Decision();
    for (int n = 0; n < 50; ++n)
        QTest::addRow("sample %d", n) << chained(n);
}

void DecisionCanonicalTest::decisionKeysStrictlyAscend()
{
    QFETCH(Decision, decision);

    const QByteArray bytes = decision.canonicalBytes();
    const QList<QByteArray> keys = topLevelKeys(bytes);
    QVERIFY(!keys.isEmpty());
    for (qsizetype i = 1; i < keys.size(); ++i)
        QVERIFY2(keys[i - 1] < keys[i], QByteArray(keys[i - 1] + " !< " + keys[i]).constData());
    const QByteArray structure = outsideStrings(bytes);
    for (char c : {' ', '\n', '\r', '\t'})
        QVERIFY2(!structure.contains(c), structure.constData());
    QVERIFY(bytes.startsWith('{') && bytes.endsWith('}'));
}

void DecisionCanonicalTest::decisionCanonicalBytesAreJson()
{
    const Decision d = fullDecision();
    QJsonParseError error;
    const QJsonObject o = QJsonDocument::fromJson(d.canonicalBytes(), &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(o.size(), 24);
    QVERIFY(!o.contains(u"hash"_s));
    QCOMPARE(o.value(u"id"_s).toString(), d.id);
    QCOMPARE(o.value(u"seq"_s).toInteger(), d.seq);
    QCOMPARE(o.value(u"prev_hash"_s).toString(), d.prevHash);
    QCOMPARE(o.value(u"item_id"_s).toString(), d.itemId);
    QCOMPARE(o.value(u"kind"_s).toString(), d.kind);
    QCOMPARE(o.value(u"reviews"_s).toString(), *d.reviews);
    QCOMPARE(o.value(u"notes"_s).toString(), *d.notes);
    QCOMPARE(o.value(u"decided_at"_s).toString(), timestamp::format(d.decidedAt));
    QCOMPARE(o.value(u"lease_token"_s).toInteger(), *d.leaseToken);
    QCOMPARE(o.value(u"dsa_automated_detection"_s).toBool(), *d.dsa->automatedDetection);
    QCOMPARE(o.value(u"dsa_territorial_scope"_s).toVariant().toStringList(),
             d.dsa->territorialScope);
    QCOMPARE(o.value(u"order_actioned_at"_s).toString(),
             timestamp::format(d.removalOrder->actionedAt));

    const QJsonObject empty = QJsonDocument::fromJson(Decision().canonicalBytes()).object();
    QVERIFY(empty.value(u"verdict"_s).isNull());
    QVERIFY(empty.value(u"dsa_decision_ground"_s).isNull());
    QVERIFY(empty.value(u"order_ref"_s).isNull());
    QCOMPARE(empty.value(u"seq"_s).toInteger(-1), 0);
}

void DecisionCanonicalTest::everyFieldChangesTheHash_data()
{
    QTest::addColumn<int>("index");
    for (size_t i = 0; i < mutators().size(); ++i)
        QTest::newRow(mutators()[i].name) << static_cast<int>(i);
}

void DecisionCanonicalTest::everyFieldChangesTheHash()
{
    QFETCH(int, index);

    const Decision base = fullDecision();
    Decision changed = base;
    mutators()[static_cast<size_t>(index)].apply(changed);
    QVERIFY2(!(changed == base), "the mutator changed nothing (test bug)");

    QVERIFY2(changed.canonicalBytes() != base.canonicalBytes(), base.canonicalBytes().constData());
    QVERIFY(changed.computeHash() != base.computeHash());
}

// Lists are hashed as lists: no two different territorial scopes share canonical bytes, even
// ones that validate() would refuse (canonicalBytes() also covers code-built decisions).
void DecisionCanonicalTest::listSpellingsAreDistinct()
{
    const QList<QStringList> scopes{{},
                                    {u""_s},
                                    {u""_s, u""_s},
                                    {u"EEA"_s},
                                    {u"EEA"_s, u""_s},
                                    {u""_s, u"EEA"_s},
                                    {u"EEA"_s, u"GB"_s},
                                    {u"GB"_s, u"EEA"_s},
                                    {u"EEA,GB"_s},
                                    {u"EEAGB"_s},
                                    {u"EEA"_s, u"GB,"_s}};
    QHash<QByteArray, qsizetype> seen;
    for (qsizetype i = 0; i < scopes.size(); ++i) {
        Decision d = fullDecision();
        d.dsa->territorialScope = scopes[i];
        const QByteArray bytes = d.canonicalBytes();
        const auto it = seen.constFind(bytes);
        auto show = [](const QStringList& l) {
            return l.isEmpty() ? u"[]"_s : u"[\""_s + l.join(u"\",\""_s) + u"\"]"_s;
        };
        QVERIFY2(it == seen.constEnd(), qPrintable(show(scopes[i]) + u" hashes like "_s +
                                                   show(scopes[it == seen.constEnd() ? 0 : *it])));
        seen.insert(bytes, i);
    }
}

void DecisionCanonicalTest::hashFieldIsNotHashed()
{
    Decision d = fullDecision();
    const QByteArray before = d.canonicalBytes();
    d.hash = d.computeHash();
    QCOMPARE(d.canonicalBytes(), before);
    d.hash.clear();
    QCOMPARE(d.canonicalBytes(), before);
}

void DecisionCanonicalTest::jsonRoundTripKeepsBytes_data()
{
    QTest::addColumn<Decision>("decision");
    for (int n = 0; n < 50; ++n)
        QTest::addRow("sample %d", n) << chained(n);
}

void DecisionCanonicalTest::jsonRoundTripKeepsBytes()
{
    QFETCH(Decision, decision);

    const Result<Decision> viaObject = Decision::fromJson(decision.toJson());
    QVERIFY2(viaObject.ok(), qPrintable(viaObject.ok() ? QString() : viaObject.error().toString()));
    QCOMPARE(viaObject->canonicalBytes(), decision.canonicalBytes());

    for (auto format : {QJsonDocument::Compact, QJsonDocument::Indented}) {
        const Result<Decision> viaText =
            Decision::fromJsonBytes(QJsonDocument(decision.toJson()).toJson(format));
        QVERIFY2(viaText.ok(), qPrintable(viaText.ok() ? QString() : viaText.error().toString()));
        QCOMPARE(viaText->canonicalBytes(), decision.canonicalBytes());
        QCOMPARE(viaText->computeHash(), decision.computeHash());
    }
}

// One instant has one spelling, and "" means the same as an absent optional string.
void DecisionCanonicalTest::equivalentSpellingsHashAlike()
{
    QJsonObject json = chained(1).toJson();
    const Result<Decision> reference = Decision::fromJson(json);
    QVERIFY(reference.ok());

    const QString instant = json.value(u"decided_at"_s).toString(); // ...T..:..:..mmmZ
    QVERIFY(instant.endsWith(u'Z'));
    const qint64 ms = *timestamp::parse(instant);
    const QString plus3 = timestamp::format(ms + 3 * 3600 * 1000).chopped(1) + u"+03:00"_s;
    const QString nanos = instant.chopped(1) + u"999999Z"_s;
    const QString lower = instant.toLower();
    for (const QString& spelling : {plus3, nanos, lower}) {
        json.insert(u"decided_at"_s, spelling);
        const Result<Decision> d = Decision::fromJson(json);
        QVERIFY2(d.ok(), qPrintable(spelling));
        QCOMPARE(d->canonicalBytes(), reference->canonicalBytes());
    }

    // "" and null for an optional string both mean absent. Sample 0 has no notes, sample 1 no
    // lease, sample 4 (a review) no notes and no DSA statement.
    struct Blank {
        int n;
        QString key;
    };
    for (const Blank& blank :
         {Blank{0, u"notes"_s}, Blank{1, u"lease_id"_s}, Blank{4, u"notes"_s}}) {
        json = chained(blank.n).toJson();
        QVERIFY(!json.contains(blank.key));
        const Result<Decision> plain = Decision::fromJson(json);
        QVERIFY(plain.ok());
        for (const QJsonValue& nothing : {QJsonValue(u""_s), QJsonValue(QJsonValue::Null)}) {
            json.insert(blank.key, nothing);
            const Result<Decision> d = Decision::fromJson(json);
            QVERIFY2(d.ok(), qPrintable(d.ok() ? QString() : d.error().toString()));
            QCOMPARE(d->canonicalBytes(), plain->canonicalBytes());
        }
    }
}

void DecisionCanonicalTest::computeHashIsSha256OfCanonicalBytes()
{
    for (int n = 0; n < 50; ++n) {
        const Decision d = chained(n);
        const QByteArray expected =
            QCryptographicHash::hash(d.canonicalBytes(), QCryptographicHash::Sha256).toHex();
        QCOMPARE(d.computeHash(), QString::fromLatin1(expected));
    }
}

// GOLDEN VALUES. The audit log stores these hashes and chains every entry to the one before.
// If this test fails, canonicalBytes() (or sampleDecision) has changed, and the new code would
// declare EVERY EXISTING LOG corrupt. Do not update the constants to make the test pass; change
// the code back, or introduce a versioned hash format with a migration.
void DecisionCanonicalTest::goldenHashes()
{
    Decision d0 = test::sampleDecision(0);
    d0.seq = 1;
    d0.prevHash = kZeroHash;
    Decision d1 = test::sampleDecision(1);
    d1.seq = 1;
    d1.prevHash = kZeroHash;

    // The bytes behind the second hash, for a readable diff when it breaks.
    const QByteArray bytes1(
        R"({"action":"no_action","decided_at":"2026-11-18T11:06:41.234Z",)"
        R"("dsa_automated_detection":null,"dsa_category":null,)"
        R"("dsa_decision_ground":null,"dsa_facts":null,)"
        R"("dsa_territorial_scope":[],"handle_ms":837,)"
        R"("id":"00000001-0000-4001-8000-00009e3779b1",)"
        R"("item_id":"synthetic-item-0","kind":"triage",)"
        R"("lease_id":null,"lease_token":null,"moderator":"bogdan",)"
        R"("notes":"SYNTHETIC: mocks the group — «مثال» \"quoted\" \\ tab\there",)"
        R"("order_actioned_at":null,"order_ref":null,)"
        R"("policy_version":"tvec-2026.11",)"
        R"("prev_hash":"0000000000000000000000000000000000000000000000000000000000000000",)"
        R"("reason":"counter_speech","reviews":null,"seq":1,)"
        R"("shown":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",)"
        R"("verdict":"not_violating"})");
    QCOMPARE(d1.canonicalBytes(), bytes1);
    QCOMPARE(d0.computeHash(),
             u"cabf9f05c45500372c2e8dbcb7f4edc5633d31ca2ca8b14d626ac4bebd02de99"_s);
    QCOMPARE(d1.computeHash(),
             u"219a17efaf872d709a3fd77fc3fbbcb9b2bdeb7be0c75c0f44eaca37117028d9"_s);
}

QTEST_GUILESS_MAIN(DecisionCanonicalTest)
#include "decision_canonical_test.moc"
