#include "profile.h"

#include "credential_store.h"

#include <QDateTime>
#include <QDir>
#include <QFile>

using namespace Qt::StringLiterals;

namespace moddesk::net {

Profile::Profile(QString dir)
    : m_dir(std::move(dir))
    , m_media(m_dir + u"/media"_s)
{ }

Profile::~Profile() = default;

Result<std::unique_ptr<Profile>> Profile::open(const QString& dir)
{
    if (dir.isEmpty())
        return fieldError(u"profile"_s, u"a profile directory is required"_s);
    if (!QDir().mkpath(dir))
        return Error{u"cannot create the profile directory "_s + dir};
    // It holds the audit log, hostile content from the queue and perhaps the token: owner only.
    QFile::setPermissions(dir,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    std::unique_ptr<Profile> p(new Profile(QDir(dir).absolutePath()));
    auto log = AuditLog::open(p->m_dir + u"/audit.sqlite"_s);
    if (!log)
        return log.error();
    p->m_log = std::move(log).value();
    auto store = ClientStore::open(p->m_dir + u"/client.sqlite"_s);
    if (!store)
        return store.error();
    p->m_store = std::move(store).value();
    return p;
}

QString Profile::serverUrl()
{
    return m_store->setting(u"server_url"_s).value_or(QString());
}

QString Profile::userName()
{
    return m_store->setting(u"user"_s).value_or(QString());
}

QString Profile::userRole()
{
    return m_store->setting(u"role"_s).value_or(QString());
}

Policy Profile::policy()
{
    const QString json = m_store->setting(u"policy_json"_s).value_or(QString());
    if (!json.isEmpty())
        if (auto cached = Policy::fromJsonBytes(json.toUtf8()))
            return std::move(cached).value();
    return Policy::builtin();
}

TransportOptions Profile::transportOptions()
{
    TransportOptions o;
    o.httpsOnly = m_store->setting(u"https_only"_s).value_or(QString()) == u"1";
    o.caFile = m_store->setting(u"ca_file"_s).value_or(QString());
    o.pinnedPublicKey = m_store->setting(u"pinned_key"_s).value_or(QString());
    bool ok = false;
    const int timeout = m_store->setting(u"timeout_ms"_s).value_or(QString()).toInt(&ok);
    if (ok && timeout > 0) {
        o.totalTimeoutMs = timeout;
        o.connectTimeoutMs = std::min(o.connectTimeoutMs, timeout);
        o.lowSpeedSeconds = std::max(1, std::min(o.lowSpeedSeconds, timeout / 1000));
    }
    return o;
}

Result<ProtocolClient*> Profile::client()
{
    if (m_client)
        return m_client.get();
    const QString url = serverUrl();
    if (url.isEmpty())
        return Error{u"not signed in: run moddeskctl login --server URL --profile "_s + m_dir};
    auto token = CredentialStore(m_dir).load();
    if (!token)
        return token.error();
    m_transport = std::make_unique<HttpTransport>(transportOptions());
    m_client = std::make_unique<ProtocolClient>(*m_transport, url, *token);
    return m_client.get();
}

void Profile::noteContact(const Error* failure)
{
    const QString now = QString::number(QDateTime::currentMSecsSinceEpoch());
    // Only a failure to reach the server makes us offline; a refusal is an answer.
    const bool offline = failure && failure->transient;
    (void)m_store->setSetting(u"online"_s, offline ? u"0"_s : u"1"_s);
    (void)m_store->setSetting(u"last_contact_at"_s, now);
    (void)m_store->setSetting(u"last_error"_s, failure ? failure->message : QString());
}

} // namespace moddesk::net
