#include "decision_store.h"

#include "json_fields.h"
#include "policy.h"
#include "server_database.h"
#include "sha256.h"
#include "timestamp.h"
#include "user_store.h"

#include <QJsonDocument>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace moddesk::server {

QJsonObject DecisionResult::toJson() const
{
    QJsonObject json{{u"id"_s, id}, {u"status"_s, status}};
    if (!reason.isEmpty())
        json.insert(u"reason"_s, reason);
    if (!field.isEmpty())
        json.insert(u"field"_s, field);
    if (seq > 0) {
        json.insert(u"seq"_s, seq);
        json.insert(u"prev_hash"_s, prevHash);
        json.insert(u"hash"_s, hash);
    }
    return json;
}

namespace {

// How long a moderator's grant lives again after they retract their triage (their undo).
constexpr qint64 kReopenedLeaseMs = 300'000;

DecisionResult invalid(const QString& id, const Error& e)
{
    return {id, u"invalid"_s, e.message, e.field};
}

// A decision made before its item reached the server (beyond the clocks' slack).
DecisionResult beforeReceived(const Decision& d, qint64 receivedAt)
{
    return invalid(d.id, fieldError(u"decided_at"_s, u"is before the item was received ("_s +
                                                         timestamp::format(receivedAt) + u')'));
}

DecisionResult conflict(const QString& id, const QString& reason)
{
    return {id, u"conflict"_s, reason, {}};
}

} // namespace

DecisionStore::DecisionStore(const ServerDatabase& db)
    : m_db(db)
    , m_groups(kMaxGroupDecisions)
{ }

DecisionStore::Outcome DecisionStore::submit(const User& user, const QJsonArray& decisions,
                                             qint64 nowMs)
{
    const Submission submission{&user, &decisions, nowMs};
    return m_groups.run(
        submission, std::max<std::size_t>(1, size_t(decisions.size())),
        [this](std::span<const Submission* const> group) { return recordGroup(group); });
}

std::vector<DecisionStore::Outcome>
DecisionStore::recordGroup(std::span<const Submission* const> group)
{
    // Everything that needs no database is judged before the transaction starts.
    std::vector<std::vector<Judged>> judged;
    judged.reserve(group.size());
    for (const Submission* s : group) {
        std::vector<Judged> own;
        own.reserve(size_t(s->decisions->size()));
        for (const QJsonValue& json : *s->decisions)
            own.push_back(judge(*s->user, json, s->nowMs));
        judged.push_back(std::move(own));
    }
    auto recorded = recordInOneTransaction(group, judged);
    if (recorded)
        return std::move(recorded).value();
    std::vector<Outcome> outcomes;
    if (group.size() == 1) {
        outcomes.push_back(failedOutcome(*group[0]->decisions, recorded.error()));
        return outcomes;
    }
    // A database failure in a shared group (say, the same decision id arriving through another
    // server at the same moment) must not fail the others: each submission tries alone.
    for (size_t i = 0; i < group.size(); ++i) {
        auto alone = recordInOneTransaction(group.subspan(i, 1), std::span(judged).subspan(i, 1));
        outcomes.push_back(alone ? std::move(alone->front())
                                 : failedOutcome(*group[i]->decisions, alone.error()));
    }
    return outcomes;
}

DecisionStore::Outcome DecisionStore::failedOutcome(const QJsonArray& decisions, const Error& e)
{
    Outcome outcome;
    for (const QJsonValue& d : decisions)
        outcome.results.push_back(
            {d.toObject().value(u"id"_s).toString(), u"error"_s, e.message, {}});
    return outcome;
}

DecisionStore::Judged DecisionStore::judge(const User& user, const QJsonValue& json, qint64 nowMs)
{
    const QString rawId = json.toObject().value(u"id"_s).toString();
    if (!json.isObject())
        return {{}, invalid(rawId, Error{u"each decision must be a JSON object"_s})};
    auto parsed = Decision::fromJson(json.toObject());
    if (!parsed)
        return {{}, invalid(rawId, parsed.error())};
    // Chain fields belong to whoever logged the decision; the server chains its own.
    Decision d = parsed->withoutChainFields();
    const Policy& policy = Policy::builtin();
    if (d.policyVersion != policy.version)
        return {{},
                invalid(d.id, fieldError(u"policy_version"_s, u"the server's policy is "_s +
                                                                  policy.version + u", not "_s +
                                                                  d.policyVersion))};
    if (auto checked = policy.check(d); !checked)
        return {{}, invalid(d.id, checked.error())};
    // A decision is made before it is sent: one from the future is a broken clock or a forgery
    // (minutes of slack for clocks that drift).
    if (d.decidedAt > nowMs + kClockSlackMs)
        return {{},
                invalid(d.id, fieldError(u"decided_at"_s,
                                         u"is more than 5 minutes ahead of the server's clock"_s))};
    if (d.moderator != user.name)
        return {{},
                invalid(d.id, fieldError(u"moderator"_s,
                                         u"must be the signed-in user ("_s + user.name + u')'))};
    if (d.kind == u"review" && user.role != u"supervisor" && user.role != u"admin")
        return {{}, invalid(d.id, fieldError(u"kind"_s, u"only supervisors review decisions"_s))};
    if (d.kind == u"triage" && !d.leaseToken)
        return {{},
                invalid(d.id, fieldError(u"lease_token"_s,
                                         u"a triage decision needs the lease it was made "
                                         u"under"_s))};
    return {std::move(d), {}};
}

Result<std::vector<DecisionStore::Outcome>>
DecisionStore::recordInOneTransaction(std::span<const Submission* const> group,
                                      std::span<const std::vector<Judged>> judged)
{
    WriteTransaction tx(m_db);
    if (tx.error())
        return *tx.error();
    QSqlDatabase& db = tx.connection();
    // The chain head first: writers queue here, in one order, so two groups never wait for
    // each other's items (no deadlock), and the seq each decision gets is final.
    const QString forUpdate = m_db.isSqlite() ? QString() : u" FOR UPDATE"_s;
    auto head = runQuery(db, u"SELECT seq, hash FROM chain_head WHERE id = 1"_s + forUpdate);
    if (!head)
        return head.error();
    if (!head->next())
        return Error{u"the chain head is missing"_s};
    ChainHead running{head->value(0).toLongLong(), head->value(1).toString()};
    const qint64 firstSeq = running.seq;

    std::vector<Outcome> outcomes(group.size());
    if (canRecordInBulk(judged)) {
        if (auto bulk = recordInBulk(db, running, group, judged, outcomes); !bulk)
            return bulk.error();
    } else {
        for (size_t i = 0; i < group.size(); ++i) {
            for (const Judged& j : judged[i]) {
                if (!j.decision) {
                    outcomes[i].results.push_back(j.result);
                    continue;
                }
                auto result = record(db, running, *group[i]->user, *j.decision, group[i]->nowMs);
                if (!result)
                    return result.error();
                if (result->status == u"accepted")
                    outcomes[i].head = running;
                outcomes[i].results.push_back(std::move(result).value());
            }
        }
    }
    if (running.seq != firstSeq) {
        auto advanced = runQuery(db, u"UPDATE chain_head SET seq = ?, hash = ? WHERE id = 1"_s,
                                 {running.seq, running.hash});
        if (!advanced)
            return advanced.error();
    }
    if (auto committed = tx.commit(); !committed)
        return committed.error();
    return outcomes;
}

Result<DecisionResult> DecisionStore::record(QSqlDatabase& db, ChainHead& head, const User& user,
                                             const Decision& d, qint64 nowMs)
{
    const QString hash = d.computeHash(); // what the idempotency check compares
    // Earlier decisions of this transaction are visible here too: each is inserted as judged.
    auto existing = runQuery(db, u"SELECT body_hash, seq FROM decisions WHERE id = ?"_s, {d.id});
    if (!existing)
        return existing.error();
    if (existing->next())
        return answerForUsedId(d, hash, existing->value(0).toString(),
                               existing->value(1).toLongLong());

    if (d.kind == u"triage") {
        // The common case in one statement: the item is still pending under this very grant.
        auto taken = runQuery(db,
                              u"UPDATE items SET state = 'decided', decided_by = ?, "
                              u"lease_expires_at = NULL WHERE id = ? AND state = 'pending' AND "
                              u"lease_token = ? AND lease_holder = ? AND lease_id = ? AND "
                              u"received_at <= ?"_s,
                              {d.moderator, d.itemId, *d.leaseToken, d.moderator, *d.leaseId,
                               d.decidedAt + kClockSlackMs});
        if (!taken)
            return taken.error();
        if (taken->numRowsAffected() != 1)
            return explainRefusal(db, d);
    } else {
        auto item = runQuery(db, u"SELECT received_at FROM items WHERE id = ?"_s, {d.itemId});
        if (!item)
            return item.error();
        if (!item->next())
            return invalid(
                d.id, fieldError(u"item_id"_s, u"no item "_s + d.itemId + u" on this server"_s));
        if (d.decidedAt + kClockSlackMs < item->value(0).toLongLong())
            return beforeReceived(d, item->value(0).toLongLong());
        auto reviewed = runQuery(
            db, u"SELECT moderator, kind, item_id FROM decisions WHERE id = ?"_s, {*d.reviews});
        if (!reviewed)
            return reviewed.error();
        if (!reviewed->next())
            return invalid(d.id, fieldError(u"reviews"_s, u"no accepted decision "_s + *d.reviews));
        const QString reviewedModerator = reviewed->value(0).toString();
        const QString reviewedKind = reviewed->value(1).toString();
        if (reviewed->value(2).toString() != d.itemId)
            return invalid(d.id,
                           fieldError(u"item_id"_s,
                                      u"decision "_s + *d.reviews + u" is on item "_s +
                                          reviewed->value(2).toString() + u", not "_s + d.itemId));
        if (d.kind == u"retract" && user.role == u"moderator" && reviewedModerator != user.name)
            return invalid(
                d.id, fieldError(u"reviews"_s, u"a moderator retracts only their own decisions"_s));
        if (d.kind == u"retract" && reviewedKind == u"retract")
            return invalid(d.id, fieldError(u"reviews"_s, u"a retract cannot be retracted"_s));
        if (d.kind == u"retract") {
            // One retract per decision: a second would reopen an item that a later decision
            // has settled.
            auto retracts = runQuery(
                db, u"SELECT body, seq FROM decisions WHERE item_id = ? AND kind = 'retract'"_s,
                {d.itemId});
            if (!retracts)
                return retracts.error();
            while (retracts->next()) {
                const QJsonObject body =
                    QJsonDocument::fromJson(retracts->value(0).toString().toUtf8()).object();
                if (body.value(u"reviews"_s).toString() == *d.reviews)
                    return conflict(d.id, u"already_retracted: decision "_s + *d.reviews +
                                              u" was retracted as seq "_s +
                                              retracts->value(1).toString());
            }
        }
        // A moderator's undo: the retracted triage gives the item back to the same grant, so the
        // moderator can decide it again under the lease they hold (renewable as before).
        if (d.kind == u"retract" && reviewedKind == u"triage") {
            auto reopened =
                runQuery(db,
                         u"UPDATE items SET state = 'pending', decided_by = NULL, available = 0, "
                         u"lease_expires_at = ? "
                         u"WHERE id = ? AND state = 'decided' AND decided_by = ?"_s,
                         {nowMs + kReopenedLeaseMs, d.itemId, reviewedModerator});
            if (!reopened)
                return reopened.error();
        }
    }

    Decision chained = d;
    chained.placeInChain(head.seq + 1, head.hash);
    auto inserted = runQuery(db,
                             u"INSERT INTO decisions (seq, id, item_id, moderator, kind, body, "
                             u"body_hash, prev_hash, hash, accepted_at) "
                             u"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
                             {chained.seq, d.id, d.itemId, d.moderator, d.kind,
                              QString::fromUtf8(toCompactJson(d.toJson())), hash, chained.prevHash,
                              chained.hash, nowMs});
    if (!inserted)
        return inserted.error();
    head = ChainHead{chained.seq, chained.hash};
    return accepted(chained);
}

DecisionResult DecisionStore::answerForUsedId(const Decision& d, const QString& bodyHash,
                                              const QString& storedBodyHash, qint64 storedSeq)
{
    if (storedBodyHash == bodyHash) // a retry: safe, and answered as the first time
        return {
            d.id, u"duplicate"_s, u"accepted before as seq "_s + QString::number(storedSeq), {}};
    return conflict(d.id, u"id_reused: decision id "_s + d.id +
                              u" was already used for a different decision"_s);
}

DecisionResult DecisionStore::accepted(const Decision& chained)
{
    return {chained.id, u"accepted"_s, {}, {}, chained.seq, chained.prevHash, chained.hash};
}

Result<DecisionResult> DecisionStore::explainRefusal(QSqlDatabase& db, const Decision& d)
{
    auto item = runQuery(db,
                         u"SELECT state, decided_by, lease_token, lease_holder, lease_id, "
                         u"lease_expires_at, received_at FROM items WHERE id = ?"_s,
                         {d.itemId});
    if (!item)
        return item.error();
    if (!item->next())
        return invalid(d.id,
                       fieldError(u"item_id"_s, u"no item "_s + d.itemId + u" on this server"_s));
    if (d.decidedAt + kClockSlackMs < item->value(6).toLongLong())
        return beforeReceived(d, item->value(6).toLongLong());
    const bool decided = item->value(0).toString() == u"decided";
    const qint64 currentToken = item->value(2).toLongLong();
    if (*d.leaseToken > currentToken)
        return invalid(d.id,
                       fieldError(u"lease_token"_s, u"token "_s + QString::number(*d.leaseToken) +
                                                        u" was never granted for this item"_s));
    if (decided)
        return conflict(d.id,
                        u"already_decided: the item was decided by "_s + item->value(1).toString());
    if (*d.leaseToken < currentToken)
        return conflict(d.id, u"stale_lease: the item was leased again (token "_s +
                                  QString::number(currentToken) + u") after yours ("_s +
                                  QString::number(*d.leaseToken) + u')');
    const QString holder = item->value(3).toString();
    const QString leaseId = item->value(4).toString();
    if (!holder.isEmpty() && holder != d.moderator)
        return conflict(d.id, u"lease_not_yours: the item's lease is held by someone else"_s);
    if (!leaseId.isEmpty() && leaseId != *d.leaseId)
        return invalid(d.id, fieldError(u"lease_id"_s, u"not the id of the grant with token "_s +
                                                           QString::number(currentToken)));
    return conflict(d.id, u"lease_released: the lease was given back before this decision"_s);
}

Result<ChainHead> DecisionStore::head() const
{
    auto db = m_db.connection();
    if (!db)
        return db.error();
    auto row = runQuery(*db, u"SELECT seq, hash FROM chain_head WHERE id = 1"_s);
    if (!row)
        return row.error();
    if (!row->next())
        return Error{u"the chain head is missing"_s};
    return ChainHead{row->value(0).toLongLong(), row->value(1).toString()};
}

Result<std::vector<Decision>> DecisionStore::feed(qint64 after, int limit) const
{
    auto db = m_db.connection();
    if (!db)
        return db.error();
    auto rows = runQuery(*db,
                         u"SELECT seq, body, prev_hash, hash FROM decisions WHERE seq > ? "
                         u"ORDER BY seq LIMIT ?"_s,
                         {after, limit});
    if (!rows)
        return rows.error();
    std::vector<Decision> out;
    while (rows->next()) {
        auto d = Decision::fromJsonBytes(rows->value(1).toString().toUtf8());
        if (!d)
            return Error{u"stored decision seq "_s + rows->value(0).toString() +
                         u" does not decode: "_s + d.error().toString()};
        d->seq = rows->value(0).toLongLong();
        d->prevHash = rows->value(2).toString();
        d->hash = rows->value(3).toString();
        out.push_back(std::move(d).value());
    }
    return out;
}

} // namespace moddesk::server
