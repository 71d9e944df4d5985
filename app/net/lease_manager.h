#pragma once

#include "client_store.h"
#include "media_cache.h"
#include "protocol_client.h"

#include <vector>

namespace moddesk::net {

struct LeaseOptions {
    QString queue = QStringLiteral("default");
    int ahead = 3; // items kept leased ahead of the moderator
    int leaseSeconds = 300;
    int renewMarginSeconds = 90; // renew leases that run out sooner than this
};

// Keeps items leased ahead of the moderator, with their media in the local cache, so the next
// item is there at once and stays decidable offline. Renews before expiry; gives items back on
// skip and on quit; a lease the server no longer honours is marked lost, with the server's
// reason, and returned so the caller can say so.
class LeaseManager final {
public:
    LeaseManager(ClientStore& store, ProtocolClient& client, MediaCache& media,
                 LeaseOptions options = {});

    // Leases `count` more items (fewer if the queue runs dry) and prefetches their media.
    Result<std::vector<HeldLease>> leaseMore(int count, qint64 nowMs);
    // Leases until `ahead` live leases are held.
    Result<std::vector<HeldLease>> fill(qint64 nowMs);
    // Renews what runs out within the margin; returns the leases found lost.
    Result<std::vector<HeldLease>> renewDue(qint64 nowMs);
    // Gives the item back. Offline, the lease is marked released locally and simply runs out.
    Status release(const HeldLease& held);
    Status releaseAll();
    // Live leases (state held, not yet expired), soonest expiry first.
    Result<std::vector<HeldLease>> live(qint64 nowMs);
    // Fetches media of `itemJson` missing from the cache; errors are returned, not fatal.
    std::vector<Error> prefetchMedia(const QByteArray& itemJson);

private:
    ClientStore& m_store;
    ProtocolClient& m_client;
    MediaCache& m_media;
    LeaseOptions m_options;
};

} // namespace moddesk::net
