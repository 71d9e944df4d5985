#pragma once

#include "result.h"

#include <QString>
#include <QStringList>

namespace moddesk::server {

class ServerDatabase;

struct User {
    QString name;
    QString role; // moderator | supervisor | trainer | admin | ingest
};

// People and pipelines that may call the server. Bearer tokens are shown once, at creation;
// only their SHA-256 is stored, so a copied database does not hand out working tokens.
class UserStore final {
public:
    explicit UserStore(const ServerDatabase& db)
        : m_db(db)
    { }

    static const QStringList& roles();

    // Creates the user and returns the new token.
    Result<QString> add(const QString& name, const QString& role);
    // The user holding `token`, or an error when none does.
    Result<User> authenticate(const QString& token) const;

private:
    const ServerDatabase& m_db;
};

} // namespace moddesk::server
