#include "lease_manager.h"

using namespace Qt::StringLiterals;

namespace moddesk::net {

LeaseManager::LeaseManager(ClientStore& store, ProtocolClient& client, MediaCache& media,
                           LeaseOptions options)
    : m_store(store)
    , m_client(client)
    , m_media(media)
    , m_options(std::move(options))
{ }

Result<std::vector<HeldLease>> LeaseManager::leaseMore(int count, qint64 nowMs)
{
    std::vector<HeldLease> granted;
    while (count > 0) {
        const int ask = std::min(count, 100); // the protocol's most per request
        auto leased = m_client.lease(m_options.queue, ask, m_options.leaseSeconds);
        if (!leased)
            return leased.error();
        std::vector<std::pair<Lease, QByteArray>> rows;
        for (const LeasedItem& l : *leased)
            rows.emplace_back(l.lease, l.itemJson);
        if (auto stored = m_store.addLeases(m_options.queue, rows, nowMs); !stored)
            return stored.error();
        for (const LeasedItem& l : *leased) {
            (void)prefetchMedia(l.itemJson); // a missing image shows a placeholder, not a failure
            granted.push_back({l.lease, m_options.queue, l.itemJson, u"held"_s, {}, nowMs});
        }
        if (qsizetype(leased->size()) < ask)
            break; // the queue has nothing more for us
        count -= ask;
    }
    return granted;
}

Result<std::vector<HeldLease>> LeaseManager::fill(qint64 nowMs)
{
    auto held = live(nowMs);
    if (!held)
        return held.error();
    const int missing = m_options.ahead - int(held->size());
    if (missing <= 0)
        return std::vector<HeldLease>();
    return leaseMore(missing, nowMs);
}

Result<std::vector<HeldLease>> LeaseManager::live(qint64 nowMs)
{
    auto held = m_store.leases(u"held"_s);
    if (!held)
        return held.error();
    std::erase_if(*held, [nowMs](const HeldLease& h) { return h.lease.expiresAt <= nowMs; });
    return held;
}

Result<std::vector<HeldLease>> LeaseManager::renewDue(qint64 nowMs)
{
    auto held = m_store.leases(u"held"_s);
    if (!held)
        return held.error();
    std::vector<HeldLease> lost;
    for (HeldLease& h : *held) {
        if (h.lease.expiresAt - nowMs > qint64(m_options.renewMarginSeconds) * 1000)
            continue;
        auto renewed = m_client.renew(h.lease.id, m_options.leaseSeconds);
        if (renewed) {
            if (auto saved = m_store.setLeaseExpiry(h.lease.id, renewed->expiresAt); !saved)
                return saved.error();
            continue;
        }
        const QString code = renewed.error().code;
        if (code == u"lease_not_found" || code == u"lease_lost" || code == u"lease_not_yours") {
            h.state = u"lost"_s;
            h.note = renewed.error().message;
            if (auto saved = m_store.setLeaseState(h.lease.id, h.state, h.note); !saved)
                return saved.error();
            lost.push_back(h);
            continue;
        }
        return renewed.error(); // offline or the server failing: try again later
    }
    return lost;
}

Status LeaseManager::release(const HeldLease& held)
{
    auto released = m_client.release(held.lease.id);
    // Given back, or no longer ours anyway: either way this profile no longer holds it.
    if (released || !released.error().transient)
        return m_store.setLeaseState(held.lease.id, u"released"_s,
                                     released ? QString() : released.error().message);
    if (auto marked = m_store.setLeaseState(held.lease.id, u"released"_s,
                                            u"released while offline; the lease runs out"_s);
        !marked)
        return marked;
    return released;
}

Status LeaseManager::releaseAll()
{
    auto held = m_store.leases(u"held"_s);
    if (!held)
        return held.error();
    Status outcome;
    for (const HeldLease& h : *held)
        if (auto released = release(h); !released && outcome)
            outcome = released;
    return outcome;
}

std::vector<Error> LeaseManager::prefetchMedia(const QByteArray& itemJson)
{
    std::vector<Error> errors;
    auto item = Item::fromJsonBytes(itemJson);
    if (!item) {
        errors.push_back(item.error());
        return errors;
    }
    for (const Media& m : item->media) {
        if (m_media.contains(m.sha256))
            continue;
        auto bytes = m_client.media(m.sha256);
        if (!bytes) {
            errors.push_back(bytes.error());
            continue;
        }
        if (auto stored = m_media.store(m.sha256, *bytes); !stored)
            errors.push_back(stored.error());
    }
    return errors;
}

} // namespace moddesk::net
