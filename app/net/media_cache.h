#pragma once

#include "result.h"

#include <QString>

namespace moddesk::net {

// Media bytes by SHA-256 in a profile directory (`media/<sha256>`), written whole or not at
// all. The bytes are the originals as the server sent them, kept for rendering (after decoding
// and re-encoding, docs/overview.md "Untrusted content") and for evidence export; nothing here
// interprets them.
class MediaCache final {
public:
    explicit MediaCache(QString directory);

    bool contains(const QString& sha256) const;
    Status store(const QString& sha256, const QByteArray& bytes);
    Result<QByteArray> load(const QString& sha256) const;
    QString pathOf(const QString& sha256) const;

private:
    QString m_directory;
};

} // namespace moddesk::net
