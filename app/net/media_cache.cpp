#include "media_cache.h"

#include "sha256.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace moddesk::net {

MediaCache::MediaCache(QString directory)
    : m_directory(std::move(directory))
{ }

QString MediaCache::pathOf(const QString& sha256) const
{
    return m_directory + u'/' + sha256;
}

bool MediaCache::contains(const QString& sha256) const
{
    return Sha256::isHexDigest(sha256.toLatin1()) && QFile::exists(pathOf(sha256));
}

Status MediaCache::store(const QString& sha256, const QByteArray& bytes)
{
    if (!Sha256::isHexDigest(sha256.toLatin1()) ||
        QString::fromLatin1(Sha256::hexDigest(bytes)) != sha256)
        return fieldError(u"sha256"_s, u"the bytes do not hash to "_s + sha256.left(64));
    if (!QDir().mkpath(m_directory))
        return Error{u"cannot create the media cache "_s + m_directory};
    QSaveFile file(pathOf(sha256));
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return Error{u"cannot write "_s + pathOf(sha256) + u": "_s + file.errorString()};
    return {};
}

Result<QByteArray> MediaCache::load(const QString& sha256) const
{
    QFile file(pathOf(sha256));
    if (!Sha256::isHexDigest(sha256.toLatin1()) || !file.open(QIODevice::ReadOnly))
        return Error{u"media "_s + sha256.left(64) + u" is not in the cache"_s};
    return file.readAll();
}

} // namespace moddesk::net
