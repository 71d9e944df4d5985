#pragma once

#include "lease_manager.h"
#include "profile.h"

#include <QObject>
#include <QStringList>

#include <atomic>
#include <memory>

class QTimer;

namespace moddesk::ui {

// What one round of background work found, for the status bar and the queue.
struct RoundReport {
    bool online = false;
    QString problem;            // the last failure in plain words; empty when all went well
    int newLeases = 0;          // items leased ahead this round
    QStringList lostLeases;     // "item id: the server's reason" for leases the server dropped
    qint64 synced = 0;          // decisions the server answered this round
    bool tampering = false;     // the server's chain did not check out; sync is stopped
    int reviewsSent = 0;        // review requests the server took this round
    QStringList reviewsRefused; // "item id: the server's reason" for review requests refused
};

// The network side of the workstation, on its own thread so that a slow or absent server never
// freezes the window: every few seconds it renews leases that run out soon, leases ahead to
// keep the queue full (with media), and drains the audit log's outbox. It opens its own
// connections to the profile's SQLite files (WAL lets the window's connections read and append
// meanwhile).
class SyncWorker final : public QObject {
    Q_OBJECT
public:
    SyncWorker(QString profileDir, net::LeaseOptions leases, int intervalMs);
    ~SyncWorker() override;

    // Thread-safe: makes a running round give up at its next step (used on quit).
    void requestStop() { m_stop = true; }
    // Thread-safe: a round soon ("sync now", after a decision); requests coalesce.
    void requestRound();

public Q_SLOTS:
    void start();    // in the worker thread: opens the profile, runs a round, starts the timer
    void runRound(); // also "sync now" and after each decision
    void release(const QString& leaseId); // skip: gives the item back to the server
    void finish();                        // on quit: gives back undecided items and stops the timer

Q_SIGNALS:
    void roundDone(const moddesk::ui::RoundReport& report);
    void failedToOpen(const QString& message);

private:
    void sendReviewRequests(net::ProtocolClient& client, RoundReport& report,
                            std::optional<Error>& failure);
    QString m_profileDir;
    net::LeaseOptions m_leaseOptions;
    int m_intervalMs;
    std::unique_ptr<net::Profile> m_profile;
    QTimer* m_timer = nullptr;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_roundRequested{false};
    bool m_running = false;
    bool m_lastOnline = false;
    bool m_finishDeferred = false;
    QStringList m_deferredReleases;

    void afterRound();
};

} // namespace moddesk::ui

Q_DECLARE_METATYPE(moddesk::ui::RoundReport)
