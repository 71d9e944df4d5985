// Keypress → next item fully shown, in the real window against a real server: the moderator
// decides each item with one key (6: not violating / benign / no action; durable in the audit
// log before the window moves on) and the clock stops when the next item's page has loaded and
// the window has painted it: every event the key queued (layouts, the window's update request)
// is handled at once, so what changed is painted and flushed as the event loop would do it.
// --full-repaint repaints the whole window instead (menus and status bar too; stricter). Two runs
// in the same process: with the next items rendered ahead (the shipped behaviour) and with every
// page loaded on demand. After each clock stop the pane is grabbed at every turn of the event
// loop until the page is done: "complete" is when it first looked as it stays (pictures drawn),
// "changed after" counts the pages that still changed after the clock stopped. Then the resident
// memory of the moddesk process (and of its Chromium helpers) after all the items.
//   build/tests/bench/window_switch_bench [--items N] [--photos] [--full-repaint]
//   build/tests/bench/window_switch_bench --memory N [--slots 1] [--photos]
//   (--smoke: 5 items; --photos: items with two camera-sized pictures each, see below)
// --memory N: memory where moderators run it, the shipped window deciding N items (one key
// each, a moment of reading between): the moddesk process's RSS and PSS, and its Chromium
// helpers', when the first item shows and after every 500 decisions. Run it as an ordinary user
// on a real X display, e.g.
//   runuser -u nobody -- xvfb-run -a -s "-screen 0 1600x1000x24"
//       build/tests/bench/window_switch_bench --memory 2000
// (as root the tests' environment turns Chromium's sandbox off, which changes the helpers).
// Any platform works: QT_QPA_PLATFORM=offscreen gives the figures without a display.
#include "gui_fixture.h"
#include "item_pane.h"
#include "sha256.h"

#include <QApplication>
#include <QBuffer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
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
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace moddesk;
using namespace moddesk::test;

namespace {

double percentileOf(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[std::min(v.size() - 1, size_t(p * double(v.size())))];
}

struct Run {
    std::vector<double> ms;         // key → the new page shown (its text in the pane)
    std::vector<double> completeMs; // key → the pane as it stays (pictures too), see drive()
    int blank = 0;      // pages not yet drawn when the window said shown (the clock then ran on)
    int unpainted = 0;  // views not yet painted when the clock stopped (it then ran on)
    int incomplete = 0; // pages whose picture changed after the clock stopped
    double percentile(double p) const { return percentileOf(ms, p); }
    double completePercentile(double p) const { return percentileOf(completeMs, p); }
};

// The share of sampled pixels that differ (1 when the sizes do).
double pixelDifference(const QImage& a, const QImage& b)
{
    if (a.size() != b.size())
        return 1;
    qint64 sampled = 0;
    qint64 differing = 0;
    for (int y = 0; y < a.height(); y += 2)
        for (int x = 0; x < a.width(); x += 2, ++sampled)
            differing += a.pixel(x, y) != b.pixel(x, y);
    return sampled ? double(differing) / double(sampled) : 0;
}

// A "Name:   N kB" line of a /proc file, in MiB (0 when the process or the line is not there).
double procMiB(qint64 pid, const char* file, const QByteArray& name)
{
    QFile f(u"/proc/%1/%2"_s.arg(pid).arg(QString::fromLatin1(file)));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith(QByteArray(name + ':')))
            return line.mid(name.size() + 1).trimmed().split(' ').first().toDouble() / 1024.0;
    return 0;
}

// Resident memory: RSS counts every page the process maps (shared libraries whole); PSS
// divides shared pages among the processes that share them, so PSS figures add up.
struct Memory {
    double rss = 0;
    double pss = 0;
};

Memory memoryOf(qint64 pid)
{
    return {procMiB(pid, "status", "VmRSS"), procMiB(pid, "smaps_rollup", "Pss")};
}

// The Chromium processes this one started (QtWebEngineProcess: zygote, renderers, utilities),
// their memory added up.
Memory helpersMemory(int* count)
{
    Memory total;
    *count = 0;
    const qint64 self = QCoreApplication::applicationPid();
    auto parentOf = [](qint64 pid) {
        QFile stat(u"/proc/%1/stat"_s.arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            return qint64(0);
        const QByteArray s = stat.readAll();
        return s.mid(s.lastIndexOf(')') + 2).split(' ').value(1).toLongLong();
    };
    for (const QString& entry : QDir(u"/proc"_s).entryList(QDir::Dirs)) {
        const qint64 pid = entry.toLongLong();
        QFile cmd(u"/proc/"_s + entry + u"/cmdline"_s);
        if (pid <= 0 || !cmd.open(QIODevice::ReadOnly) ||
            !cmd.readAll().contains("QtWebEngineProcess"))
            continue;
        // Direct children and their children (zygote → renderers), and one more level for the
        // sandboxed zygote's own child.
        qint64 up = parentOf(pid);
        bool ours = false;
        for (int level = 0; level < 3 && up > 1 && !ours; ++level, up = parentOf(up))
            ours = up == self;
        if (!ours)
            continue;
        const Memory m = memoryOf(pid);
        total.rss += m.rss;
        total.pss += m.pss;
        ++*count;
    }
    return total;
}

QString describePlatform()
{
    const bool root = ::geteuid() == 0;
    return u"platform %1, %2, Chromium's sandbox %3, item page drawn %4"_s.arg(
        QGuiApplication::platformName(), root ? u"as root"_s : u"as uid %1"_s.arg(::geteuid()),
        qEnvironmentVariableIsSet("QTWEBENGINE_DISABLE_SANDBOX") ? u"off"_s : u"on"_s,
        qEnvironmentVariableIntValue("MODDESK_WEB_GPU") == 1 ? u"with OpenGL"_s : u"in software"_s);
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

// Decides `count` items with the 6 key; returns each keypress → shown time. `afterEach` is
// told how many have been decided so far, between two keys (outside the clock).
Run drive(Workstation& ws, int count, bool waitForAhead, bool fullRepaint, bool checkComplete,
          const std::function<void(int)>& afterEach = {})
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
        QImage atStop = ws.window->itemPane()->grab().toImage();
        if (!hasDarkPixels(atStop)) {
            ++run.blank;
            if (!spinUntil(
                    [&] {
                        atStop = ws.window->itemPane()->grab().toImage();
                        return hasDarkPixels(atStop);
                    },
                    5000))
                break;
            shownAfterMs = double(timer.nsecsElapsed()) / 1e6;
        }
        run.ms.push_back(shownAfterMs);
        // Is what the pane showed then the page as it stays, or did it still change (a picture
        // drawn a frame later, or, as a stale frame would, the whole page)? The pane is grabbed
        // at every turn of the event loop until the page is done (no new frame for 150 ms); the
        // page was complete from the first grab that matches the last one (< 0.5 % of pixels
        // differing). Grabbing costs a millisecond or two, so "complete" runs a little late.
        std::vector<std::pair<double, QImage>> grabs{{shownAfterMs, atStop}};
        if (checkComplete)
            spinUntil(
                [&] {
                    QImage now = ws.window->itemPane()->grab().toImage();
                    if (now != grabs.back().second) // only the changes are kept
                        grabs.emplace_back(double(timer.nsecsElapsed()) / 1e6, std::move(now));
                    return ws.window->itemPane()->currentPainted();
                },
                5000);
        const QImage& settled = grabs.back().second;
        double completeAt = grabs.back().first;
        for (const auto& [at, image] : grabs)
            if (pixelDifference(image, settled) < 0.005) {
                completeAt = at;
                break;
            }
        run.completeMs.push_back(completeAt);
        run.incomplete += completeAt > shownAfterMs;
        if (afterEach)
            afterEach(i + 1);
    }
    QObject::disconnect(ws.window.get(), &ui::MainWindow::itemShown, nullptr, nullptr);
    qApp->removeEventFilter(&paints);
    return run;
}

// --memory: the shipped window deciding `decisions` items; memory at the first item and after
// every 500 decisions.
int memoryRun(int decisions, int slots, bool photos)
{
    Workstation ws;
    ws.testSyncIntervalMs = 0; // the shipped background rounds
    ui::SessionOptions session;
    // More items held ahead than the shipped 5, so that a key every ~150 ms never waits for the
    // next lease round (a moderator reading for seconds never does); what is rendered ahead is
    // the same (the next two).
    session.ahead = 40;
    ui::WindowOptions window;
    if (slots > 0)
        window.renderSlots = slots; // --slots 1: no pre-rendering (what the two views ahead cost)
    std::function<bool(const ServerProcess&)> prepare;
    if (photos) { // --photos: every item with two camera-sized pictures
        session.queue = u"photos"_s;
        prepare = [decisions](const ServerProcess& s) { return ingestPhotos(s, decisions + 60); };
    }
    if (!ws.open(photos ? 1 : decisions + 60, session, window, prepare)) {
        std::fprintf(stderr, "%s\n", qPrintable(ws.error));
        return 1;
    }
    if (!ws.waitForItem())
        return 1;
    struct Sample {
        int decided;
        Memory self;
        Memory helpers;
        int helperCount;
    };
    std::vector<Sample> samples;
    auto sample = [&](int decided) {
        Sample s{decided, memoryOf(QCoreApplication::applicationPid()), {}, 0};
        s.helpers = helpersMemory(&s.helperCount);
        samples.push_back(s);
        std::fprintf(stderr, "%d decided: moddesk %.0f MiB RSS\n", decided, s.self.rss);
    };
    sample(0);
    // Without the completeness check (its grabs would be counted as the window's memory).
    const Run run = drive(ws, decisions, true, false, false, [&](int decided) {
        if (decided % 500 == 0)
            sample(decided);
    });
    if (int(run.ms.size()) != decisions) {
        std::fprintf(stderr, "the run stopped after %zu of %d decisions\n", run.ms.size(),
                     decisions);
        return 1;
    }
    std::printf("%s\n\n| decided | moddesk RSS | moddesk PSS | Chromium helpers RSS | helpers "
                "PSS | helpers |\n|---|---|---|---|---|---|\n",
                qPrintable(describePlatform()));
    for (const Sample& s : samples)
        std::printf("| %s | %.0f MiB | %.0f MiB | %.0f MiB | %.0f MiB | %d |\n",
                    s.decided == 0 ? "first item shown" : qPrintable(QString::number(s.decided)),
                    s.self.rss, s.self.pss, s.helpers.rss, s.helpers.pss, s.helperCount);
    if (samples.size() >= 3)
        std::printf("\ngrowth from %d to %d decisions: moddesk %+.0f MiB RSS, helpers %+.0f "
                    "MiB PSS\n",
                    samples[1].decided, samples.back().decided,
                    samples.back().self.rss - samples[1].self.rss,
                    samples.back().helpers.pss - samples[1].helpers.pss);
    std::printf("keypress → next item over the run: p50 %.1f ms, p99 %.1f ms (complete: p50 %.1f "
                "ms, p99 %.1f ms; %d of %zu changed after)\n",
                run.percentile(0.5), run.percentile(0.99), run.completePercentile(0.5),
                run.completePercentile(0.99), run.incomplete, run.ms.size());
    ws.close();
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    GuiApplication app(argc, argv, u"ModDesk-bench"_s);
    int items = 250;
    int memoryDecisions = 0;
    int slots = 0;
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
        else if (std::strcmp(argv[i], "--memory") == 0 && i + 1 < argc)
            memoryDecisions = std::atoi(argv[++i]);
        else if (std::strcmp(argv[i], "--slots") == 0 && i + 1 < argc)
            slots = std::atoi(argv[++i]);
    }
    if (memoryDecisions > 0)
        return memoryRun(memoryDecisions, slots, photos);
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
    const Run ahead = drive(ws, items, true, fullRepaint, true);

    // The same window code with a single view: every page is loaded when its key is pressed.
    ws.close();
    ui::WindowOptions onDemand;
    onDemand.renderSlots = 1;
    if (!ws.reopen(session, onDemand) ||
        !spinUntil([&] { return int(ws.session->queue().size()) >= items; }, 120000))
        return 1;
    const Run demand = drive(ws, items, false, fullRepaint, true);
    if (int(ahead.ms.size()) != items || int(demand.ms.size()) != items) {
        std::fprintf(stderr, "runs stopped early: %zu and %zu of %d\n", ahead.ms.size(),
                     demand.ms.size(), items);
        return 1;
    }
    int helpers = 0;
    const Memory helperMemory = helpersMemory(&helpers);
    const Memory self = memoryOf(QCoreApplication::applicationPid());
    std::printf("%s\n", qPrintable(describePlatform()));

    std::printf("%s\n| path | items | p50 | p99 | max | complete p50 | complete p99 | changed "
                "after | page drawn only after \"shown\" | view painted only after the events "
                "|\n|---|---|---|---|---|---|---|---|---|---|\n",
                fullRepaint ? "clock stops after a full repaint of the window"
                            : "clock stops when the events the key queued are handled (paint "
                              "included)");
    for (const auto& [name, run] : {std::pair{"rendered ahead", &ahead}, {"on demand", &demand}})
        std::printf("| %s | %zu | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %d | %d | %d "
                    "|\n",
                    name, run->ms.size(), run->percentile(0.5), run->percentile(0.99),
                    run->percentile(1.0), run->completePercentile(0.5),
                    run->completePercentile(0.99), run->incomplete, run->blank, run->unpainted);
    std::printf("\nspeed-up (p50 on demand / p50 rendered ahead): %.1f×\n",
                demand.percentile(0.5) / std::max(0.001, ahead.percentile(0.5)));
    std::printf("resident memory after %d items: moddesk %.0f MiB RSS (%.0f MiB PSS); its %d "
                "Chromium helper processes %.0f MiB RSS (%.0f MiB PSS) more\n",
                2 * items, self.rss, self.pss, helpers, helperMemory.rss, helperMemory.pss);
    ws.close();
    return 0;
}
