#pragma once

#include "api_types.h"
#include "decision_store.h"
#include "item_store.h"
#include "lease_store.h"
#include "review_request_store.h"
#include "user_store.h"

#include <QStringList>

#include <functional>

namespace moddesk::server {

class ServerDatabase;

// Protocol v1 (docs/protocol.md), independent of the HTTP library: each endpoint takes the
// request and answers status plus JSON. Authorization happens here, per endpoint, by role.
class Api final {
public:
    explicit Api(const ServerDatabase& db, std::function<qint64()> clock);

    ApiResponse me(const ApiRequest& r);
    ApiResponse queues(const ApiRequest& r);
    ApiResponse policy(const ApiRequest& r);
    ApiResponse lease(const ApiRequest& r, const QString& queue);
    ApiResponse renew(const ApiRequest& r, const QString& leaseId);
    ApiResponse release(const ApiRequest& r, const QString& leaseId);
    ApiResponse decide(const ApiRequest& r);
    ApiResponse feed(const ApiRequest& r);
    ApiResponse ingest(const ApiRequest& r);
    ApiResponse media(const ApiRequest& r, const QString& sha256);
    ApiResponse putMedia(const ApiRequest& r, const QString& sha256);
    ApiResponse requestReview(const ApiRequest& r);
    ApiResponse reviewRequests(const ApiRequest& r);

    // Roles allowed per endpoint, by the names docs/protocol.md uses.
    static const QStringList& rolesFor(const QString& endpoint);

private:
    // The caller, or the 401/403 answer to send instead.
    std::variant<User, ApiResponse> authorize(const ApiRequest& r, const QString& endpoint);
    static ApiResponse storeError(const Error& e);

    std::function<qint64()> m_clock;
    UserStore m_users;
    ItemStore m_items;
    LeaseStore m_leases;
    DecisionStore m_decisions;
    ReviewRequestStore m_reviewRequests;
};

} // namespace moddesk::server
