// Integrity rules on decisions that a buggy or hostile client could break (issue #13, rows
// 6–8 and part of 12), on both engines: a retract names a decision on the same item, once,
// and never another retract; a triage decision names the very grant it was made under; a live
// lease of someone else's is said to be theirs; and input bounds: no decision from the future,
// one type per media hash, item ids of a plain character set. Each refusal changes nothing.
#include "contract_support.h"
#include "decision.h"
#include "sample_decisions.h"
#include "sha256.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTest>

#include <optional>

using namespace Qt::StringLiterals;
using namespace moddesk;
using namespace moddesk::test;

namespace {

QJsonObject retractOf(const QJsonObject& decided, int n, const QString& itemId = {})
{
    Decision r = sampleDecision(1);
    r.id = sampleUuid(n, 78);
    r.decidedAt = QDateTime::currentMSecsSinceEpoch();
    r.kind = u"retract"_s;
    r.moderator = u"moderator"_s;
    r.itemId = itemId.isEmpty() ? decided.value(u"item_id"_s).toString() : itemId;
    r.reviews = decided.value(u"id"_s).toString();
    r.verdict.reset();
    r.reason.reset();
    r.action.reset();
    r.leaseId.reset();
    r.leaseToken.reset();
    return r.toJson();
}

qint64 chainSeq(const ServerProcess& s)
{
    qint64 seq = 0;
    for (qint64 after = 0;;) {
        const QJsonObject page =
            s.get(u"/v1/decisions?limit=1000&after=%1"_s.arg(after), u"supervisor"_s).json();
        if (page.value(u"decisions"_s).toArray().isEmpty())
            return seq;
        seq = after = page.value(u"next"_s).toInteger();
    }
}

// One item leased with a token of someone's (not a role's), as that user's workstation would.
std::optional<Leased> leaseAs(const ServerProcess& s, const QString& token)
{
    const HttpResult r =
        httpRequest("POST"_ba, s.baseUrl() + u"/v1/queues/default/leases"_s, token, "{}"_ba);
    const QJsonObject o = r.json().value(u"leases"_s).toArray().at(0).toObject();
    if (r.status != 200 || o.isEmpty())
        return std::nullopt;
    return Leased{o.value(u"item"_s).toObject(),
                  o.value(u"lease"_s).toObject().value(u"id"_s).toString(),
                  o.value(u"lease"_s).toObject().value(u"token"_s).toInteger()};
}

QString fieldOf(const QJsonObject& answer, int i = 0)
{
    return answer.value(u"results"_s).toArray().at(i).toObject().value(u"field"_s).toString();
}

QString reasonOf(const QJsonObject& answer, int i = 0)
{
    return answer.value(u"results"_s).toArray().at(i).toObject().value(u"reason"_s).toString();
}

} // namespace

class ServerDecisionRulesTest final : public QObject {
    Q_OBJECT

    EngineServers m_servers;

private Q_SLOTS:
    void initTestCase_data() { EngineServers::addEngineRows(); }
    void initTestCase() { m_servers.startPostgres(); }
    void init()
    {
        if (const QString why = m_servers.unavailable(); !why.isEmpty())
            QFAIL(qPrintable(why));
    }

    // Row 6: decide #1, retract #1, decide #2, retract #1 again: the second retract is refused
    // and the item stays decided by #2; a retract of the retract is refused too.
    void aDecisionIsRetractedOnceAndRetractsAreFinal()
    {
        auto s = m_servers.fresh(5);
        QVERIFY(s);
        const auto leased = lease(*s, u"moderator"_s, 1);
        QCOMPARE(leased.size(), size_t(1));
        const QJsonObject first = triage(leased[0], u"moderator"_s, 1);
        const QJsonObject undo = retractOf(first, 1);
        const QJsonObject second = triage(leased[0], u"moderator"_s, 2);
        QJsonObject answer = results(*s, u"moderator"_s, {first, undo, second});
        QCOMPARE(statusOf(answer, 0), u"accepted"_s);
        QCOMPARE(statusOf(answer, 1), u"accepted"_s);
        QCOMPARE(statusOf(answer, 2), u"accepted"_s);
        const qint64 seq = chainSeq(*s);
        QCOMPARE(seq, 3);

        answer = results(*s, u"moderator"_s, {retractOf(first, 2)});
        QCOMPARE(statusOf(answer), u"conflict"_s);
        QVERIFY2(reasonOf(answer).startsWith(u"already_retracted"_s), qPrintable(reasonOf(answer)));
        answer = results(*s, u"moderator"_s, {retractOf(undo, 3)});
        QCOMPARE(statusOf(answer), u"invalid"_s);
        QCOMPARE(fieldOf(answer), u"reviews"_s);
        QCOMPARE(chainSeq(*s), seq);
        // The item is still settled by #2: a new triage under the grant is refused.
        QCOMPARE(statusOf(results(*s, u"moderator"_s, {triage(leased[0], u"moderator"_s, 4)})),
                 u"conflict"_s);
    }

    // Row 7: a retract must be on the item of the decision it retracts.
    void aRetractNamesTheItemOfItsDecision()
    {
        auto s = m_servers.fresh(5);
        QVERIFY(s);
        const auto leased = lease(*s, u"moderator"_s, 2);
        QCOMPARE(leased.size(), size_t(2));
        const QJsonObject decided = triage(leased[0], u"moderator"_s, 1);
        QCOMPARE(statusOf(results(*s, u"moderator"_s, {decided})), u"accepted"_s);
        const QString otherItem = leased[1].item.value(u"id"_s).toString();
        const QJsonObject answer = results(*s, u"moderator"_s, {retractOf(decided, 1, otherItem)});
        QCOMPARE(statusOf(answer), u"invalid"_s);
        QCOMPARE(fieldOf(answer), u"item_id"_s);
        QCOMPARE(chainSeq(*s), 1);
    }

    // Row 8: a triage decision names the lease id of its grant, not another one's.
    void aTriageNamesItsOwnLease()
    {
        auto s = m_servers.fresh(5);
        QVERIFY(s);
        const QString other = s->addUser(u"other-moderator"_s, u"moderator"_s);
        const auto mine = lease(*s, u"moderator"_s, 1);
        QCOMPARE(mine.size(), size_t(1));
        const std::optional<Leased> theirs = leaseAs(*s, other);
        QVERIFY(theirs);
        const QString theirLeaseId = theirs->leaseId;
        Leased forged = mine[0];
        forged.leaseId = theirLeaseId;
        // One alone (the one-at-a-time path) and two together (the bulk path).
        for (int batch : {1, 2}) {
            QJsonArray decisions{triage(forged, u"moderator"_s, 10 + batch)};
            if (batch == 2)
                decisions.append(triage(forged, u"moderator"_s, 20 + batch));
            const QJsonObject answer = results(*s, u"moderator"_s, decisions);
            QCOMPARE(statusOf(answer), u"invalid"_s);
            QCOMPARE(fieldOf(answer), u"lease_id"_s);
        }
        QCOMPARE(chainSeq(*s), 0);
        QCOMPARE(statusOf(results(*s, u"moderator"_s, {triage(mine[0], u"moderator"_s, 1)})),
                 u"accepted"_s);
    }

    // Row 12: deciding under a token of a grant someone else holds says so.
    void someoneElsesLiveLeaseIsNamedSo()
    {
        auto s = m_servers.fresh(1);
        QVERIFY(s);
        const QString other = s->addUser(u"other-moderator"_s, u"moderator"_s);
        const std::optional<Leased> stolen = leaseAs(*s, other);
        QVERIFY(stolen);
        const QJsonObject answer =
            results(*s, u"moderator"_s, {triage(*stolen, u"moderator"_s, 1)});
        QCOMPARE(statusOf(answer), u"conflict"_s);
        QVERIFY2(reasonOf(answer).startsWith(u"lease_not_yours"_s), qPrintable(reasonOf(answer)));
        QCOMPARE(chainSeq(*s), 0);
    }

    // Row 12: a decided_at far ahead of the server's clock (9999-12-31), or before the item was
    // received, is refused.
    void aDecisionFromTheFutureIsRefused()
    {
        auto s = m_servers.fresh(2);
        QVERIFY(s);
        const auto leased = lease(*s, u"moderator"_s, 1);
        QCOMPARE(leased.size(), size_t(1));
        QJsonObject future = triage(leased[0], u"moderator"_s, 1);
        future.insert(u"decided_at"_s, u"9999-12-31T23:59:59.000Z"_s);
        QJsonObject answer = results(*s, u"moderator"_s, {future});
        QCOMPARE(statusOf(answer), u"invalid"_s);
        QCOMPARE(fieldOf(answer), u"decided_at"_s);
        // Nor one made before its item reached the server (the seeded items came today).
        QJsonObject early = triage(leased[0], u"moderator"_s, 2);
        early.insert(u"decided_at"_s, u"2020-01-01T00:00:00.000Z"_s);
        answer = results(*s, u"moderator"_s, {early});
        QCOMPARE(statusOf(answer), u"invalid"_s);
        QCOMPARE(fieldOf(answer), u"decided_at"_s);
        QCOMPARE(chainSeq(*s), 0);
    }

    // Row 12: the same bytes again keep their type; sent as another type they are refused.
    void mediaKeepTheirType()
    {
        auto s = m_servers.fresh(0);
        QVERIFY(s);
        const QByteArray png = "\x89PNG\r\n\x1a\n synthetic bytes for a type test"_ba;
        const QString sha = QString::fromLatin1(Sha256::hexDigest(png));
        auto put = [&](const QByteArray& type) {
            return httpRequestWithType("PUT"_ba, s->baseUrl() + u"/v1/media/"_s + sha,
                                       s->token(u"ingest"_s), png, type);
        };
        QCOMPARE(put("image/png"_ba).status, 201);
        QCOMPARE(put("image/png"_ba).status, 200);
        const HttpResult other = put("image/jpeg"_ba);
        QCOMPARE(other.status, 409);
        QCOMPARE(other.json().value(u"error"_s).toObject().value(u"code"_s).toString(),
                 u"media_type_conflict"_s);
        const HttpResult got = s->get(u"/v1/media/"_s + sha, u"moderator"_s);
        QCOMPARE(got.headers.value("content-type"), "image/png"_ba);
    }

    // Row 12: item ids are 1–128 characters of a plain set (they travel in paths and logs).
    void itemIdsArePlain_data()
    {
        QTest::addColumn<QString>("id");
        QTest::newRow("NUL") << u"syn\u0000x"_s;
        QTest::newRow("newline") << u"syn\nx"_s;
        QTest::newRow("U+202E") << u"syn\u202Ex"_s;
        QTest::newRow("path") << u"../etc"_s;
        QTest::newRow("slash") << u"syn/x"_s;
        QTest::newRow("129 characters") << QString(129, u'a');
    }

    void itemIdsArePlain()
    {
        QFETCH(QString, id);
        ServerProcess* s = m_servers.shared(0);
        QVERIFY(s);
        const QByteArray before = s->get(u"/v1/queues"_s, u"admin"_s).body;
        QJsonObject item{{u"id"_s, id},
                         {u"platform"_s, u"forum"_s},
                         {u"content_type"_s, u"text/plain"_s},
                         {u"text"_s, u"[SYNTHETIC] id test"_s},
                         {u"created_at"_s, u"2026-11-23T10:00:00Z"_s},
                         {u"author"_s, QJsonObject{{u"handle"_s, u"synthetic"_s}}},
                         {u"source"_s, QJsonObject{{u"type"_s, u"user_report"_s},
                                                   {u"received_at"_s, u"2026-11-23T10:01:00Z"_s}}}};
        const HttpResult r = s->post(u"/v1/items"_s, u"ingest"_s,
                                     {{u"queue"_s, u"default"_s}, {u"items"_s, QJsonArray{item}}});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json().value(u"error"_s).toObject().value(u"field"_s).toString(),
                 u"items[0].id"_s);
        QCOMPARE(s->get(u"/v1/queues"_s, u"admin"_s).body, before);
        // A plain id of the longest length is taken.
        item.insert(u"id"_s, QString(u"syn-"_s + QString(124, u'a')));
        QCOMPARE(s->post(u"/v1/items"_s, u"ingest"_s,
                         {{u"queue"_s, u"plain-ids"_s}, {u"items"_s, QJsonArray{item}}})
                     .status,
                 200);
    }
};

QTEST_GUILESS_MAIN(ServerDecisionRulesTest)
#include "server_decision_rules_test.moc"
