#pragma once

#include "result.h"

#include <QString>

namespace moddesk::server {

// Where the server keeps its state: `sqlite:PATH` (embedded, zero set-up) or
// `postgresql://[user[:password]@]host[:port]/dbname` (teams; many servers, one database).
struct DatabaseUrl {
    enum class Engine { Sqlite, Postgres };
    Engine engine = Engine::Sqlite;
    QString path; // sqlite
    QString host; // postgres
    int port = 5432;
    QString user;
    QString password;
    QString database;

    static Result<DatabaseUrl> parse(const QString& text);
    // The URL with the password left out, for messages and logs.
    QString display() const;
};

} // namespace moddesk::server
