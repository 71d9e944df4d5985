#pragma once

#include "result.h"

#include <QByteArray>
#include <QString>

#include <vector>

namespace moddesk {

class SqliteDatabase;

struct Migration {
    int version = 0;
    QString name;
    QByteArray sql;
};

// The client database's migrations, compiled in from db/migrations/NNNN_name.sql.
const std::vector<Migration>& clientMigrations();

// Brings `db` to the newest version in `migrations` (ascending by version): every pending
// migration and the new version number commit together, or nothing does. A database newer
// than this program is refused rather than guessed at.
Status migrate(SqliteDatabase& db, const std::vector<Migration>& migrations);

// The schema version recorded in `db` (0 for a new, empty file).
Result<int> schemaVersion(SqliteDatabase& db);

} // namespace moddesk
