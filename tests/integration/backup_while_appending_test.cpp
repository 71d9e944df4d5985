// Protects: a backup taken while another process appends is a sound database that holds
// every entry committed before the backup started, and verifies on its own.
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
        QByteArray input;
        for (int i = 0; i < 6000; ++i)
            input += sampleDecisionLine(i) + '\n';
        writer.write(input);
        writer.closeWriteChannel();

        QStringList acknowledged;
        QByteArray pending;
        for (int round = 1; round <= 4; ++round) {
            // Let the writer get ahead, then snapshot while it keeps going.
            while (acknowledged.size() < round * 300 && writer.state() == QProcess::Running) {
                writer.waitForReadyRead(50);
                pending += writer.readAllStandardOutput();
                const qsizetype end = pending.lastIndexOf('\n');
                if (end >= 0) {
                    acknowledged += QString::fromLatin1(pending.left(end)).split(u'\n');
                    pending.remove(0, end + 1);
                }
            }
            QVERIFY2(writer.state() == QProcess::Running, "the writer finished too early");
            const QStringList before = acknowledged; // all committed before the backup starts
            const QString target = temp.filePath(u"backup-%1.db"_s.arg(round));
            const CtlResult backup =
                runCtl({u"backup"_s, u"--db"_s, temp.path(), u"--to"_s, target});
            QCOMPARE(backup.exitCode, 0);
            QVERIFY2(writer.state() == QProcess::Running,
                     "the backup must overlap with the writer to prove anything");

            RawSqlite raw(target);
            QCOMPARE(raw.scalar(u"PRAGMA integrity_check"_s), u"ok"_s);
            auto copy = AuditLog::openReadOnly(target);
            QVERIFY(copy.ok());
            const VerifyReport report = (*copy)->verify();
            QVERIFY2(report.ok(), qPrintable(report.reason));
            QVERIFY(report.entries >= before.size());
            for (const QString& line : before) {
                const QString seq = line.section(u' ', 0, 0);
                const QString id = line.section(u' ', 1, 1);
                QCOMPARE(raw.scalar(u"SELECT id FROM decisions WHERE seq = "_s + seq), id);
            }
            qInfo("backup %d: %lld acknowledged before it started, %lld entries in it", round,
                  qint64(before.size()), report.entries);
        }
        writer.kill();
        writer.waitForFinished();
    }
};

QTEST_GUILESS_MAIN(BackupWhileAppendingTest)
#include "backup_while_appending_test.moc"
