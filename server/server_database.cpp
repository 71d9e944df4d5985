#include "server_database.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSqlError>
#include <QThread>
#include <QUuid>

#include <unordered_map>
#include <unordered_set>

using namespace Qt::StringLiterals;

namespace moddesk::server {

namespace {

// Statements of a migration file, split at semicolons that end a line.
QStringList statementsOf(const QString& sql)
{
    QStringList out;
    for (const QString& part : sql.split(QRegularExpression(u";\\s*\\n"_s))) {
        QString statement;
        for (const QString& line : part.split(u'\n')) {
            if (!line.trimmed().startsWith(u"--"_s))
                statement += line + u'\n';
        }
        if (!statement.trimmed().isEmpty())
            out << statement.trimmed();
    }
    return out;
}

} // namespace

namespace {

std::unordered_map<QString, QSqlQuery>& preparedStatements()
{
    thread_local std::unordered_map<QString, QSqlQuery> statements;
    return statements;
}

// This thread's connections on which a query failed since they were last checked.
std::unordered_set<QString>& suspectConnections()
{
    thread_local std::unordered_set<QString> suspects;
    return suspects;
}

Error queryError(const QSqlQuery& query, const char* doing, const QString& sql)
{
    return Error{u"database: "_s + query.lastError().text() + u" ("_s + QLatin1StringView(doing) +
                 u": "_s + sql.left(80) + u')'};
}

} // namespace

Query::Query(QSqlQuery&& query, QString cacheKey)
    : QSqlQuery(std::move(query))
    , m_cacheKey(std::move(cacheKey))
{ }

Query::Query(Query&& other) noexcept
    : QSqlQuery(std::move(other))
    , m_cacheKey(std::exchange(other.m_cacheKey, QString()))
{ }

Query::~Query()
{
    if (!m_cacheKey.isEmpty()) {
        finish();
        preparedStatements().try_emplace(m_cacheKey, std::move(static_cast<QSqlQuery&>(*this)));
    }
}

Result<Query> runQuery(QSqlDatabase& db, const QString& sql, std::initializer_list<QVariant> values)
{
    // PostgreSQL prepares only queries and data changes; transaction control and DDL run as
    // they are. SQLite prepares cheaply in-process and is not cached.
    if (values.size() == 0) {
        QSqlQuery query(db);
        if (!query.exec(sql)) {
            suspectConnections().insert(db.connectionName());
            return queryError(query, "running", sql);
        }
        return Query(std::move(query), {});
    }
    const bool cache = db.driverName() == u"QPSQL";
    const QString key = cache ? db.connectionName() + u'\x1f' + sql : QString();
    auto& statements = preparedStatements();
    QSqlQuery query(db);
    if (auto found = cache ? statements.find(key) : statements.end(); found != statements.end()) {
        query = std::move(found->second);
        statements.erase(found);
    } else if (!query.prepare(sql)) {
        suspectConnections().insert(db.connectionName());
        return queryError(query, "preparing", sql);
    }
    for (const QVariant& v : values)
        query.addBindValue(v);
    if (!query.exec()) {
        suspectConnections().insert(db.connectionName());
        return queryError(query, "running", sql); // dropped: a broken connection breaks it
    }
    return Query(std::move(query), key);
}

ServerDatabase::ServerDatabase(DatabaseUrl url)
    : m_url(std::move(url))
    , m_connectionPrefix(u"moddesk-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
{ }

void ServerDatabase::forget(const QString& name)
{
    // Every handle on the connection goes first: its prepared statements, then the last
    // QSqlDatabase (removeDatabase while a handle lives leaves the driver to a dangling user).
    auto& statements = preparedStatements();
    const QString prefix = name + u'\x1f';
    std::erase_if(statements, [&](const auto& entry) { return entry.first.startsWith(prefix); });
    suspectConnections().erase(name);
    {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

void ServerDatabase::recoverConnection() const
{
    const QString name = connectionName();
    if (!suspectConnections().contains(name))
        return;
    suspectConnections().erase(name);
    bool alive = false;
    {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        QSqlQuery probe(db);
        alive = db.isOpen() && probe.exec(u"SELECT 1"_s);
    }
    if (!alive && QSqlDatabase::contains(name))
        forget(name);
}

QString ServerDatabase::connectionName() const
{
    return m_connectionPrefix + u'-' +
           QString::number(reinterpret_cast<quintptr>(QThread::currentThread()));
}

Result<QSqlDatabase> ServerDatabase::connection() const
{
    const QString name = connectionName();
    if (QSqlDatabase::contains(name)) {
        if (QSqlDatabase db = QSqlDatabase::database(name, false); db.isOpen())
            return db;
        forget(name); // opened before and failed: made anew below
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(isSqlite() ? u"QSQLITE"_s : u"QPSQL"_s, name);
    if (isSqlite()) {
        db.setDatabaseName(m_url.path);
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=30000"_s);
    } else {
        db.setHostName(m_url.host);
        db.setPort(m_url.port);
        db.setUserName(m_url.user);
        db.setPassword(m_url.password);
        db.setDatabaseName(m_url.database);
        db.setConnectOptions(u"connect_timeout=10"_s);
    }
    if (!db.open())
        return Error{u"cannot open the database "_s + m_url.display() + u": "_s +
                     db.lastError().text()};
    if (!isSqlite()) {
        // Notices ("relation exists, skipping") are not news to anyone reading the log.
        if (auto quiet = runQuery(db, u"SET client_min_messages TO warning"_s); !quiet)
            return quiet.error();
    }
    if (isSqlite()) {
        for (const char* pragma :
             {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"}) {
            if (auto ran = runQuery(db, QString::fromLatin1(pragma)); !ran)
                return ran.error();
        }
    }
    return db;
}

namespace {

// SQLite has one writer at a time; queueing this process's writers here, instead of letting
// them spin in SQLite's busy handler (which sleeps in growing steps), keeps latency flat.
std::mutex& sqliteWriters()
{
    static std::mutex mutex;
    return mutex;
}

} // namespace

WriteTransaction::WriteTransaction(const ServerDatabase& db)
{
    if (db.isSqlite())
        m_writerLock = std::unique_lock(sqliteWriters());
    auto connection = db.connection();
    if (!connection) {
        m_error = connection.error();
        return;
    }
    m_connection = *connection;
    auto begun = runQuery(m_connection, db.isSqlite() ? u"BEGIN IMMEDIATE"_s : u"BEGIN"_s);
    if (!begun)
        m_error = begun.error();
    m_open = begun.ok();
}

WriteTransaction::~WriteTransaction()
{
    if (m_open)
        (void)runQuery(m_connection, u"ROLLBACK"_s);
}

Status WriteTransaction::commit()
{
    m_open = false;
    if (auto done = runQuery(m_connection, u"COMMIT"_s); !done) {
        (void)runQuery(m_connection, u"ROLLBACK"_s);
        return done.error();
    }
    return {};
}

Status ServerDatabase::migrate() const
{
    WriteTransaction tx(*this);
    if (tx.error())
        return *tx.error();
    QSqlDatabase& db = tx.connection();
    // Two servers starting at once on one PostgreSQL database must not both migrate it.
    if (!isSqlite()) {
        if (auto locked = runQuery(db, u"SELECT pg_advisory_xact_lock(736600)"_s); !locked)
            return locked.error();
    }
    if (auto made = runQuery(db, u"CREATE TABLE IF NOT EXISTS schema_version ("
                                 u"version BIGINT NOT NULL, applied_at BIGINT NOT NULL)"_s);
        !made)
        return made.error();
    int version = 0;
    {
        // Done with before the migrations run (SQLite will not drop an index while a statement
        // on the connection is still open).
        auto current = runQuery(db, u"SELECT coalesce(max(version), 0) FROM schema_version"_s);
        if (!current)
            return current.error();
        current->next();
        version = current->value(0).toInt();
    }

    const QDir dir(isSqlite() ? u":/moddesk/server/migrations/sqlite"_s
                              : u":/moddesk/server/migrations/postgres"_s);
    int newest = 0;
    for (const QString& file : dir.entryList(QDir::Files, QDir::Name)) {
        const int number = file.left(4).toInt();
        newest = std::max(newest, number);
        if (number <= version)
            continue;
        QFile f(dir.filePath(file));
        if (!f.open(QIODevice::ReadOnly))
            return Error{u"cannot read migration "_s + file};
        for (const QString& statement : statementsOf(QString::fromUtf8(f.readAll()))) {
            if (auto ran = runQuery(db, statement); !ran)
                return Error{u"migration "_s + file + u" failed; nothing was changed: "_s +
                             ran.error().message};
        }
        if (auto recorded = runQuery(db, u"INSERT INTO schema_version VALUES (?, ?)"_s,
                                     {number, QDateTime::currentMSecsSinceEpoch()});
            !recorded)
            return recorded.error();
    }
    if (version > newest)
        return Error{m_url.display() + u" has schema version "_s + QString::number(version) +
                     u", newer than this moddesk-server ("_s + QString::number(newest) + u')'};
    return tx.commit();
}

} // namespace moddesk::server
