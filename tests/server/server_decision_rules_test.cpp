// Integrity rules on decisions that a buggy or hostile client could break (issue #13, rows
// 6–8 and part of 12), on both engines: a retract names a decision on the same item, once,
// and never another retract; a triage decision names the very grant it was made under; a live
// lease of someone else's is said to be theirs. Each refusal leaves the chain as it was.
#include "contract_support.h"
#include "decision.h"
#include "sample_decisions.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace moddesk;
using namespace moddesk::test;

namespace {

QJsonObject retractOf(const QJsonObject& decided, int n, const QString& itemId = {})
{
    Decision r = sampleDecision(1);
    r.id = sampleUuid(n, 78);
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
        const HttpResult theirs = httpRequest(
            "POST"_ba, s->baseUrl() + u"/v1/queues/default/leases"_s, other, R"({})"_ba);
        QCOMPARE(theirs.status, 200);
        const QString theirLeaseId = theirs.json()
                                         .value(u"leases"_s)
                                         .toArray()
                                         .at(0)
                                         .toObject()
                                         .value(u"lease"_s)
                                         .toObject()
                                         .value(u"id"_s)
                                         .toString();
        QVERIFY(!theirLeaseId.isEmpty());
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
        const HttpResult theirs = httpRequest(
            "POST"_ba, s->baseUrl() + u"/v1/queues/default/leases"_s, other, R"({})"_ba);
        QCOMPARE(theirs.status, 200);
        const QJsonObject o = theirs.json().value(u"leases"_s).toArray().at(0).toObject();
        const Leased stolen{o.value(u"item"_s).toObject(),
                            o.value(u"lease"_s).toObject().value(u"id"_s).toString(),
                            o.value(u"lease"_s).toObject().value(u"token"_s).toInteger()};
        const QJsonObject answer = results(*s, u"moderator"_s, {triage(stolen, u"moderator"_s, 1)});
        QCOMPARE(statusOf(answer), u"conflict"_s);
        QVERIFY2(reasonOf(answer).startsWith(u"lease_not_yours"_s), qPrintable(reasonOf(answer)));
        QCOMPARE(chainSeq(*s), 0);
    }
};

QTEST_GUILESS_MAIN(ServerDecisionRulesTest)
#include "server_decision_rules_test.moc"
