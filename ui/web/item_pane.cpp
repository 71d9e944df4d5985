#include "item_pane.h"

#include "item_scheme.h"
#include "item_web_page.h"
#include "request_guard.h"

#include <QAction>
#include <QLabel>
#include <QQuickWidget>
#include <QQuickWindow>
#include <QStackedLayout>
#include <QTimer>
#include <QWebEngineDownloadRequest>
#include <QWebEngineLoadingInfo>
#include <QWebEngineProfile>
#include <QWebEngineSettings>
#include <QWebEngineView>

using namespace Qt::StringLiterals;

namespace moddesk::ui {

QString renderKey(const Item& item, const PageOptions& options)
{
    return item.id + u'|' + QString::number(int(options.blurMedia)) +
           QString::number(int(options.grayscaleMedia)) + QString::number(int(options.revealed)) +
           QString::number(int(options.rawText));
}

namespace {

// A loaded page not yet seen in its view is looked at again this often (its frame may have
// come before the load was reported, and then no new frame comes to prompt a look).
constexpr int kRecheckMs = 100;
// After this long without the page's frame mark, the mark is not waited for (a platform whose
// picture of the page changes its colours): text in the view is enough, as a warning says.
constexpr int kMarkWaitMs = 3000;
// A page that drew no new frame for this long is done (a picture comes a frame or two after the
// text, ~16 ms each): what screenshots and renders wait for.
constexpr int kSettledMs = 150;

// Every page has dark text (the header at least) on a light ground; a blank frame has none.
bool showsText(QWebEngineView* view)
{
    const QImage shot = view->grab().toImage();
    for (int y = 0; y < shot.height(); y += 2)
        for (int x = 0; x < shot.width(); x += 2)
            if (qGray(shot.pixel(x, y)) < 110)
                return true;
    return false;
}

// Whether `view` shows the frame mark `mark` in its top-left corner (PageOptions::frameMark).
bool showsMark(QWebEngineView* view, quint32 mark)
{
    const QImage corner = view->grab(QRect(0, 0, 2, 2)).toImage();
    if (corner.isNull())
        return false;
    const QColor seen = corner.pixelColor(0, 0);
    const auto [r, g, b] = frameMarkColour(mark);
    return seen.red() == r && seen.green() == g && seen.blue() == b;
}

void lockDown(QWebEngineSettings* s)
{
    using A = QWebEngineSettings;
    s->setAttribute(A::JavascriptEnabled, false);
    s->setAttribute(A::JavascriptCanOpenWindows, false);
    s->setAttribute(A::JavascriptCanAccessClipboard, false);
    s->setAttribute(A::PluginsEnabled, false);
    s->setAttribute(A::PdfViewerEnabled, false);
    s->setAttribute(A::LocalContentCanAccessRemoteUrls, false);
    s->setAttribute(A::LocalContentCanAccessFileUrls, false);
    s->setAttribute(A::LocalStorageEnabled, false);
    s->setAttribute(A::WebGLEnabled, false);
    s->setAttribute(A::Accelerated2dCanvasEnabled, false);
    s->setAttribute(A::AutoLoadIconsForPage, false);
    s->setAttribute(A::DnsPrefetchEnabled, false);
    s->setAttribute(A::HyperlinkAuditingEnabled, false);
    s->setAttribute(A::FocusOnNavigationEnabled, false); // keys stay with the window
    s->setAttribute(A::PlaybackRequiresUserGesture, true);
    s->setAttribute(A::NavigateOnDropEnabled, false);
    s->setAttribute(A::ErrorPageEnabled, false);
}

} // namespace

ItemPane::ItemPane(std::function<QByteArray(const QString&)> mediaLoader, int slots,
                   QWidget* parent)
    : QWidget(parent)
    // No storage name: an off-the-record profile (nothing written to disk, no cache, no cookies).
    , m_profile(new QWebEngineProfile(this))
    , m_scheme(new ItemSchemeHandler(std::move(mediaLoader), this))
    , m_guard(new RequestGuard(this))
    , m_stack(new QStackedLayout(this))
    , m_empty(new QLabel(this))
{
    // The pane holds the keyboard focus between decisions (the views themselves take none):
    // keys then reach the window's actions, not a form field.
    setFocusPolicy(Qt::StrongFocus);
    m_profile->setHttpCacheType(QWebEngineProfile::MemoryHttpCache);
    m_profile->setPersistentCookiesPolicy(QWebEngineProfile::NoPersistentCookies);
    m_profile->setUrlRequestInterceptor(m_guard);
    // No downloads, ever: a page that got one started (it cannot navigate, but a download is
    // not a navigation) has it cancelled before anything is written.
    connect(m_profile, &QWebEngineProfile::downloadRequested, this,
            [this](QWebEngineDownloadRequest* download) {
                download->cancel();
                ++m_downloadsRefused;
            });
    m_profile->installUrlSchemeHandler("item", m_scheme);
    lockDown(m_profile->settings());

    // Every view stays visible, the current one raised on top: Chromium keeps drawing the pages
    // rendered ahead, so moving on shows a page already drawn instead of waiting for the first
    // frame of a view that was hidden.
    m_stack->setStackingMode(QStackedLayout::StackAll);
    auto* empty = static_cast<QLabel*>(m_empty);
    empty->setAutoFillBackground(true);
    empty->setAlignment(Qt::AlignCenter);
    empty->setWordWrap(true);
    empty->setTextFormat(Qt::PlainText);
    m_stack->addWidget(m_empty);

    m_slots.resize(size_t(std::max(1, slots)));
    for (Slot& slot : m_slots) {
        slot.view = new QWebEngineView(this);
        slot.page = new ItemWebPage(m_profile, slot.view);
        slot.view->setPage(slot.page);
        slot.view->setFocusPolicy(Qt::NoFocus);
        // Its page covers it whole: Qt then skips painting the views stacked under the current
        // one (Chromium still draws them, they stay visible), which halves a repaint.
        slot.view->setAttribute(Qt::WA_OpaquePaintEvent);
        // Copy is the one thing a moderator does with the page's text.
        slot.view->setContextMenuPolicy(Qt::ActionsContextMenu);
        auto* copy = slot.page->action(QWebEnginePage::Copy);
        slot.view->addAction(copy);
        Slot* s = &slot;
        // loadingChanged names the URL: the end of a load that a newer one replaced in the
        // same view (moving on quickly) is not mistaken for the new page's.
        connect(slot.page, &QWebEnginePage::loadingChanged, this,
                [this, s](const QWebEngineLoadingInfo& info) {
                    if (info.status() == QWebEngineLoadingInfo::LoadStartedStatus)
                        return;
                    if (info.url() != s->url) {
                        // The end of a page this view has since been told to replace. Chromium
                        // may drop a navigation asked for while another was about to commit:
                        // ask again, or the view would wait forever.
                        if (!s->loaded)
                            s->page->loadAppPage(s->url);
                        return;
                    }
                    if (info.status() == QWebEngineLoadingInfo::LoadStoppedStatus)
                        return; // superseded by the same page asked again: its end decides
                    onLoaded(*s, info.status() == QWebEngineLoadingInfo::LoadSucceededStatus);
                });
        connect(slot.page, &QWebEnginePage::renderProcessTerminated, this,
                [this, s](QWebEnginePage::RenderProcessTerminationStatus, int code) {
                    s->loaded = false;
                    s->drawn = false;
                    s->failed = true;
                    s->renderKey.clear();
                    m_scheme->dropPage(s->url.path().mid(6)); // its HTML is not needed again
                    if (m_current == s)
                        showEmpty(u"The page of this item stopped (renderer exit code %1). "
                                  u"The item is still in the queue: move away and back to "
                                  u"render it again."_s.arg(code));
                });
        m_stack->addWidget(slot.view);
    }
    m_stack->setCurrentWidget(m_empty);
}

ItemPane::~ItemPane()
{
    // Pages before the profile they use (Qt WebEngine warns otherwise).
    for (Slot& slot : m_slots)
        delete slot.view;
}

ItemPane::Slot* ItemPane::slotFor(const QString& key)
{
    for (Slot& slot : m_slots)
        if (slot.renderKey == key)
            return &slot;
    return nullptr;
}

ItemPane::Slot* ItemPane::freeSlot()
{
    Slot* oldest = nullptr;
    for (Slot& slot : m_slots) {
        if (&slot == m_current)
            continue;
        if (!oldest || slot.usedAt < oldest->usedAt)
            oldest = &slot;
    }
    return oldest;
}

void ItemPane::load(Slot& slot, const Item& item, const PageOptions& options)
{
    if (!slot.renderKey.isEmpty())
        m_scheme->dropPage(slot.url.path().mid(6));
    const QString key = QString::number(++m_pageCounter);
    PageOptions marked = options;
    marked.frameMark = quint32(m_pageCounter);
    m_scheme->setPage(key, itemPageHtml(item, marked));
    slot.mark = marked.frameMark;
    slot.itemId = item.id;
    slot.renderKey = renderKey(item, options);
    slot.loaded = false;
    slot.drawn = false;
    slot.failed = false;
    slot.usedAt = ++m_clock;
    slot.url = QUrl(u"item://app/page/"_s + key);
    slot.page->loadAppPage(slot.url);
}

void ItemPane::prepare(const Item& item, const PageOptions& options)
{
    if (Slot* s = slotFor(renderKey(item, options))) {
        s->usedAt = ++m_clock;
        return;
    }
    if (m_slots.size() < 2)
        return; // no pre-rendering
    if (Slot* s = freeSlot())
        load(*s, item, options);
}

void ItemPane::showItem(const Item& item, const PageOptions& options)
{
    m_sinceShow.start();
    Slot* s = slotFor(renderKey(item, options));
    if (!s) {
        s = m_slots.size() < 2 ? &m_slots.front() : freeSlot();
        load(*s, item, options);
    }
    s->usedAt = ++m_clock;
    m_current = s;
    if (ready(*s)) {
        m_stack->setCurrentWidget(s->view);
        announceIfCurrent(*s);
        return;
    }
    // A view that is loading still shows its previous document: never under this item's
    // name. "Loading…" until the page is in (onLoaded raises the view).
    static_cast<QLabel*>(m_empty)->setText(tr("Loading…"));
    m_stack->setCurrentWidget(m_empty);
}

void ItemPane::showEmpty(const QString& message)
{
    static_cast<QLabel*>(m_empty)->setText(message);
    m_current = nullptr;
    m_stack->setCurrentWidget(m_empty);
}

QString ItemPane::currentItemId() const
{
    return m_current ? m_current->itemId : QString();
}

bool ItemPane::isRendered(const Item& item, const PageOptions& options) const
{
    const QString key = renderKey(item, options);
    return std::any_of(m_slots.begin(), m_slots.end(),
                       [&key](const Slot& s) { return s.renderKey == key && ready(s); });
}

bool ItemPane::currentLoaded() const
{
    return m_current && ready(*m_current);
}

bool ItemPane::currentPainted() const
{
    if (!currentLoaded() || m_stack->currentWidget() != m_current->view ||
        (m_current->sinceFrame.isValid() && m_current->sinceFrame.elapsed() < kSettledMs))
        return false;
    return showsText(m_current->view);
}

QWebEngineView* ItemPane::currentView() const
{
    return m_current ? m_current->view : nullptr;
}

int ItemPane::refusedRequests() const
{
    return m_guard->refused();
}

int ItemPane::allowedRequests() const
{
    return m_guard->allowed();
}

int ItemPane::mediaServed() const
{
    return m_scheme->mediaServed();
}

int ItemPane::mediaAnswered() const
{
    return m_scheme->mediaAnswered();
}

QStringList ItemPane::mediaProblems() const
{
    return m_scheme->mediaProblems();
}

QStringList ItemPane::refusedUrls() const
{
    return m_guard->refusedUrls();
}

int ItemPane::refusedNavigations() const
{
    int n = 0;
    for (const Slot& slot : m_slots)
        n += slot.page->refusedNavigations();
    return n;
}

void ItemPane::onLoaded(Slot& slot, bool ok)
{
    slot.loaded = ok;
    slot.drawn = false;
    slot.failed = !ok;
    if (!ok) {
        if (m_current == &slot)
            showEmpty(u"The page of this item could not be rendered."_s);
        return;
    }
    // The view is looked at at each frame it draws (the widget that draws it exists from the
    // first load on, and is made anew after a renderer crash), and at once: the page's frame
    // may have come before its load was reported.
    if (auto* drawing = slot.view->findChild<QQuickWidget*>();
        drawing && slot.frames != drawing->quickWindow()) {
        slot.frames = drawing->quickWindow();
        Slot* s = &slot;
        connect(slot.frames, &QQuickWindow::afterRendering, this, [this, s] {
            s->sinceFrame.start();
            ++s->frameCount;
            // Looked at once the frame is done (grabbing while it renders would re-enter it).
            if (s->loaded && !s->drawn)
                QMetaObject::invokeMethod(
                    this, [this, s] { checkDrawn(*s); }, Qt::QueuedConnection);
        });
    }
    slot.sinceLoad.start();
    checkDrawn(slot);
}

void ItemPane::checkDrawn(Slot& slot)
{
    if (!slot.loaded || slot.drawn)
        return;
    // Its own page, by the frame mark of this load: not the page the view showed before (which
    // has text too). And its text: not the page's blank first frame.
    const bool markWaited = slot.sinceLoad.elapsed() > kMarkWaitMs;
    const bool own = showsMark(slot.view, slot.mark) || markWaited;
    if (!own || !showsText(slot.view)) {
        if (!slot.recheckPending) {
            slot.recheckPending = true;
            QTimer::singleShot(kRecheckMs, this, [this, s = &slot, url = slot.url] {
                s->recheckPending = false;
                if (s->url == url)
                    checkDrawn(*s);
            });
        }
        return;
    }
    if (markWaited && !showsMark(slot.view, slot.mark))
        qWarning("item page: the view never showed its frame mark; shown on its text alone");
    slot.drawn = true;
    if (m_current == &slot)
        m_stack->setCurrentWidget(slot.view);
    announceIfCurrent(slot);
}

void ItemPane::announceIfCurrent(Slot& slot)
{
    if (m_current != &slot || !ready(slot))
        return;
    // Painted: the view is the visible one; let the window paint it before saying so.
    slot.view->update();
    const QString id = slot.itemId;
    QTimer::singleShot(0, this, [this, id] {
        if (m_current && m_current->itemId == id)
            Q_EMIT shown(id, double(m_sinceShow.nsecsElapsed()) / 1e6);
    });
}

} // namespace moddesk::ui
