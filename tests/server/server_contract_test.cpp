// Protects: protocol v1 as docs/protocol.md states it, on both engines (SQLite and a real
// PostgreSQL started for the run), through real HTTP to the real moddesk-server process:
// roles, leases and their order, fencing, idempotent decisions, the chain, ingest, media,
// and clear errors for malformed requests with nothing half-applied.
#include "decision.h"
#include "sample_decisions.h"
#include "server_process.h"
#include "sha256.h"
#include "timestamp.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <map>
#include <memory>

using namespace Qt::StringLiterals;
using namespace moddesk;
using namespace moddesk::test;

namespace {

struct Leased {
    QJsonObject item;
    QString leaseId;
    qint64 token = 0;
};

std::vector<Leased> lease(const ServerProcess& s, const QString& role, int count, int seconds = 300)
{
    const HttpResult r = s.post(u"/v1/queues/default/leases"_s, role,
                                {{u"max_items"_s, count}, {u"lease_seconds"_s, seconds}});
    std::vector<Leased> out;
    for (const QJsonValue& v : r.json().value(u"leases"_s).toArray()) {
        const QJsonObject o = v.toObject();
        out.push_back({o.value(u"item"_s).toObject(),
                       o.value(u"lease"_s).toObject().value(u"id"_s).toString(),
                       o.value(u"lease"_s).toObject().value(u"token"_s).toInteger()});
    }
    return out;
}

// A policy-valid triage decision on a leased item, by `moderator`.
QJsonObject triage(const Leased& l, const QString& moderator, int n,
                   const QString& verdict = u"not_violating"_s)
{
    Decision d = sampleDecision(1); // not_violating / counter_speech / no_action
    d.id = sampleUuid(n, 77);
    d.itemId = l.item.value(u"id"_s).toString();
    d.moderator = moderator;
    d.leaseId = l.leaseId;
    d.leaseToken = l.token;
    if (verdict == u"violating") {
        d = sampleDecision(0);
        d.id = sampleUuid(n, 77);
        d.itemId = l.item.value(u"id"_s).toString();
        d.moderator = moderator;
        d.leaseId = l.leaseId;
        d.leaseToken = l.token;
    }
    return d.toJson();
}

QJsonObject results(const ServerProcess& s, const QString& role, const QJsonArray& decisions)
{
    return s.post(u"/v1/decisions"_s, role, {{u"decisions"_s, decisions}}).json();
}

QString statusOf(const QJsonObject& answer, int i = 0)
{
    return answer.value(u"results"_s).toArray().at(i).toObject().value(u"status"_s).toString();
}

} // namespace

class ServerContractTest final : public QObject {
    Q_OBJECT

    std::unique_ptr<PostgresInstance> m_postgres;

    // One server per data-driven test function and engine: its rows share it.
    std::map<QString, std::unique_ptr<ServerProcess>> m_shared;
    ServerProcess* sharedServer(int seedItems)
    {
        QFETCH_GLOBAL(QString, engine);
        auto& server = m_shared[QString::fromLatin1(QTest::currentTestFunction()) + u'/' + engine];
        if (!server)
            server = freshServer(seedItems);
        return server.get();
    }

    std::unique_ptr<ServerProcess> freshServer(int seedItems = 40)
    {
        QFETCH_GLOBAL(QString, engine);
        return startServerOn(engine, m_postgres.get(), seedItems);
    }

private Q_SLOTS:
    void initTestCase_data()
    {
        QTest::addColumn<QString>("engine");
        QTest::newRow("sqlite") << u"sqlite"_s;
        QTest::newRow("postgres") << u"postgres"_s;
    }

    void initTestCase()
    {
        m_postgres = std::make_unique<PostgresInstance>();
        if (m_postgres->url().isEmpty())
            qWarning().noquote() << "PostgreSQL:" << m_postgres->error();
    }

    void init()
    {
        QFETCH_GLOBAL(QString, engine);
        // CI installs PostgreSQL; a machine without it must say so, not pass quietly.
        if (engine == u"postgres")
            QVERIFY2(m_postgres && !m_postgres->url().isEmpty(),
                     qPrintable(m_postgres ? m_postgres->error() : QString()));
    }

    void meNamesTheCallerAndRole()
    {
        auto s = freshServer(0);
        QVERIFY(s);
        for (const QString& role :
             {u"moderator"_s, u"supervisor"_s, u"trainer"_s, u"admin"_s, u"ingest"_s}) {
            const HttpResult r = s->get(u"/v1/me"_s, role);
            QCOMPARE(r.status, 200);
            QCOMPARE(r.json().value(u"name"_s).toString(), role);
            QCOMPARE(r.json().value(u"role"_s).toString(), role);
        }
    }

    void missingOrWrongTokensAre401()
    {
        auto s = freshServer(0);
        QVERIFY(s);
        HttpResult r = s->call("GET"_ba, u"/v1/me"_s, {});
        QCOMPARE(r.status, 401);
        QCOMPARE(r.json().value(u"error"_s).toObject().value(u"code"_s).toString(),
                 u"unauthenticated"_s);
        r = s->call("GET"_ba, u"/v1/me"_s, u"mdk_not-a-real-token"_s);
        QCOMPARE(r.status, 401);
    }

    void everyEndpointAndRole_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QStringList>("allowed");
        const QStringList all{u"moderator"_s, u"supervisor"_s, u"trainer"_s, u"admin"_s,
                              u"ingest"_s};
        QTest::newRow("GET me") << "GET"_ba << u"/v1/me"_s << all;
        QTest::newRow("GET queues")
            << "GET"_ba << u"/v1/queues"_s
            << QStringList{u"moderator"_s, u"supervisor"_s, u"trainer"_s, u"admin"_s};
        QTest::newRow("GET policy") << "GET"_ba << u"/v1/policy"_s << all;
        QTest::newRow("POST leases") << "POST"_ba << u"/v1/queues/default/leases"_s
                                     << QStringList{u"moderator"_s, u"supervisor"_s};
        QTest::newRow("POST renew") << "POST"_ba << u"/v1/leases/none/renew"_s
                                    << QStringList{u"moderator"_s, u"supervisor"_s};
        QTest::newRow("DELETE lease")
            << "DELETE"_ba << u"/v1/leases/none"_s << QStringList{u"moderator"_s, u"supervisor"_s};
        QTest::newRow("POST decisions")
            << "POST"_ba << u"/v1/decisions"_s << QStringList{u"moderator"_s, u"supervisor"_s};
        QTest::newRow("GET decisions") << "GET"_ba << u"/v1/decisions?after=0"_s
                                       << QStringList{u"supervisor"_s, u"trainer"_s, u"admin"_s};
        QTest::newRow("POST items")
            << "POST"_ba << u"/v1/items"_s << QStringList{u"ingest"_s, u"admin"_s};
        QTest::newRow("PUT media") << "PUT"_ba << u"/v1/media/"_s + QString(64, u'0')
                                   << QStringList{u"ingest"_s, u"admin"_s};
        QTest::newRow("GET media")
            << "GET"_ba << u"/v1/media/"_s + QString(64, u'0')
            << QStringList{u"moderator"_s, u"supervisor"_s, u"trainer"_s, u"admin"_s};
    }

    void everyEndpointAndRole()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QStringList, allowed);
        ServerProcess* shared = sharedServer(5);
        QVERIFY(shared);
        for (const QString& role :
             {u"moderator"_s, u"supervisor"_s, u"trainer"_s, u"admin"_s, u"ingest"_s}) {
            const HttpResult r = shared->call(method, path, shared->token(role), "{}"_ba);
            if (allowed.contains(role))
                QVERIFY2(r.status != 401 && r.status != 403,
                         qPrintable(role + u" was refused: "_s + QString::fromUtf8(r.body)));
            else
                QVERIFY2(r.status == 403,
                         qPrintable(role + u" got "_s + QString::number(r.status)));
        }
        QCOMPARE(shared->call(method, path, {}, "{}"_ba).status, 401);
    }

    void queuesAndPolicy()
    {
        auto s = freshServer(30);
        QVERIFY(s);
        const QJsonArray queues =
            s->get(u"/v1/queues"_s, u"moderator"_s).json().value(u"queues"_s).toArray();
        QCOMPARE(queues.size(), 1);
        QCOMPARE(queues[0].toObject().value(u"pending"_s).toInteger(), 30);
        QCOMPARE(queues[0].toObject().value(u"leased"_s).toInteger(), 0);
        const QJsonObject policy = s->get(u"/v1/policy"_s, u"moderator"_s).json();
        QCOMPARE(policy.value(u"version"_s).toString(), u"tvec-2026.11"_s);
    }

    void leasesComeInDeadlinePriorityAgeOrder()
    {
        auto s = freshServer(60);
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
        auto s = freshServer(3);
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
        ServerProcess* shared = sharedServer(5);
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
        auto s = freshServer(5);
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
        auto s = freshServer(5);
        QVERIFY(s);
        const auto leased = lease(*s, u"moderator"_s, 2);
        QCOMPARE(leased.size(), size_t(2));
        const QJsonObject first = triage(leased[0], u"moderator"_s, 1);
        const QJsonObject reused = triage(leased[1], u"moderator"_s, 1);
        Decision retract = sampleDecision(1);
        retract.id = sampleUuid(3, 77);
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

        const QJsonObject answer =
            results(*s, u"moderator"_s, {first, first, reused, retract.toJson(), second});
        QCOMPARE(statusOf(answer, 0), u"accepted"_s);
        QCOMPARE(statusOf(answer, 1), u"duplicate"_s);
        QCOMPARE(statusOf(answer, 2), u"conflict"_s);
        QCOMPARE(statusOf(answer, 3), u"accepted"_s);
        QCOMPARE(statusOf(answer, 4), u"accepted"_s);
        QCOMPARE(answer.value(u"chain_head"_s).toObject().value(u"seq"_s).toInteger(), 3);

        const QJsonArray feed = s->get(u"/v1/decisions?after=0"_s, u"supervisor"_s)
                                    .json()
                                    .value(u"decisions"_s)
                                    .toArray();
        QStringList kinds;
        for (const QJsonValue& v : feed)
            kinds.append(v.toObject().value(u"kind"_s).toString());
        QCOMPARE(kinds, (QStringList{u"triage"_s, u"retract"_s, u"triage"_s}));
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
        ServerProcess* shared = sharedServer(20);
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
        auto s = freshServer(1);
        QVERIFY(s);
        const QString other = s->addUser(u"second-moderator"_s, u"moderator"_s);
        const auto first = lease(*s, u"moderator"_s, 1, 1);
        QCOMPARE(first.size(), size_t(1));
        QThread::msleep(1100); // the first lease runs out
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

    void malformedDecisionRequests_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::newRow("not json") << "{\"decisions\": ["_ba << 400;
        QTest::newRow("not an array") << "{\"decisions\": {}}"_ba << 400;
        QTest::newRow("extra field") << "{\"decisions\": [], \"force\": true}"_ba << 400;
        QTest::newRow("array body") << "[]"_ba << 400;
        QTest::newRow("too large") << QByteArray(17 * 1024 * 1024, ' ') << 413;
    }

    void malformedDecisionRequests()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        ServerProcess* shared = sharedServer(2);
        QVERIFY(shared);
        const HttpResult r =
            shared->call("POST"_ba, u"/v1/decisions"_s, shared->token(u"moderator"_s), body);
        QCOMPARE(r.status, status);
        QVERIFY(!r.json().value(u"error"_s).toObject().value(u"message"_s).toString().isEmpty());
    }

    void ingestIsAllOrNothing()
    {
        auto s = freshServer(0);
        QVERIFY(s);
        QJsonObject item{{u"id"_s, u"ingested-1"_s},
                         {u"platform"_s, u"telegram"_s},
                         {u"content_type"_s, u"text/plain"_s},
                         {u"text"_s, u"[SYNTHETIC] ingest test"_s},
                         {u"created_at"_s, u"2026-11-23T10:00:00Z"_s},
                         {u"author"_s, QJsonObject{{u"handle"_s, u"synthetic"_s}}},
                         {u"source"_s, QJsonObject{{u"type"_s, u"user_report"_s},
                                                   {u"received_at"_s, u"2026-11-23T10:01:00Z"_s}}}};
        QJsonObject broken = item;
        broken.insert(u"id"_s, u"ingested-2"_s);
        broken.insert(u"author"_s, QJsonObject{{u"handle"_s, 42}});
        HttpResult r =
            s->post(u"/v1/items"_s, u"ingest"_s,
                    {{u"queue"_s, u"default"_s}, {u"items"_s, QJsonArray{item, broken}}});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json().value(u"error"_s).toObject().value(u"field"_s).toString(),
                 u"items[1].author.handle"_s);
        QCOMPARE(s->get(u"/v1/queues"_s, u"admin"_s).json().value(u"queues"_s).toArray().size(), 0);

        r = s->post(u"/v1/items"_s, u"ingest"_s,
                    {{u"queue"_s, u"default"_s}, {u"items"_s, QJsonArray{item}}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(u"added"_s).toInteger(), 1);
        r = s->post(u"/v1/items"_s, u"ingest"_s,
                    {{u"queue"_s, u"default"_s}, {u"items"_s, QJsonArray{item}}});
        QCOMPARE(r.json().value(u"already_present"_s).toInteger(), 1);
    }

    void mediaIsServedByItsHash()
    {
        auto s = freshServer(30);
        QVERIFY(s);
        QString sha;
        for (const Leased& l : lease(*s, u"moderator"_s, 30)) {
            const QJsonArray media = l.item.value(u"media"_s).toArray();
            if (!media.isEmpty()) {
                sha = media[0].toObject().value(u"sha256"_s).toString();
                break;
            }
        }
        QVERIFY2(!sha.isEmpty(), "the seed put no images in 30 items");
        const HttpResult r = s->get(u"/v1/media/"_s + sha, u"moderator"_s);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.headers.value("content-type"), "image/png"_ba);
        QVERIFY(r.body.startsWith("\x89PNG\r\n\x1a\n"));
        QCOMPARE(QString::fromLatin1(Sha256::hexDigest(r.body)), sha);
        QCOMPARE(s->get(u"/v1/media/"_s + QString(64, u'a'), u"moderator"_s).status, 404);
    }

    void mediaUploadChecksTheHash()
    {
        auto s = freshServer(0);
        QVERIFY(s);
        const QByteArray png = "\x89PNG\r\n\x1a\n synthetic bytes"_ba;
        const QString sha = QString::fromLatin1(Sha256::hexDigest(png));
        auto put = [&](const QString& hash, const QByteArray& type, const QString& role) {
            return httpRequestWithType("PUT"_ba, s->baseUrl() + u"/v1/media/"_s + hash,
                                       s->token(role), png, type);
        };
        QCOMPARE(put(QString(64, u'b'), "image/png"_ba, u"ingest"_s).status, 400);
        QCOMPARE(put(sha, "text/html"_ba, u"ingest"_s).status, 415);
        QCOMPARE(put(sha, "image/png"_ba, u"moderator"_s).status, 403);
        QCOMPARE(s->get(u"/v1/media/"_s + sha, u"moderator"_s).status, 404); // nothing stored yet
        QCOMPARE(put(sha, "image/png"_ba, u"ingest"_s).status, 201);
        const HttpResult got = s->get(u"/v1/media/"_s + sha, u"moderator"_s);
        QCOMPARE(got.status, 200);
        QCOMPARE(got.body, png);
    }

    void servesHttpsWithTheGivenCertificate()
    {
        QFETCH_GLOBAL(QString, engine);
        if (engine != u"sqlite")
            QSKIP("TLS does not depend on the engine; checked once, on SQLite");
        QTemporaryDir dir;
        const QString cert = dir.filePath(u"cert.pem"_s);
        const QString key = dir.filePath(u"key.pem"_s);
        QProcess openssl;
        openssl.start(u"openssl"_s,
                      {u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-keyout"_s,
                       key, u"-out"_s, cert, u"-days"_s, u"2"_s, u"-subj"_s, u"/CN=127.0.0.1"_s,
                       u"-addext"_s, u"subjectAltName=IP:127.0.0.1"_s});
        QVERIFY2(openssl.waitForFinished(60000) && openssl.exitCode() == 0,
                 openssl.readAllStandardError().constData());
        ServerProcess s({}, 0);
        s.useTls(cert, key);
        QVERIFY2(s.start(), qPrintable(s.error()));
        trustCertificate(cert);
        const HttpResult r = s.get(u"/v1/me"_s, u"moderator"_s);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(u"name"_s).toString(), u"moderator"_s);
        // Plain HTTP to the TLS port gets no answer.
        QString plain = s.baseUrl();
        plain.replace(u"https://"_s, u"http://"_s);
        QCOMPARE(httpRequest("GET"_ba, plain + u"/v1/me"_s, s.token(u"moderator"_s)).status, 0);
    }

    void unknownPathsAnswerJson404()
    {
        auto s = freshServer(0);
        QVERIFY(s);
        const HttpResult r = s->get(u"/v1/nothing-here"_s, u"moderator"_s);
        QCOMPARE(r.status, 404);
        QCOMPARE(r.json().value(u"error"_s).toObject().value(u"code"_s).toString(), u"not_found"_s);
    }
};

QTEST_GUILESS_MAIN(ServerContractTest)
#include "server_contract_test.moc"
