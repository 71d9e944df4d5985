#pragma once

#include "item.h"
#include "item_page.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QUrl>
#include <QWidget>

#include <vector>

class QQuickWindow;
class QStackedLayout;
class QWebEngineProfile;
class QWebEngineView;

namespace moddesk::ui {

class ItemSchemeHandler;
class ItemWebPage;
class RequestGuard;

// The item pane: the app's page for the current item in a locked-down Qt WebEngine view, with
// the next items already rendered in hidden views so that moving on only swaps a widget.
// Off-the-record profile, JavaScript off, only the `item:` scheme, no navigation, no windows.
class ItemPane final : public QWidget {
    Q_OBJECT
public:
    // `slots`: views kept; 1 means no pre-rendering (every item loads on demand).
    ItemPane(std::function<QByteArray(const QString&)> mediaLoader, int slots,
             QWidget* parent = nullptr);
    ~ItemPane() override;

    // Renders `item` in a hidden view unless it is rendered already (or no view is free).
    void prepare(const Item& item, const PageOptions& options);
    // Shows `item`: at once if it is rendered, else it loads now. shown() follows when painted.
    void showItem(const Item& item, const PageOptions& options);
    void showEmpty(const QString& message);
    QString currentItemId() const;
    // True when `item` with `options` is rendered (loaded and drawn) in one of the views.
    bool isRendered(const Item& item, const PageOptions& options) const;
    bool currentLoaded() const;
    // Whether the current page is on screen and done: loaded (with its pictures: the page's load
    // waits for them), drawn, no new frame for a moment (Chromium draws pictures a frame or two
    // after the text), and its text in what the view shows. It grabs the view (about a
    // millisecond): for screenshots and renders, not for every key.
    bool currentPainted() const;
    // Frames the current view has drawn so far (a screenshot after a resize waits for one more).
    quint64 currentFrames() const { return m_current ? m_current->frameCount : 0; }

    int refusedRequests() const;
    int allowedRequests() const;
    int refusedNavigations() const;
    int refusedDownloads() const { return m_downloadsRefused; }
    int mediaServed() const;
    int mediaAnswered() const;
    QStringList mediaProblems() const;
    QStringList refusedUrls() const;
    QWebEngineView* currentView() const;

Q_SIGNALS:
    // The current item's page has loaded and is on screen; `ms` since showItem() was called.
    void shown(const QString& itemId, double ms);

private:
    struct Slot {
        QWebEngineView* view = nullptr;
        ItemWebPage* page = nullptr;
        QString itemId;
        QString renderKey; // item id + options: a page rendered with other options is stale
        QUrl url;          // the page this view was last told to load
        bool loaded = false;
        // The view shows its page: the frame mark of this load and text. Until then it may still
        // show the page it had before (Chromium sends the new page's first frame a little after
        // the load ends), so it is never raised or said shown before.
        bool drawn = false;
        bool failed = false;
        quint32 mark = 0;              // the frame mark of the page it was last told to load
        QElapsedTimer sinceLoad;       // since that page loaded
        bool recheckPending = false;   // a look at the view is due (checkDrawn)
        QPointer<QQuickWindow> frames; // whose frames prompt a look
        QElapsedTimer sinceFrame;      // since the view last drew a frame
        quint64 frameCount = 0;
        quint64 usedAt = 0;
    };
    Slot* slotFor(const QString& renderKey);
    Slot* freeSlot();
    void load(Slot& slot, const Item& item, const PageOptions& options);
    void onLoaded(Slot& slot, bool ok);
    void checkDrawn(Slot& slot);
    static bool ready(const Slot& slot) { return slot.loaded && slot.drawn; }
    void announceIfCurrent(Slot& slot);

    QWebEngineProfile* m_profile;
    ItemSchemeHandler* m_scheme;
    RequestGuard* m_guard;
    QStackedLayout* m_stack;
    QWidget* m_empty;
    std::vector<Slot> m_slots;
    Slot* m_current = nullptr;
    quint64 m_clock = 0;
    quint64 m_pageCounter = 0;
    int m_downloadsRefused = 0;
    QElapsedTimer m_sinceShow;
};

QString renderKey(const Item& item, const PageOptions& options);

} // namespace moddesk::ui
