// The shipped `moddesk` program, started as a process: it refuses root unless a test says
// otherwise (Chromium's sandbox cannot run as root and ModDesk never turns it off), and
// `--screenshot` (what scripts/run uses without a display) signs in, shows the first item,
// saves the window and exits.
#include "gui_fixture.h"
#include "server_process.h"

#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace moddesk;
using namespace moddesk::test;

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run runModdesk(const QStringList& args, const QProcessEnvironment& env)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(MODDESK_PATH), args);
    Run r;
    if (!p.waitForFinished(90'000)) {
        p.kill();
        p.waitForFinished();
        r.err = u"moddesk did not finish"_s;
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

} // namespace

class ModdeskBinaryTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void refusesRoot();
    void savesAScreenshotOfTheFirstItem();
};

void ModdeskBinaryTest::refusesRoot()
{
    if (geteuid() != 0)
        QSKIP("not running as root: nothing to refuse");
    const Run r =
        runModdesk({u"--profile"_s, u"/nonexistent"_s}, QProcessEnvironment::systemEnvironment());
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(u"refusing to run as root"_s), qPrintable(r.err));
    QVERIFY(r.err.contains(u"sandbox"_s));
}

void ModdeskBinaryTest::savesAScreenshotOfTheFirstItem()
{
    ServerProcess server({}, 10);
    QVERIFY2(server.start(), qPrintable(server.error()));
    QTemporaryDir dir;
    QFile token(dir.filePath(u"token"_s));
    QVERIFY(token.open(QIODevice::WriteOnly));
    token.write(server.token(u"moderator"_s).toLatin1() + '\n');
    token.close();

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    env.insert(u"XDG_CONFIG_HOME"_s, dir.filePath(u"config"_s));
    env.insert(u"XDG_DATA_HOME"_s, dir.filePath(u"data"_s));
    env.insert(u"MODDESK_NO_KEYCHAIN"_s, u"1"_s);
    QStringList args{
        u"--server"_s,  server.baseUrl(),           u"--token-file"_s, token.fileName(),
        u"--profile"_s, dir.filePath(u"profile"_s), u"--screenshot"_s, dir.filePath(u"shot.png"_s)};
    if (geteuid() == 0) { // CI: the test turns the sandbox off itself, and says so
        env.insert(u"QTWEBENGINE_DISABLE_SANDBOX"_s, u"1"_s);
        args << u"--allow-root-for-tests"_s;
    } else { // as the program ships: the sandbox on
        env.remove(u"QTWEBENGINE_DISABLE_SANDBOX"_s);
    }
    const Run r = runModdesk(args, env);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(u"screenshot saved to "_s + dir.filePath(u"shot.png"_s)),
             qPrintable(r.out));
    const QImage shot(dir.filePath(u"shot.png"_s));
    QVERIFY(!shot.isNull());
    QVERIFY(shot.width() >= 800 && shot.height() >= 500);
    // The window shows an item: text drawn in the item pane's middle third, not a blank page.
    int dark = 0;
    for (int y = shot.height() / 8; y < shot.height() / 2; y += 2)
        for (int x = shot.width() / 3; x < 2 * shot.width() / 3; x += 2)
            dark += qGray(shot.pixel(x, y)) < 100 ? 1 : 0;
    QVERIFY2(dark > 200, qPrintable(u"only %1 dark pixels"_s.arg(dark)));
    // Signed in for real: the profile holds the server's leases (the window leased items).
    QVERIFY(QFile::exists(dir.filePath(u"profile/client.sqlite"_s)));
}

int main(int argc, char** argv)
{
    GuiApplication app(argc, argv, u"ModDesk-test"_s);
    ModdeskBinaryTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "moddesk_binary_test.moc"
