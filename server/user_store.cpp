#include "user_store.h"

#include "server_database.h"
#include "sha256.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace moddesk::server {

const QStringList& UserStore::roles()
{
    static const QStringList roles{u"moderator"_s, u"supervisor"_s, u"trainer"_s, u"admin"_s,
                                   u"ingest"_s};
    return roles;
}

Result<QString> UserStore::add(const QString& name, const QString& role)
{
    static const QRegularExpression validName(u"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"_s);
    if (!validName.match(name).hasMatch())
        return fieldError(u"name"_s, u"use 1 to 64 letters, digits, '.', '_' or '-'"_s);
    if (!roles().contains(role))
        return fieldError(u"role"_s, u"must be one of: "_s + roles().join(u", "));

    QByteArray secret(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(secret.data()), 8);
    const QString token =
        u"mdk_"_s + QString::fromLatin1(secret.toBase64(QByteArray::Base64UrlEncoding |
                                                        QByteArray::OmitTrailingEquals));

    WriteTransaction tx(m_db);
    if (tx.error())
        return *tx.error();
    auto existing = runQuery(tx.connection(), u"SELECT 1 FROM users WHERE name = ?"_s, {name});
    if (!existing)
        return existing.error();
    if (existing->next())
        return fieldError(u"name"_s, u"a user named "_s + name + u" exists already"_s);
    auto inserted = runQuery(tx.connection(),
                             u"INSERT INTO users (name, role, token_hash, created_at) "
                             u"VALUES (?, ?, ?, ?)"_s,
                             {name, role, QString::fromLatin1(Sha256::hexDigest(token.toLatin1())),
                              QDateTime::currentMSecsSinceEpoch()});
    if (!inserted)
        return inserted.error();
    if (auto committed = tx.commit(); !committed)
        return committed.error();
    return token;
}

Result<User> UserStore::authenticate(const QString& token) const
{
    auto db = m_db.connection();
    if (!db)
        return db.error();
    auto found = runQuery(*db, u"SELECT name, role FROM users WHERE token_hash = ?"_s,
                          {QString::fromLatin1(Sha256::hexDigest(token.toLatin1()))});
    if (!found)
        return found.error();
    if (!found->next())
        return Error{u"the token is not valid"_s};
    return User{found->value(0).toString(), found->value(1).toString()};
}

} // namespace moddesk::server
