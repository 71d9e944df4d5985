#pragma once

#include "main_window.h"
#include "server_process.h"
#include "session.h"

#include <QApplication>
#include <QProcessEnvironment>
#include <QTemporaryDir>

#include <functional>
#include <memory>

namespace moddesk::test {

// How long a GUI test waits for what a user would see happen. Long, because a loaded machine
// (one core, a busy neighbour) may take seconds for what takes milliseconds here; each wait ends
// as soon as its condition holds, so a fast machine never sits it out.
constexpr int kGuiWaitMs = 60'000;
#define GUI_TRY_VERIFY(expr) QTRY_VERIFY_WITH_TIMEOUT(expr, moddesk::test::kGuiWaitMs)
#define GUI_TRY_COMPARE(actual, expected)                                                          \
    QTRY_COMPARE_WITH_TIMEOUT(actual, expected, moddesk::test::kGuiWaitMs)

// Environment every GUI test and benchmark needs, set before the QApplication exists: the item
// scheme registered, Chromium's sandbox off only when the tests run as root, as in CI (the
// shipped program never turns it off), no keychain, and settings in a private directory.
void prepareGuiEnvironment(const QString& settingsDir);

// The QApplication of a GUI test or benchmark: the environment above, settings in a private
// temporary directory, and an organization name of its own.
class GuiApplication final {
public:
    GuiApplication(int& argc, char** argv, const QString& organization);
    ~GuiApplication();

private:
    QTemporaryDir m_settings;
    std::unique_ptr<QApplication> m_app;
};

// Runs the event loop until `done()` or `timeoutMs`. Unlike QTest::qWaitFor, which sleeps 10 ms
// between rounds of events, this never sleeps: Chromium's UI-thread work arrives as Qt events,
// and a page load needs many of them, so polling with sleeps makes each load take a second.
bool spinUntil(const std::function<bool()>& done, int timeoutMs);

// Adds to the queue "default" one synthetic item that two hash lists matched (a near pdq match,
// an exact md5 one on a list whose name is too long for the evidence pane), with two scores,
// ahead of the seeded items (its id: syn-hash-demo). For Workstation::open's `prepare`.
bool addHashMatchedItem(const ServerProcess& server);

// One of the shipped programs, run to its end (at most two minutes; exitCode -1 if it did not
// end or crashed).
struct ProgramRun {
    int exitCode = -1;
    QString out;
    QString err;
};
ProgramRun runProgram(const QString& program, const QStringList& args,
                      const QProcessEnvironment& env);

// A moderator at the real window: a real moddesk-server (SQLite, seeded), a profile signed in
// to it, the session and the main window, shown and active.
struct Workstation {
    std::unique_ptr<ServerProcess> server;
    QTemporaryDir profileDir;
    std::unique_ptr<ui::Session> session;
    std::unique_ptr<ui::MainWindow> window;
    QString error;
    QString role = QStringLiteral("moderator"); // whose token the profile signs in with
    // Background rounds for a session opened with the default interval: short, since tests
    // wait on the worker; 0 keeps the shipped interval (benchmarks that measure the product).
    int testSyncIntervalMs = 500;

    // Starts the server with `seedItems` synthetic items, runs `prepare` on it (more items, other
    // queues), signs in and opens a window on `options.queue`.
    bool open(int seedItems, ui::SessionOptions options = {}, ui::WindowOptions window = {},
              const std::function<bool(const ServerProcess&)>& prepare = {});
    // Opens a second window session on the same server and profile (after close()).
    bool reopen(ui::SessionOptions options = {}, ui::WindowOptions window = {});
    void close();
    // Waits until the window shows an item page that has finished loading.
    bool waitForItem(int timeoutMs = kGuiWaitMs);
    // Waits for the background worker to sync everything.
    bool waitForSynced(int timeoutMs = kGuiWaitMs);
    // Waits until the session holds at least `count` items (leased ahead by the worker).
    bool waitForHeld(size_t count, int timeoutMs = kGuiWaitMs);
    // A one-key decision as a moderator makes it: waits for the item's page, presses `key` on
    // the window and waits until it has moved on to another item.
    bool decideWith(Qt::Key key);
};

} // namespace moddesk::test
