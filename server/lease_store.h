#pragma once

#include "lease.h"
#include "result.h"

#include <QJsonObject>
#include <QSqlDatabase>

#include <vector>

namespace moddesk::server {

class ServerDatabase;

struct Grant {
    QByteArray itemJson; // the item as stored: handed on as it is, never re-encoded
    Lease lease;
};

// Leases: the right to decide an item until a deadline. Each grant raises the item's fencing
// token, so a decision made under an older grant can be told apart and refused.
// Errors carry a code: lease_not_found, lease_not_yours, lease_lost.
class LeaseStore final {
public:
    explicit LeaseStore(const ServerDatabase& db)
        : m_db(db)
    { }

    // Grants up to `maxItems` items of `queue` that are pending and not under a live lease,
    // in order of deadline (soonest first, none last), then priority (highest first), then
    // age (oldest first).
    Result<std::vector<Grant>> claim(const QString& queue, const QString& moderator, int maxItems,
                                     int leaseSeconds, qint64 nowMs);
    // Extends a lease that is still the item's newest grant (even if it ran out meanwhile:
    // nobody else took the item, so nothing was lost).
    Result<Lease> renew(const QString& leaseId, const QString& moderator, int leaseSeconds,
                        qint64 nowMs);
    // Gives the item back to the queue at once.
    Status release(const QString& leaseId, const QString& moderator);

private:
    Result<std::vector<Grant>> claimOnPostgres(const QString& queue, const QString& moderator,
                                               int maxItems, int leaseSeconds, qint64 nowMs);
    Result<Lease> currentLease(QSqlDatabase& db, const QString& leaseId, const QString& moderator);

    const ServerDatabase& m_db;
};

} // namespace moddesk::server
