// Saves the README's screenshots of the real window against a real, seeded server:
//   xvfb-run -a -s "-screen 0 1600x1000x24" build/tests/gui/moddesk_screenshots docs
// (Under QT_QPA_PLATFORM=offscreen the web view is not captured; a virtual X display is needed.)
#include "gui_fixture.h"
#include "item_pane.h"
#include "queue_model.h"

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QTest>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace moddesk;
using namespace moddesk::test;

namespace {

bool save(Workstation& ws, const QString& path)
{
    // The page on screen (loaded, pictures in, drawn: not its blank first frame), and the
    // status bar saying what the session knows (it refreshes a moment after a change).
    const auto statusShown = [&ws] {
        const ui::SessionStatus s = ws.session->status();
        const QString text = ws.window->statusText();
        return text.contains(u"%1 to sync"_s.arg(s.pending)) &&
               text.contains(s.online ? u"Online"_s : u"Offline"_s);
    };
    const bool ready = spinUntil(
        [&] { return ws.window->itemPane()->currentPainted() && statusShown(); }, kGuiWaitMs);
    const bool ok = ready && ws.window->grab().save(path);
    std::printf("%s %s\n", ok ? "saved" : "FAILED", qPrintable(path));
    return ok;
}

// Moves the window (with the J and K keys, as a moderator would) to the first item in the
// queue for which `wanted` holds.
bool goTo(Workstation& ws, const std::function<bool(const ui::QueueEntry&)>& wanted)
{
    const auto& queue = ws.session->queue();
    for (size_t target = 0; target < queue.size(); ++target) {
        if (!wanted(queue[target]))
            continue;
        const QString id = queue[target].item.id;
        for (int guard = 0; guard < 50 && ws.window->currentItemId() != id; ++guard) {
            const int at = ws.window->queueModel()->rowOf(ws.window->currentItemId());
            QTest::keyClick(ws.window.get(), int(target) > at ? Qt::Key_J : Qt::Key_K);
        }
        return ws.window->currentItemId() == id && ws.waitForItem();
    }
    return false;
}

} // namespace

int main(int argc, char** argv)
{
    GuiApplication app(argc, argv, u"ModDesk-screenshots"_s);
    const QString out = argc > 1 ? QString::fromLocal8Bit(argv[1]) : u"docs"_s;
    QDir().mkpath(out);

    Workstation ws;
    ui::SessionOptions options;
    options.ahead = 12;
    if (!ws.open(60, options, {}, addHashMatchedItem)) {
        std::fprintf(stderr, "%s\n", qPrintable(ws.error));
        return 1;
    }
    // The window's own default size (1440×900), as a moderator first sees it.
    if (!ws.waitForItem() || !ws.waitForHeld(12))
        return 1;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    bool ok = true;

    // A removal order with less than an hour left: red in the queue, badge on the page.
    ok &= goTo(ws,
               [now](const ui::QueueEntry& e) {
                   return e.item.deadline && *e.item.deadline > now;
               }) &&
          save(ws, out + u"/screenshot-removal-order.png"_s);
    // The everyday view: a classifier-flagged post with its scores.
    ok &= (goTo(ws,
                [](const ui::QueueEntry& e) {
                    return !e.item.deadline && !e.item.hashMatches.empty();
                }) ||
           goTo(ws, [](const ui::QueueEntry& e) { return !e.item.deadline; })) &&
          save(ws, out + u"/screenshot-moderator.png"_s);
    // The same at 1280×800, a laptop's screen: the queue's scores and the hash-list match
    // still read in full.
    const auto resized = [&](QSize size) {
        const quint64 frames = ws.window->itemPane()->currentFrames();
        ws.window->resize(size);
        // The page is laid out again for its new width: wait for the frame that shows it.
        return spinUntil([&] { return ws.window->itemPane()->currentFrames() > frames; },
                         kGuiWaitMs);
    };
    ok &= resized({1280, 800}) && save(ws, out + u"/screenshot-1280x800.png"_s);
    ok &= resized({1440, 900});
    // Media: blurred and grayscale by default, then revealed with Space.
    ok &= goTo(ws, [](const ui::QueueEntry& e) { return e.item.media.size() >= 2; }) &&
          save(ws, out + u"/screenshot-media-blurred.png"_s);
    QTest::keyClick(ws.window.get(), Qt::Key_Space);
    ok &= ws.waitForItem() && save(ws, out + u"/screenshot-media-revealed.png"_s);
    QTest::keyClick(ws.window.get(), Qt::Key_Space);
    // Offline: the server goes away; decisions go on and wait to sync.
    ws.server->stop();
    ok &= QTest::qWaitFor([&] { return !ws.session->status().online; }, kGuiWaitMs);

    for (int i = 0; i < 2; ++i)
        ok &= ws.decideWith(Qt::Key_6);
    ok &= ws.waitForItem() && save(ws, out + u"/screenshot-offline.png"_s);
    ws.close();
    return ok ? 0 : 1;
}
