#include "sqlite_database.h"

#include <sqlite3.h>
#include <utility>

using namespace Qt::StringLiterals;

namespace moddesk {

SqliteStatement::SqliteStatement(sqlite3_stmt* stmt, sqlite3* db)
    : m_stmt(stmt)
    , m_db(db)
{ }

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_stmt);
}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : m_stmt(std::exchange(other.m_stmt, nullptr))
    , m_db(other.m_db)
{ }

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept
{
    if (this != &other) {
        sqlite3_finalize(m_stmt);
        m_stmt = std::exchange(other.m_stmt, nullptr);
        m_db = other.m_db;
        m_error.reset();
    }
    return *this;
}

void SqliteStatement::bindNull(int index)
{
    sqlite3_bind_null(m_stmt, index);
}

void SqliteStatement::bind(int index, qint64 value)
{
    sqlite3_bind_int64(m_stmt, index, value);
}

void SqliteStatement::bind(int index, const QString& value)
{
    const QByteArray utf8 = value.toUtf8();
    sqlite3_bind_text(m_stmt, index, utf8.constData(), static_cast<int>(utf8.size()),
                      SQLITE_TRANSIENT);
}

void SqliteStatement::bind(int index, const std::optional<QString>& value)
{
    if (value)
        bind(index, *value);
    else
        bindNull(index);
}

void SqliteStatement::bind(int index, std::optional<qint64> value)
{
    if (value)
        bind(index, *value);
    else
        bindNull(index);
}

bool SqliteStatement::step()
{
    m_code = sqlite3_step(m_stmt);
    if (m_code == SQLITE_ROW)
        return true;
    if (m_code != SQLITE_DONE)
        m_error = Error{QString::fromUtf8(sqlite3_errmsg(m_db))};
    return false;
}

void SqliteStatement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
    m_error.reset();
    m_code = 0;
}

SqliteStatement::Type SqliteStatement::type(int column) const
{
    return static_cast<Type>(sqlite3_column_type(m_stmt, column));
}

qint64 SqliteStatement::integer(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

QByteArrayView SqliteStatement::textBytes(int column) const
{
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
    return QByteArrayView(data, sqlite3_column_bytes(m_stmt, column));
}

QString SqliteStatement::text(int column) const
{
    return QString::fromUtf8(textBytes(column));
}

SqliteDatabase::SqliteDatabase(sqlite3* db, QString path)
    : m_db(db)
    , m_path(std::move(path))
{ }

SqliteDatabase::~SqliteDatabase()
{
    // Statements are owned by callers and must be gone; close_v2 tolerates stragglers.
    sqlite3_close_v2(m_db);
}

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::open(const QString& path, Mode mode)
{
    const int flags = (mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY
                                              : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                      SQLITE_OPEN_NOMUTEX;
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
        Error error{u"cannot open "_s + path + u": "_s +
                    QString::fromUtf8(db ? sqlite3_errmsg(db) : sqlite3_errstr(rc))};
        sqlite3_close_v2(db);
        return error;
    }
    sqlite3_extended_result_codes(db, 1);
    // Another process (a sync, a backup) may hold the write lock for a moment.
    sqlite3_busy_timeout(db, 10000);
    return std::unique_ptr<SqliteDatabase>(new SqliteDatabase(db, path));
}

Status SqliteDatabase::exec(const char* sql)
{
    char* message = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        Error error{QString::fromUtf8(message ? message : sqlite3_errmsg(m_db))};
        sqlite3_free(message);
        return error;
    }
    return {};
}

Result<SqliteStatement> SqliteDatabase::prepare(const char* sql)
{
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(m_db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK)
        return lastError(u"preparing a query"_s);
    return SqliteStatement(stmt, m_db);
}

Result<QString> SqliteDatabase::queryText(const char* sql)
{
    auto stmt = prepare(sql);
    if (!stmt)
        return stmt.error();
    if (!stmt->step())
        return stmt->error() ? *stmt->error() : Error{u"query returned no row"_s};
    return stmt->text(0);
}

Error SqliteDatabase::lastError(const QString& doing) const
{
    return Error{doing + u" in "_s + m_path + u": "_s + QString::fromUtf8(sqlite3_errmsg(m_db))};
}

} // namespace moddesk
