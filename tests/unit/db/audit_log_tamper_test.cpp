// Protects: any change to a logged decision (a byte in any column, a deleted row, two rows
// swapped, bytes a writer never produces) is detected by verify() and named by its seq.
#include "audit_log.h"
#include "sample_decisions.h"
#include "temp_log.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace moddesk;
using namespace moddesk::test;

namespace {

constexpr int kEntries = 40;

// Every column of the decisions table, as the schema has it: a new column is covered
// by this test without anyone remembering to add it.
QStringList decisionColumns()
{
    TempLog temp;
    temp.open();
    RawSqlite raw(temp.path());
    QStringList columns;
    for (int i = 0;; ++i) {
        const QString name = raw.scalar(
            u"SELECT name FROM pragma_table_info('decisions') WHERE cid = "_s + QString::number(i));
        if (name.isEmpty())
            break;
        columns << name;
    }
    return columns;
}

QString hex(const QByteArray& bytes)
{
    return QString::fromLatin1(bytes.toHex());
}

} // namespace

class AuditLogTamperTest final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aChangedByteInAnyColumnIsNamed_data()
    {
        QTest::addColumn<QString>("column");
        const QStringList columns = decisionColumns();
        QVERIFY(columns.size() >= 25);
        for (const QString& c : columns)
            QTest::newRow(qPrintable(c)) << c;
    }

    void aChangedByteInAnyColumnIsNamed()
    {
        QFETCH(QString, column);
        TempLog temp;
        temp.openWithSamples(kEntries);
        RawSqlite raw(temp.path());
        raw.dropAppendOnlyTriggers();

        // The first row past the middle whose column holds a value: change one byte of it.
        const QString seq = raw.scalar(u"SELECT min(seq) FROM decisions WHERE seq > 20 AND "_s +
                                       column + u" IS NOT NULL"_s);
        QVERIFY2(!seq.isEmpty(), "no sample row sets this column; extend sampleDecision()");
        const QString type =
            raw.scalar(u"SELECT typeof("_s + column + u") FROM decisions WHERE seq = "_s + seq);
        QString error;
        if (column == u"seq") {
            error = raw.exec(u"UPDATE decisions SET seq = seq + 1000 WHERE seq = "_s + seq);
        } else if (type == u"integer") {
            error = raw.exec(u"UPDATE decisions SET "_s + column + u" = "_s + column +
                             u" + 1 WHERE seq = "_s + seq);
        } else {
            QByteArray bytes =
                raw.scalar(u"SELECT "_s + column + u" FROM decisions WHERE seq = "_s + seq)
                    .toUtf8();
            bytes[bytes.size() - 1] = static_cast<char>(bytes.back() ^ 0x01);
            error = raw.exec(u"UPDATE decisions SET "_s + column + u" = CAST(X'"_s + hex(bytes) +
                             u"' AS TEXT) WHERE seq = "_s + seq);
        }
        QVERIFY2(error.isEmpty(), qPrintable(error));

        auto log = AuditLog::openReadOnly(temp.path());
        QVERIFY(log.ok());
        const VerifyReport report = (*log)->verify();
        QVERIFY2(!report.ok(), "tampering went unnoticed");
        QCOMPARE(report.badSeq.value_or(-1), seq.toLongLong());
        QCOMPARE(report.entries, seq.toLongLong() - 1);
        qInfo().noquote() << column << "->" << report.reason;
    }

    void aValueWrittenIntoAnEmptyColumnIsNamed_data()
    {
        QTest::addColumn<QString>("column");
        QTest::addColumn<QString>("value");
        QTest::newRow("notes") << u"notes"_s << u"'added later'"_s;
        QTest::newRow("reason") << u"reason"_s << u"'benign'"_s;
        QTest::newRow("lease_token") << u"lease_token"_s << u"5"_s;
        QTest::newRow("dsa_facts") << u"dsa_facts"_s << u"'x'"_s;
        QTest::newRow("empty string for NULL") << u"notes"_s << u"''"_s;
    }

    void aValueWrittenIntoAnEmptyColumnIsNamed()
    {
        QFETCH(QString, column);
        QFETCH(QString, value);
        TempLog temp;
        temp.openWithSamples(kEntries);
        RawSqlite raw(temp.path());
        raw.dropAppendOnlyTriggers();
        const QString seq = raw.scalar(u"SELECT min(seq) FROM decisions WHERE seq > 10 AND "_s +
                                       column + u" IS NULL"_s);
        QVERIFY(!seq.isEmpty());
        QCOMPARE(raw.exec(u"UPDATE decisions SET "_s + column + u" = "_s + value +
                          u" WHERE seq = "_s + seq),
                 QString());
        const VerifyReport report = (*AuditLog::openReadOnly(temp.path()))->verify();
        QCOMPARE(report.badSeq.value_or(-1), seq.toLongLong());
    }

    void aDeletedRowIsNamed()
    {
        TempLog temp;
        temp.openWithSamples(kEntries);
        RawSqlite raw(temp.path());
        raw.dropAppendOnlyTriggers();
        QCOMPARE(raw.exec(u"DELETE FROM outbox WHERE decision_seq = 17; "
                          u"DELETE FROM decisions WHERE seq = 17"_s),
                 QString());
        const VerifyReport report = (*AuditLog::openReadOnly(temp.path()))->verify();
        QCOMPARE(report.badSeq.value_or(-1), 17);
        QVERIFY2(report.reason.contains(u"missing"_s), qPrintable(report.reason));
    }

    void aDeletedFirstRowIsNamed()
    {
        TempLog temp;
        temp.openWithSamples(kEntries);
        RawSqlite raw(temp.path());
        raw.dropAppendOnlyTriggers();
        QCOMPARE(raw.exec(u"DELETE FROM decisions WHERE seq = 1"_s), QString());
        QCOMPARE((*AuditLog::openReadOnly(temp.path()))->verify().badSeq.value_or(-1), 1);
    }

    void twoSwappedRowsAreNamed()
    {
        TempLog temp;
        temp.openWithSamples(kEntries);
        RawSqlite raw(temp.path());
        raw.dropAppendOnlyTriggers();
        QCOMPARE(raw.exec(u"UPDATE decisions SET seq = -1 WHERE seq = 20;"
                          u"UPDATE decisions SET seq = 20 WHERE seq = 21;"
                          u"UPDATE decisions SET seq = 21 WHERE seq = -1;"_s),
                 QString());
        const VerifyReport report = (*AuditLog::openReadOnly(temp.path()))->verify();
        QCOMPARE(report.badSeq.value_or(-1), 20);
    }

    void aRehashedRowIsStillCaughtByItsSuccessor()
    {
        // Someone who edits a verdict and recomputes that row's hash breaks the next link.
        TempLog temp;
        temp.openWithSamples(kEntries);
        Decision forged = *(*(*AuditLog::openReadOnly(temp.path()))->find(sampleDecision(29).id));
        QCOMPARE(forged.seq, 30);
        forged.verdict = u"not_violating"_s;
        forged.reason = u"benign"_s;
        forged.hash = forged.computeHash();
        RawSqlite raw(temp.path());
        raw.dropAppendOnlyTriggers();
        QCOMPARE(raw.exec(u"UPDATE decisions SET verdict = 'not_violating', reason = 'benign', "
                          u"hash = '"_s +
                          forged.hash + u"' WHERE seq = 30"_s),
                 QString());
        const VerifyReport report = (*AuditLog::openReadOnly(temp.path()))->verify();
        QCOMPARE(report.badSeq.value_or(-1), 31);
        QVERIFY(report.reason.contains(u"prev_hash"_s));
    }

    void invalidUtf8IsNamed()
    {
        TempLog temp;
        temp.openWithSamples(kEntries);
        RawSqlite raw(temp.path());
        raw.dropAppendOnlyTriggers();
        QCOMPARE(raw.exec(u"UPDATE decisions SET moderator = CAST(X'616cff' AS TEXT) "
                          u"WHERE seq = 12"_s),
                 QString());
        const VerifyReport report = (*AuditLog::openReadOnly(temp.path()))->verify();
        QCOMPARE(report.badSeq.value_or(-1), 12);
        QVERIFY2(report.reason.contains(u"moderator is not valid UTF-8"_s),
                 qPrintable(report.reason));
    }
};

QTEST_GUILESS_MAIN(AuditLogTamperTest)
#include "audit_log_tamper_test.moc"
