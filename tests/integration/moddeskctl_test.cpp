// Protects: moddeskctl's promises to scripts and people: one "<seq> <id>" line per durable
// append, bad input named by line and field with nothing half-written, the verify verdicts and
// exit codes, listings, backups, and help for every command.
#include "audit_log.h"
#include "ctl_runner.h"
#include "sample_decisions.h"
#include "temp_log.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace moddesk;
using namespace moddesk::test;

namespace {

QByteArray sampleLines(int from, int to)
{
    QByteArray lines;
    for (int i = from; i < to; ++i)
        lines += sampleDecisionLine(i) + '\n';
    return lines;
}

} // namespace

class ModdeskctlTest final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void appendPrintsSeqAndIdPerDecision()
    {
        TempLog temp;
        const CtlResult r =
            runCtl({u"log"_s, u"append"_s, u"--db"_s, temp.path()}, sampleLines(0, 30));
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.err.isEmpty());
        const QStringList lines = r.outLines();
        QCOMPARE(lines.size(), 30);
        for (int i = 0; i < 30; ++i)
            QCOMPARE(lines[i], QString::number(i + 1) + u' ' + sampleUuid(i));
        auto log = AuditLog::openReadOnly(temp.path());
        QCOMPARE((*log)->verify().entries, 30);
    }

    void appendContinuesAnExistingLog()
    {
        TempLog temp;
        QCOMPARE(
            runCtl({u"log"_s, u"append"_s, u"--db"_s, temp.path()}, sampleLines(0, 5)).exitCode, 0);
        const CtlResult r =
            runCtl({u"log"_s, u"append"_s, u"--db"_s, temp.path()}, sampleLines(5, 8));
        QCOMPARE(r.outLines(), (QStringList{u"6 "_s + sampleUuid(5), u"7 "_s + sampleUuid(6),
                                            u"8 "_s + sampleUuid(7)}));
    }

    void badLineIsNamedAndNothingOfItIsWritten_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not json") << QByteArray("{\"id\": ")
                                  << u"line 3: decision is not valid JSON"_s;
        QTest::newRow("misspelt field")
            << QByteArray(sampleDecisionLine(40)).replace("\"verdict\"", "\"verdit\"")
            << u"line 3: verdit: is not a known field"_s;
        QTest::newRow("verdict not in policy")
            << QByteArray(sampleDecisionLine(40)).replace("\"violating\"", "\"ok\"")
            << u"line 3: verdict: \"ok\" is not a verdict of policy tvec-2026.11"_s;
        Decision escalateWithoutNotes = sampleDecision(42);
        escalateWithoutNotes.notes.reset();
        QTest::newRow("missing what the policy requires")
            << QJsonDocument(escalateWithoutNotes.toJson()).toJson(QJsonDocument::Compact)
            << u"line 3: notes: is required when the verdict is escalate (policy tvec-2026.11)"_s;
        QTest::newRow("seq given") << "{\"seq\":9," + sampleDecisionLine(40).mid(1)
                                   << u"line 3: seq: is assigned by the log"_s;
        QTest::newRow("hash given")
            << "{\"hash\":\"" + QByteArray(64, 'a') + "\"," + sampleDecisionLine(40).mid(1)
            << u"line 3: hash: is computed by the log"_s;
        QTest::newRow("bad timestamp")
            << QByteArray(sampleDecisionLine(40)).replace("Z\"", "\"") << u"line 3: decided_at: "_s;
        QTest::newRow("invalid utf-8")
            << QByteArray(sampleDecisionLine(41)).replace("SYNTHETIC", "SYN\xff\xfeTIC")
            << u"line 3: decision is not valid JSON"_s;
        QTest::newRow("array") << QByteArray("[1,2]")
                               << u"line 3: decision must be a JSON object"_s;
        QTest::newRow("huge") << QByteArray(300 * 1024, 'x')
                              << u"line 3: longer than 262144 bytes"_s;
        QTest::newRow("same id, other content")
            << QByteArray(sampleDecisionLine(0)).replace("synthetic-item-0", "synthetic-item-999")
            << u"line 3: id: decision "_s + sampleUuid(0) + u" is already in the log at seq 1"_s;
    }

    void badLineIsNamedAndNothingOfItIsWritten()
    {
        QFETCH(QByteArray, line);
        QFETCH(QString, expected);
        TempLog temp;
        const QByteArray input = sampleLines(0, 2) + line + '\n' + sampleLines(2, 4);
        const CtlResult r = runCtl({u"log"_s, u"append"_s, u"--db"_s, temp.path()}, input);
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(QString::fromUtf8(r.err).startsWith(u"moddeskctl: "_s + expected),
                 r.err.constData());
        QCOMPARE(r.outLines().size(), 2); // the two lines before it were acknowledged...
        auto log = AuditLog::openReadOnly(temp.path());
        QCOMPARE(*(*log)->count(), 2); // ...and nothing else was written
        QVERIFY((*log)->verify().ok());
    }

    void rerunningAnImportAcknowledgesWhatIsAlreadyThere()
    {
        TempLog temp;
        QCOMPARE(
            runCtl({u"log"_s, u"append"_s, u"--db"_s, temp.path()}, sampleLines(0, 4)).exitCode, 0);
        const CtlResult r =
            runCtl({u"log"_s, u"append"_s, u"--db"_s, temp.path()}, sampleLines(0, 6));
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.outLines().size(), 6);
        QCOMPARE(r.outLines()[2], u"3 "_s + sampleUuid(2));
        QCOMPARE(r.outLines()[5], u"6 "_s + sampleUuid(5));
        QCOMPARE(*(*AuditLog::openReadOnly(temp.path()))->count(), 6);
    }

    void listShowsEntriesAsTextAndJson()
    {
        TempLog temp;
        temp.openWithSamples(12);
        const CtlResult text = runCtl({u"log"_s, u"list"_s, u"--db"_s, temp.path()});
        QCOMPARE(text.exitCode, 0);
        QCOMPARE(text.outLines().size(), 12);
        QVERIFY(text.outLines()[0].startsWith(u"1  2026-"_s));
        QVERIFY(text.outLines()[0].contains(u"violating/terrorist_propaganda  remove  alice"_s));

        const CtlResult json = runCtl({u"log"_s, u"list"_s, u"--db"_s, temp.path(), u"--json"_s,
                                       u"--after"_s, u"4"_s, u"--limit"_s, u"5"_s});
        QCOMPARE(json.exitCode, 0);
        const QStringList lines = json.outLines();
        QCOMPARE(lines.size(), 5);
        for (int i = 0; i < 5; ++i) {
            auto d = Decision::fromJsonBytes(lines[i].toUtf8());
            QVERIFY2(d.ok(), failure(d).constData());
            QCOMPARE(d->seq, 5 + i);
            QCOMPARE(d->hash, d->computeHash());
            Decision expected = sampleDecision(4 + i);
            expected.seq = d->seq;
            expected.prevHash = d->prevHash;
            expected.hash = d->hash;
            QCOMPARE(*d, expected);
        }
    }

    void listDefusesTerminalEscapes()
    {
        TempLog temp;
        Decision d = sampleDecision(1);
        d.moderator = u"mallory\x1b]0;pwned\x07\u202e"_s;
        QVERIFY(temp.open()->append(d).ok());
        const CtlResult r = runCtl({u"log"_s, u"list"_s, u"--db"_s, temp.path()});
        QVERIFY(!r.out.contains('\x1b'));
        QVERIFY(!r.out.contains("\xe2\x80\xae")); // U+202E RIGHT-TO-LEFT OVERRIDE
        QVERIFY2(r.out.contains("mallory\\u{1B}]0;pwned\\u{7}\\u{202E}"), r.out.constData());
    }

    void verifySaysOkOrNamesTheTamperedSeq()
    {
        TempLog temp;
        temp.openWithSamples(25);
        CtlResult r = runCtl({u"verify"_s, u"--db"_s, temp.path()});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.outLines(), QStringList{u"ok 25 entries"_s});

        {
            RawSqlite raw(temp.path());
            raw.dropAppendOnlyTriggers();
            QCOMPARE(raw.exec(u"UPDATE decisions SET verdict = 'not_violating' WHERE seq = 11"_s),
                     QString());
        }
        r = runCtl({u"verify"_s, u"--db"_s, temp.path()});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.outLines(),
                 QStringList{u"tampered at seq 11: hash does not match the entry's contents"_s});
        r = runCtl({u"verify"_s, u"--db"_s, temp.path(), u"--json"_s});
        QCOMPARE(r.exitCode, 1);
        const QJsonObject json = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(json.value(u"ok"_s).toBool(true), false);
        QCOMPARE(json.value(u"bad_seq"_s).toInteger(), 11);
        QCOMPARE(json.value(u"entries"_s).toInteger(), 10);
    }

    void verifyOfAMissingFileIsAnEnvironmentError()
    {
        TempLog temp;
        const CtlResult r = runCtl({u"verify"_s, u"--db"_s, temp.filePath(u"missing.db"_s)});
        QCOMPARE(r.exitCode, 4);
        QVERIFY(r.err.contains("no audit log at"));
        QVERIFY(!QFile::exists(temp.filePath(u"missing.db"_s))); // verify creates nothing
    }

    void backupWritesAVerifiedCopy()
    {
        TempLog temp;
        temp.openWithSamples(40);
        const QString target = temp.filePath(u"copy.db"_s);
        const CtlResult r = runCtl({u"backup"_s, u"--db"_s, temp.path(), u"--to"_s, target});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.outLines(), QStringList{u"backup of 40 entries written to "_s + target});
        QCOMPARE(runCtl({u"verify"_s, u"--db"_s, target}).outLines(),
                 QStringList{u"ok 40 entries"_s});
    }

    void everyCommandHasHelp_data()
    {
        QTest::addColumn<QStringList>("command");
        QTest::newRow("log append") << QStringList{u"log"_s, u"append"_s};
        QTest::newRow("log list") << QStringList{u"log"_s, u"list"_s};
        QTest::newRow("verify") << QStringList{u"verify"_s};
        QTest::newRow("backup") << QStringList{u"backup"_s};
    }

    void everyCommandHasHelp()
    {
        QFETCH(QStringList, command);
        const CtlResult r = runCtl(command + QStringList{u"--help"_s});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith(
                     QByteArray("Usage: moddeskctl " + command.join(u' ').toUtf8() + " [options]")),
                 r.out.constData());
        QVERIFY(r.out.contains("--db <PATH>"));
        // Without --db it says what is missing and exits 2.
        const CtlResult bare = runCtl(command);
        QCOMPARE(bare.exitCode, 2);
        QVERIFY2(bare.err.contains("--db is required"), bare.err.constData());
    }

    void topLevelHelpAndUnknownCommands()
    {
        const CtlResult help = runCtl({u"--help"_s});
        QCOMPARE(help.exitCode, 0);
        for (const char* c : {"log append", "log list", "verify", "backup"})
            QVERIFY2(help.out.contains(c), c);
        const CtlResult unknown = runCtl({u"frobnicate"_s});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY(unknown.err.contains("unknown command \"frobnicate\""));
        const CtlResult badOption = runCtl({u"verify"_s, u"--dbb"_s, u"x"_s});
        QCOMPARE(badOption.exitCode, 2);
        QVERIFY(badOption.err.contains("Unknown option 'dbb'"));
    }
};

QTEST_GUILESS_MAIN(ModdeskctlTest)
#include "moddeskctl_test.moc"
