#include "session.h"

#include <QDateTime>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace moddesk::ui {

Result<std::unique_ptr<Session>> Session::open(const QString& profileDir, SessionOptions options)
{
    auto profile = net::Profile::open(profileDir);
    if (!profile)
        return profile.error();
    if ((*profile)->userName().isEmpty())
        return Error{u"the profile "_s + profileDir + u" is not signed in to a server"_s};
    return std::unique_ptr<Session>(new Session(std::move(profile).value(), std::move(options)));
}

Session::Session(std::unique_ptr<net::Profile> profile, SessionOptions options)
    : m_profile(std::move(profile))
    , m_options(std::move(options))
    , m_policy(m_profile->policy())
{
    qRegisterMetaType<RoundReport>();
    m_uploadTimer = new QTimer(this);
    m_uploadTimer->setSingleShot(true);
    m_uploadTimer->setInterval(m_options.uploadDelayMs);
    connect(m_uploadTimer, &QTimer::timeout, this, &Session::syncNow);
    net::LeaseOptions leases;
    leases.queue = m_options.queue;
    // Only roles that decide lease items (protocol v1's matrix); others would only be refused.
    leases.ahead = mayDecide() ? m_options.ahead : 0;
    leases.leaseSeconds = m_options.leaseSeconds;
    m_worker = new SyncWorker(m_profile->dir(), leases, m_options.syncIntervalMs);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::started, m_worker, &SyncWorker::start);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &SyncWorker::roundDone, this, &Session::onRound);
    connect(m_worker, &SyncWorker::failedToOpen, this, &Session::workerFailed);
    reloadQueue();
    m_thread.setObjectName(u"moddesk-sync"_s);
    m_thread.start();
}

Session::~Session()
{
    shutDown();
}

void Session::shutDown()
{
    if (!m_thread.isRunning())
        return;
    m_worker->requestStop(); // a running round stops at its next step
    // finish() gives undecided items back and ends the thread itself; it is never cut short
    // (a thread terminated inside curl or SQLite would leave both in pieces). Its wait is
    // bounded by the transport's timeouts, and it skips the releases when the server is away.
    QMetaObject::invokeMethod(m_worker, &SyncWorker::finish, Qt::QueuedConnection);
    m_thread.wait();
}

const QueueEntry* Session::entry(const QString& itemId) const
{
    for (const QueueEntry& e : m_queue)
        if (e.item.id == itemId)
            return &e;
    return nullptr;
}

void Session::reloadQueue()
{
    auto held = m_profile->store().leases(u"held"_s);
    if (!held)
        return;
    std::vector<QueueEntry> queue;
    QHash<QString, Item> decoded; // by lease id: each item is decoded once, not on every reload
    for (HeldLease& h : *held) {
        auto known = m_decoded.find(h.lease.id);
        if (known == m_decoded.end()) {
            auto item = Item::fromJsonBytes(h.itemJson);
            if (!item)
                continue; // checked when leased; a damaged cache row is skipped
            known = m_decoded.insert(h.lease.id, std::move(item).value());
        }
        decoded.insert(h.lease.id, *known);
        queue.push_back({std::move(h), *known});
    }
    m_decoded = std::move(decoded);
    // Removal orders with the nearest deadline first, then the server's order (lease time).
    std::stable_sort(queue.begin(), queue.end(), [](const QueueEntry& a, const QueueEntry& b) {
        const qint64 da = a.item.deadline.value_or(std::numeric_limits<qint64>::max());
        const qint64 db = b.item.deadline.value_or(std::numeric_limits<qint64>::max());
        if (da != db)
            return da < db;
        return a.held.leasedAt < b.held.leasedAt;
    });
    const bool changed = queue.size() != m_queue.size() ||
                         !std::equal(queue.begin(), queue.end(), m_queue.begin(),
                                     [](const QueueEntry& a, const QueueEntry& b) {
                                         return a.held.lease.id == b.held.lease.id &&
                                                a.held.lease.expiresAt == b.held.lease.expiresAt;
                                     });
    m_queue = std::move(queue);
    if (changed)
        Q_EMIT queueChanged();
}

Result<Decision> Session::decide(const QString& itemId, const net::TriageChoice& choice)
{
    auto recorded = net::recordTriage(*m_profile, m_policy, itemId, choice,
                                      QDateTime::currentMSecsSinceEpoch());
    if (!recorded)
        return recorded;
    m_lastDecision = *recorded;
    // The decided item leaves the queue at once; the store is re-read on the worker's next
    // round, not between the key and the next item.
    std::erase_if(m_queue, [&](const QueueEntry& e) { return e.item.id == itemId; });
    Q_EMIT queueChanged();
    Q_EMIT statusChanged();
    if (!m_uploadTimer->isActive()) // not restarted: deciding steadily never holds sync back
        m_uploadTimer->start();
    return recorded;
}

Result<Decision> Session::undo()
{
    if (!m_lastDecision)
        return Error{u"nothing to undo in this session"_s};
    auto synced = net::isSynced(*m_profile, *m_lastDecision);
    if (!synced)
        return synced.error();
    if (*synced) {
        Error e{u"the decision has reached the server; only a supervisor can change it now"_s};
        e.code = u"synced"_s;
        return e;
    }
    auto retract =
        net::recordRetract(*m_profile, *m_lastDecision, QDateTime::currentMSecsSinceEpoch());
    if (!retract)
        return retract;
    m_lastDecision.reset();
    reloadQueue();
    Q_EMIT statusChanged();
    return retract;
}

Result<ReviewRequest> Session::requestReview(const QString& reason)
{
    if (!m_lastDecision)
        return Error{u"no decision of this session to review"_s};
    ReviewRequest r;
    r.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    r.decisionId = m_lastDecision->id;
    r.reason = reason.trimmed();
    r.requestedAt = QDateTime::currentMSecsSinceEpoch();
    // The same checks as the server's, so bad words are refused here, not after a round trip.
    if (auto checked = ReviewRequest::fromJson(r.toJson()); !checked)
        return checked.error();
    if (auto stored = m_profile->store().addReviewRequest(r, m_lastDecision->itemId); !stored)
        return stored.error();
    m_lastDecision.reset(); // asked once; Ctrl+Z has nothing more to do with it
    syncNow();
    return r;
}

Status Session::skip(const QString& itemId)
{
    const QueueEntry* e = entry(itemId);
    if (!e)
        return Error{u"no held item "_s + itemId};
    const QString leaseId = e->held.lease.id;
    if (auto marked = m_profile->store().setLeaseState(leaseId, u"released"_s); !marked)
        return marked;
    QMetaObject::invokeMethod(m_worker, [w = m_worker, leaseId] { w->release(leaseId); });
    reloadQueue();
    syncNow();
    return {};
}

void Session::syncNow()
{
    m_worker->requestRound();
}

void Session::onRound(const RoundReport& report)
{
    m_lastRound = report;
    m_heardFromWorker = true;
    reloadQueue();
    if (!report.lostLeases.isEmpty())
        Q_EMIT leasesLost(report.lostLeases);
    if (report.reviewsSent > 0 || !report.reviewsRefused.isEmpty())
        Q_EMIT reviewRequestsAnswered(report.reviewsSent, report.reviewsRefused);
    Q_EMIT statusChanged();
}

bool Session::mayDecide() const
{
    const QString role = m_profile->userRole();
    return role == u"moderator" || role == u"supervisor";
}

SessionStatus Session::status()
{
    SessionStatus s;
    s.checked = m_heardFromWorker;
    s.online = m_heardFromWorker && m_lastRound.online;
    s.problem = m_heardFromWorker ? m_lastRound.problem : u"connecting…"_s;
    s.tampering = m_lastRound.tampering;
    if (auto pending = m_profile->log().pendingSyncCount())
        s.pending = *pending;
    if (auto counts = m_profile->log().outboxCounts()) {
        s.accepted = counts->accepted + counts->duplicate;
        s.conflicts = counts->conflict + counts->invalid;
    }
    if (auto state = m_profile->log().syncState()) {
        s.lastSyncAt = state->lastSyncAt;
        s.tampering = s.tampering || !state->serverMismatch.isEmpty();
    }
    return s;
}

} // namespace moddesk::ui
