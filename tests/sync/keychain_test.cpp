// Tokens go to the system keychain when the session has one: a real gnome-keyring Secret
// Service in a private D-Bus session (dbus-run-session), driven through moddeskctl.
#include "ctl_runner.h"
#include "server_process.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace moddesk::test;

class KeychainTest final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void theTokenLivesInTheKeychain()
    {
        ServerProcess s({}, 3);
        QVERIFY2(s.start(), qPrintable(s.error()));
        QTemporaryDir home;
        QTemporaryDir runtime;
        QFile::setPermissions(runtime.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                  QFileDevice::ExeOwner);
        const QString profile = home.filePath(u"profile"_s);

        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"HOME"_s, home.path());
        env.insert(u"XDG_RUNTIME_DIR"_s, runtime.path());
        env.insert(u"TOKEN"_s, s.token(u"moderator"_s));
        env.insert(u"URL"_s, s.baseUrl());
        env.insert(u"CTL"_s, ctlPath());
        env.insert(u"PROFILE"_s, profile);
        env.remove(u"MODDESK_NO_KEYCHAIN"_s);
        env.remove(u"DBUS_SESSION_BUS_ADDRESS"_s);
        // In one session: start and unlock the keyring, sign in, then use the stored token.
        const QString script =
            u"printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1 || "
            u"exit 97; printf '%s\\n' \"$TOKEN\" | \"$CTL\" login --server \"$URL\" --profile "
            u"\"$PROFILE\" || exit 98; echo ===; \"$CTL\" status --json --profile \"$PROFILE\""_s;
        QProcess session;
        session.setProcessEnvironment(env);
        session.start(u"dbus-run-session"_s, {u"--"_s, u"sh"_s, u"-c"_s, script});
        QVERIFY2(session.waitForStarted(), "dbus-run-session is missing (scripts/install-deps)");
        QVERIFY(session.waitForFinished(60000));
        const QByteArray out = session.readAllStandardOutput();
        const QByteArray err = session.readAllStandardError();
        QVERIFY2(session.exitCode() == 0, QByteArray(out + err).constData());
        QVERIFY2(out.contains("token in keychain"), QByteArray(out + err).constData());
        QVERIFY2(!err.contains("warning: no system keychain"), err.constData());
        const QJsonObject status =
            QJsonDocument::fromJson(out.split('=').last().trimmed()).object();
        QCOMPARE(status.value(u"online"_s).toBool(), true); // the token came back from the keychain
        QVERIFY(!QFile::exists(profile + u"/token"_s));     // and was never written to disk
        QVERIFY(QFile::exists(profile + u"/token.in-keychain"_s));

        // Outside that session the keychain is gone: a clear error, not a silent fallback.
        const CtlResult lease = runCtl({u"lease"_s, u"--profile"_s, profile});
        QCOMPARE(lease.exitCode, 4);
        QVERIFY2(lease.err.contains("keychain"), lease.err.constData());
    }
};

QTEST_GUILESS_MAIN(KeychainTest)
#include "keychain_test.moc"
