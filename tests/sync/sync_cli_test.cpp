// Two moderators' profiles lease, decide and sync against one real server from moddeskctl; a
// decision made offline on an expired lease comes back as a recorded conflict; a server that
// lost decisions (restored from an old copy) is reported as tampering.
#include "ctl_runner.h"
#include "fault_proxy.h"
#include "server_process.h"
#include "sync_support.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace moddesk;
using namespace moddesk::test;

namespace {

// Runs moddeskctl COMMAND ... --profile DIR.
CtlResult ctl(const QString& profile, QStringList args, const QByteArray& input = {})
{
    args << u"--profile"_s << profile;
    return runCtl(args, input);
}

QJsonObject status(const QString& profile)
{
    const CtlResult r = ctl(profile, {u"status"_s, u"--json"_s});
    return QJsonDocument::fromJson(r.out).object();
}

QByteArray describe(const CtlResult& r)
{
    return "exit " + QByteArray::number(r.exitCode) + "\nstdout: " + r.out + "\nstderr: " + r.err;
}

} // namespace

class SyncCliTest final : public QObject {
    Q_OBJECT

    std::unique_ptr<PostgresInstance> m_postgres;
    QTemporaryDir m_profiles;

    std::unique_ptr<ServerProcess> server(int items)
    {
        QFETCH_GLOBAL(QString, engine);
        return startServerOn(engine, m_postgres.get(), items);
    }

    QString profile(const QString& name)
    {
        QFETCH_GLOBAL(QString, engine);
        return m_profiles.filePath(QString::fromLatin1(QTest::currentTestFunction()) + u'-' +
                                   engine + u'-' + name);
    }

    // Signs `dir` in as the user whose token is `token`, on `url`.
    static bool login(const QString& dir, const QString& url, const QString& token)
    {
        const CtlResult r = ctl(dir, {u"login"_s, u"--server"_s, url}, token.toLatin1() + '\n');
        if (r.exitCode != 0)
            qWarning().noquote() << describe(r);
        return r.exitCode == 0;
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
        qputenv("MODDESK_NO_KEYCHAIN", "1"); // CI has no session bus; the file fallback is tested
        m_postgres = std::make_unique<PostgresInstance>();
    }

    void init()
    {
        QFETCH_GLOBAL(QString, engine);
        if (engine == u"postgres")
            QVERIFY2(!m_postgres->url().isEmpty(), qPrintable(m_postgres->error()));
    }

    void twoModeratorsLeaseDecideAndSync()
    {
        auto s = server(20);
        QVERIFY(s);
        const QString bobToken = s->addUser(u"bob"_s, u"moderator"_s);
        const QString alice = profile(u"alice"_s);
        const QString bob = profile(u"bob"_s);
        QVERIFY(login(alice, s->baseUrl(), s->token(u"moderator"_s)));
        QVERIFY(login(bob, s->baseUrl(), bobToken));
        // Without a keychain the token is kept in a file only its owner can read, with a warning.
        QCOMPARE(QFile::permissions(alice + u"/token"_s),
                 QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser |
                     QFileDevice::WriteUser);

        const CtlResult aliceLease =
            ctl(alice, {u"lease"_s, u"--queue"_s, u"default"_s, u"--count"_s, u"3"_s});
        QVERIFY2(aliceLease.exitCode == 0, describe(aliceLease).constData());
        const CtlResult bobLease = ctl(bob, {u"lease"_s, u"--count"_s, u"2"_s});
        QVERIFY2(bobLease.exitCode == 0, describe(bobLease).constData());
        const QStringList aliceItems = aliceLease.outLines();
        const QStringList bobItems = bobLease.outLines();
        QCOMPARE(aliceItems.size(), 3);
        QCOMPARE(bobItems.size(), 2);
        QStringList all;
        for (const QString& line : aliceItems + bobItems)
            all << line.section(u'\t', 0, 0);
        QCOMPARE(QSet<QString>(all.begin(), all.end()).size(), 5); // nobody got another's item

        // A required field missing: refused, named, nothing logged.
        const CtlResult missing =
            ctl(alice, {u"decide"_s, all[0], u"--verdict"_s, u"violating"_s, u"--reason"_s,
                        u"recruitment"_s, u"--action"_s, u"remove"_s});
        QCOMPARE(missing.exitCode, 3);
        QVERIFY2(missing.err.contains("dsa.decision_ground"), describe(missing).constData());

        QVERIFY(ctl(alice, {u"decide"_s, all[0], u"--verdict"_s, u"violating"_s, u"--reason"_s,
                            u"recruitment"_s, u"--action"_s, u"remove"_s, u"--dsa-ground"_s,
                            u"illegal_content"_s, u"--territory"_s, u"EEA"_s})
                    .exitCode == 0);
        QVERIFY(ctl(alice, {u"decide"_s, all[1], u"--verdict"_s, u"not_violating"_s, u"--reason"_s,
                            u"news_reporting"_s, u"--action"_s, u"no_action"_s})
                    .exitCode == 0);
        QVERIFY(
            ctl(bob, {u"decide"_s, all[3], u"--verdict"_s, u"escalate"_s, u"--reason"_s, u"legal"_s,
                      u"--action"_s, u"refer"_s, u"--notes"_s, u"[SYNTHETIC] needs a lawyer"_s})
                .exitCode == 0);
        // Bob cannot decide Alice's item: he holds no lease on it.
        QCOMPARE(ctl(bob, {u"decide"_s, all[2], u"--verdict"_s, u"not_violating"_s, u"--reason"_s,
                           u"benign"_s, u"--action"_s, u"no_action"_s})
                     .exitCode,
                 3);
        QCOMPARE(status(alice).value(u"pending"_s).toInteger(), 2);

        const CtlResult aliceSync = ctl(alice, {u"sync"_s});
        QVERIFY2(aliceSync.exitCode == 0, describe(aliceSync).constData());
        QVERIFY2(aliceSync.out.contains("2 accepted"), describe(aliceSync).constData());
        const CtlResult bobSync = ctl(bob, {u"sync"_s, u"--wait"_s});
        QVERIFY2(bobSync.exitCode == 0, describe(bobSync).constData());

        const QJsonObject a = status(alice);
        QCOMPARE(a.value(u"pending"_s).toInteger(), 0);
        QCOMPARE(a.value(u"accepted"_s).toInteger(), 2);
        QCOMPARE(a.value(u"online"_s).toBool(), true);
        QCOMPARE(a.value(u"leases_held"_s).toInteger(), 1);
        QVERIFY(!a.value(u"last_sync"_s).toString().isEmpty());
        const QJsonObject b = status(bob);
        QCOMPARE(b.value(u"accepted"_s).toInteger(), 1);
        QCOMPARE(b.value(u"server_head"_s).toObject().value(u"seq"_s).toInteger(), 3);

        // The server holds the three decisions with the verdicts chosen.
        const QJsonArray feed = s->get(u"/v1/decisions?after=0"_s, u"supervisor"_s)
                                    .json()
                                    .value(u"decisions"_s)
                                    .toArray();
        QCOMPARE(feed.size(), 3);
        QMap<QString, QString> verdictByItem;
        for (const QJsonValue& v : feed)
            verdictByItem.insert(v[u"item_id"_s].toString(), v[u"verdict"_s].toString());
        QCOMPARE(verdictByItem.value(all[0]), u"violating"_s);
        QCOMPARE(verdictByItem.value(all[1]), u"not_violating"_s);
        QCOMPARE(verdictByItem.value(all[3]), u"escalate"_s);

        // Skip: the item goes back to the queue.
        QCOMPARE(ctl(alice, {u"release"_s, all[2]}).exitCode, 0);
        QCOMPARE(status(alice).value(u"leases_held"_s).toInteger(), 0);
    }

    void offlineDecisionOnAnExpiredLeaseComesBackAsAConflict()
    {
        auto s = server(3);
        QVERIFY(s);
        const QString bobToken = s->addUser(u"bob"_s, u"moderator"_s);
        // Alice reaches the server through a link that can be cut.
        FaultProxy link(quint16(QUrl(s->baseUrl()).port()));
        QVERIFY(link.start());
        const QString alice = profile(u"alice"_s);
        const QString bob = profile(u"bob"_s);
        QVERIFY(login(alice, u"http://127.0.0.1:%1"_s.arg(link.port()), s->token(u"moderator"_s)));
        QVERIFY(login(bob, s->baseUrl(), bobToken));

        // Alice's one-second lease is granted with the server's clock two seconds behind, then
        // the clock is set right: the lease has run out, by the server's clock and by Alice's,
        // without anyone waiting for it.
        QVERIFY(s->setClockOffsetMs(-2000));
        const CtlResult leased =
            ctl(alice, {u"lease"_s, u"--count"_s, u"1"_s, u"--seconds"_s, u"1"_s});
        QVERIFY2(leased.exitCode == 0 && leased.outLines().size() == 1,
                 describe(leased).constData());
        const QString item = leased.outLines().first().section(u'\t', 0, 0);
        QVERIFY(s->setClockOffsetMs(0));

        link.setSchedule([](int) { return Fault::DropRequest; }); // Alice is offline

        const CtlResult bobLease = ctl(bob, {u"lease"_s, u"--count"_s, u"1"_s});
        QCOMPARE(bobLease.outLines().value(0).section(u'\t', 0, 0), item);
        QCOMPARE(bobLease.outLines().value(0).section(u'\t', 1, 1), u"2"_s); // a newer token
        QVERIFY(ctl(bob, {u"decide"_s, item, u"--verdict"_s, u"violating"_s, u"--reason"_s,
                          u"incitement"_s, u"--action"_s, u"remove"_s, u"--dsa-ground"_s,
                          u"incompatible_with_terms"_s})
                    .exitCode == 0);
        QCOMPARE(ctl(bob, {u"sync"_s}).exitCode, 0);

        // Offline, Alice still decides from her cache; the decision is logged, not sent.
        const CtlResult decided =
            ctl(alice, {u"decide"_s, item, u"--verdict"_s, u"not_violating"_s, u"--reason"_s,
                        u"satire"_s, u"--action"_s, u"no_action"_s});
        QVERIFY2(decided.exitCode == 0, describe(decided).constData());
        QVERIFY2(decided.err.contains("lease ran out"), describe(decided).constData());
        const CtlResult offline = ctl(alice, {u"sync"_s});
        QCOMPARE(offline.exitCode, 4);
        QVERIFY2(offline.err.contains("offline"), describe(offline).constData());
        QJsonObject a = status(alice);
        QCOMPARE(a.value(u"online"_s).toBool(), false);
        QCOMPARE(a.value(u"pending"_s).toInteger(), 1);

        link.setSchedule([](int) { return Fault::None; }); // back online
        const CtlResult synced = ctl(alice, {u"sync"_s});
        QVERIFY2(synced.exitCode == 0 && synced.out.contains("1 conflict"),
                 describe(synced).constData());
        a = status(alice);
        QCOMPARE(a.value(u"online"_s).toBool(), true);
        QCOMPARE(a.value(u"pending"_s).toInteger(), 0);
        QCOMPARE(a.value(u"conflicts"_s).toInteger(), 1);
        const QJsonObject refused = a.value(u"refused"_s).toArray().first().toObject();
        QCOMPARE(refused.value(u"item_id"_s).toString(), item);
        QVERIFY2(refused.value(u"reason"_s).toString().contains(u"already_decided"_s),
                 qPrintable(refused.value(u"reason"_s).toString()));
        const CtlResult human = ctl(alice, {u"status"_s, u"--no-probe"_s});
        QVERIFY2(human.out.contains("superseded seq 1"), describe(human).constData());

        // Both decisions are kept: Alice's in her log (intact), Bob's on the server.
        const CtlResult list =
            runCtl({u"log"_s, u"list"_s, u"--json"_s, u"--db"_s, alice + u"/audit.sqlite"_s});
        QVERIFY(list.out.contains("\"satire\""));
        QCOMPARE(runCtl({u"verify"_s, u"--db"_s, alice + u"/audit.sqlite"_s}).exitCode, 0);
        const QStringList onServer = serverDecisionIds(*s);
        QCOMPARE(onServer.size(), 1);
    }

    void aServerThatLostDecisionsIsReportedAsTampering()
    {
        QFETCH_GLOBAL(QString, engine);
        if (engine == u"postgres")
            QSKIP("the restore is done on the SQLite file; the check is the same for both");
        auto s = server(5);
        QVERIFY(s);
        const QString alice = profile(u"alice"_s);
        QVERIFY(login(alice, s->baseUrl(), s->token(u"moderator"_s)));
        const QStringList items = ctl(alice, {u"lease"_s, u"--count"_s, u"3"_s}).outLines();
        QCOMPARE(items.size(), 3);
        auto decide = [&](int i) {
            return ctl(alice, {u"decide"_s, items[i].section(u'\t', 0, 0), u"--verdict"_s,
                               u"not_violating"_s, u"--reason"_s, u"benign"_s, u"--action"_s,
                               u"no_action"_s})
                .exitCode;
        };
        QCOMPARE(decide(0), 0);
        QCOMPARE(ctl(alice, {u"sync"_s}).exitCode, 0);

        // An operator's copy of the server's database, taken now...
        const QString file = s->dbUrl().mid(u"sqlite:"_s.size());
        s->stop();
        QTemporaryDir copy;
        for (const QString& suffix : {u""_s, u"-wal"_s, u"-shm"_s})
            if (QFile::exists(file + suffix))
                QVERIFY(QFile::copy(file + suffix, copy.filePath(u"db"_s + suffix)));
        QVERIFY(s->start());
        QCOMPARE(decide(1), 0);
        QCOMPARE(ctl(alice, {u"sync"_s}).exitCode, 0);
        // ...and put back later: the server forgets Alice's second decision.
        s->stop();
        for (const QString& suffix : {u""_s, u"-wal"_s, u"-shm"_s}) {
            QFile::remove(file + suffix);
            if (QFile::exists(copy.filePath(u"db"_s + suffix)))
                QVERIFY(QFile::copy(copy.filePath(u"db"_s + suffix), file + suffix));
        }
        QVERIFY(s->start());

        QCOMPARE(decide(2), 0);
        const CtlResult sync = ctl(alice, {u"sync"_s});
        QCOMPARE(sync.exitCode, 1);
        QVERIFY2(sync.err.contains("tampering"), describe(sync).constData());
        const CtlResult human = ctl(alice, {u"status"_s, u"--no-probe"_s});
        QVERIFY2(human.out.contains("TAMPERING SUSPECTED"), describe(human).constData());
        // Sync stays stopped until a person looks.
        QCOMPARE(ctl(alice, {u"sync"_s}).exitCode, 1);
    }
};

QTEST_GUILESS_MAIN(SyncCliTest)
#include "sync_cli_test.moc"
