// Protects: the client schema is created and upgraded in one transaction, a failed upgrade
// changes nothing, and a log from a newer ModDesk is refused rather than misread.
#include "audit_log.h"
#include "migrations.h"
#include "sample_decisions.h"
#include "sqlite_database.h"
#include "temp_log.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace moddesk;
using namespace moddesk::test;

class MigrationsTest final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void migrationsAreNumberedWithoutGaps()
    {
        const auto& migrations = clientMigrations();
        QVERIFY(!migrations.empty());
        for (size_t i = 0; i < migrations.size(); ++i) {
            QCOMPARE(migrations[i].version, static_cast<int>(i) + 1);
            QVERIFY(!migrations[i].sql.isEmpty());
        }
    }

    void aNewLogGetsTheNewestSchemaOnce()
    {
        TempLog temp;
        temp.openWithSamples(3);
        temp.open(); // reopening applies nothing twice
        RawSqlite raw(temp.path());
        QCOMPARE(raw.scalar(u"SELECT max(version) FROM schema_version"_s).toInt(),
                 clientMigrations().back().version);
        QCOMPARE(raw.scalar(u"SELECT count(*) FROM schema_version"_s).toInt(),
                 static_cast<int>(clientMigrations().size()));
        QCOMPARE(raw.scalar(u"PRAGMA journal_mode"_s), u"wal"_s);
    }

    void aFailingMigrationLeavesNothingBehind()
    {
        TempLog temp;
        auto db = SqliteDatabase::open(temp.path(), SqliteDatabase::Mode::ReadWrite);
        QVERIFY(db.ok());
        const std::vector<Migration> migrations{
            {1, u"first"_s, "CREATE TABLE a (x INTEGER);"},
            {2, u"broken"_s, "CREATE TABLE b (y INTEGER); INSERT INTO nowhere VALUES (1);"},
        };
        const Status result = migrate(**db, migrations);
        QVERIFY(!result.ok());
        QVERIFY2(result.error().message.contains(u"migration 2 (broken) failed"_s),
                 failure(result).constData());
        QVERIFY(result.error().message.contains(u"nothing was changed"_s));
        QCOMPARE(*schemaVersion(**db), 0);
        QCOMPARE(*(*db)->queryText("SELECT count(*) FROM sqlite_schema WHERE name IN ('a', 'b')"),
                 u"0"_s);
    }

    void anUpgradeAppliesOnlyWhatIsNew()
    {
        TempLog temp;
        auto db = SqliteDatabase::open(temp.path(), SqliteDatabase::Mode::ReadWrite);
        std::vector<Migration> migrations{{1, u"first"_s, "CREATE TABLE a (x INTEGER);"}};
        QVERIFY(migrate(**db, migrations).ok());
        migrations.push_back({2, u"second"_s, "ALTER TABLE a ADD COLUMN y INTEGER;"});
        QVERIFY(migrate(**db, migrations).ok());
        QVERIFY(migrate(**db, migrations).ok());
        QCOMPARE(*schemaVersion(**db), 2);
    }

    void aLogFromANewerModDeskIsRefused()
    {
        TempLog temp;
        temp.openWithSamples(2);
        {
            RawSqlite raw(temp.path());
            QCOMPARE(raw.exec(u"INSERT INTO schema_version VALUES (999, 0)"_s), QString());
        }
        auto log = AuditLog::open(temp.path());
        QVERIFY(!log.ok());
        QVERIFY2(log.error().message.contains(u"schema version 999"_s), failure(log).constData());
        QVERIFY(log.error().message.contains(u"newer"_s));
        auto readOnly = AuditLog::openReadOnly(temp.path());
        QVERIFY(!readOnly.ok());
        QVERIFY(readOnly.error().message.contains(u"newer ModDesk"_s));
        RawSqlite raw(temp.path());
        QCOMPARE(raw.scalar(u"SELECT count(*) FROM decisions"_s), u"2"_s);
    }
};

QTEST_GUILESS_MAIN(MigrationsTest)
#include "migrations_test.moc"
