#include "page_render.h"

#include "item_pane.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QSet>
#include <QWebEnginePage>
#include <QWebEngineView>

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

} // namespace

PageRender renderItemPage(const Item& item, const PageOptions& options,
                          std::function<QByteArray(const QString&)> mediaLoader, int width,
                          int timeoutMs)
{
    PageRender out;
    QElapsedTimer clock;
    clock.start();
    ItemPane pane(std::move(mediaLoader), 1);
    pane.resize(width, 240); // small first: the page then reports its own height
    pane.show();
    bool shown = false;
    QObject::connect(&pane, &ItemPane::shown, &pane, [&] { shown = true; });
    pane.showItem(item, options);
    if (!runUntil([&] { return shown; }, clock, timeoutMs)) {
        out.problems.append(u"the page did not load within %1 s"_s.arg(timeoutMs / 1000));
        return out;
    }
    // Media requests are answered from a decoding thread: wait until every picture is in.
    QWebEnginePage* page = pane.currentView()->page();
    QSet<QString> distinct; // one request per picture, however often the item lists it
    for (const Media& m : item.media)
        distinct.insert(m.sha256);
    const qsizetype pictures = distinct.size();
    runUntil([&] { return pane.mediaAnswered() >= pictures; }, clock, timeoutMs);
    // The whole page: as tall as its content (bounded), then drawn once more at that size.
    QSizeF content;
    QElapsedTimer settle;
    settle.start();
    runUntil(
        [&] {
            if (page->contentsSize() != content) {
                content = page->contentsSize();
                settle.restart();
            }
            return !content.isEmpty() && settle.elapsed() > 300;
        },
        clock, timeoutMs);
    pane.resize(width, std::clamp(int(content.height()) + 2, 200, 16'000));
    QElapsedTimer redraw;
    redraw.start();
    runUntil([&] { return redraw.elapsed() > 400; }, clock, timeoutMs);
    out.image = pane.grab().toImage();
    out.problems += pane.mediaProblems();
    for (const QString& url : pane.refusedUrls())
        out.problems.append(u"refused request: "_s + url);
    if (pane.refusedNavigations() > 0)
        out.problems.append(u"refused navigations: %1"_s.arg(pane.refusedNavigations()));
    return out;
}

} // namespace moddesk::ui
