#pragma once

#include "lease.h"
#include "result.h"
#include "review_request.h"
#include "sqlite_database.h"

#include <memory>
#include <optional>
#include <vector>

namespace moddesk {

// A lease this workstation was granted, with the item as the server sent it, so the item stays
// decidable while the server is out of reach.
struct HeldLease {
    Lease lease;
    QString queue;
    QByteArray itemJson;
    QString state; // held | decided | released | lost
    QString note;  // why it was lost, in the server's words
    qint64 leasedAt = 0;
};

// A review request this workstation made, and what became of it.
struct StoredRequest {
    ReviewRequest request;
    QString itemId;
    QString state;  // pending | sent | refused
    QString answer; // the server's words when refused
};

// A profile's working state next to its audit log (`client.sqlite`): settings, held leases and
// the cached items. Unlike the audit log it is a cache: losing it loses no decision.
class ClientStore final {
public:
    static Result<std::unique_ptr<ClientStore>> open(const QString& path);
    ~ClientStore();
    Q_DISABLE_COPY_MOVE(ClientStore)

    Result<QString> setting(const QString& key); // "" when unset
    Status setSetting(const QString& key, const QString& value);

    Status addLeases(const QString& queue, const std::vector<std::pair<Lease, QByteArray>>& leases,
                     qint64 nowMs);
    // The newest lease this profile holds or held on `itemId`.
    Result<std::optional<HeldLease>> leaseForItem(const QString& itemId);
    // Leases in `state`, soonest expiry first.
    Result<std::vector<HeldLease>> leases(const QString& state);
    Status setLeaseState(const QString& leaseId, const QString& state, const QString& note = {});
    Status setLeaseExpiry(const QString& leaseId, qint64 expiresAt);

    // Review requests wait here until the sync worker has delivered them.
    Status addReviewRequest(const ReviewRequest& request, const QString& itemId);
    Result<std::vector<StoredRequest>> reviewRequests(const QString& state);
    Status setReviewRequestState(const QString& id, const QString& state,
                                 const QString& answer = {});

private:
    explicit ClientStore(std::unique_ptr<SqliteDatabase> db);
    Result<std::vector<HeldLease>> select(const char* where, const QString& value);

    std::unique_ptr<SqliteDatabase> m_db;
};

} // namespace moddesk
