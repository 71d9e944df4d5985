#include "triage.h"

#include "timestamp.h"

#include <QUuid>

using namespace Qt::StringLiterals;

namespace moddesk::net {

namespace {

std::optional<QString> nonEmpty(const QString& v)
{
    return v.isEmpty() ? std::nullopt : std::optional<QString>(v);
}

Error badInput(Error e)
{
    e.code = u"invalid"_s;
    return e;
}

} // namespace

Result<Decision> recordTriage(Profile& profile, const Policy& policy, const QString& itemId,
                              const TriageChoice& choice, qint64 nowMs, QString* expiredWarning)
{
    if (profile.userName().isEmpty())
        return Error{u"not signed in"_s};
    auto held = profile.store().leaseForItem(itemId);
    if (!held)
        return held.error();
    if (!*held || (*held)->state != u"held")
        return badInput(Error{u"this profile holds no lease on "_s + itemId +
                              (*held ? u" (it is "_s + (*held)->state + u')' : QString())});
    const HeldLease& lease = **held;

    Decision d;
    d.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    d.itemId = itemId;
    d.leaseId = lease.lease.id;
    d.leaseToken = lease.lease.token;
    d.kind = u"triage"_s;
    d.verdict = nonEmpty(choice.verdict);
    d.reason = nonEmpty(choice.reason);
    d.action = nonEmpty(choice.action);
    d.notes = nonEmpty(choice.notes);
    d.dsa = choice.dsa;
    d.shown = nonEmpty(choice.shown);
    d.moderator = profile.userName();
    d.decidedAt = nowMs;
    d.handleMs = std::max<qint64>(0, nowMs - lease.leasedAt);
    d.policyVersion = policy.version;
    d.dropEmptyOptionals();
    if (auto valid = d.validate(); !valid)
        return badInput(valid.error());
    if (auto allowed = policy.check(d); !allowed)
        return badInput(allowed.error());
    auto head = profile.log().append(d);
    if (!head)
        return head.error();
    d.seq = head->seq;
    d.hash = head->hash;
    (void)profile.store().setLeaseState(lease.lease.id, u"decided"_s);
    if (expiredWarning && lease.lease.expiresAt <= nowMs)
        *expiredWarning = u"the lease ran out at "_s + timestamp::format(lease.lease.expiresAt) +
                          u"; the server will refuse this decision if someone else took the item"_s;
    return d;
}

Result<bool> isSynced(Profile& profile, const Decision& decision)
{
    auto state = profile.log().syncState();
    if (!state)
        return state.error();
    return decision.seq > 0 && decision.seq <= state->syncedThroughSeq;
}

Result<Decision> recordRetract(Profile& profile, const Decision& decision, qint64 nowMs)
{
    auto synced = isSynced(profile, decision);
    if (!synced)
        return synced.error();
    if (*synced)
        return badInput(
            Error{u"decision "_s + decision.id +
                  u" has reached the server; only a supervisor review can change it"_s});
    Decision r;
    r.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    r.itemId = decision.itemId;
    r.kind = u"retract"_s;
    r.reviews = decision.id;
    r.moderator = profile.userName();
    r.decidedAt = nowMs;
    r.policyVersion = decision.policyVersion;
    if (auto valid = r.validate(); !valid)
        return badInput(valid.error());
    auto head = profile.log().append(r);
    if (!head)
        return head.error();
    r.seq = head->seq;
    r.hash = head->hash;
    // The server gives a retracted triage's item back to its grant: so does the workstation.
    if (decision.kind == u"triage" && decision.leaseId)
        (void)profile.store().setLeaseState(*decision.leaseId, u"held"_s);
    return r;
}

} // namespace moddesk::net
