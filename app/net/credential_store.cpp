#include "credential_store.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QTimer>
#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

namespace moddesk::net {

namespace {

constexpr auto kService = "ModDesk";

// Runs a keychain job to its end (or a minute: a session without a keychain daemon can
// otherwise leave D-Bus activation pending); returns its error text, empty on success.
QString runJob(QKeychain::Job& job)
{
    if (qEnvironmentVariableIsSet("MODDESK_NO_KEYCHAIN"))
        return u"disabled by MODDESK_NO_KEYCHAIN"_s;
    if (!QCoreApplication::instance())
        return u"no application object"_s;
    QEventLoop loop;
    bool finished = false;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, [&] {
        finished = true;
        loop.quit();
    });
    // Generous: the keychain may be started on first use (D-Bus activation) or be locked and ask
    // its owner to unlock it, and a busy machine answers slowly; a hung service still ends.
    QTimer::singleShot(60'000, &loop, &QEventLoop::quit);
    job.setAutoDelete(false);
    job.start();
    if (!finished)
        loop.exec();
    if (!finished)
        return u"the keychain did not answer"_s;
    switch (job.error()) {
    case QKeychain::NoError:
        return {};
    case QKeychain::NoBackendAvailable:
        return u"no keychain service (Secret Service or KWallet) in this session"_s;
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        return u"the keychain refused access"_s;
    default:
        return u"the keychain failed: "_s + job.errorString();
    }
}

} // namespace

CredentialStore::CredentialStore(QString profileDir)
    : m_profileDir(std::move(profileDir))
{ }

QString CredentialStore::keychainKey() const
{
    return u"token:"_s + QFileInfo(m_profileDir).absoluteFilePath();
}

QString CredentialStore::tokenFile() const
{
    return m_profileDir + u"/token"_s;
}

QString CredentialStore::markerFile() const
{
    return m_profileDir + u"/token.in-keychain"_s;
}

Result<CredentialStore::Saved> CredentialStore::save(const QByteArray& token)
{
    if (!QDir().mkpath(m_profileDir))
        return Error{u"cannot create the profile directory "_s + m_profileDir};
    QKeychain::WritePasswordJob job(QString::fromLatin1(kService));
    job.setKey(keychainKey());
    job.setBinaryData(token);
    const QString keychainError = runJob(job);
    if (keychainError.isEmpty()) {
        QFile::remove(tokenFile());
        QFile marker(markerFile());
        if (!marker.open(QIODevice::WriteOnly))
            return Error{u"cannot write "_s + markerFile()};
        return Saved{u"keychain"_s, {}};
    }
    QSaveFile file(tokenFile());
    if (!file.open(QIODevice::WriteOnly))
        return Error{u"cannot write "_s + tokenFile() + u": "_s + file.errorString()};
    // Owner-only before the first byte is written.
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(token);
    if (!file.commit())
        return Error{u"cannot write "_s + tokenFile() + u": "_s + file.errorString()};
    QFile::setPermissions(tokenFile(), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QFile::remove(markerFile());
    return Saved{tokenFile(), u"no system keychain ("_s + keychainError +
                                  u"); the token is kept in "_s + tokenFile() +
                                  u", readable only by you"_s};
}

Result<QByteArray> CredentialStore::load() const
{
    if (QFile::exists(markerFile())) {
        QKeychain::ReadPasswordJob job(QString::fromLatin1(kService));
        job.setKey(keychainKey());
        if (const QString failed = runJob(job); !failed.isEmpty())
            return Error{u"cannot read the token from the keychain: "_s + failed};
        return job.binaryData();
    }
    QFile file(tokenFile());
    if (!file.open(QIODevice::ReadOnly))
        return Error{u"not signed in: no token in "_s + m_profileDir +
                     u" (run moddeskctl login)"_s};
    if (file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther))
        return Error{tokenFile() + u" is readable by others; refusing to use it"_s};
    return file.readAll().trimmed();
}

} // namespace moddesk::net
