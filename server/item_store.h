#pragma once

#include "item.h"
#include "result.h"

#include <QJsonArray>

namespace moddesk::server {

class ServerDatabase;

struct QueueSummary {
    QString name;
    qint64 pending = 0;
    qint64 leased = 0;
    std::optional<qint64> nextDeadline;
};

// Flagged items and their media, as ingested from platform pipelines (or the seed command).
class ItemStore final {
public:
    explicit ItemStore(const ServerDatabase& db)
        : m_db(db)
    { }

    // Stores items into `queue`; an id already present is left unchanged and reported. All or
    // nothing. `goldLabels` (optional, same length) records known labels for training.
    Result<qint64> ingest(const QString& queue, const std::vector<Item>& items,
                          const QStringList& goldLabels = {});
    // Stores media bytes under their SHA-256, which must match.
    // True when the bytes were new; the same bytes again are kept as they were, and refused
    // (code media_type_conflict) when sent with another type.
    Result<bool> putMedia(const QString& sha256, const QString& mime, const QByteArray& bytes);
    Result<std::pair<QString, QByteArray>> media(const QString& sha256) const;
    Result<std::vector<QueueSummary>> queues(qint64 nowMs) const;

private:
    const ServerDatabase& m_db;
};

} // namespace moddesk::server
