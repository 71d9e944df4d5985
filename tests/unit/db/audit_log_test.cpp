// Protects: decisions are appended durably with a hash chain, never updated or deleted,
// duplicates and invalid decisions are refused without a trace, and backups are complete.
#include "audit_log.h"
#include "qtest_printers.h"
#include "sample_decisions.h"
#include "temp_log.h"

#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace moddesk;
using namespace moddesk::test;

class AuditLogTest final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void appendAssignsSeqAndChainsHashes()
    {
        TempLog temp;
        auto log = temp.open();
        ChainHead previous{0, AuditLog::kGenesisHash};
        for (int i = 0; i < 10; ++i) {
            Decision d = sampleDecision(i);
            d.seq = 77; // whatever the caller says, the log assigns the chain fields
            d.hash = u"bogus"_s;
            auto head = log->append(d);
            QVERIFY2(head.ok(), failure(head).constData());
            QCOMPARE(head->seq, i + 1);
            auto stored = log->find(d.id);
            QVERIFY(stored.ok() && stored->has_value());
            QCOMPARE((*stored)->seq, i + 1);
            QCOMPARE((*stored)->prevHash, previous.hash);
            QCOMPARE((*stored)->hash, (*stored)->computeHash());
            QCOMPARE((*stored)->hash, head->hash);
            previous = *head;
        }
        QCOMPARE(*log->count(), 10);
        QCOMPARE(*log->pendingSyncCount(), 10); // every decision waits for sync
    }

    void storedDecisionsReadBackUnchanged()
    {
        TempLog temp;
        auto log = temp.openWithSamples(50);
        int n = 0;
        QVERIFY(log->forEach(0, -1,
                             [&n](const Decision& d) {
                                 Decision expected = sampleDecision(n++);
                                 expected.seq = d.seq;
                                 expected.prevHash = d.prevHash;
                                 expected.hash = d.hash;
                                 return d == expected;
                             })
                    .ok());
        QCOMPARE(n, 50); // forEach stops early on the first mismatch
    }

    void entriesSurviveReopening()
    {
        TempLog temp;
        ChainHead head;
        {
            auto log = temp.openWithSamples(25);
            head = *log->head();
        }
        auto reopened = AuditLog::openReadOnly(temp.path());
        QVERIFY(reopened.ok());
        QCOMPARE(*(*reopened)->head(), head);
        QCOMPARE((*reopened)->verify().entries, 25);
    }

    void duplicateIdIsRefusedNamingItsSeq()
    {
        TempLog temp;
        auto log = temp.openWithSamples(5);
        Decision again = sampleDecision(2);
        again.notes = u"a different note"_s;
        auto result = log->append(again);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().field, u"id"_s);
        QVERIFY2(result.error().message.contains(u"already in the log at seq 3"_s),
                 failure(result).constData());
        QCOMPARE(*log->count(), 5);
        QVERIFY(log->verify().ok());
    }

    void invalidDecisionIsRefusedAndNothingIsWritten_data()
    {
        QTest::addColumn<Decision>("decision");
        QTest::addColumn<QString>("field");
        Decision noModerator = sampleDecision(1);
        noModerator.moderator.clear();
        QTest::newRow("no moderator") << noModerator << u"moderator"_s;
        Decision badId = sampleDecision(1);
        badId.id = u"not-a-uuid"_s;
        QTest::newRow("bad id") << badId << u"id"_s;
        Decision retractWithVerdict = sampleDecision(9);
        retractWithVerdict.verdict = u"violating"_s;
        QTest::newRow("retract with verdict") << retractWithVerdict << u"verdict"_s;
        Decision loneLeaseId = sampleDecision(1);
        loneLeaseId.leaseId = u"lease-1"_s;
        QTest::newRow("lease id without token") << loneLeaseId << u"lease_token"_s;
    }

    void invalidDecisionIsRefusedAndNothingIsWritten()
    {
        QFETCH(Decision, decision);
        QFETCH(QString, field);
        TempLog temp;
        auto log = temp.openWithSamples(3);
        const ChainHead before = *log->head();
        auto result = log->append(decision);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().field, field);
        QCOMPARE(*log->head(), before);
        QCOMPARE(*log->pendingSyncCount(), 3);
    }

    void batchIsAllOrNothing()
    {
        TempLog temp;
        auto log = temp.openWithSamples(3);
        std::vector<Decision> batch{sampleDecision(10), sampleDecision(11), sampleDecision(1)};
        auto result = log->appendBatch(batch); // the third repeats an id already logged
        QVERIFY(!result.ok());
        QCOMPARE(*log->count(), 3);
        QVERIFY(!log->find(sampleDecision(10).id)->has_value());
        // The log is still writable after the rollback.
        QVERIFY(log->append(sampleDecision(10)).ok());
        QCOMPARE(log->head()->seq, 4);
    }

    void updatesAndDeletesAreRefusedByTheDatabase()
    {
        TempLog temp;
        auto log = temp.openWithSamples(3);
        const QString hashBefore = (*log->find(sampleDecision(1).id))->hash;
        RawSqlite raw(temp.path());
        const QString update = raw.exec(u"UPDATE decisions SET verdict = 'not_violating'"_s);
        QVERIFY2(update.contains(u"append-only: decisions cannot be updated"_s),
                 qPrintable(update));
        const QString remove = raw.exec(u"DELETE FROM decisions WHERE seq = 2"_s);
        QVERIFY2(remove.contains(u"append-only: decisions cannot be deleted"_s),
                 qPrintable(remove));
        QCOMPARE(raw.scalar(u"SELECT count(*) FROM decisions"_s), u"3"_s);
        QCOMPARE((*log->find(sampleDecision(1).id))->hash, hashBefore);
        QVERIFY(log->verify().ok());
    }

    void verifyCountsEveryEntryOfAnIntactLog()
    {
        TempLog temp;
        auto log = temp.openWithSamples(200);
        const VerifyReport report = log->verify();
        QVERIFY2(report.ok(), qPrintable(report.reason));
        QCOMPARE(report.entries, 200);
        QCOMPARE(*log->integrityCheck(), u"ok"_s);
    }

    void emptyLogVerifies()
    {
        TempLog temp;
        auto log = temp.open();
        QVERIFY(log->verify().ok());
        QCOMPARE(log->verify().entries, 0);
        QCOMPARE(log->head()->hash, AuditLog::kGenesisHash);
    }

    void backupIsACompleteVerifiableCopy()
    {
        TempLog temp;
        auto log = temp.openWithSamples(120);
        const QString target = temp.filePath(u"backup.db"_s);
        QVERIFY(log->backupTo(target).ok());
        QVERIFY(log->append(sampleDecision(500)).ok()); // after the backup: not in it
        auto copy = AuditLog::openReadOnly(target);
        QVERIFY2(copy.ok(), failure(copy).constData());
        QCOMPARE(*(*copy)->integrityCheck(), u"ok"_s);
        const VerifyReport report = (*copy)->verify();
        QVERIFY(report.ok());
        QCOMPARE(report.entries, 120);
        QVERIFY(!QFile::exists(target + u"-wal"_s)); // one self-contained file
        // Backing up again replaces the old copy.
        const Status again = log->backupTo(target);
        QVERIFY2(again.ok(), failure(again).constData());
        auto second = AuditLog::openReadOnly(target);
        QVERIFY2(second.ok(), failure(second).constData());
        QCOMPARE((*second)->verify().entries, 121);
    }

    void backupRefusesToOverwriteTheLogItself()
    {
        TempLog temp;
        auto log = temp.openWithSamples(2);
        auto result = log->backupTo(temp.path());
        QVERIFY(!result.ok());
        QVERIFY(result.error().message.contains(u"cannot overwrite"_s));
        QVERIFY(log->verify().ok());
        QCOMPARE(log->verify().entries, 2);
    }

    void openingNothingOrSomethingElseSaysSo()
    {
        TempLog temp;
        auto missing = AuditLog::openReadOnly(temp.filePath(u"nope.db"_s));
        QVERIFY(!missing.ok());
        QVERIFY(missing.error().message.contains(u"no audit log at"_s));

        const QString text = temp.filePath(u"notes.txt"_s);
        QFile f(text);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(8192, 'x'));
        f.close();
        auto notALog = AuditLog::open(text);
        QVERIFY(!notALog.ok());
        QVERIFY2(notALog.error().message.contains(u"not a readable ModDesk audit log"_s),
                 failure(notALog).constData());
        QCOMPARE(QFileInfo(text).size(), 8192); // left as it was
    }

    void anotherProgramsDatabaseIsLeftAlone()
    {
        TempLog temp;
        const QString other = temp.filePath(u"other.sqlite"_s);
        {
            RawSqlite raw(other);
            QCOMPARE(raw.exec(u"CREATE TABLE bookmarks (url TEXT)"_s), QString());
        }
        auto log = AuditLog::open(other);
        QVERIFY(!log.ok());
        QVERIFY(log.error().message.contains(u"not a ModDesk audit log"_s));
        RawSqlite raw(other);
        QCOMPARE(raw.scalar(u"SELECT count(*) FROM sqlite_schema"_s), u"1"_s);
    }

    void damagedFileIsReportedAtOpen()
    {
        TempLog temp;
        temp.openWithSamples(400); // closed again: the WAL is checkpointed into the file
        QFile f(temp.path());
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.size() > 8 * 4096);
        f.seek(5 * 4096);
        f.write(QByteArray(4096, '\xff'));
        f.close();
        auto damaged = AuditLog::open(temp.path());
        QVERIFY(!damaged.ok());
        const QString message = damaged.error().message;
        QVERIFY2(message.contains(u"damaged"_s) || message.contains(u"not a readable"_s),
                 qPrintable(message));
    }
};

QTEST_GUILESS_MAIN(AuditLogTest)
#include "audit_log_test.moc"
