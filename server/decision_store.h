#pragma once

#include "chain_head.h"
#include "decision.h"
#include "result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSqlDatabase>

#include <vector>

namespace moddesk::server {

class ServerDatabase;
struct User;

// The server's answer for one submitted decision.
struct DecisionResult {
    QString id;
    QString status; // accepted | duplicate | conflict | invalid
    QString reason;
    QString field;
    QJsonObject toJson() const;
};

// Accepted decisions, in a hash chain like the client's audit log (same canonical form, the
// server's own seq). The decision id is the idempotency key: the same decision sent twice is
// a duplicate with the first answer; another decision under a used id is refused.
class DecisionStore final {
public:
    explicit DecisionStore(const ServerDatabase& db)
        : m_db(db)
    { }

    struct Outcome {
        std::vector<DecisionResult> results;
        std::optional<ChainHead> head; // after the last accepted decision, if any was
    };
    // Judges and records each decision in its own transaction, so one bad decision never
    // blocks or half-applies another.
    Outcome submit(const User& user, const QJsonArray& decisions, qint64 nowMs);
    Result<ChainHead> head() const;
    // Accepted decisions with seq > after, oldest first, as the server chained them.
    Result<std::vector<Decision>> feed(qint64 after, int limit) const;

private:
    DecisionResult submitOne(const User& user, const QJsonValue& json, qint64 nowMs,
                             std::optional<ChainHead>& acceptedHead);
    // Why a triage decision could not take its item: invalid or conflict.
    DecisionResult explainRefusal(QSqlDatabase& db, const Decision& d);

    const ServerDatabase& m_db;
};

} // namespace moddesk::server
