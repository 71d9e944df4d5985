// PostgreSQL goes away under load and comes back (issue #13, row 2): 20 moderators lease and
// decide while the database is killed as a crash would kill it, then started again. The server
// must not crash, must answer 503 with Retry-After meanwhile, naming neither the database's URL
// nor its driver's words, and must serve again once the database is back, without a restart;
// every decision it acknowledged is stored.
#include "contract_support.h"

#include <QJsonArray>
#include <QTest>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

using namespace Qt::StringLiterals;
using namespace moddesk::test;

namespace {

// What the clients saw, phase by phase.
struct Tally {
    std::atomic<int> cycles{0};         // lease + decide, both answered 200
    std::atomic<int> unavailable{0};    // 503 answers
    std::atomic<int> badUnavailable{0}; // 503 without Retry-After, or saying too much
    std::atomic<int> other{0};          // anything else (0: no answer at all)
    std::mutex mutex;
    std::set<QString> acknowledged; // decision ids answered "accepted"
    QList<QByteArray> samples;      // a few odd answers, for the failure message
};

void classify(const HttpResult& r, Tally& t)
{
    if (r.status == 503) {
        ++t.unavailable;
        const QString message =
            r.json().value(u"error"_s).toObject().value(u"message"_s).toString();
        const bool saysTooMuch = message.contains(u"postgres"_s, Qt::CaseInsensitive) ||
                                 message.contains(u"127.0.0.1"_s) || message.contains(u"QPSQL"_s) ||
                                 message.contains(u"server"_s);
        if (!r.headers.contains("retry-after") || saysTooMuch) {
            ++t.badUnavailable;
            std::lock_guard lock(t.mutex);
            if (t.samples.size() < 5)
                t.samples.append(r.body);
        }
    } else if (r.status != 200) {
        ++t.other;
        std::lock_guard lock(t.mutex);
        if (t.samples.size() < 5)
            t.samples.append(QByteArray::number(r.status) + ' ' + r.body.left(200));
    }
}

void moderate(const ServerProcess& s, int client, const std::atomic<bool>& stop, Tally& t)
{
    for (int n = 0; !stop; ++n) {
        const HttpResult leased = s.post(u"/v1/queues/default/leases"_s, u"moderator"_s,
                                         {{u"max_items"_s, 1}, {u"lease_seconds"_s, 300}});
        classify(leased, t);
        const QJsonArray leases = leased.json().value(u"leases"_s).toArray();
        if (leased.status != 200 || leases.isEmpty())
            continue;
        const QJsonObject o = leases[0].toObject();
        const Leased l{o.value(u"item"_s).toObject(),
                       o.value(u"lease"_s).toObject().value(u"id"_s).toString(),
                       o.value(u"lease"_s).toObject().value(u"token"_s).toInteger()};
        const QJsonObject decision = triage(l, u"moderator"_s, client * 1'000'000 + n);
        const HttpResult decided =
            s.post(u"/v1/decisions"_s, u"moderator"_s, {{u"decisions"_s, QJsonArray{decision}}});
        classify(decided, t);
        if (decided.status == 200 && statusOf(decided.json()) == u"accepted"_s) {
            ++t.cycles;
            std::lock_guard lock(t.mutex);
            t.acknowledged.insert(decision.value(u"id"_s).toString());
        }
    }
}

} // namespace

class ServerDatabaseOutageTest final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void survivesPostgresGoingAwayAndComingBack()
    {
        // Its own server: the run's shared one must not be killed.
        PostgresInstance pg(PostgresInstance::Which::OwnServer);
        QVERIFY2(!pg.url().isEmpty(), qPrintable(pg.error()));
        ServerProcess s(pg.url(), 5000);
        QVERIFY2(s.start(), qPrintable(s.error()));
        const qint64 pid = s.pid();

        Tally t;
        std::atomic<bool> stop{false};
        std::vector<std::thread> clients;
        for (int c = 0; c < 20; ++c)
            clients.emplace_back([&, c] { moderate(s, c, stop, t); });
        const auto finish = [&] {
            stop = true;
            for (auto& c : clients)
                c.join();
        };

        const bool warmed = QTest::qWaitFor([&] { return t.cycles >= 200; }, 120'000);
        QVERIFY(pg.kill());
        const int cyclesAtKill = t.cycles;
        const bool refused = QTest::qWaitFor([&] { return t.unavailable >= 100; }, 120'000);
        QVERIFY(pg.resume());
        const int cyclesAtResume = t.cycles;
        const bool back =
            QTest::qWaitFor([&] { return t.cycles >= cyclesAtResume + 200; }, 180'000);
        finish();

        qInfo("%d cycles before the kill, %d while it was down, %d after; %d answers 503",
              cyclesAtKill, cyclesAtResume - cyclesAtKill, t.cycles - cyclesAtResume,
              int(t.unavailable));
        QVERIFY2(warmed, "the clients never got going");
        QVERIFY2(refused, "no 503 while PostgreSQL was down");
        QVERIFY2(back, "the server did not serve again after PostgreSQL came back");
        QVERIFY2(t.badUnavailable == 0,
                 qPrintable(u"%1 answers 503 without Retry-After or naming the database: "_s.arg(
                                int(t.badUnavailable)) +
                            QString::fromUtf8(t.samples.value(0))));
        QVERIFY2(t.other == 0,
                 qPrintable(u"%1 answers neither 200 nor 503, e.g. "_s.arg(int(t.other)) +
                            QString::fromUtf8(t.samples.value(0))));
        QCOMPARE(s.pid(), pid); // the same process: no crash, no restart

        // Every acknowledged decision is stored.
        std::set<QString> stored;
        for (qint64 after = 0;;) {
            const QJsonObject page =
                s.get(u"/v1/decisions?limit=1000&after=%1"_s.arg(after), u"supervisor"_s).json();
            const QJsonArray list = page.value(u"decisions"_s).toArray();
            if (list.isEmpty())
                break;
            for (const QJsonValue& d : list)
                stored.insert(d.toObject().value(u"id"_s).toString());
            after = page.value(u"next"_s).toInteger();
        }
        int missing = 0;
        for (const QString& id : t.acknowledged)
            missing += !stored.contains(id);
        QCOMPARE(missing, 0);
        QVERIFY(t.acknowledged.size() >= 400);
    }
};

QTEST_GUILESS_MAIN(ServerDatabaseOutageTest)
#include "server_database_outage_test.moc"
