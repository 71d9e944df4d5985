#include "gui_fixture.h"

#include "item_pane.h"
#include "memory_policy.h"
#include "sign_in.h"
#include "test_child.h"
#include "web_engine_setup.h"

#include <QApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QTest>
#include <QTimer>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace moddesk::test {

void prepareGuiEnvironment(const QString& settingsDir)
{
    // Chromium's sandbox cannot start as root, and CI runs the tests as root (see README); as
    // anyone else the tests run sandboxed, like the shipped program.
    if (::geteuid() == 0)
        qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
    qputenv("MODDESK_NO_KEYCHAIN", "1");
    qputenv("XDG_CONFIG_HOME", settingsDir.toUtf8());
    ui::setMemoryPolicy(); // as moddesk does: what the benchmarks measure is the product
    ui::prepareWebEngine();
}

GuiApplication::GuiApplication(int& argc, char** argv, const QString& organization)
{
    prepareGuiEnvironment(m_settings.path());
    m_app = std::make_unique<QApplication>(argc, argv);
    QApplication::setOrganizationName(organization);
    QApplication::setApplicationName(u"moddesk"_s);
}

GuiApplication::~GuiApplication() = default;

bool Workstation::open(int seedItems, ui::SessionOptions options, ui::WindowOptions windowOptions,
                       const std::function<bool(const ServerProcess&)>& prepare)
{
    server = std::make_unique<ServerProcess>(QString(), seedItems);
    if (!server->start()) {
        error = u"server: "_s + server->error();
        return false;
    }
    if (prepare && !prepare(*server)) {
        error = u"preparing the server failed"_s;
        return false;
    }
    auto profile = net::Profile::open(profileDir.path());
    if (!profile) {
        error = profile.error().message;
        return false;
    }
    auto signedIn = net::signIn(**profile, server->baseUrl(), server->token(role).toLatin1());
    if (!signedIn) {
        error = u"sign-in: "_s + signedIn.error().toString();
        return false;
    }
    return reopen(options, windowOptions);
}

bool Workstation::reopen(ui::SessionOptions options, ui::WindowOptions windowOptions)
{
    if (testSyncIntervalMs > 0 && options.syncIntervalMs == ui::SessionOptions{}.syncIntervalMs)
        options.syncIntervalMs = testSyncIntervalMs;
    auto opened = ui::Session::open(profileDir.path(), options);
    if (!opened) {
        error = opened.error().message;
        return false;
    }
    session = std::move(opened).value();
    window = std::make_unique<ui::MainWindow>(*session, windowOptions);
    window->show();
    // Under a bare X server (xvfb-run, no window manager) nobody activates the window: do it.
    if (!QTest::qWaitForWindowExposed(window.get(), kGuiWaitMs)) {
        error = u"the window was never shown"_s;
        return false;
    }
    QApplication::setActiveWindow(window.get());
    if (!QTest::qWaitFor([this] { return QApplication::activeWindow() == window.get(); },
                         kGuiWaitMs)) {
        error = u"the window did not become active"_s;
        return false;
    }
    return true;
}

void Workstation::close()
{
    if (window)
        window->close();
    window.reset();
    session.reset();
}

ProgramRun runProgram(const QString& program, const QStringList& args,
                      const QProcessEnvironment& env)
{
    QProcess p;
    endWithTest(p);
    p.setProcessEnvironment(env);
    p.start(program, args);
    ProgramRun r;
    if (!p.waitForFinished(120'000)) {
        p.kill();
        p.waitForFinished();
        r.err = program + u" did not finish"_s;
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

bool addHashMatchedItem(const ServerProcess& s)
{
    const QJsonObject item{
        {u"id"_s, u"syn-hash-demo"_s},
        {u"platform"_s, u"telegram"_s},
        {u"url"_s, u"https://telegram.example/post/syn-hash-demo"_s},
        {u"content_type"_s, u"text/plain"_s},
        {u"text"_s, u"[SYNTHETIC] A placeholder post re-shared from a channel that hash lists "
                    u"know."_s},
        {u"lang"_s, u"en"_s},
        {u"created_at"_s, u"2026-11-30T08:00:00.000Z"_s},
        {u"author"_s, QJsonObject{{u"handle"_s, u"synthetic_reposter"_s}, {u"followers"_s, 1500}}},
        {u"venue"_s, QJsonObject{{u"kind"_s, u"channel"_s},
                                 {u"name"_s, u"Synthetic channel 7"_s},
                                 {u"members"_s, 12400}}},
        {u"source"_s, QJsonObject{{u"type"_s, u"hash_match"_s},
                                  {u"reference"_s, u"HM-SYN-1"_s},
                                  {u"received_at"_s, u"2026-11-30T08:01:00.000Z"_s}}},
        {u"scores"_s, QJsonArray{QJsonObject{{u"model"_s, u"tvec-text"_s},
                                             {u"model_version"_s, u"2026.10"_s},
                                             {u"label"_s, u"terrorist_content"_s},
                                             {u"score"_s, 0.83},
                                             {u"threshold"_s, 0.7}},
                                 QJsonObject{{u"model"_s, u"tvec-image"_s},
                                             {u"model_version"_s, u"2026.09"_s},
                                             {u"label"_s, u"terrorist_imagery"_s},
                                             {u"score"_s, 0.41},
                                             {u"threshold"_s, 0.8}}}},
        {u"hash_matches"_s,
         QJsonArray{QJsonObject{{u"list"_s, u"synthetic-shared-list"_s},
                                {u"algorithm"_s, u"pdq"_s},
                                {u"distance"_s, 22},
                                {u"labels"_s, QJsonArray{u"synthetic"_s, u"tvec"_s}}},
                    QJsonObject{{u"list"_s, u"synthetic_industry_hash_sharing_database_v2"_s},
                                {u"algorithm"_s, u"md5"_s},
                                {u"distance"_s, 0},
                                {u"labels"_s, QJsonArray{u"synthetic"_s, u"propaganda_video"_s,
                                                         u"known_campaign"_s}}}}},
        {u"priority"_s, 90}};
    return s.post(u"/v1/items"_s, u"ingest"_s,
                  {{u"queue"_s, u"default"_s}, {u"items"_s, QJsonArray{item}}})
               .status == 200;
}

bool spinUntil(const std::function<bool()>& done, int timeoutMs)
{
    if (done())
        return true;
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(1);
    // The answer is the one that ended the wait: asked again, a condition that holds for a
    // moment only (no frame for 150 ms) may already have passed.
    bool met = false;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done()) {
            met = true;
            loop.quit();
        }
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    poll.start();
    loop.exec();
    return met || done();
}

bool Workstation::waitForItem(int timeoutMs)
{
    return spinUntil(
        [this] {
            return !window->currentItemId().isEmpty() && window->itemPane()->currentLoaded();
        },
        timeoutMs);
}

bool Workstation::waitForSynced(int timeoutMs)
{
    session->syncNow();
    return spinUntil(
        [this] {
            const ui::SessionStatus s = session->status();
            return s.online && s.pending == 0;
        },
        timeoutMs);
}

bool Workstation::waitForHeld(size_t count, int timeoutMs)
{
    return spinUntil([&] { return session->queue().size() >= count; }, timeoutMs);
}

bool Workstation::decideWith(Qt::Key key)
{
    if (!waitForItem())
        return false;
    const QString before = window->currentItemId();
    QTest::keyClick(window.get(), key);
    return spinUntil([&] { return window->currentItemId() != before; }, kGuiWaitMs);
}

} // namespace moddesk::test
