// Protects: the queue under contention: 32 clients leasing and deciding at once (on SQLite, on
// PostgreSQL, and on two server processes sharing one PostgreSQL database) never hold one item
// under two live leases, lose no decision and decide every item exactly once; and a decision
// made under an expired, re-granted lease is refused every time (1,000 trials).
#include "decision.h"
#include "sample_decisions.h"
#include "server_process.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>
#include <QTest>
#include <QThread>

#include <atomic>
#include <map>
#include <thread>

using namespace Qt::StringLiterals;
using namespace moddesk;
using namespace moddesk::test;

namespace {

QByteArray decisionBody(const QJsonObject& item, const QJsonObject& lease, const QString& moderator,
                        int n, int salt)
{
    Decision d = sampleDecision(1);
    d.id = sampleUuid(n, salt);
    d.decidedAt = QDateTime::currentMSecsSinceEpoch(); // after the item was received
    d.itemId = item.value(u"id"_s).toString();
    d.moderator = moderator;
    d.leaseId = lease.value(u"id"_s).toString();
    d.leaseToken = lease.value(u"token"_s).toInteger();
    return QJsonDocument(QJsonObject{{u"decisions"_s, QJsonArray{d.toJson()}}})
        .toJson(QJsonDocument::Compact);
}

struct RunResult {
    std::map<QString, int> grants;   // item id -> how many leases were granted for it
    std::map<QString, int> accepted; // item id -> accepted decisions
    int failures = 0;
};

// `clients` moderators on the given servers (round robin) drain the queue.
RunResult drain(const std::vector<const ServerProcess*>& servers, const QStringList& tokens,
                const QStringList& names)
{
    RunResult result;
    QMutex mutex;
    std::atomic<int> counter{0};
    std::vector<std::thread> threads;
    for (int c = 0; c < tokens.size(); ++c) {
        threads.emplace_back([&, c] {
            const ServerProcess* server = servers[size_t(c) % servers.size()];
            for (;;) {
                const HttpResult leased = server->call("POST"_ba, u"/v1/queues/default/leases"_s,
                                                       tokens[c], "{\"max_items\":2}"_ba);
                if (leased.status != 200) {
                    QMutexLocker lock(&mutex);
                    ++result.failures;
                    return;
                }
                const QJsonArray grants = leased.json().value(u"leases"_s).toArray();
                if (grants.isEmpty())
                    return; // drained
                for (const QJsonValue& g : grants) {
                    const QJsonObject item = g.toObject().value(u"item"_s).toObject();
                    const QJsonObject lease = g.toObject().value(u"lease"_s).toObject();
                    {
                        QMutexLocker lock(&mutex);
                        ++result.grants[item.value(u"id"_s).toString()];
                    }
                    const HttpResult decided =
                        server->call("POST"_ba, u"/v1/decisions"_s, tokens[c],
                                     decisionBody(item, lease, names[c], counter++, 4000 + c));
                    const QString status = decided.json()
                                               .value(u"results"_s)
                                               .toArray()[0]
                                               .toObject()
                                               .value(u"status"_s)
                                               .toString();
                    QMutexLocker lock(&mutex);
                    if (status == u"accepted")
                        ++result.accepted[item.value(u"id"_s).toString()];
                    else
                        ++result.failures;
                }
            }
        });
    }
    for (auto& t : threads)
        t.join();
    return result;
}

} // namespace

class ServerConcurrencyTest final : public QObject {
    Q_OBJECT

    std::unique_ptr<PostgresInstance> m_postgres;

    void checkDrain(std::vector<const ServerProcess*> servers, ServerProcess& admin, int items)
    {
        QStringList tokens, names;
        for (int c = 0; c < 32; ++c) {
            names << u"mod-%1"_s.arg(c);
            tokens << admin.addUser(names.last(), u"moderator"_s);
            QVERIFY(!tokens.last().isEmpty());
        }
        const RunResult run = drain(servers, tokens, names);
        QCOMPARE(run.failures, 0);
        QCOMPARE(int(run.grants.size()), items);
        for (const auto& [item, count] : run.grants)
            QVERIFY2(count == 1,
                     qPrintable(item + u" was leased "_s + QString::number(count) + u" times"_s));
        QCOMPARE(int(run.accepted.size()), items);
        for (const auto& [item, count] : run.accepted)
            QCOMPARE(count, 1);
        // The server agrees: exactly one decision per item in its feed, none pending.
        std::map<QString, int> onServer;
        qint64 after = 0;
        for (;;) {
            const QJsonObject page =
                admin.get(u"/v1/decisions?after=%1&limit=1000"_s.arg(after), u"supervisor"_s)
                    .json();
            const QJsonArray decisions = page.value(u"decisions"_s).toArray();
            if (decisions.isEmpty())
                break;
            for (const QJsonValue& d : decisions)
                ++onServer[d.toObject().value(u"item_id"_s).toString()];
            after = page.value(u"next"_s).toInteger();
        }
        QCOMPARE(int(onServer.size()), items);
        for (const auto& [item, count] : onServer)
            QCOMPARE(count, 1);
        QCOMPARE(admin.get(u"/v1/queues"_s, u"admin"_s).json().value(u"queues"_s).toArray().size(),
                 0);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_postgres = std::make_unique<PostgresInstance>();
        QVERIFY2(!m_postgres->url().isEmpty(), qPrintable(m_postgres->error()));
    }

    void thirtyTwoClientsOnSqlite()
    {
        ServerProcess s({}, 400);
        QVERIFY2(s.start(), qPrintable(s.error()));
        checkDrain({&s}, s, 400);
    }

    void thirtyTwoClientsOnPostgres()
    {
        ServerProcess s(m_postgres->createDatabase(u"drain"_s), 400);
        QVERIFY2(s.start(), qPrintable(s.error()));
        checkDrain({&s}, s, 400);
    }

    void twoServersOnePostgresDatabase()
    {
        const QString url = m_postgres->createDatabase(u"drain"_s);
        ServerProcess a(url, 400);
        QVERIFY2(a.start(), qPrintable(a.error()));
        ServerProcess b(url, -1);
        QVERIFY2(b.start(), qPrintable(b.error()));
        checkDrain({&a, &b}, a, 400);
    }

    void staleTokensAreRefusedEveryTime_data()
    {
        QTest::addColumn<QString>("engine");
        QTest::newRow("sqlite") << u"sqlite"_s;
        QTest::newRow("postgres") << u"postgres"_s;
    }

    void staleTokensAreRefusedEveryTime()
    {
        QFETCH(QString, engine);
        // 1,000 trials at once: lease every item for a minute, move the server's clock past it,
        // have another moderator lease them again, then send the first moderator's decisions.
        // (A minute, so that none runs out while the others are still being leased.)
        constexpr int kTrials = 1000;
        ServerProcess s(engine == u"postgres" ? m_postgres->createDatabase(u"fence"_s) : QString(),
                        kTrials);
        QVERIFY2(s.start(), qPrintable(s.error()));
        const QString late = s.addUser(u"late"_s, u"moderator"_s);
        const QString prompt = s.addUser(u"prompt"_s, u"moderator"_s);

        QJsonArray stale;
        for (int batch = 0; batch < kTrials / 100; ++batch) {
            const QJsonArray grants = s.call("POST"_ba, u"/v1/queues/default/leases"_s, late,
                                             "{\"max_items\":100,\"lease_seconds\":60}"_ba)
                                          .json()
                                          .value(u"leases"_s)
                                          .toArray();
            QCOMPARE(grants.size(), 100);
            for (const QJsonValue& g : grants) {
                const auto body = QJsonDocument::fromJson(decisionBody(
                    g.toObject().value(u"item"_s).toObject(),
                    g.toObject().value(u"lease"_s).toObject(), u"late"_s, stale.size(), 9000));
                stale.append(body.object().value(u"decisions"_s).toArray()[0]);
            }
        }
        QVERIFY(s.setClockOffsetMs(61'000));
        int regranted = 0;
        for (int batch = 0; batch < kTrials / 100; ++batch) {
            const QJsonArray grants =
                s.call("POST"_ba, u"/v1/queues/default/leases"_s, prompt, "{\"max_items\":100}"_ba)
                    .json()
                    .value(u"leases"_s)
                    .toArray();
            for (const QJsonValue& g : grants)
                regranted +=
                    g.toObject().value(u"lease"_s).toObject().value(u"token"_s).toInteger() == 2;
        }
        QCOMPARE(regranted, kTrials);

        int refused = 0;
        for (qsizetype from = 0; from < stale.size(); from += 500) {
            QJsonArray chunk;
            for (qsizetype i = from; i < std::min(stale.size(), from + 500); ++i)
                chunk.append(stale[i]);
            const QJsonObject answer = s.call("POST"_ba, u"/v1/decisions"_s, late,
                                              QJsonDocument(QJsonObject{{u"decisions"_s, chunk}})
                                                  .toJson(QJsonDocument::Compact))
                                           .json();
            for (const QJsonValue& r : answer.value(u"results"_s).toArray()) {
                const QJsonObject result = r.toObject();
                refused += result.value(u"status"_s).toString() == u"conflict" &&
                           result.value(u"reason"_s).toString().startsWith(u"stale_lease"_s);
            }
            QCOMPARE(answer.value(u"chain_head"_s).toObject().value(u"seq"_s).toInteger(), 0);
        }
        QCOMPARE(refused, kTrials);
    }
};

QTEST_GUILESS_MAIN(ServerConcurrencyTest)
#include "server_concurrency_test.moc"
