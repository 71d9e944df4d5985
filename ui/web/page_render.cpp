#include "page_render.h"

#include "item_pane.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QWebEnginePage>
#include <QWebEngineView>

#include <cmath>
#include <memory>

using namespace Qt::StringLiterals;

namespace moddesk::ui {
namespace {

// Runs the event loop without sleeping until `done()` or the deadline.
bool runUntil(const std::function<bool()>& done, const QElapsedTimer& clock, int timeoutMs)
{
    while (!done()) {
        if (clock.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    }
    return true;
}

constexpr int kFirstHeight = 240;
constexpr int kMaxHeight = 16'000;

} // namespace

PageRender renderItemPage(const Item& item, const PageOptions& options,
                          std::function<QByteArray(const QString&)> mediaLoader, int width,
                          int timeoutMs)
{
    PageRender out;
    QElapsedTimer clock;
    clock.start();
    // The page is loaded into a view as tall as its content; how tall that is, the page says
    // once it has loaded in a smaller one. A view loaded afresh at its final size is grabbed
    // (never one resized after its load, whose next frame comes when Chromium sends it), and
    // only once it is painted: loaded, pictures in, its text on screen.
    int height = kFirstHeight;
    std::unique_ptr<ItemPane> pane;
    for (int attempt = 0; attempt < 3; ++attempt) {
        pane = std::make_unique<ItemPane>(mediaLoader, 1);
        pane->resize(width, height);
        pane->show();
        pane->showItem(item, options);
        if (!runUntil([&] { return pane->currentPainted(); }, clock, timeoutMs)) {
            out.problems.append(u"the page was not drawn within %1 s"_s.arg(timeoutMs / 1000));
            return out;
        }
        // At least the view's own height (Chromium counts the viewport as content).
        const int content = int(std::ceil(pane->currentView()->page()->contentsSize().height()));
        if (content <= height)
            break; // it all fits
        if (height == kMaxHeight || attempt == 2) {
            out.problems.append(
                u"the page is %1 px tall; the picture shows its first %2 px"_s.arg(content).arg(
                    height));
            break;
        }
        height = std::min(content + 2, kMaxHeight);
    }
    out.image = pane->grab().toImage();
    out.problems += pane->mediaProblems();
    for (const QString& url : pane->refusedUrls())
        out.problems.append(u"refused request: "_s + url);
    if (pane->refusedNavigations() > 0)
        out.problems.append(u"refused navigations: %1"_s.arg(pane->refusedNavigations()));
    return out;
}

} // namespace moddesk::ui
