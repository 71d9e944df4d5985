#pragma once

#include "item.h"
#include "profile.h"
#include "sync_worker.h"
#include "triage.h"

#include <QHash>
#include <QObject>
#include <QThread>
#include <QTimer>

#include <memory>
#include <optional>
#include <vector>

namespace moddesk::ui {

// One leased item as the queue shows it.
struct QueueEntry {
    HeldLease held;
    Item item;
};

// What the status bar says.
struct SessionStatus {
    bool checked = false; // the background worker has tried the server at least once
    bool online = false;
    QString problem; // why offline, or what went wrong last; plain words
    qint64 pending = 0;
    qint64 accepted = 0;
    qint64 conflicts = 0; // conflict and invalid answers: decisions kept as superseded
    std::optional<qint64> lastSyncAt;
    bool tampering = false;
};

struct SessionOptions {
    QString queue = QStringLiteral("default");
    int ahead = 5; // items kept leased (and pre-rendered from the first ones)
    int leaseSeconds = 300;
    int syncIntervalMs = 3000; // background rounds: renew, lease ahead, upload
    // A decision is sent this long after it is recorded, together with any taken meanwhile:
    // the upload never competes with showing the next item, a moderator working fast sends
    // one batch instead of one request per key, and a slip caught at once is undone locally.
    int uploadDelayMs = 1500;
};

// A moderator's working session on one profile: the queue of leased items, decisions recorded
// in the audit log (durable before the window moves on), undo, skip, and the status. The
// network runs on a SyncWorker thread; this object lives on the GUI thread and never waits for
// the server.
class Session final : public QObject {
    Q_OBJECT
public:
    static Result<std::unique_ptr<Session>> open(const QString& profileDir,
                                                 SessionOptions options = {});
    ~Session() override;

    net::Profile& profile() { return *m_profile; }
    const SessionOptions& options() const { return m_options; }
    Policy policy() { return m_policy; }

    const std::vector<QueueEntry>& queue() const { return m_queue; }
    const QueueEntry* entry(const QString& itemId) const;

    // Records a triage decision on `itemId`; the error names the field that is missing.
    Result<Decision> decide(const QString& itemId, const net::TriageChoice& choice);
    // Ctrl+Z: retracts the last decision of this session while it has not synced (the item is
    // held again); once synced, answers with code "synced" and changes nothing.
    Result<Decision> undo();
    std::optional<Decision> lastDecision() const { return m_lastDecision; }
    // After undo answered "synced": asks a supervisor to review the last decision, in the
    // moderator's words. Kept in the profile and sent by the worker (offline too: later).
    Result<ReviewRequest> requestReview(const QString& reason);
    // Gives the item back (the server learns it in the background).
    Status skip(const QString& itemId);

    SessionStatus status();
    // Whether the signed-in role triages queues (moderator, supervisor).
    bool mayDecide() const;
    void syncNow();
    // Gives back undecided items and stops the background thread (bounded wait).
    void shutDown();

Q_SIGNALS:
    void queueChanged();
    void statusChanged();
    void leasesLost(const QStringList& what);
    // Review requests the server took (count) or refused ("item id: why") in a round.
    void reviewRequestsAnswered(int sent, const QStringList& refused);
    void workerFailed(const QString& message);

private:
    Session(std::unique_ptr<net::Profile> profile, SessionOptions options);
    void reloadQueue();
    void onRound(const RoundReport& report);

    std::unique_ptr<net::Profile> m_profile;
    SessionOptions m_options;
    Policy m_policy;
    std::vector<QueueEntry> m_queue;
    QHash<QString, Item> m_decoded;
    std::optional<Decision> m_lastDecision;
    RoundReport m_lastRound;
    bool m_heardFromWorker = false;
    QThread m_thread;
    SyncWorker* m_worker = nullptr;
    QTimer* m_uploadTimer = nullptr;
};

} // namespace moddesk::ui
