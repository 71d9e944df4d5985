#pragma once

#include "result.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <optional>

struct sqlite3;
struct sqlite3_stmt;

namespace moddesk {

class SqliteDatabase;

// One prepared statement; finalized when destroyed. Columns and parameters are 0- and
// 1-based as in SQLite. Text comes back as UTF-8 bytes so hot loops can skip conversions.
class SqliteStatement final {
public:
    SqliteStatement() = default;
    SqliteStatement(sqlite3_stmt* stmt, sqlite3* db);
    ~SqliteStatement();
    SqliteStatement(SqliteStatement&& other) noexcept;
    SqliteStatement& operator=(SqliteStatement&& other) noexcept;
    Q_DISABLE_COPY(SqliteStatement)

    void bindNull(int index);
    void bind(int index, qint64 value);
    void bind(int index, const QString& value);
    void bind(int index, const std::optional<QString>& value);
    void bind(int index, std::optional<qint64> value);

    // Steps once: true with a row, false when done; an error becomes `error()`.
    bool step();
    // Resets for another execution and clears bindings.
    void reset();
    const std::optional<Error>& error() const { return m_error; }
    int resultCode() const { return m_code; }

    enum class Type { Integer = 1, Float = 2, Text = 3, Blob = 4, Null = 5 }; // SQLite's codes
    Type type(int column) const;
    qint64 integer(int column) const;
    QByteArrayView textBytes(int column) const;
    QString text(int column) const;

private:
    sqlite3_stmt* m_stmt = nullptr;
    sqlite3* m_db = nullptr;
    std::optional<Error> m_error;
    int m_code = 0;
};

// An open SQLite database file; closed when destroyed. Not thread-safe: one per thread.
class SqliteDatabase final {
public:
    enum class Mode { ReadWrite, ReadOnly };

    static Result<std::unique_ptr<SqliteDatabase>> open(const QString& path, Mode mode);
    ~SqliteDatabase();
    Q_DISABLE_COPY_MOVE(SqliteDatabase)

    // Runs one or more statements that return no rows.
    Status exec(const char* sql);
    Result<SqliteStatement> prepare(const char* sql);
    // The single value of a one-row, one-column query, as text.
    Result<QString> queryText(const char* sql);

    sqlite3* handle() const { return m_db; }
    const QString& path() const { return m_path; }
    // SQLite's message for the last failure, prefixed by what we were doing.
    Error lastError(const QString& doing) const;

private:
    SqliteDatabase(sqlite3* db, QString path);

    sqlite3* m_db = nullptr;
    QString m_path;
};

} // namespace moddesk
