#include "sync_worker.h"

#include "sync_engine.h"

#include <QDateTime>
#include <QScopeGuard>
#include <QThread>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace moddesk::ui {

namespace {

// A round's upload gives up after this long and leaves the rest to the next round, so that
// renewals and leasing ahead are not starved by a long outage.
constexpr auto kDrainBudget = std::chrono::seconds(4);

} // namespace

SyncWorker::SyncWorker(QString profileDir, net::LeaseOptions leases, int intervalMs)
    : m_profileDir(std::move(profileDir))
    , m_leaseOptions(std::move(leases))
    , m_intervalMs(intervalMs)
{ }

SyncWorker::~SyncWorker() = default;

void SyncWorker::start()
{
    auto opened = net::Profile::open(m_profileDir);
    if (!opened) {
        Q_EMIT failedToOpen(opened.error().message);
        return;
    }
    m_profile = std::move(opened).value();
    m_timer = new QTimer(this);
    m_timer->setInterval(m_intervalMs);
    connect(m_timer, &QTimer::timeout, this, &SyncWorker::runRound);
    m_timer->start();
    runRound();
}

void SyncWorker::requestRound()
{
    // At most one round waits in the queue: while the server is away each round takes seconds,
    // and a decision a second must not stack up rounds to fire in a burst later.
    if (!m_roundRequested.exchange(true))
        QMetaObject::invokeMethod(this, &SyncWorker::runRound, Qt::QueuedConnection);
}

void SyncWorker::runRound()
{
    m_roundRequested = false;
    if (!m_profile || m_running || m_stop)
        return;
    m_running = true;
    // The keychain may run a nested event loop inside client(): queued release() and finish()
    // calls can arrive in the middle of a round and are deferred to its end (afterRound).
    const auto done = qScopeGuard([this] { afterRound(); });
    RoundReport report;
    auto client = m_profile->client();
    if (!client) {
        report.problem = client.error().message;
        Q_EMIT roundDone(report);
        return;
    }
    // One cheap request first: it tells online from offline even when the round has nothing
    // else to send, and an unreachable server is not asked for anything else this round.
    if (auto me = (*client)->me(); !me) {
        report.online = !me.error().transient;
        report.problem = me.error().message;
        m_profile->noteContact(me.error().transient ? &me.error() : nullptr);
        m_lastOnline = report.online;
        Q_EMIT roundDone(report);
        return;
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    net::LeaseManager leases(m_profile->store(), **client, m_profile->media(), m_leaseOptions);
    std::optional<Error> failure;
    if (auto lost = leases.renewDue(now); !lost)
        failure = lost.error();
    else
        for (const HeldLease& l : *lost)
            report.lostLeases.append(l.lease.itemId + u": "_s + l.note);
    if (!failure && !m_stop) {
        if (auto filled = leases.fill(now); !filled)
            failure = filled.error();
        else
            report.newLeases = int(filled->size());
    }
    if (!m_stop) {
        net::SyncEngine engine(m_profile->log(), **client);
        const net::SyncReport sync =
            engine.drain(std::chrono::steady_clock::now() + kDrainBudget, &m_stop);
        report.synced = sync.sent;
        if (sync.error) {
            report.tampering = sync.error->code == u"chain_mismatch";
            if (!failure || report.tampering)
                failure = sync.error;
        }
    }
    // Review requests are about decisions already on the server: after the drain, so a request
    // never arrives before the decision it names.
    if (!failure && !m_stop)
        sendReviewRequests(**client, report, failure);
    report.online = !failure || !failure->transient;
    if (failure)
        report.problem = failure->message;
    m_profile->noteContact(failure && failure->transient ? &*failure : nullptr);
    m_lastOnline = report.online;
    Q_EMIT roundDone(report);
}

void SyncWorker::sendReviewRequests(net::ProtocolClient& client, RoundReport& report,
                                    std::optional<Error>& failure)
{
    auto pending = m_profile->store().reviewRequests(u"pending"_s);
    if (!pending) {
        failure = pending.error();
        return;
    }
    for (const StoredRequest& r : *pending) {
        if (m_stop)
            return;
        auto sent = client.requestReview(r.request);
        // Away, busy, or the token no longer valid: kept pending for a later round. Refused
        // for what it says (not the requester's decision, no such decision): kept as refused.
        if (!sent && (sent.error().transient || sent.error().code == u"unauthenticated")) {
            failure = sent.error(); // kept pending: the next round tries again
            return;
        }
        const QString state = sent ? u"sent"_s : u"refused"_s;
        const QString answer = sent ? QString() : sent.error().message;
        if (auto marked = m_profile->store().setReviewRequestState(r.request.id, state, answer);
            !marked) {
            failure = marked.error();
            return;
        }
        if (sent)
            ++report.reviewsSent;
        else
            report.reviewsRefused.append(r.itemId + u": "_s + answer);
    }
}

void SyncWorker::afterRound()
{
    m_running = false;
    const QStringList releases = std::exchange(m_deferredReleases, {});
    for (const QString& id : releases)
        release(id);
    if (m_finishDeferred)
        finish();
}

void SyncWorker::release(const QString& leaseId)
{
    if (m_running) {
        m_deferredReleases.append(leaseId);
        return;
    }
    if (!m_profile)
        return;
    auto client = m_profile->client();
    if (!client)
        return;
    // Giving a lease back needs only its id (not every released row of the shift, re-read).
    HeldLease skipped;
    skipped.lease.id = leaseId;
    net::LeaseManager leases(m_profile->store(), **client, m_profile->media(), m_leaseOptions);
    (void)leases.release(skipped);
}

void SyncWorker::finish()
{
    if (m_running) {
        m_finishDeferred = true;
        return;
    }
    m_finishDeferred = false;
    if (m_timer)
        m_timer->stop();
    // Undecided items go back to the queue, unless the server was out of reach at the last
    // round: then each attempt would wait for a timeout, and the leases run out by themselves.
    if (m_profile && m_lastOnline) {
        if (auto client = m_profile->client()) {
            net::LeaseManager leases(m_profile->store(), **client, m_profile->media(),
                                     m_leaseOptions);
            (void)leases.releaseAll();
        }
    }
    m_profile.reset();
    QThread::currentThread()->quit(); // the thread ends here, after this work, never before
}

} // namespace moddesk::ui
