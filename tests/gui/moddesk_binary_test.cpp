// The shipped `moddesk` program, started as a process: it refuses root unless a test says
// otherwise (Chromium's sandbox cannot run as root and ModDesk never turns it off), and
// `--screenshot` (what scripts/run uses without a display) signs in, shows the first item,
// saves the window and exits.
#include "gui_fixture.h"
#include "server_process.h"
#include "test_child.h"

#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace moddesk;
using namespace moddesk::test;

namespace {

using Run = ProgramRun;

Run runModdesk(const QStringList& args, const QProcessEnvironment& env)
{
    return runProgram(QStringLiteral(MODDESK_PATH), args, env);
}

} // namespace

class ModdeskBinaryTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void refusesRoot();
    void savesAScreenshotOfTheFirstItem();
    void renderersRunInTheSandbox();
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

namespace {

// "Seccomp:" of every renderer descended from `root`: 2 means a seccomp-bpf filter is on
// (Chromium's sandbox), 0 none. Renderers are forked by the zygote and keep its command line,
// so a renderer is a QtWebEngineProcess whose parent is one too.
QStringList rendererSeccomp(qint64 root)
{
    QHash<qint64, qint64> parentOf;
    QSet<qint64> webEngine;
    for (const QString& entry : QDir(u"/proc"_s).entryList(QDir::Dirs)) {
        bool number = false;
        const qint64 pid = entry.toLongLong(&number);
        if (!number)
            continue;
        QFile stat(u"/proc/%1/stat"_s.arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray s = stat.readAll();
        parentOf.insert(pid, s.mid(s.lastIndexOf(')') + 2).split(' ').value(1).toLongLong());
        QFile cmd(u"/proc/%1/cmdline"_s.arg(pid));
        if (cmd.open(QIODevice::ReadOnly) && cmd.readAll().contains("QtWebEngineProcess"))
            webEngine.insert(pid);
    }
    QStringList out;
    for (qint64 pid : webEngine) {
        if (!webEngine.contains(parentOf.value(pid)))
            continue; // the zygote itself, or a helper started directly
        qint64 p = pid;
        for (int hop = 0; hop < 10 && p > 1 && p != root; ++hop)
            p = parentOf.value(p);
        if (p != root)
            continue;
        QFile status(u"/proc/%1/status"_s.arg(pid));
        if (!status.open(QIODevice::ReadOnly))
            continue;
        for (const QByteArray& line : status.readAll().split('\n'))
            if (line.startsWith("Seccomp:"))
                out.append(QString::fromLatin1(line.mid(8).trimmed()));
    }
    return out;
}

} // namespace

// In normal use Chromium's sandbox is on: the renderers of the shipped program run under a
// seccomp-bpf filter. As root (CI) the program runs as 'nobody', as scripts/run starts it. The
// same check on a run with the sandbox turned off (as the tests do as root) sees no filter.
void ModdeskBinaryTest::renderersRunInTheSandbox()
{
    ServerProcess server({}, 10);
    QVERIFY2(server.start(), qPrintable(server.error()));
    const bool root = geteuid() == 0;
    if (root && QProcess::execute(u"runuser"_s, {u"-u"_s, u"nobody"_s, u"--"_s, u"test"_s, u"-x"_s,
                                                 QStringLiteral(MODDESK_PATH)}) != 0)
        QSKIP("'nobody' cannot run the build's moddesk here");

    // Runs moddesk --screenshot; returns the seccomp modes its renderers were seen in.
    auto run = [&](bool sandbox) {
        QTemporaryDir dir;
        QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                              QFileDevice::ExeOwner | QFileDevice::ReadOther |
                                              QFileDevice::WriteOther | QFileDevice::ExeOther);
        QFile token(dir.filePath(u"token"_s));
        token.open(QIODevice::WriteOnly);
        token.write(server.token(u"moderator"_s).toLatin1() + '\n');
        token.close();
        token.setPermissions(QFileDevice::ReadOwner | QFileDevice::ReadOther);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(u"QTWEBENGINE_DISABLE_SANDBOX"_s);
        if (!sandbox)
            env.insert(u"QTWEBENGINE_DISABLE_SANDBOX"_s, u"1"_s);
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        env.insert(u"MODDESK_NO_KEYCHAIN"_s, u"1"_s);
        env.insert(u"HOME"_s, dir.path());
        env.insert(u"XDG_CONFIG_HOME"_s, dir.filePath(u"config"_s));
        env.insert(u"XDG_DATA_HOME"_s, dir.filePath(u"data"_s));
        env.insert(u"XDG_RUNTIME_DIR"_s, dir.path());
        QStringList args{u"--server"_s,     server.baseUrl(),
                         u"--token-file"_s, token.fileName(),
                         u"--profile"_s,    dir.filePath(u"profile"_s),
                         u"--screenshot"_s, dir.filePath(u"shot.png"_s)};
        QProcess p;
        endWithTest(p);
        p.setProcessEnvironment(env);
        if (root && sandbox)
            p.start(u"runuser"_s,
                    QStringList{u"-u"_s, u"nobody"_s, u"--"_s, QStringLiteral(MODDESK_PATH)} +
                        args);
        else
            p.start(QStringLiteral(MODDESK_PATH),
                    root ? args + QStringList{u"--allow-root-for-tests"_s} : args);
        QSet<QString> seen;
        if (!p.waitForStarted())
            return seen;
        QElapsedTimer clock;
        clock.start();
        while (p.state() == QProcess::Running && !seen.contains(u"2"_s) &&
               clock.elapsed() < 60'000) {
            for (const QString& mode : rendererSeccomp(p.processId()))
                seen.insert(mode);
            QTest::qWait(20);
        }
        p.waitForFinished(60'000);
        if (p.exitCode() != 0 || !QFile::exists(dir.filePath(u"shot.png"_s)))
            seen.insert(u"failed: "_s + QString::fromUtf8(p.readAllStandardError().right(300)));
        return seen;
    };

    const QSet<QString> sandboxed = run(true);
    QVERIFY2(sandboxed.contains(u"2"_s),
             qPrintable(QStringList(sandboxed.begin(), sandboxed.end()).join(u", ")));
    const QSet<QString> unsandboxed = run(false);
    QVERIFY2(!unsandboxed.isEmpty() && !unsandboxed.contains(u"2"_s),
             qPrintable(QStringList(unsandboxed.begin(), unsandboxed.end()).join(u", ")));
}

int main(int argc, char** argv)
{
    GuiApplication app(argc, argv, u"ModDesk-test"_s);
    ModdeskBinaryTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "moddesk_binary_test.moc"
