// Exactly once, whatever the network does: the real sync engine against the real
// moddesk-server (SQLite and PostgreSQL), with the server killed and restarted during an
// upload, with a fault-injecting proxy in between, and after a long time offline.
#include "fault_proxy.h"
#include "sync_engine.h"
#include "sync_support.h"
#include "temp_log.h"

#include <QTest>

#include <set>
#include <thread>

using namespace Qt::StringLiterals;
using namespace moddesk;
using namespace moddesk::net;
using namespace moddesk::test;
using Clock = std::chrono::steady_clock;

namespace {

// Quick retries: the tests wait for real failures, not for production backoff.
SyncOptions testSyncOptions(int batch)
{
    SyncOptions o;
    o.batchSize = batch;
    o.backoff = {20, 400, 2000};
    return o;
}

TransportOptions testTransport()
{
    TransportOptions t;
    t.connectTimeoutMs = 2000;
    t.totalTimeoutMs = 4000;
    t.lowSpeedSeconds = 3;
    return t;
}

Status appendAll(AuditLog& log, const std::vector<Decision>& decisions)
{
    for (const Decision& d : decisions)
        if (auto appended = log.append(d); !appended)
            return appended.error();
    return {};
}

} // namespace

class SyncResilienceTest final : public QObject {
    Q_OBJECT

    std::unique_ptr<PostgresInstance> m_postgres;

    std::unique_ptr<ServerProcess> server(int items)
    {
        QFETCH_GLOBAL(QString, engine);
        return startServerOn(engine, m_postgres.get(), items);
    }

    // Every decision on the server exactly once, and the log's outbox saying so.
    static void expectExactlyOnce(const ServerProcess& s, AuditLog& log,
                                  const std::vector<Decision>& made)
    {
        const QStringList onServer = serverDecisionIds(s);
        QCOMPARE(onServer.size(), qsizetype(made.size()));
        const std::set<QString> unique(onServer.begin(), onServer.end());
        QCOMPARE(unique.size(), made.size()); // none twice
        for (const Decision& d : made)
            QVERIFY2(unique.contains(d.id), qPrintable(u"missing on the server: "_s + d.id));
        QCOMPARE(*log.pendingSyncCount(), 0);
        const OutboxCounts counts = *log.outboxCounts();
        QCOMPARE(counts.accepted + counts.duplicate, qint64(made.size()));
        QCOMPARE(counts.conflict + counts.invalid, 0);
        QVERIFY(log.verify().ok());
    }

private Q_SLOTS:
    void initTestCase_data()
    {
        QTest::addColumn<QString>("engine");
        QTest::newRow("sqlite") << u"sqlite"_s;
        QTest::newRow("postgres") << u"postgres"_s;
    }

    void initTestCase() { m_postgres = std::make_unique<PostgresInstance>(); }

    void init()
    {
        QFETCH_GLOBAL(QString, engine);
        if (engine == u"postgres")
            QVERIFY2(!m_postgres->url().isEmpty(), qPrintable(m_postgres->error()));
    }

    void serverKilledDuringUpload()
    {
        constexpr int kDecisions = 5000;
        constexpr int kBatch = 50; // 100 uploads: kills at the 8th, 30th, 55th and 80th
        auto s = server(kDecisions);
        QVERIFY(s);
        HttpTransport direct(testTransport());
        ProtocolClient leasing(direct, s->baseUrl(), s->token(u"moderator"_s).toLatin1());
        const auto made = leaseAndDecide(leasing, u"moderator"_s, kDecisions);
        QCOMPARE(int(made.size()), kDecisions);
        TempLog dir;
        auto log = dir.open();
        QVERIFY(appendAll(*log, made).ok());

        // The upload goes through a proxy that holds chosen uploads half-way: the server is
        // killed while the client waits on one, so each kill lands mid-upload and mid-request,
        // on any machine. Half the kills come after the server committed the batch and before
        // its answer (the client must not make it twice), half while it was still reading it.
        FaultProxy proxy(s->port());
        QVERIFY(proxy.start());
        const std::vector<int> killAt{8, 30, 55, 80};
        auto uploads = std::make_shared<int>(0);
        proxy.setRequestSchedule(
            [uploads, killAt](int, const QByteArray& method, const QByteArray& path) {
                if (method != "POST" || path != "/v1/decisions")
                    return Fault::None;
                const auto at = std::find(killAt.begin(), killAt.end(), ++*uploads);
                if (at == killAt.end())
                    return Fault::None;
                return (at - killAt.begin()) % 2 == 0 ? Fault::HoldAnswer : Fault::HoldMidRequest;
            });
        HttpTransport viaProxy(testTransport());
        ProtocolClient client(viaProxy, u"http://127.0.0.1:%1"_s.arg(proxy.port()),
                              s->token(u"moderator"_s).toLatin1());

        SyncReport report;
        std::thread uploader([&] {
            auto ownLog = AuditLog::open(dir.path()); // one connection per thread
            SyncEngine engine(**ownLog, client, testSyncOptions(kBatch));
            report = engine.drain(Clock::now() + std::chrono::seconds(600));
        });
        int kills = 0;
        QStringList pendingAtKill;
        for (size_t k = 0; k < killAt.size(); ++k) {
            if (!proxy.waitForHeld(int(k) + 1, 300'000))
                break; // the upload ended before its kill point: said below
            s->stop(); // SIGKILL while the client waits on the held request
            ++kills;
            pendingAtKill << QString::number(*log->pendingSyncCount());
            proxy.releaseHeld();
            if (!s->startOnNewPort())
                break;
            proxy.setUpstreamPort(s->port());
        }
        proxy.stopHolding(); // whatever happened above, the uploader must not stay held
        uploader.join();
        QVERIFY2(s->pid() != 0, qPrintable(s->error()));
        QCOMPARE(kills, int(killAt.size()));
        qInfo().noquote() << "killed the server" << kills << "times during the upload, with"
                          << pendingAtKill.join(u", "_s) << "decisions still to send;"
                          << report.backoffDelaysMs.size() << "retries";
        QVERIFY2(report.drained(), report.error ? qPrintable(report.error->message) : "");
        QVERIFY(!report.backoffDelaysMs.empty()); // it did meet a dead server
        for (int w : report.backoffDelaysMs) // no Retry-After from a dead server: the cap holds
            QVERIFY2(w <= 400, qPrintable(u"waited %1 ms, over the 400 ms cap"_s.arg(w)));
        expectExactlyOnce(*s, *log, made);
        // The batches the server committed but never answered came back as duplicates.
        QVERIFY(log->outboxCounts()->duplicate >= kBatch);
    }

    void throughAFaultyNetwork()
    {
        constexpr int kDecisions = 1500;
        auto s = server(kDecisions);
        QVERIFY(s);
        FaultProxy proxy(quint16(QUrl(s->baseUrl()).port()));
        QVERIFY(proxy.start());
        HttpTransport direct(testTransport());
        ProtocolClient leasing(direct, s->baseUrl(), s->token(u"moderator"_s).toLatin1());
        const auto made = leaseAndDecide(leasing, u"moderator"_s, kDecisions);
        QCOMPARE(int(made.size()), kDecisions);
        TempLog dir;
        auto log = dir.open();
        QVERIFY(appendAll(*log, made).ok());

        proxy.setStallMs(6000); // longer than the client's 4 s limit: a timeout
        proxy.setRandomFaults(0.5,
                              {Fault::DropRequest, Fault::DropResponse, Fault::Stall,
                               Fault::TruncateBody, Fault::Status500, Fault::Status503RetryAfter,
                               Fault::Status429RetryAfter, Fault::Repeat},
                              2026);
        HttpTransport viaProxy(testTransport());
        ProtocolClient client(viaProxy, u"http://127.0.0.1:%1"_s.arg(proxy.port()),
                              s->token(u"moderator"_s).toLatin1());
        SyncEngine engine(*log, client, testSyncOptions(50));
        const SyncReport report = engine.drain(Clock::now() + std::chrono::seconds(300));
        QVERIFY2(report.drained(), report.error ? qPrintable(report.error->message) : "");
        expectExactlyOnce(*s, *log, made);

        QStringList seen;
        for (Fault f : {Fault::None, Fault::DropRequest, Fault::DropResponse, Fault::Stall,
                        Fault::TruncateBody, Fault::Status500, Fault::Status503RetryAfter,
                        Fault::Status429RetryAfter, Fault::Repeat})
            seen << faultName(f) + u'=' + QString::number(proxy.count(f));
        QStringList waited;
        for (int w : report.backoffDelaysMs)
            waited << QString::number(w);
        qInfo().noquote() << proxy.requests() << "requests:" << seen.join(u' ');
        qInfo().noquote() << "waits (ms):" << waited.join(u' ');
        // Every fault happened, and each failure was followed by a jittered, capped wait.
        for (Fault f : {Fault::DropRequest, Fault::DropResponse, Fault::TruncateBody,
                        Fault::Status500, Fault::Status503RetryAfter, Fault::Repeat})
            QVERIFY2(proxy.count(f) > 0, qPrintable(faultName(f) + u" never happened"_s));
        const auto& waits = report.backoffDelaysMs;
        QVERIFY2(waits.size() >= 8, qPrintable(u"%1 waits"_s.arg(waits.size())));
        std::vector<int> jittered; // the waits not set by a Retry-After floor
        for (int w : waits) {
            QVERIFY2(w <= 2000, qPrintable(u"waited %1 ms, over the cap"_s.arg(w)));
            if (w < 1000)
                jittered.push_back(w);
        }
        QVERIFY(std::any_of(waits.begin(), waits.end(), [](int w) { return w >= 1000; }));
        const std::set<int> distinct(jittered.begin(), jittered.end());
        QVERIFY2(distinct.size() >= jittered.size() / 2 && distinct.size() >= 3,
                 "the waits do not spread out");
    }

    void longOfflineBacklogDrains()
    {
        constexpr int kDecisions = 10000;
        auto s = server(kDecisions);
        QVERIFY(s);
        HttpTransport transport(testTransport());
        ProtocolClient client(transport, s->baseUrl(), s->token(u"moderator"_s).toLatin1());
        const auto made = leaseAndDecide(client, u"moderator"_s, kDecisions);
        QCOMPARE(int(made.size()), kDecisions);

        s->stop(); // the server goes away; the moderator keeps deciding
        TempLog dir;
        auto log = dir.open();
        QVERIFY(appendAll(*log, made).ok());
        SyncEngine engine(*log, client, testSyncOptions(1000));
        const SyncReport offline = engine.drain(Clock::now()); // one try, no waiting
        QCOMPARE(offline.pending, kDecisions);
        QVERIFY(offline.error && offline.error->transient);
        QCOMPARE(offline.error->code, u"connect"_s);

        QVERIFY2(s->start(), qPrintable(s->error()));
        const SyncReport back = engine.drain(Clock::now() + std::chrono::seconds(120));
        QVERIFY2(back.drained(), back.error ? qPrintable(back.error->message) : "");
        QCOMPARE(back.accepted, kDecisions);
        expectExactlyOnce(*s, *log, made);
    }
};

QTEST_GUILESS_MAIN(SyncResilienceTest)
#include "sync_resilience_test.moc"
