#pragma once

#include "item_page.h"
#include "keymap.h"
#include "wellness.h"

#include <QElapsedTimer>
#include <QMainWindow>
#include <QSet>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QSplitter;
class QTableView;
class QTimer;

namespace moddesk::ui {

class DecisionPanel;
class ItemPane;
class QueueModel;
class StatusStrip;
class Session;

struct WindowOptions {
    int renderSlots = 3; // the current item and the next two; 1 = load every item on demand
    bool saveState = true;
};

// The moderator's window: queue | item | scores and decision, and a status bar that says
// whether the server is reachable, what waits to sync, and how long and how much graphic media
// the moderator has been exposed to this session.
class MainWindow final : public QMainWindow {
    Q_OBJECT
public:
    MainWindow(Session& session, WindowOptions options = {}, QWidget* parent = nullptr);
    ~MainWindow() override;

    // For tests and the benchmark.
    QString currentItemId() const { return m_currentId; }
    ItemPane* itemPane() const { return m_itemPane; }
    DecisionPanel* decisionPanel() const { return m_panel; }
    QueueModel* queueModel() const { return m_model; }
    QAction* action(const QString& id) const;
    QString statusText() const;
    int exposureCount() const { return m_mediaItemsSeen.size(); }
    // True when the items after the current one that are rendered ahead have finished loading
    // (their pictures decoded): the background work between two keys is done.
    bool aheadRendered() const;
    void applyKeys(); // re-reads remapped keys from the settings
    // The next break reminder comes `ms` from now (the settings give minutes; tests use this).
    void setNextBreakIn(qint64 ms) { m_nextBreakMs = m_sessionTimer.elapsed() + ms; }

Q_SIGNALS:
    void itemShown(const QString& itemId, double ms);
    void decisionRecorded(const QString& itemId, qint64 seq);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildActions();
    void buildMenus();
    void buildLayout();
    void onQueueChanged();
    void showItem(const QString& itemId);
    void prepareAhead();
    void move(int step);
    void quickDecide(const QuickDecision& d);
    void recordForm();
    void undo();
    void skip();
    void toggleReveal();
    void toggleRawText();
    void toggleForCurrent(QSet<QString>& items);
    void showCheatSheet();
    void showSettings();
    void refreshStatus();
    void onShown(const QString& itemId, double ms);
    void checkBreak();
    PageOptions pageOptions(const QString& itemId) const;
    // The current item's page is loaded and on screen: only then do decision keys act.
    bool currentPageShown() const;
    // The queue as the moderator sees it (filtered): rows of the view, not of the model.
    int visibleRowOf(const QString& itemId) const;
    QString visibleIdAt(int row) const;
    int visibleRows() const;
    QString shownHash(const QString& itemId) const;

    Session& m_session;
    WindowOptions m_options;
    QueueModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_queueView;
    QLineEdit* m_filter;
    ItemPane* m_itemPane;
    QSplitter* m_splitter = nullptr; // queue | item page | evidence and decision
    int m_queueWidth = 0;            // what the queue's columns need (see buildLayout)
    DecisionPanel* m_panel;
    QLabel* m_banner;
    StatusStrip* m_status = nullptr;
    WellnessSettings m_wellness; // read at start and after the settings: not on every item
    QTimer* m_clock;
    QTimer* m_statusTimer; // coalesces status refreshes
    QString m_currentId;
    int m_currentRow = 0;
    QSet<QString> m_revealed;    // items whose media the moderator revealed
    QSet<QString> m_rawText;     // items shown with their invisible characters acting
    QStringList m_knownAccounts; // from the policy: imitated accounts and domains
    QStringList m_knownDomains;
    QSet<QString> m_mediaItemsSeen; // items with media that were on screen
    QElapsedTimer m_sessionTimer;
    qint64 m_nextBreakMs = 0;
    std::vector<std::pair<QString, QAction*>> m_actions;
};

} // namespace moddesk::ui
