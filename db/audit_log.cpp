#include "audit_log.h"

#include "canonical_json.h"
#include "decision_row.h"
#include "migrations.h"
#include "sha256.h"

#include <QDir>
#include <QFileInfo>

#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace moddesk {

const QString AuditLog::kGenesisHash = QString(64, u'0');

AuditLog::AuditLog(std::unique_ptr<SqliteDatabase> db)
    : m_db(std::move(db))
{ }

AuditLog::~AuditLog() = default;

Result<std::unique_ptr<AuditLog>> AuditLog::open(const QString& path)
{
    return openWith(path, SqliteDatabase::Mode::ReadWrite);
}

Result<std::unique_ptr<AuditLog>> AuditLog::openReadOnly(const QString& path)
{
    if (!QFileInfo::exists(path))
        return Error{u"no audit log at "_s + path};
    return openWith(path, SqliteDatabase::Mode::ReadOnly);
}

Result<std::unique_ptr<AuditLog>> AuditLog::openWith(const QString& path, SqliteDatabase::Mode mode)
{
    auto db = SqliteDatabase::open(path, mode);
    if (!db)
        return db.error();
    SqliteDatabase& sql = **db;
    // Before anything writes: a damaged file is reported, never built upon.
    auto quick = sql.queryText("PRAGMA quick_check");
    if (!quick)
        return Error{path + u" is not a readable ModDesk audit log: "_s + quick.error().message};
    if (*quick != u"ok")
        return Error{path + u" is damaged (quick_check: "_s + quick->left(300) +
                     u"); restore it from a backup"_s};

    if (mode == SqliteDatabase::Mode::ReadWrite) {
        // journal_mode=WAL persists in the file; synchronous is per connection.
        auto journal = sql.queryText("PRAGMA journal_mode=WAL");
        if (!journal || journal->compare(u"wal", Qt::CaseInsensitive) != 0)
            return Error{u"cannot switch "_s + path + u" to write-ahead logging: "_s +
                         (journal ? *journal : journal.error().message)};
    }
    // Memory-mapped reads spare verify() and listings a pread() per page on big logs.
    if (auto pragmas = sql.exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
                                "PRAGMA mmap_size=1073741824");
        !pragmas)
        return sql.lastError(u"setting pragmas"_s);

    if (mode == SqliteDatabase::Mode::ReadWrite) {
        // Never move into someone else's database: an unversioned file must be empty.
        auto version = schemaVersion(sql);
        auto tables = sql.queryText("SELECT count(*) FROM sqlite_schema");
        if (!version || !tables)
            return version ? tables.error() : version.error();
        if (*version == 0 && *tables != u"0")
            return Error{path + u" is an SQLite database but not a ModDesk audit log"_s};
        if (auto migrated = migrate(sql, clientMigrations()); !migrated)
            return migrated.error();
    } else {
        auto version = schemaVersion(sql);
        if (!version)
            return version.error();
        if (*version == 0)
            return Error{path + u" is not a ModDesk audit log (it has no schema version)"_s};
        if (*version > clientMigrations().back().version)
            return Error{path + u" was written by a newer ModDesk (schema "_s +
                         QString::number(*version) + u"); use a newer ModDesk"_s};
    }

    std::unique_ptr<AuditLog> log(new AuditLog(std::move(*db)));
    if (mode == SqliteDatabase::Mode::ReadWrite) {
        if (auto prepared = log->prepareStatements(); !prepared)
            return prepared.error();
    }
    return log;
}

Status AuditLog::prepareStatements()
{
    const QByteArray insert = QByteArray("INSERT INTO decisions (") + decision_row::kColumns +
                              ") VALUES (" + decision_row::kPlaceholders + ")";
    struct {
        SqliteStatement* target;
        const char* sql;
    } const statements[] = {
        {&m_begin, "BEGIN IMMEDIATE"},
        {&m_commit, "COMMIT"},
        {&m_rollback, "ROLLBACK"},
        {&m_selectHead, "SELECT seq, hash FROM decisions ORDER BY seq DESC LIMIT 1"},
        {&m_insertDecision, insert.constData()},
    };
    for (const auto& s : statements) {
        auto stmt = m_db->prepare(s.sql);
        if (!stmt)
            return stmt.error();
        *s.target = std::move(*stmt);
    }
    return {};
}

Result<ChainHead> AuditLog::readHead()
{
    m_selectHead.reset();
    ChainHead head{0, kGenesisHash};
    if (m_selectHead.step())
        head = {m_selectHead.integer(0), m_selectHead.text(1)};
    else if (m_selectHead.error())
        return m_db->lastError(u"reading the newest entry"_s);
    m_selectHead.reset();
    return head;
}

Error AuditLog::duplicateError(const Decision& decision)
{
    auto existing = find(decision.id);
    const QString where =
        existing && *existing ? u" at seq "_s + QString::number((*existing)->seq) : QString();
    return fieldError(u"id"_s, u"decision "_s + decision.id + u" is already in the log"_s + where);
}

Result<ChainHead> AuditLog::insertAfter(const ChainHead& head, const Decision& decision)
{
    Decision d = decision;
    d.dropEmptyOptionals();
    if (auto valid = d.validate(); !valid)
        return valid.error();
    d.placeInChain(head.seq + 1, head.hash);

    m_insertDecision.reset();
    decision_row::bind(m_insertDecision, d);
    m_insertDecision.step();
    const int code = m_insertDecision.resultCode();
    m_insertDecision.reset();
    if (code == SQLITE_CONSTRAINT_UNIQUE)
        return duplicateError(d);
    if (code != SQLITE_DONE)
        return m_db->lastError(u"writing decision "_s + d.id);
    return ChainHead{d.seq, d.hash};
}

Result<ChainHead> AuditLog::append(const Decision& decision)
{
    return appendBatch({decision});
}

Result<ChainHead> AuditLog::appendBatch(const std::vector<Decision>& decisions)
{
    ChainHead last;
    const Status written = inWriteTransaction([&]() -> Status {
        auto head = readHead();
        if (!head)
            return head.error();
        for (const Decision& d : decisions) {
            head = insertAfter(*head, d);
            if (!head)
                return head.error();
        }
        last = *head;
        return {};
    });
    if (!written)
        return written.error();
    return last;
}

Status AuditLog::inWriteTransaction(const std::function<Status()>& body)
{
    m_begin.step();
    if (m_begin.error()) {
        Error e = m_db->lastError(u"locking the log for writing"_s);
        m_begin.reset();
        return e;
    }
    m_begin.reset();
    auto rollback = [this](Error e) {
        m_rollback.step();
        m_rollback.reset();
        return Status(std::move(e));
    };
    if (Status done = body(); !done)
        return rollback(done.error());
    // Durable once COMMIT returns: with WAL and synchronous=FULL it fsyncs the WAL first.
    m_commit.step();
    if (m_commit.error()) {
        Error e = m_db->lastError(u"committing"_s);
        m_commit.reset();
        return rollback(e);
    }
    m_commit.reset();
    return {};
}

Result<ChainHead> AuditLog::head()
{
    auto stmt = m_db->prepare("SELECT seq, hash FROM decisions ORDER BY seq DESC LIMIT 1");
    if (!stmt)
        return stmt.error();
    if (stmt->step())
        return ChainHead{stmt->integer(0), stmt->text(1)};
    if (stmt->error())
        return *stmt->error();
    return ChainHead{0, kGenesisHash};
}

Result<qint64> AuditLog::count()
{
    auto n = m_db->queryText("SELECT count(*) FROM decisions");
    if (!n)
        return n.error();
    return n->toLongLong();
}

Result<qint64> AuditLog::pendingSyncCount()
{
    auto n = m_db->queryText("SELECT coalesce((SELECT max(seq) FROM decisions), 0) - "
                             "synced_through_seq FROM sync_state");
    if (!n)
        return n.error();
    return n->toLongLong();
}

Result<std::optional<Decision>> AuditLog::find(const QString& id)
{
    const QByteArray sql =
        QByteArray("SELECT ") + decision_row::kColumns + " FROM decisions WHERE id = ?1";
    auto stmt = m_db->prepare(sql.constData());
    if (!stmt)
        return stmt.error();
    stmt->bind(1, id);
    if (!stmt->step()) {
        if (stmt->error())
            return *stmt->error();
        return std::optional<Decision>();
    }
    auto d = decision_row::decode(*stmt);
    if (!d)
        return d.error();
    return std::optional<Decision>(std::move(d).value());
}

Status AuditLog::forEach(qint64 afterSeq, qint64 limit,
                         const std::function<bool(const Decision&)>& visit)
{
    const QByteArray sql = QByteArray("SELECT ") + decision_row::kColumns +
                           " FROM decisions WHERE seq > ?1 ORDER BY seq LIMIT ?2";
    auto stmt = m_db->prepare(sql.constData());
    if (!stmt)
        return stmt.error();
    stmt->bind(1, afterSeq);
    stmt->bind(2, limit);
    while (stmt->step()) {
        auto d = decision_row::decode(*stmt);
        if (!d)
            return Error{u"entry seq "_s + QString::number(stmt->integer(0)) + u": "_s +
                         d.error().message};
        if (!visit(*d))
            return {};
    }
    if (stmt->error())
        return *stmt->error();
    return {};
}

VerifyReport AuditLog::verify()
{
    VerifyReport report;
    const QByteArray sql =
        QByteArray("SELECT ") + decision_row::kColumns + " FROM decisions ORDER BY seq";
    auto stmt = m_db->prepare(sql.constData());
    if (!stmt) {
        report.reason = stmt.error().message;
        return report;
    }
    // One read transaction: the whole check sees one snapshot even while another process
    // appends.
    (void)m_db->exec("BEGIN");
    qint64 expected = 1;
    char previous[64];
    std::memcpy(previous, kGenesisHash.toLatin1().constData(), 64);
    auto bad = [&report](qint64 seq, QString why) {
        report.badSeq = seq;
        report.reason = std::move(why);
    };
    // Everything per row lives outside the loop: a million rows, no allocation each.
    decision_row::CheckedRow row;
    CanonicalJsonWriter scratch;
    char computed[64];
    while (stmt->step()) {
        const qint64 seq = stmt->integer(0);
        if (seq != expected) {
            bad(expected,
                u"entry missing (the next entry has seq "_s + QString::number(seq) + u')');
            break;
        }
        if (auto checked = decision_row::check(*stmt, row); !checked) {
            bad(seq, checked.error().message);
            break;
        }
        if (row.record.prevHash != QByteArrayView(previous, 64)) {
            bad(seq, u"prev_hash does not match the hash of the entry before it"_s);
            break;
        }
        Sha256::hexDigest(row.record.canonicalView(scratch), computed);
        if (row.hash != QByteArrayView(computed, 64)) {
            bad(seq, u"hash does not match the entry's contents"_s);
            break;
        }
        std::memcpy(previous, computed, 64);
        ++expected;
        ++report.entries;
    }
    if (!report.badSeq && stmt->error())
        report.reason = stmt->error()->message;
    stmt = SqliteStatement();
    (void)m_db->exec("COMMIT");
    return report;
}

Result<QString> AuditLog::integrityCheck(bool quick)
{
    return m_db->queryText(quick ? "PRAGMA quick_check" : "PRAGMA integrity_check");
}

namespace {

Status syncPath(const QString& path, int flags)
{
    const int fd = ::open(QFile::encodeName(path).constData(), flags);
    if (fd < 0)
        return Error{u"cannot open "_s + path + u" to flush it to disk"_s};
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    if (!synced)
        return Error{u"cannot flush "_s + path + u" to disk"_s};
    return {};
}

} // namespace

Status AuditLog::backupTo(const QString& file)
{
    const QFileInfo target(file);
    if (target.exists() && target.isDir())
        return Error{file + u" is a directory; name a file for the backup"_s};
    if (QFileInfo(m_db->path()).canonicalFilePath() == target.canonicalFilePath())
        return Error{u"a backup cannot overwrite the log it copies"_s};
    // Write beside the target, then rename: a reader never sees half a backup.
    const QString temp = file + u".partial-"_s + QString::number(::getpid());
    QFile::remove(temp);
    auto dest = SqliteDatabase::open(temp, SqliteDatabase::Mode::ReadWrite);
    if (!dest)
        return dest.error();

    sqlite3_backup* backup = sqlite3_backup_init((*dest)->handle(), "main", m_db->handle(), "main");
    if (!backup) {
        Error e = (*dest)->lastError(u"starting the backup"_s);
        dest->reset();
        QFile::remove(temp);
        return e;
    }
    // One step of -1 copies every page inside one read transaction: a consistent snapshot,
    // while writers in other processes go on appending to the WAL.
    int rc = sqlite3_backup_step(backup, -1);
    while (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
        sqlite3_sleep(50);
        rc = sqlite3_backup_step(backup, -1);
    }
    sqlite3_backup_finish(backup);
    Status result;
    if (rc != SQLITE_DONE)
        result = Error{u"backup of "_s + m_db->path() + u" failed: "_s +
                       QString::fromUtf8(sqlite3_errstr(rc))};
    else if (auto single = (*dest)->exec("PRAGMA journal_mode=DELETE"); !single)
        result = single.error(); // a backup is one self-contained file, with no -wal beside it
    dest->reset();
    if (result)
        result = syncPath(temp, O_RDONLY);
    if (result &&
        std::rename(QFile::encodeName(temp).constData(), QFile::encodeName(file).constData()) != 0)
        result = Error{u"cannot move the backup into place at "_s + file};
    if (!result) {
        QFile::remove(temp);
        QFile::remove(temp + u"-wal"_s);
        QFile::remove(temp + u"-shm"_s);
        return result;
    }
    return syncPath(QFileInfo(file).absolutePath(), O_RDONLY | O_DIRECTORY);
}

} // namespace moddesk
