#pragma once

#include "result.h"

#include <QString>

namespace moddesk::net {

// Where a profile's bearer token lives: the system keychain (Secret Service, KWallet; through
// QtKeychain) when the session has one; otherwise a file in the profile directory readable only
// by its owner, with a warning. The token is never written anywhere else, nor logged.
class CredentialStore final {
public:
    explicit CredentialStore(QString profileDir);

    struct Saved {
        QString where;   // "keychain" or the file's path
        QString warning; // non-empty when the keychain could not be used
    };
    Result<Saved> save(const QByteArray& token);
    Result<QByteArray> load() const;

private:
    QString keychainKey() const;
    QString tokenFile() const;
    QString markerFile() const;

    QString m_profileDir;
};

} // namespace moddesk::net
