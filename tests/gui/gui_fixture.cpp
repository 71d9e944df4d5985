#include "gui_fixture.h"

#include "item_pane.h"
#include "item_scheme.h"
#include "sign_in.h"

#include <QApplication>
#include <QEventLoop>
#include <QProcess>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace moddesk::test {

void prepareGuiEnvironment(const QString& settingsDir)
{
    qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1"); // tests run as root in CI (see README)
    qputenv("MODDESK_NO_KEYCHAIN", "1");
    qputenv("XDG_CONFIG_HOME", settingsDir.toUtf8());
    ui::ItemSchemeHandler::registerScheme();
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts); // as WebEngine asks
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
    if (options.syncIntervalMs == ui::SessionOptions{}.syncIntervalMs)
        options.syncIntervalMs = 500; // tests wait on the worker: keep its rounds short
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

bool spinUntil(const std::function<bool()>& done, int timeoutMs)
{
    if (done())
        return true;
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(1);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    poll.start();
    loop.exec();
    return done();
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

} // namespace moddesk::test
