#pragma once

#include "audit_log.h"
#include "client_store.h"
#include "http_transport.h"
#include "media_cache.h"
#include "policy.h"
#include "protocol_client.h"

#include <memory>

namespace moddesk::net {

// One moderator's working directory (`--profile DIR`): the audit log (`audit.sqlite`), the
// client state (`client.sqlite`: server, user, cached policy, leases and items), the media
// cache (`media/`) and the token (keychain, or `token`). Several profiles side by side are
// several moderators on one machine.
class Profile final {
public:
    static Result<std::unique_ptr<Profile>> open(const QString& dir);
    ~Profile();

    const QString& dir() const { return m_dir; }
    AuditLog& log() { return *m_log; }
    ClientStore& store() { return *m_store; }
    MediaCache& media() { return m_media; }

    QString serverUrl();
    QString userName();
    QString userRole();
    // The server's policy as cached at login (the built-in one before any login).
    Policy policy();
    TransportOptions transportOptions();

    // A client for the profile's server with its stored token.
    Result<ProtocolClient*> client();
    // Remembers how the last exchange with the server went (online/offline in `status`).
    void noteContact(const Error* failure);

private:
    explicit Profile(QString dir);

    QString m_dir;
    std::unique_ptr<AuditLog> m_log;
    std::unique_ptr<ClientStore> m_store;
    MediaCache m_media;
    std::unique_ptr<HttpTransport> m_transport;
    std::unique_ptr<ProtocolClient> m_client;
};

} // namespace moddesk::net
