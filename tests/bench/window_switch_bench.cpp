// Keypress → next item fully shown, in the real window against a real server: the moderator
// decides each item with one key (6: not violating / benign / no action; durable in the audit
// log before the window moves on) and the clock stops when the next item's page has loaded and
// the window has painted it: every event the key queued (layouts, the window's update request)
// is handled at once, so what changed is painted and flushed as the event loop would do it.
// --full-repaint repaints the whole window instead (menus and status bar too; stricter). Two runs
// in the same process: with the next items rendered ahead (the shipped behaviour) and with every
// page loaded on demand. Then the resident memory of the moddesk process (and of its Chromium
// helpers) after all the items.
//   QT_QPA_PLATFORM=offscreen build/tests/bench/window_switch_bench [--items N] [--photos]
//       [--full-repaint]
//   (--smoke: 5 items; --photos: items with two camera-sized pictures each, see below)
// (Under xvfb-run without a window manager the second window is never activated and its keys
// go nowhere; the figures in docs/performance.md are from the offscreen platform.)
#include "gui_fixture.h"
#include "item_pane.h"
#include "sha256.h"

#include <QApplication>
#include <QBuffer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QPainter>
#include <QRandomGenerator>
#include <QSet>
#include <QTest>
#include <QWebEngineView>

#include <algorithm>
#include <cstdio>
#include <cstring>

using namespace Qt::StringLiterals;
using namespace moddesk;
using namespace moddesk::test;

namespace {

struct Run {
    std::vector<double> ms;
    int blank = 0;     // pages not yet drawn when the window said shown (the clock then ran on)
    int unpainted = 0; // views not yet painted when the clock stopped (it then ran on)
    double percentile(double p) const
    {
        std::vector<double> v = ms;
        std::sort(v.begin(), v.end());
        return v.empty() ? 0 : v[std::min(v.size() - 1, size_t(p * double(v.size())))];
    }
};

// VmRSS of a process in MiB, from /proc.
double rssMiB(qint64 pid)
{
    QFile f(u"/proc/%1/status"_s.arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    return 0;
}

// The Chromium processes this one started (QtWebEngineProcess), with their RSS.
double helpersRssMiB(int* count)
{
    double total = 0;
    *count = 0;
    const qint64 self = QCoreApplication::applicationPid();
    for (const QString& pid : QDir(u"/proc"_s).entryList(QDir::Dirs)) {
        QFile stat(u"/proc/"_s + pid + u"/stat"_s);
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray s = stat.readAll();
        const QList<QByteArray> fields = s.mid(s.lastIndexOf(')') + 2).split(' ');
        QFile cmd(u"/proc/"_s + pid + u"/cmdline"_s);
        if (fields.size() > 1 && cmd.open(QIODevice::ReadOnly) &&
            cmd.readAll().contains("QtWebEngineProcess")) {
            // Direct children and their children (zygote → renderers).
            const qint64 parent = fields[1].toLongLong();
            QFile pstat(u"/proc/%1/stat"_s.arg(parent));
            qint64 grand = 0;
            if (pstat.open(QIODevice::ReadOnly)) {
                const QByteArray ps = pstat.readAll();
                grand = ps.mid(ps.lastIndexOf(')') + 2).split(' ').value(1).toLongLong();
            }
            if (parent == self || grand == self) {
                total += rssMiB(pid.toLongLong());
                ++*count;
            }
        }
    }
    return total;
}

// --photos: items as they often come, each with two camera-sized pictures (1600×1200 JPEG,
// synthetic: gradients, blocks and the word SYNTHETIC), ingested into the queue "photos". On
// demand, each picture is decoded, scaled and re-encoded when the key is pressed.
QByteArray syntheticPhoto(int n)
{
    QImage image(1600, 1200, QImage::Format_RGB32);
    QRandomGenerator rng(quint32(n) + 1);
    for (int y = 0; y < image.height(); ++y) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
        for (int x = 0; x < image.width(); ++x)
            line[x] = qRgb((x + n * 37) % 256, (y + n * 11) % 256, ((x ^ y) + n) % 256);
    }
    QPainter p(&image);
    for (int i = 0; i < 40; ++i)
        p.fillRect(int(rng.bounded(1500)), int(rng.bounded(1100)), 100, 100,
                   QColor::fromRgb(rng.generate()));
    p.setFont(QFont(u"DejaVu Sans"_s, 96));
    p.drawText(image.rect(), Qt::AlignCenter, u"SYNTHETIC %1"_s.arg(n));
    p.end();
    QByteArray jpeg;
    QBuffer buffer(&jpeg);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "JPEG", 85);
    return jpeg;
}

bool ingestPhotos(const ServerProcess& s, int count)
{
    const QString ingest = s.token(u"ingest"_s);
    for (int first = 0; first < count; first += 20) {
        QJsonArray items;
        for (int i = first; i < std::min(count, first + 20); ++i) {
            QJsonArray media;
            for (int m = 0; m < 2; ++m) {
                const QByteArray jpeg = syntheticPhoto(2 * i + m);
                const QString sha = QString::fromLatin1(Sha256::hexDigest(jpeg));
                if (httpRequestWithType("PUT", s.baseUrl() + u"/v1/media/"_s + sha, ingest, jpeg,
                                        "image/jpeg")
                        .status != 201)
                    return false;
                media.append(QJsonObject{{u"sha256"_s, sha},
                                         {u"mime"_s, u"image/jpeg"_s},
                                         {u"width"_s, 1600},
                                         {u"height"_s, 1200}});
            }
            items.append(QJsonObject{
                {u"id"_s, u"photo-%1"_s.arg(i)},
                {u"platform"_s, u"telegram"_s},
                {u"content_type"_s, u"text/plain"_s},
                {u"text"_s, u"[SYNTHETIC] a post with two pictures, %1"_s.arg(i)},
                {u"lang"_s, u"en"_s},
                {u"created_at"_s, u"2026-11-30T08:00:00.000Z"_s},
                {u"author"_s, QJsonObject{{u"handle"_s, u"synthetic_author"_s}}},
                {u"media"_s, media},
                {u"source"_s, QJsonObject{{u"type"_s, u"user_report"_s},
                                          {u"received_at"_s, u"2026-11-30T08:01:00.000Z"_s}}}});
        }
        if (s.post(u"/v1/items"_s, u"ingest"_s, {{u"queue"_s, u"photos"_s}, {u"items"_s, items}})
                .status != 200)
            return false;
    }
    return true;
}

// Every page has dark text on a light ground; a pane still blank has none.
bool hasDarkPixels(const QImage& image)
{
    for (int y = 0; y < image.height(); y += 4)
        for (int x = 0; x < image.width(); x += 4)
            if (qGray(image.pixel(x, y)) < 128)
                return true;
    return false;
}

// Which widgets were painted since the key (for the check that the new page was).
class PaintLog : public QObject {
public:
    QSet<QObject*> painted;
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Paint)
            painted.insert(watched);
        return false;
    }
    // Was the view showing the page, or the widget inside it that draws it, painted?
    bool paintedAny(QWidget* view) const
    {
        if (!view)
            return false;
        if (painted.contains(view))
            return true;
        const auto children = view->findChildren<QWidget*>();
        return std::any_of(children.begin(), children.end(),
                           [this](QWidget* w) { return painted.contains(w); });
    }
};

// Decides `count` items with the 6 key; returns each keypress → shown time.
Run drive(Workstation& ws, int count, bool waitForAhead, bool fullRepaint)
{
    Run run;
    QString shown;
    double shownAfterMs = 0;
    bool pagePainted = false;
    QElapsedTimer timer;
    PaintLog paints;
    qApp->installEventFilter(&paints);
    QObject::connect(ws.window.get(), &ui::MainWindow::itemShown, ws.window.get(),
                     [&](const QString& id, double) {
                         if (fullRepaint)
                             ws.window->repaint();
                         else // what the key changed, painted as the event loop would
                             QCoreApplication::sendPostedEvents();
                         shownAfterMs = double(timer.nsecsElapsed()) / 1e6; // the clock stops
                         pagePainted = paints.paintedAny(ws.window->itemPane()->currentView());
                         shown = id;
                     });
    for (int i = 0; i < count; ++i) {
        if (!ws.waitForItem())
            break;
        // A moderator reads for seconds; here we only wait until the pages ahead are ready.
        if (waitForAhead && !spinUntil([&] { return ws.window->aheadRendered(); }, 10000))
            std::fprintf(stderr, "item %d: the items ahead were not rendered\n", i);
        // A moderator reads each item for seconds: what follows a page load (Chromium painting
        // its tiles) is over by the next key. 100 ms stands in for the reading.
        spinUntil([] { return false; }, 100);
        const QString before = ws.window->currentItemId();
        shown.clear();
        paints.painted.clear();
        timer.start();
        QTest::keyClick(ws.window.get(), Qt::Key_6);
        if (!spinUntil([&] { return !shown.isEmpty() && shown != before; }, 10000))
            break;
        // The clock stopped before the new page was painted: it runs on until it is.
        if (!pagePainted) {
            ++run.unpainted;
            if (!spinUntil([&] { return paints.paintedAny(ws.window->itemPane()->currentView()); },
                           5000))
                break;
            shownAfterMs = double(timer.nsecsElapsed()) / 1e6;
        }
        // Is the page's text really in the pane? A view may still owe Chromium's first frame:
        // then the clock runs on until the pane shows it (each look costs a grab, ~1 ms).
        if (!hasDarkPixels(ws.window->itemPane()->grab().toImage())) {
            ++run.blank;
            if (!spinUntil([&] { return hasDarkPixels(ws.window->itemPane()->grab().toImage()); },
                           5000))
                break;
            shownAfterMs = double(timer.nsecsElapsed()) / 1e6;
        }
        run.ms.push_back(shownAfterMs);
    }
    QObject::disconnect(ws.window.get(), &ui::MainWindow::itemShown, nullptr, nullptr);
    qApp->removeEventFilter(&paints);
    return run;
}

} // namespace

int main(int argc, char** argv)
{
    GuiApplication app(argc, argv, u"ModDesk-bench"_s);
    int items = 250;
    bool photos = false;
    bool fullRepaint = false;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--smoke") == 0)
            items = 5;
        else if (std::strcmp(argv[i], "--photos") == 0)
            photos = true;
        else if (std::strcmp(argv[i], "--full-repaint") == 0)
            fullRepaint = true;
        else if (std::strcmp(argv[i], "--items") == 0 && i + 1 < argc)
            items = std::atoi(argv[++i]);
    }

    Workstation ws;
    ui::SessionOptions session;
    session.ahead = items + 5; // everything leased (with media) before the clock runs
    session.syncIntervalMs = 3000;
    std::function<bool(const ServerProcess&)> prepare;
    if (photos) {
        session.queue = u"photos"_s;
        prepare = [items](const ServerProcess& s) { return ingestPhotos(s, 2 * items + 10); };
    }
    if (!ws.open(photos ? 1 : 2 * items + 20, session, {}, prepare)) {
        std::fprintf(stderr, "%s\n", qPrintable(ws.error));
        return 1;
    }
    if (!spinUntil([&] { return int(ws.session->queue().size()) >= items + 5; }, 120000)) {
        std::fprintf(stderr, "only %zu items leased\n", ws.session->queue().size());
        return 1;
    }
    const Run ahead = drive(ws, items, true, fullRepaint);

    // The same window code with a single view: every page is loaded when its key is pressed.
    ws.close();
    ui::WindowOptions onDemand;
    onDemand.renderSlots = 1;
    if (!ws.reopen(session, onDemand) ||
        !spinUntil([&] { return int(ws.session->queue().size()) >= items; }, 120000))
        return 1;
    const Run demand = drive(ws, items, false, fullRepaint);
    if (int(ahead.ms.size()) != items || int(demand.ms.size()) != items) {
        std::fprintf(stderr, "runs stopped early: %zu and %zu of %d\n", ahead.ms.size(),
                     demand.ms.size(), items);
        return 1;
    }
    int helpers = 0;
    const double helperRss = helpersRssMiB(&helpers);
    const double selfRss = rssMiB(QCoreApplication::applicationPid());

    std::printf("%s\n| path | items | p50 | p99 | max | page drawn only after \"shown\" | view "
                "painted only after the events |\n|---|---|---|---|---|---|---|\n",
                fullRepaint ? "clock stops after a full repaint of the window"
                            : "clock stops when the events the key queued are handled (paint "
                              "included)");
    for (const auto& [name, run] : {std::pair{"rendered ahead", &ahead}, {"on demand", &demand}})
        std::printf("| %s | %zu | %.1f ms | %.1f ms | %.1f ms | %d | %d |\n", name, run->ms.size(),
                    run->percentile(0.5), run->percentile(0.99), run->percentile(1.0), run->blank,
                    run->unpainted);
    std::printf("\nspeed-up (p50 on demand / p50 rendered ahead): %.1f×\n",
                demand.percentile(0.5) / std::max(0.001, ahead.percentile(0.5)));
    std::printf("resident memory after %d items: moddesk %.0f MiB; its %d Chromium helper "
                "processes %.0f MiB more\n",
                2 * items, selfRss, helpers, helperRss);
    ws.close();
    return 0;
}
