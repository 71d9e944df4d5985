// moddesk: the moderator's workstation. Composition root: options, sign-in, session, window.
#include "item_pane.h"
#include "main_window.h"
#include "memory_policy.h"
#include "root_refusal.h"
#include "session.h"
#include "sign_in.h"
#include "sign_in_dialog.h"
#include "web_engine_setup.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QMessageBox>
#include <QStandardPaths>
#include <QTimer>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;
using namespace moddesk;

namespace {

QString profilesRoot()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
           u"/moddesk/profiles"_s;
}

int fail(const QString& message)
{
    std::fprintf(stderr, "moddesk: %s\n", qPrintable(message));
    if (qobject_cast<QApplication*>(QCoreApplication::instance()))
        QMessageBox::critical(nullptr, u"ModDesk"_s, message);
    return 1;
}

// --screenshot: saves the window as a PNG once the first item's page is painted (loaded, its
// pictures in, drawn), then quits; after a minute without one it saves what is there and says so.
void screenshotAndQuit(ui::MainWindow& window, const QString& path)
{
    auto save = [&window, path](bool painted) {
        const bool saved = window.grab().save(path, "PNG");
        if (!painted)
            std::fprintf(stderr, "moddesk: no item was drawn within a minute\n");
        std::fprintf(saved ? stdout : stderr, "%s %s\n",
                     saved ? "moddesk: screenshot saved to" : "moddesk: cannot write",
                     qPrintable(QDir().absoluteFilePath(path)));
        QCoreApplication::exit(saved && painted ? 0 : 1);
    };
    auto waited = std::make_shared<QElapsedTimer>();
    waited->start();
    auto* poll = new QTimer(&window);
    QObject::connect(poll, &QTimer::timeout, &window, [poll, waited, &window, save] {
        const bool painted =
            !window.currentItemId().isEmpty() && window.itemPane()->currentPainted();
        if (!painted && waited->elapsed() < 60'000)
            return;
        poll->stop();
        save(painted);
    });
    poll->start(20);
}

} // namespace

int main(int argc, char** argv)
{
    if (ui::refuseRoot("moddesk", argc, argv))
        return 1;
    ui::setMemoryPolicy();
    ui::prepareWebEngine();
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"ModDesk"_s);
    QApplication::setApplicationName(u"moddesk"_s);
    QApplication::setApplicationDisplayName(u"ModDesk"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"The ModDesk triage workstation. Without options it asks for a profile and signs it in."_s);
    parser.addHelpOption();
    parser.addOption({u"profile"_s, u"The profile directory (one per moderator)."_s, u"DIR"_s});
    parser.addOption({u"server"_s, u"Sign the profile in to this server first."_s, u"URL"_s});
    parser.addOption({u"token-file"_s, u"The token for --server, read from FILE."_s, u"FILE"_s});
    parser.addOption({u"queue"_s, u"The queue to work from (default: default)."_s, u"NAME"_s});
    parser.addOption({u"screenshot"_s,
                      u"Save the window as a PNG once the first item is shown, then quit (for a "
                      u"machine without a screen: run under xvfb-run)."_s,
                      u"FILE"_s});
    QCommandLineOption allowRoot(QString::fromLatin1(ui::kAllowRootFlag + 2),
                                 u"Tests only: run as root (Chromium's sandbox must then be "
                                 u"turned off by the caller)."_s);
    allowRoot.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(allowRoot);
    parser.process(app);

    QString profileDir = parser.value(u"profile"_s);
    if (profileDir.isEmpty())
        profileDir = qEnvironmentVariable("MODDESK_PROFILE");
    if (parser.isSet(u"server"_s)) {
        // Scripted start (tests, kiosks): sign in without a dialog.
        if (profileDir.isEmpty() || !parser.isSet(u"token-file"_s))
            return fail(u"--server needs --profile and --token-file"_s);
        QFile file(parser.value(u"token-file"_s));
        if (!file.open(QIODevice::ReadOnly))
            return fail(u"cannot read the token file "_s + file.fileName());
        auto profile = net::Profile::open(profileDir);
        if (!profile)
            return fail(profile.error().message);
        auto signedIn =
            net::signIn(**profile, parser.value(u"server"_s), file.readLine(4096).trimmed());
        if (!signedIn)
            return fail(u"sign-in failed: "_s + signedIn.error().toString());
    } else if (profileDir.isEmpty()) {
        QDir().mkpath(profilesRoot());
        ui::SignInDialog dialog(profilesRoot());
        if (dialog.exec() != QDialog::Accepted)
            return 0;
        profileDir = dialog.profileDir();
    }

    ui::SessionOptions options;
    if (parser.isSet(u"queue"_s))
        options.queue = parser.value(u"queue"_s);
    auto session = ui::Session::open(profileDir, options);
    if (!session)
        return fail(session.error().message);
    ui::MainWindow window(**session);
    window.show();
    if (parser.isSet(u"screenshot"_s))
        screenshotAndQuit(window, parser.value(u"screenshot"_s));
    return app.exec();
}
