#include "migrations.h"

#include "sqlite_database.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace moddesk {

const std::vector<Migration>& clientMigrations()
{
    static const std::vector<Migration> migrations = [] {
        std::vector<Migration> out;
        const QDir dir(u":/moddesk/db/migrations"_s);
        static const QRegularExpression pattern(u"^(\\d{4})_(\\w+)\\.sql$"_s);
        for (const QString& file : dir.entryList(QDir::Files, QDir::Name)) {
            const auto match = pattern.match(file);
            QFile f(dir.filePath(file));
            if (!match.hasMatch() || !f.open(QIODevice::ReadOnly))
                continue;
            out.push_back({match.captured(1).toInt(), match.captured(2), f.readAll()});
        }
        std::sort(out.begin(), out.end(),
                  [](const Migration& a, const Migration& b) { return a.version < b.version; });
        return out;
    }();
    return migrations;
}

Result<int> schemaVersion(SqliteDatabase& db)
{
    auto exists = db.queryText(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_version'");
    if (!exists)
        return exists.error();
    if (*exists == u"0")
        return 0;
    auto version = db.queryText("SELECT coalesce(max(version), 0) FROM schema_version");
    if (!version)
        return version.error();
    return version->toInt();
}

Status migrate(SqliteDatabase& db, const std::vector<Migration>& migrations)
{
    // IMMEDIATE: two processes opening a new file at once must not both migrate it.
    if (auto begun = db.exec("BEGIN IMMEDIATE"); !begun)
        return Error{u"cannot lock "_s + db.path() + u" to upgrade it: "_s + begun.error().message};
    auto fail = [&db](const QString& message) {
        (void)db.exec("ROLLBACK");
        return Status(Error{message});
    };

    if (auto created = db.exec("CREATE TABLE IF NOT EXISTS schema_version ("
                               " version INTEGER NOT NULL, applied_at INTEGER NOT NULL) STRICT");
        !created)
        return fail(created.error().message);
    auto current = schemaVersion(db);
    if (!current)
        return fail(current.error().message);
    const int newest = migrations.empty() ? 0 : migrations.back().version;
    if (*current > newest)
        return fail(db.path() + u" has schema version "_s + QString::number(*current) +
                    u", newer than this ModDesk understands ("_s + QString::number(newest) +
                    u"); use a newer ModDesk"_s);

    for (const Migration& m : migrations) {
        if (m.version <= *current)
            continue;
        if (auto applied = db.exec(m.sql.constData()); !applied)
            return fail(u"migration "_s + QString::number(m.version) + u" ("_s + m.name +
                        u") failed on "_s + db.path() + u": "_s + applied.error().message +
                        u"; nothing was changed"_s);
        const QByteArray record = "INSERT INTO schema_version (version, applied_at) VALUES (" +
                                  QByteArray::number(m.version) +
                                  ", CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))";
        if (auto recorded = db.exec(record.constData()); !recorded)
            return fail(recorded.error().message);
    }
    if (auto committed = db.exec("COMMIT"); !committed)
        return fail(u"cannot commit the schema upgrade of "_s + db.path() + u": "_s +
                    committed.error().message);
    return {};
}

} // namespace moddesk
