#pragma once

#include "audit_log.h"

#include <QTemporaryDir>

#include <memory>

struct sqlite3;

namespace moddesk::test {

// The error of a failed Result or Status as text for QVERIFY2, which evaluates its message
// even when the check passes: empty when `r` is ok.
template <typename R>
QByteArray failure(const R& r)
{
    return r.ok() ? QByteArray() : r.error().toString().toUtf8();
}

// A scratch directory that holds an audit log file for one test.
class TempLog final {
public:
    TempLog();
    QString path() const { return m_dir.filePath(QStringLiteral("audit.db")); }
    QString filePath(const QString& name) const { return m_dir.filePath(name); }
    // Opens (creating) the log; fails the test on error.
    std::unique_ptr<AuditLog> open() const;
    // Creates the log with `count` sample decisions.
    std::unique_ptr<AuditLog> openWithSamples(int count) const;

private:
    QTemporaryDir m_dir;
};

// Direct SQLite access to a log file, the way someone with the file and the sqlite3 tool
// would tamper with it: no triggers respected unless they are left in place.
class RawSqlite final {
public:
    explicit RawSqlite(const QString& path);
    ~RawSqlite();
    Q_DISABLE_COPY_MOVE(RawSqlite)

    // Runs SQL; returns SQLite's error message, or an empty string on success.
    QString exec(const QString& sql);
    // The first column of the first row, as text (empty for NULL or no row).
    QString scalar(const QString& sql);
    void dropAppendOnlyTriggers();

private:
    sqlite3* m_db = nullptr;
};

} // namespace moddesk::test
