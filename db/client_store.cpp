#include "client_store.h"

#include "migrations.h"

using namespace Qt::StringLiterals;

namespace moddesk {

namespace {

const std::vector<Migration>& clientStoreMigrations()
{
    static const std::vector<Migration> migrations{
        {1, u"client_state"_s,
         "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;\n"
         "CREATE TABLE leases (\n"
         "    lease_id   TEXT PRIMARY KEY,\n"
         "    item_id    TEXT NOT NULL,\n"
         "    queue      TEXT NOT NULL,\n"
         "    token      INTEGER NOT NULL,\n"
         "    expires_at INTEGER NOT NULL,\n"
         "    item_json  TEXT NOT NULL,\n"
         "    state      TEXT NOT NULL CHECK (state IN ('held', 'decided', 'released', 'lost')),\n"
         "    note       TEXT NOT NULL DEFAULT '',\n"
         "    leased_at  INTEGER NOT NULL\n"
         ") STRICT;\n"
         "CREATE INDEX leases_by_item ON leases (item_id, leased_at);\n"
         "CREATE INDEX leases_by_state ON leases (state, expires_at);\n"_ba},
        {2, u"review_requests"_s,
         "CREATE TABLE review_requests (\n"
         "    id           TEXT PRIMARY KEY,\n"
         "    decision_id  TEXT NOT NULL,\n"
         "    item_id      TEXT NOT NULL,\n"
         "    reason       TEXT NOT NULL,\n"
         "    requested_at INTEGER NOT NULL,\n"
         "    state        TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'refused')),\n"
         "    answer       TEXT NOT NULL DEFAULT ''\n"
         ") STRICT;\n"_ba}};
    return migrations;
}

constexpr const char* kLeaseColumns =
    "lease_id, item_id, queue, token, expires_at, item_json, state, note, leased_at";

} // namespace

ClientStore::ClientStore(std::unique_ptr<SqliteDatabase> db)
    : m_db(std::move(db))
{ }

ClientStore::~ClientStore() = default;

Result<std::unique_ptr<ClientStore>> ClientStore::open(const QString& path)
{
    auto db = SqliteDatabase::open(path, SqliteDatabase::Mode::ReadWrite);
    if (!db)
        return db.error();
    if (auto wal = (*db)->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL"); !wal)
        return (*db)->lastError(u"setting pragmas on "_s + path);
    if (auto migrated = migrate(**db, clientStoreMigrations()); !migrated)
        return migrated.error();
    return std::unique_ptr<ClientStore>(new ClientStore(std::move(db).value()));
}

Result<QString> ClientStore::setting(const QString& key)
{
    auto stmt = m_db->prepare("SELECT value FROM settings WHERE key = ?1");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, key);
    if (stmt->step())
        return stmt->text(0);
    if (stmt->error())
        return *stmt->error();
    return QString();
}

Status ClientStore::setSetting(const QString& key, const QString& value)
{
    auto stmt = m_db->prepare("INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, key);
    stmt->bind(2, value);
    stmt->step();
    if (stmt->error())
        return *stmt->error();
    return {};
}

Status ClientStore::addLeases(const QString& queue,
                              const std::vector<std::pair<Lease, QByteArray>>& leases, qint64 nowMs)
{
    if (auto begun = m_db->exec("BEGIN IMMEDIATE"); !begun)
        return begun.error();
    auto stmt = m_db->prepare("INSERT OR REPLACE INTO leases (lease_id, item_id, queue, token, "
                              "expires_at, item_json, state, leased_at) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'held', ?7)");
    if (!stmt) {
        (void)m_db->exec("ROLLBACK");
        return stmt.error();
    }
    for (const auto& [lease, json] : leases) {
        stmt->bind(1, lease.id);
        stmt->bind(2, lease.itemId);
        stmt->bind(3, queue);
        stmt->bind(4, lease.token);
        stmt->bind(5, lease.expiresAt);
        stmt->bind(6, QString::fromUtf8(json));
        stmt->bind(7, nowMs);
        stmt->step();
        if (stmt->error()) {
            Error e = *stmt->error();
            (void)m_db->exec("ROLLBACK");
            return e;
        }
        stmt->reset();
    }
    return m_db->exec("COMMIT");
}

Result<std::vector<HeldLease>> ClientStore::select(const char* where, const QString& value)
{
    const QByteArray sql = "SELECT "_ba + kLeaseColumns + " FROM leases WHERE " + where;
    auto stmt = m_db->prepare(sql.constData());
    if (!stmt)
        return stmt.error();
    stmt->bind(1, value);
    std::vector<HeldLease> out;
    while (stmt->step()) {
        HeldLease h;
        h.lease.id = stmt->text(0);
        h.lease.itemId = stmt->text(1);
        h.queue = stmt->text(2);
        h.lease.token = stmt->integer(3);
        h.lease.expiresAt = stmt->integer(4);
        h.itemJson = stmt->textBytes(5).toByteArray();
        h.state = stmt->text(6);
        h.note = stmt->text(7);
        h.leasedAt = stmt->integer(8);
        out.push_back(std::move(h));
    }
    if (stmt->error())
        return *stmt->error();
    return out;
}

Result<std::optional<HeldLease>> ClientStore::leaseForItem(const QString& itemId)
{
    auto found = select("item_id = ?1 ORDER BY leased_at DESC, token DESC LIMIT 1", itemId);
    if (!found)
        return found.error();
    if (found->empty())
        return std::optional<HeldLease>();
    return std::optional<HeldLease>(std::move(found->front()));
}

Result<std::vector<HeldLease>> ClientStore::leases(const QString& state)
{
    return select("state = ?1 ORDER BY expires_at, leased_at", state);
}

Status ClientStore::setLeaseState(const QString& leaseId, const QString& state, const QString& note)
{
    auto stmt = m_db->prepare("UPDATE leases SET state = ?2, note = ?3 WHERE lease_id = ?1");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, leaseId);
    stmt->bind(2, state);
    stmt->bind(3, note);
    stmt->step();
    if (stmt->error())
        return *stmt->error();
    return {};
}

Status ClientStore::addReviewRequest(const ReviewRequest& request, const QString& itemId)
{
    auto stmt = m_db->prepare("INSERT INTO review_requests (id, decision_id, item_id, reason, "
                              "requested_at, state) VALUES (?1, ?2, ?3, ?4, ?5, 'pending')");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, request.id);
    stmt->bind(2, request.decisionId);
    stmt->bind(3, itemId);
    stmt->bind(4, request.reason);
    stmt->bind(5, request.requestedAt);
    stmt->step();
    if (stmt->error())
        return *stmt->error();
    return {};
}

Result<std::vector<StoredRequest>> ClientStore::reviewRequests(const QString& state)
{
    auto stmt = m_db->prepare("SELECT id, decision_id, item_id, reason, requested_at, state, "
                              "answer FROM review_requests WHERE state = ?1 ORDER BY requested_at");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, state);
    std::vector<StoredRequest> out;
    while (stmt->step()) {
        StoredRequest r;
        r.request.id = stmt->text(0);
        r.request.decisionId = stmt->text(1);
        r.itemId = stmt->text(2);
        r.request.reason = stmt->text(3);
        r.request.requestedAt = stmt->integer(4);
        r.state = stmt->text(5);
        r.answer = stmt->text(6);
        out.push_back(std::move(r));
    }
    if (stmt->error())
        return *stmt->error();
    return out;
}

Status ClientStore::setReviewRequestState(const QString& id, const QString& state,
                                          const QString& answer)
{
    auto stmt = m_db->prepare("UPDATE review_requests SET state = ?2, answer = ?3 WHERE id = ?1");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, id);
    stmt->bind(2, state);
    stmt->bind(3, answer);
    stmt->step();
    if (stmt->error())
        return *stmt->error();
    return {};
}

Status ClientStore::setLeaseExpiry(const QString& leaseId, qint64 expiresAt)
{
    auto stmt = m_db->prepare("UPDATE leases SET expires_at = ?2 WHERE lease_id = ?1");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, leaseId);
    stmt->bind(2, expiresAt);
    stmt->step();
    if (stmt->error())
        return *stmt->error();
    return {};
}

} // namespace moddesk
