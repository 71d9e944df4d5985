#pragma once

#include "chain_head.h"
#include "decision.h"
#include "group_commit.h"
#include "result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSqlDatabase>

#include <optional>
#include <span>
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
    // Where an accepted decision sits on the server's chain, so that the client can check the
    // server chained exactly what it sent: hash = SHA-256 of its canonical form with this seq
    // and prev_hash.
    qint64 seq = 0;
    QString prevHash = {};
    QString hash = {};
    QJsonObject toJson() const;
};

// Accepted decisions, in a hash chain like the client's audit log (same canonical form, the
// server's own seq). The decision id is the idempotency key: the same decision sent twice is
// a duplicate with the first answer; another decision under a used id is refused.
// How far a decision's decided_at may be ahead of the server's clock, or before its item was
// received: the slack allowed for clocks that drift.
inline constexpr qint64 kClockSlackMs = 300'000;

class DecisionStore final {
public:
    explicit DecisionStore(const ServerDatabase& db);
    Q_DISABLE_COPY_MOVE(DecisionStore)

    struct Outcome {
        std::vector<DecisionResult> results;
        std::optional<ChainHead> head; // after the last accepted decision, if any was
    };
    // Judges each decision and records the accepted ones. Submissions from concurrent callers
    // share one transaction (group commit, see GroupCommit); a refused decision writes
    // nothing, and a database failure fails only what was in its transaction ("error"), which
    // is safe to send again because the decision id is the idempotency key.
    Outcome submit(const User& user, const QJsonArray& decisions, qint64 nowMs);
    Result<ChainHead> head() const;
    // Accepted decisions with seq > after, oldest first, as the server chained them.
    Result<std::vector<Decision>> feed(qint64 after, int limit) const;

    // The most decisions one transaction records (a lone larger submission still runs alone).
    static constexpr std::size_t kMaxGroupDecisions = 1000;

private:
    struct Submission {
        const User* user;
        const QJsonArray* decisions;
        qint64 nowMs;
    };
    // A decision ready to be recorded, or the answer that refused it without the database.
    struct Judged {
        std::optional<Decision> decision;
        DecisionResult result;
    };
    std::vector<Outcome> recordGroup(std::span<const Submission* const> group);
    static Judged judge(const User& user, const QJsonValue& json, qint64 nowMs);
    Result<std::vector<Outcome>>
    recordInOneTransaction(std::span<const Submission* const> group,
                           std::span<const std::vector<Judged>> judged);
    // The common case in a fixed number of statements (decision_store_bulk.cpp): a group of
    // triage decisions with distinct ids.
    static bool canRecordInBulk(std::span<const std::vector<Judged>> judged);
    Status recordInBulk(QSqlDatabase& db, ChainHead& running,
                        std::span<const Submission* const> group,
                        std::span<const std::vector<Judged>> judged,
                        std::vector<Outcome>& outcomes);
    // Records one judged decision after `head`, and moves `head` on if it is accepted. An
    // error is a database failure, which ends the transaction.
    static Result<DecisionResult> record(QSqlDatabase& db, ChainHead& head, const User& user,
                                         const Decision& d, qint64 nowMs);
    // Why a triage decision could not take its item: invalid or conflict.
    static Result<DecisionResult> explainRefusal(QSqlDatabase& db, const Decision& d);
    static Outcome failedOutcome(const QJsonArray& decisions, const Error& e);
    // The answer for a decision whose id the server has stored before (body hash, seq).
    static DecisionResult answerForUsedId(const Decision& d, const QString& bodyHash,
                                          const QString& storedBodyHash, qint64 storedSeq);
    static DecisionResult accepted(const Decision& chained);

    const ServerDatabase& m_db;
    GroupCommit<Submission, Outcome> m_groups;
};

} // namespace moddesk::server
