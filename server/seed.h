#pragma once

#include "result.h"

namespace moddesk::server {

class ServerDatabase;

struct SeedReport {
    qint64 items = 0;
    qint64 media = 0;
    qint64 gold = 0;
};

// Writes `count` synthetic flagged items into `queue`: the same (count, seed) always writes the
// same corpus. Every text is marked [SYNTHETIC] and is a placeholder with the shape of real
// traffic (pro-group posts, counter-speech, news, research, benign look-alikes; every platform
// with its venue and forward shape; en/ar/ru/kk/fr), never real propaganda or operational
// detail. Scores correlate with a hidden true label but make mistakes; about 5 % are gold
// items with their known label. Times are placed before `nowMs` (the newest item posted 50
// minutes earlier), so removal orders run from overdue to under an hour left, as in a live
// queue; the same `nowMs` gives the same bytes.
Result<SeedReport> seedCorpus(const ServerDatabase& db, const QString& queue, int count,
                              quint32 seed, qint64 nowMs);

} // namespace moddesk::server
