// Protects: protocol v1's queue as docs/protocol.md states it, on both engines (SQLite and a
// real PostgreSQL started for the run), through real HTTP to the real moddesk-server process:
// leases and their order, renewals, fencing, idempotent decisions, batches and the chain.
#include "contract_support.h"
#include "decision.h"
#include "sample_decisions.h"
#include "timestamp.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QTest>
#include <QThread>

using namespace Qt::StringLiterals;
using namespace moddesk;
using namespace moddesk::test;

class ServerContractTest final : public QObject {
    Q_OBJECT

    EngineServers m_servers;

private Q_SLOTS:
    void initTestCase_data() { EngineServers::addEngineRows(); }
    void initTestCase() { m_servers.startPostgres(); }
    void init()
    {
        const QString why = m_servers.unavailable();
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }

    void leasesComeInDeadlinePriorityAgeOrder()
    {
        auto s = m_servers.fresh(60);
        QVERIFY(s);
        const auto leased = lease(*s, u"moderator"_s, 60);
        QCOMPARE(leased.size(), size_t(60));
        qint64 lastDeadline = 0;
        bool seenUndated = false;
        for (const Leased& l : leased) {
            QCOMPARE(l.token, 1);
            const QString deadline = l.item.value(u"deadline"_s).toString();
            if (deadline.isEmpty()) {
                seenUndated = true;
                continue;
            }
            QVERIFY2(!seenUndated, "an item with a deadline came after one without");
            const qint64 at = *timestamp::parse(deadline);
            QVERIFY(at >= lastDeadline);
            lastDeadline = at;
        }
        QVERIFY(lastDeadline > 0); // the seed has removal orders
        // Everything is leased now: nothing more to hand out.
        QCOMPARE(lease(*s, u"supervisor"_s, 5).size(), size_t(0));
    }

    void renewAndRelease()
    {
        auto s = m_servers.fresh(3);
        QVERIFY(s);
        const auto leased = lease(*s, u"moderator"_s, 1, 60);
        QCOMPARE(leased.size(), size_t(1));
        const QString id = leased[0].leaseId;
        HttpResult r = s->post(u"/v1/leases/"_s + id + u"/renew"_s, u"moderator"_s,
                               {{u"lease_seconds"_s, 600}});
        QCOMPARE(r.status, 200);
        const qint64 expires = *timestamp::parse(
            r.json().value(u"lease"_s).toObject().value(u"expires_at"_s).toString());
        QVERIFY(expires > QDateTime::currentMSecsSinceEpoch() + 500'000);
        // Someone else's lease is not theirs to renew.
        r = s->post(u"/v1/leases/"_s + id + u"/renew"_s, u"supervisor"_s, {});
        QCOMPARE(r.status, 403);
        QCOMPARE(r.json().value(u"error"_s).toObject().value(u"code"_s).toString(),
                 u"lease_not_yours"_s);

        QCOMPARE(s->call("DELETE"_ba, u"/v1/leases/"_s + id, s->token(u"moderator"_s)).status, 200);
        r = s->post(u"/v1/leases/"_s + id + u"/renew"_s, u"moderator"_s, {});
        QCOMPARE(r.status, 404);
        // Released: the same item can be leased again, with a higher fencing token.
        const auto again = lease(*s, u"supervisor"_s, 3);
        bool found = false;
        for (const Leased& l : again) {
            if (l.item.value(u"id"_s) == leased[0].item.value(u"id"_s)) {
                found = true;
                QCOMPARE(l.token, 2);
            }
        }
        QVERIFY(found);
    }

    void leaseRequestsAreValidated_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("field");
        QTest::newRow("zero seconds") << "{\"lease_seconds\":0}"_ba << 400 << u"lease_seconds"_s;
        QTest::newRow("an hour and a second")
            << "{\"lease_seconds\":3601}"_ba << 400 << u"lease_seconds"_s;
        QTest::newRow("string count") << "{\"max_items\":\"3\"}"_ba << 400 << u"max_items"_s;
        QTest::newRow("too many") << "{\"max_items\":101}"_ba << 400 << u"max_items"_s;
        QTest::newRow("unknown field") << "{\"max_item\":3}"_ba << 400 << u"max_item"_s;
        QTest::newRow("not json") << "{max_items: 3"_ba << 400 << QString();
    }

    void leaseRequestsAreValidated()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, field);
        ServerProcess* shared = m_servers.shared(5);
        QVERIFY(shared);
        const HttpResult r = shared->call("POST"_ba, u"/v1/queues/default/leases"_s,
                                          shared->token(u"moderator"_s), body);
        QCOMPARE(r.status, status);
        QCOMPARE(r.json().value(u"error"_s).toObject().value(u"field"_s).toString(), field);
        // Nothing was leased by a refused request.
        const QJsonArray queues =
            shared->get(u"/v1/queues"_s, u"moderator"_s).json().value(u"queues"_s).toArray();
        QCOMPARE(queues[0].toObject().value(u"leased"_s).toInteger(), 0);
    }

    void decisionsAreAcceptedOnceAndChained()
    {
        auto s = m_servers.fresh(5);
        QVERIFY(s);
        const auto leased = lease(*s, u"moderator"_s, 2);
        const QJsonObject first = triage(leased[0], u"moderator"_s, 1);
        QJsonObject answer = results(*s, u"moderator"_s, {first});
        QCOMPARE(statusOf(answer), u"accepted"_s);
        const QJsonObject head1 = answer.value(u"chain_head"_s).toObject();
        QCOMPARE(head1.value(u"seq"_s).toInteger(), 1);

        // The same decision again (a retry): duplicate, nothing new on the chain.
        answer = results(*s, u"moderator"_s, {first});
        QCOMPARE(statusOf(answer), u"duplicate"_s);
        QCOMPARE(answer.value(u"chain_head"_s).toObject(), head1);

        // Another decision under the same id: refused.
        QJsonObject reused = triage(leased[1], u"moderator"_s, 1);
        answer = results(*s, u"moderator"_s, {reused});
        QCOMPARE(statusOf(answer), u"conflict"_s);
        QVERIFY(answer.value(u"results"_s)
                    .toArray()[0]
                    .toObject()
                    .value(u"reason"_s)
                    .toString()
                    .startsWith(u"id_reused"_s));

        answer =
            results(*s, u"moderator"_s, {triage(leased[1], u"moderator"_s, 2, u"violating"_s)});
        QCOMPARE(statusOf(answer), u"accepted"_s);
        QCOMPARE(answer.value(u"chain_head"_s).toObject().value(u"seq"_s).toInteger(), 2);

        // The feed shows both, chained: each prev_hash is the hash before it, each hash its own.
        const QJsonObject feed = s->get(u"/v1/decisions?after=0"_s, u"supervisor"_s).json();
        const QJsonArray decisions = feed.value(u"decisions"_s).toArray();
        QCOMPARE(decisions.size(), 2);
        QString previous(64, u'0');
        for (const QJsonValue& v : decisions) {
            auto d = Decision::fromJson(v.toObject());
            QVERIFY(d.ok());
            QCOMPARE(d->prevHash, previous);
            QCOMPARE(d->hash, d->computeHash());
            previous = d->hash;
        }
        QCOMPARE(previous, answer.value(u"chain_head"_s).toObject().value(u"hash"_s).toString());
        QCOMPARE(feed.value(u"next"_s).toInteger(), 2);
        QCOMPARE(s->get(u"/v1/decisions?after=2"_s, u"supervisor"_s)
                     .json()
                     .value(u"decisions"_s)
                     .toArray()
                     .size(),
                 0);
    }

    // A batch is recorded in one transaction; each decision still sees the ones before it.
    void aBatchIsJudgedInOrder()
    {
        auto s = m_servers.fresh(5);
        QVERIFY(s);
        const auto leased = lease(*s, u"moderator"_s, 2);
        QCOMPARE(leased.size(), size_t(2));
        const QJsonObject first = triage(leased[0], u"moderator"_s, 1);
        const QJsonObject reused = triage(leased[1], u"moderator"_s, 1);
        Decision retract = sampleDecision(1);
        retract.id = sampleUuid(3, 77);
        retract.decidedAt = QDateTime::currentMSecsSinceEpoch();
        retract.kind = u"retract"_s;
        retract.moderator = u"moderator"_s;
        retract.itemId = first.value(u"item_id"_s).toString();
        retract.reviews = first.value(u"id"_s).toString();
        retract.verdict.reset();
        retract.reason.reset();
        retract.action.reset();
        retract.leaseId.reset();
        retract.leaseToken.reset();
        const QJsonObject second = triage(leased[1], u"moderator"_s, 2);
        // The undo: after the retract, the item is decided again under the same grant.
        const QJsonObject redecided = triage(leased[0], u"moderator"_s, 5);

        const QJsonObject answer = results(
            *s, u"moderator"_s, {first, first, reused, retract.toJson(), second, redecided});
        QCOMPARE(statusOf(answer, 0), u"accepted"_s);
        QCOMPARE(statusOf(answer, 1), u"duplicate"_s);
        QCOMPARE(statusOf(answer, 2), u"conflict"_s);
        QCOMPARE(statusOf(answer, 3), u"accepted"_s);
        QCOMPARE(statusOf(answer, 4), u"accepted"_s);
        QCOMPARE(statusOf(answer, 5), u"accepted"_s);
        QCOMPARE(answer.value(u"chain_head"_s).toObject().value(u"seq"_s).toInteger(), 4);
        // Decided again, the item is not given back a second time.
        QCOMPARE(statusOf(results(*s, u"moderator"_s, {triage(leased[0], u"moderator"_s, 6)})),
                 u"conflict"_s);

        const QJsonArray feed = s->get(u"/v1/decisions?after=0"_s, u"supervisor"_s)
                                    .json()
                                    .value(u"decisions"_s)
                                    .toArray();
        QStringList kinds;
        for (const QJsonValue& v : feed)
            kinds.append(v.toObject().value(u"kind"_s).toString());
        QCOMPARE(kinds, (QStringList{u"triage"_s, u"retract"_s, u"triage"_s, u"triage"_s}));
    }

    // A moderator asks for a review of their own accepted decision; a supervisor sees it.
    void reviewRequestsReachSupervisors()
    {
        auto s = m_servers.fresh(5);
        QVERIFY(s);
        const auto leased = lease(*s, u"moderator"_s, 1);
        QCOMPARE(leased.size(), size_t(1));
        const QJsonObject decided = triage(leased[0], u"moderator"_s, 1);
        QCOMPARE(statusOf(results(*s, u"moderator"_s, {decided})), u"accepted"_s);
        const QString decisionId = decided.value(u"id"_s).toString();
        QJsonObject request{{u"id"_s, sampleUuid(9, 1)},
                            {u"decision_id"_s, decisionId},
                            {u"reason"_s, u"  Pressed 6 on a removal order by mistake.  "_s},
                            {u"requested_at"_s, u"2026-11-30T10:00:00.000Z"_s}};
        HttpResult r = s->post(u"/v1/review-requests"_s, u"moderator"_s, request);
        QCOMPARE(r.status, 201);
        QCOMPARE(r.json().value(u"status"_s).toString(), u"accepted"_s);
        // Sent again (an answer lost on the way): stored once.
        r = s->post(u"/v1/review-requests"_s, u"moderator"_s, request);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(u"status"_s).toString(), u"duplicate"_s);

        const QJsonArray list = s->get(u"/v1/review-requests"_s, u"supervisor"_s)
                                    .json()
                                    .value(u"review_requests"_s)
                                    .toArray();
        QCOMPARE(list.size(), 1);
        const QJsonObject seen = list[0].toObject();
        QCOMPARE(seen.value(u"decision_id"_s).toString(), decisionId);
        QCOMPARE(seen.value(u"item_id"_s).toString(), decided.value(u"item_id"_s).toString());
        QCOMPARE(seen.value(u"requested_by"_s).toString(), u"moderator"_s);
        QCOMPARE(seen.value(u"reason"_s).toString(), u"Pressed 6 on a removal order by mistake."_s);

        auto refused = [&](const QString& role, QJsonObject body, int status, const QString& code,
                           const QString& field = {}) {
            const HttpResult answer = s->post(u"/v1/review-requests"_s, role, body);
            const QJsonObject error = answer.json().value(u"error"_s).toObject();
            return answer.status == status && error.value(u"code"_s).toString() == code &&
                   error.value(u"field"_s).toString() == field;
        };
        // The same id for other words: refused, the first request stays as it was.
        QJsonObject reused = request;
        reused[u"reason"_s] = u"something else"_s;
        QVERIFY(refused(u"moderator"_s, reused, 409, u"id_reused"_s));
        // Someone else's decision; a decision the server never accepted; no words; a bad id.
        const QString other = s->addUser(u"other-moderator"_s, u"moderator"_s);
        QJsonObject notYours = request;
        notYours[u"id"_s] = sampleUuid(9, 2);
        const HttpResult byOther =
            s->call("POST"_ba, u"/v1/review-requests"_s, other, QJsonDocument(notYours).toJson());
        QCOMPARE(byOther.status, 403);
        QCOMPARE(byOther.json().value(u"error"_s).toObject().value(u"code"_s).toString(),
                 u"not_yours"_s);
        QJsonObject unknown = request;
        unknown[u"id"_s] = sampleUuid(9, 3);
        unknown[u"decision_id"_s] = sampleUuid(9, 4);
        QVERIFY(refused(u"moderator"_s, unknown, 400, u"invalid"_s, u"decision_id"_s));
        QJsonObject silent = request;
        silent[u"id"_s] = sampleUuid(9, 5);
        silent[u"reason"_s] = u"   "_s;
        QVERIFY(refused(u"moderator"_s, silent, 400, u"invalid"_s, u"reason"_s));
        QJsonObject badId = request;
        badId[u"id"_s] = u"not-a-uuid"_s;
        QVERIFY(refused(u"moderator"_s, badId, 400, u"invalid"_s, u"id"_s));
        QCOMPARE(s->get(u"/v1/review-requests"_s, u"supervisor"_s)
                     .json()
                     .value(u"review_requests"_s)
                     .toArray()
                     .size(),
                 1);
    }

    void invalidDecisionsNameTheField_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value"); // JSON value to set, or "-" to remove the field
        QTest::newRow("no verdict") << u"verdict"_s << u"-"_s;
        QTest::newRow("unknown reason") << u"reason"_s << u"\"because\""_s;
        QTest::newRow("wrong policy") << u"policy_version"_s << u"\"tvec-1999\""_s;
        QTest::newRow("someone else") << u"moderator"_s << u"\"supervisor\""_s;
        QTest::newRow("unknown item") << u"item_id"_s << u"\"no-such-item\""_s;
        QTest::newRow("no lease") << u"lease_token"_s << u"-"_s;
        QTest::newRow("future token") << u"lease_token"_s << u"99"_s;
    }

    void invalidDecisionsNameTheField()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        ServerProcess* shared = m_servers.shared(20);
        QVERIFY(shared);
        const auto leased = lease(*shared, u"moderator"_s, 1);
        QCOMPARE(leased.size(), size_t(1));
        QJsonObject d = triage(leased[0], u"moderator"_s, 500 + int(qHash(field + value) % 1000));
        if (value == u"-") {
            d.remove(field);
            if (field == u"lease_token")
                d.remove(u"lease_id"_s);
        } else {
            d.insert(field, QJsonDocument::fromJson("[" + value.toUtf8() + "]").array()[0]);
        }
        const QJsonObject answer = results(*shared, u"moderator"_s, {d});
        const QJsonObject result = answer.value(u"results"_s).toArray()[0].toObject();
        QCOMPARE(result.value(u"status"_s).toString(), u"invalid"_s);
        QCOMPARE(result.value(u"field"_s).toString(), field);
        QCOMPARE(answer.value(u"chain_head"_s).toObject().value(u"seq"_s).toInteger(), 0);
    }

    void aStaleFencingTokenIsRefused()
    {
        auto s = m_servers.fresh(1);
        QVERIFY(s);
        const QString other = s->addUser(u"second-moderator"_s, u"moderator"_s);
        const auto first = lease(*s, u"moderator"_s, 1, 1);
        QCOMPARE(first.size(), size_t(1));
        QVERIFY(s->setClockOffsetMs(2000)); // the first lease runs out
        const HttpResult r =
            s->call("POST"_ba, u"/v1/queues/default/leases"_s, other, "{\"max_items\":1}"_ba);
        const QJsonObject secondLease = r.json().value(u"leases"_s).toArray()[0].toObject();
        QCOMPARE(secondLease.value(u"lease"_s).toObject().value(u"token"_s).toInteger(), 2);

        QJsonObject answer = results(*s, u"moderator"_s, {triage(first[0], u"moderator"_s, 1)});
        QCOMPARE(statusOf(answer), u"conflict"_s);
        QVERIFY(answer.value(u"results"_s)
                    .toArray()[0]
                    .toObject()
                    .value(u"reason"_s)
                    .toString()
                    .startsWith(u"stale_lease"_s));

        const Leased second{secondLease.value(u"item"_s).toObject(),
                            secondLease.value(u"lease"_s).toObject().value(u"id"_s).toString(), 2};
        const HttpResult ok = s->call(
            "POST"_ba, u"/v1/decisions"_s, other,
            QJsonDocument(
                QJsonObject{{u"decisions"_s, QJsonArray{triage(second, u"second-moderator"_s, 2)}}})
                .toJson(QJsonDocument::Compact));
        QCOMPARE(statusOf(ok.json()), u"accepted"_s);
        // And once decided, the first moderator's retry stays refused.
        answer = results(*s, u"moderator"_s, {triage(first[0], u"moderator"_s, 1)});
        QCOMPARE(statusOf(answer), u"conflict"_s);
    }
};

QTEST_GUILESS_MAIN(ServerContractTest)
#include "server_contract_test.moc"
