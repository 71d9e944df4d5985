// Protects: a backup taken while another process appends (fed as it goes, so it is still
// appending whatever the machine's speed) is a sound database that holds every entry committed
// before the backup started, and verifies on its own.
#include "audit_log.h"
#include "ctl_runner.h"
#include "sample_decisions.h"
#include "temp_log.h"

#include <QProcess>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace moddesk;
using namespace moddesk::test;

class BackupWhileAppendingTest final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void backupHoldsEverythingCommittedBeforeIt()
    {
        TempLog temp;
        QProcess writer;
        writer.start(ctlPath(), {u"log"_s, u"append"_s, u"--db"_s, temp.path()});
        QVERIFY(writer.waitForStarted());
        // The writer is fed as it goes, always a few hundred lines ahead, so it never runs out
        // of work while a backup runs (however fast either is) and never finishes on its own.
        int fed = 0;
        const auto feed = [&](int ahead, const QStringList& acknowledged) {
            QByteArray input;
            for (; fed < acknowledged.size() + ahead; ++fed)
                input += sampleDecisionLine(fed) + '\n';
            writer.write(input);
        };
        QStringList acknowledged;
        QByteArray pending;
        const auto collect = [&] {
            pending += writer.readAllStandardOutput();
            const qsizetype end = pending.lastIndexOf('\n');
            if (end >= 0) {
                acknowledged += QString::fromLatin1(pending.left(end)).split(u'\n');
                pending.remove(0, end + 1);
            }
        };
        int overlapped = 0;
        for (int round = 1; round <= 4; ++round) {
            // Let the writer get ahead, then snapshot while it keeps going.
            while (acknowledged.size() < round * 300) {
                feed(300, acknowledged);
                QVERIFY2(writer.state() == QProcess::Running, "the writer stopped");
                if (!writer.waitForReadyRead(60'000) && writer.state() == QProcess::Running)
                    QFAIL("the writer acknowledged nothing for a minute");
                collect();
            }
            const QStringList before = acknowledged; // all committed before the backup starts
            const qint64 lastBefore =
                RawSqlite(temp.path()).scalar(u"SELECT MAX(seq) FROM decisions"_s).toLongLong();
            const QString target = temp.filePath(u"backup-%1.db"_s.arg(round));
            QProcess backup;
            backup.start(ctlPath(), {u"backup"_s, u"--db"_s, temp.path(), u"--to"_s, target});
            QVERIFY(backup.waitForStarted());
            while (backup.state() == QProcess::Running) {
                feed(300, acknowledged);
                writer.waitForReadyRead(20); // a turn for the writer's answers, then look again
                collect();
                backup.waitForFinished(0);
            }
            QCOMPARE(backup.exitStatus(), QProcess::NormalExit);
            QCOMPARE(backup.exitCode(), 0);
            collect();

            RawSqlite raw(target);
            QCOMPARE(raw.scalar(u"PRAGMA integrity_check"_s), u"ok"_s);
            auto copy = AuditLog::openReadOnly(target);
            QVERIFY(copy.ok());
            const VerifyReport report = (*copy)->verify();
            QVERIFY2(report.ok(), qPrintable(report.reason));
            QVERIFY(report.entries >= before.size());
            // Entries the writer committed after the backup process started and before the
            // backup read the log: the two really ran side by side.
            const qint64 during = report.entries - lastBefore;
            overlapped += during > 0;
            for (const QString& line : before) {
                const QString seq = line.section(u' ', 0, 0);
                const QString id = line.section(u' ', 1, 1);
                QCOMPARE(raw.scalar(u"SELECT id FROM decisions WHERE seq = "_s + seq), id);
            }
            qInfo(
                "backup %d: %lld acknowledged before it started, %lld committed after it started, "
                "%lld entries in it",
                round, qint64(before.size()), during, report.entries);
        }
        // The writer had work throughout; that a backup holds entries committed after it was
        // started, for at least one of the four, shows they really ran side by side.
        QVERIFY2(overlapped >= 1, "no backup overlapped with the writer's appends");
        writer.kill();
        writer.waitForFinished();
    }
};

QTEST_GUILESS_MAIN(BackupWhileAppendingTest)
#include "backup_while_appending_test.moc"
