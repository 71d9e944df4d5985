#include "temp_log.h"

#include "sample_decisions.h"

#include <QTest>

#include <sqlite3.h>

namespace moddesk::test {

TempLog::TempLog()
{
    if (!m_dir.isValid())
        qFatal("cannot create a temporary directory");
}

std::unique_ptr<AuditLog> TempLog::open() const
{
    auto log = AuditLog::open(path());
    if (!log)
        qFatal("cannot open the audit log: %s", qPrintable(log.error().message));
    return std::move(log).value();
}

std::unique_ptr<AuditLog> TempLog::openWithSamples(int count) const
{
    auto log = open();
    std::vector<Decision> decisions;
    for (int i = 0; i < count; ++i)
        decisions.push_back(sampleDecision(i));
    auto appended = log->appendBatch(decisions);
    if (!appended)
        qFatal("cannot append samples: %s", qPrintable(appended.error().message));
    return log;
}

RawSqlite::RawSqlite(const QString& path)
{
    if (sqlite3_open(path.toUtf8().constData(), &m_db) != SQLITE_OK)
        qFatal("cannot open %s", qPrintable(path));
    sqlite3_busy_timeout(m_db, 10000);
}

RawSqlite::~RawSqlite()
{
    sqlite3_close(m_db);
}

QString RawSqlite::exec(const QString& sql)
{
    char* message = nullptr;
    if (sqlite3_exec(m_db, sql.toUtf8().constData(), nullptr, nullptr, &message) == SQLITE_OK)
        return {};
    QString error = QString::fromUtf8(message ? message : "unknown error");
    sqlite3_free(message);
    return error;
}

QString RawSqlite::scalar(const QString& sql)
{
    sqlite3_stmt* stmt = nullptr;
    QString value;
    if (sqlite3_prepare_v2(m_db, sql.toUtf8().constData(), -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
        value = QString::fromUtf8(text ? text : "");
    }
    sqlite3_finalize(stmt);
    return value;
}

void RawSqlite::dropAppendOnlyTriggers()
{
    const QString error = exec(QStringLiteral("DROP TRIGGER decisions_no_update; "
                                              "DROP TRIGGER decisions_no_delete;"));
    if (!error.isEmpty())
        qFatal("cannot drop triggers: %s", qPrintable(error));
}

} // namespace moddesk::test
