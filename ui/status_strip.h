#pragma once

#include "session.h"

#include <QObject>

#include <optional>

class QLabel;
class QStatusBar;
class QWidget;

namespace moddesk::ui {

// What the window says about the session: the status bar (online or offline, decisions to
// sync, last sync, conflicts, session time, media exposure) and, while the server is away, a
// banner above the panes that says so in plain words.
class StatusStrip final : public QObject {
    Q_OBJECT
public:
    // Adds its labels to `bar`; the banner is a child of `bannerParent`, for its layout.
    StatusStrip(QStatusBar* bar, QWidget* bannerParent);

    QLabel* offlineBanner() const { return m_offlineBanner; }
    void show(const SessionStatus& s, qint64 sessionMs, int mediaItemsSeen, int revealed);
    // Requests an item page made that the guard refused (it never should): said in red, with
    // the URLs in the tooltip, so a moderator can report the item. Hidden while there are none.
    void showBlocked(int count, const QStringList& urls);
    QString text() const; // the labels, joined (tests)

private:
    QLabel* m_offlineBanner;
    std::optional<qint64> m_offlineSince;
    QLabel* m_online;
    QLabel* m_pending;
    QLabel* m_lastSync;
    QLabel* m_conflicts;
    QLabel* m_sessionTime;
    QLabel* m_exposure;
    QLabel* m_blocked;
};

} // namespace moddesk::ui
