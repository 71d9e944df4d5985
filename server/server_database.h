#pragma once

#include "database_url.h"
#include "result.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariant>

#include <initializer_list>
#include <mutex>

namespace moddesk::server {

// The server's database, reached through one QtSql connection per thread (QtSql connections
// must not cross threads). The server keeps no other state, so any number of server
// processes can share one PostgreSQL database.
class ServerDatabase final {
public:
    explicit ServerDatabase(DatabaseUrl url);

    const DatabaseUrl& url() const { return m_url; }
    bool isSqlite() const { return m_url.engine == DatabaseUrl::Engine::Sqlite; }

    // This thread's connection, opened on first use.
    Result<QSqlDatabase> connection() const;
    // Called between requests (nothing of this thread's connection in use): if a query on it
    // failed since, and it no longer answers, it is closed with its prepared statements, and
    // the next connection() opens a new one. So a database that went away and came back is
    // used again without a restart of the server.
    void recoverConnection() const;
    // Applies pending migrations of this engine in one transaction.
    Status migrate() const;

private:
    QString connectionName() const; // this thread's
    static void forget(const QString& name);

    DatabaseUrl m_url;
    QString m_connectionPrefix;
};

// A transaction on this thread's connection that rolls back unless committed. On SQLite it
// takes the write lock at once (BEGIN IMMEDIATE), so concurrent writers queue instead of
// failing half-way.
class WriteTransaction final {
public:
    explicit WriteTransaction(const ServerDatabase& db);
    ~WriteTransaction();
    Q_DISABLE_COPY_MOVE(WriteTransaction)

    const std::optional<Error>& error() const { return m_error; }
    QSqlDatabase& connection() { return m_connection; }
    Status commit();

private:
    std::unique_lock<std::mutex> m_writerLock;
    QSqlDatabase m_connection;
    std::optional<Error> m_error;
    bool m_open = false;
};

// A query with its results. On PostgreSQL its prepared statement goes back to this thread's
// cache when the query is destroyed, so the next request skips PREPARE and DEALLOCATE.
class Query final : public QSqlQuery {
public:
    Query(QSqlQuery&& query, QString cacheKey);
    Query(Query&& other) noexcept;
    Query& operator=(Query&&) = delete;
    ~Query();

private:
    QString m_cacheKey;
};

// Prepares and runs `sql` with positional `values`; the error names what failed.
Result<Query> runQuery(QSqlDatabase& db, const QString& sql,
                       std::initializer_list<QVariant> values = {});

} // namespace moddesk::server
