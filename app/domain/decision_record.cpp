#include "decision_record.h"

#include "canonical_json.h"
#include "timestamp.h"

using namespace Qt::StringLiterals;

namespace moddesk {

QByteArray DecisionRecord::canonicalBytes() const
{
    CanonicalJsonWriter w;
    write(w);
    return w.finish();
}

QByteArrayView DecisionRecord::canonicalView(CanonicalJsonWriter& scratch) const
{
    scratch.reset();
    write(scratch);
    return scratch.finishView();
}

void DecisionRecord::write(CanonicalJsonWriter& w) const
{
    char decided[24];
    timestamp::formatInto(decidedAt, decided);
    char actioned[24];
    if (orderActionedAt)
        timestamp::formatInto(*orderActionedAt, actioned);
    w.addUtf8("action"_L1, action);
    w.addUtf8("decided_at"_L1, QByteArrayView(decided, 24));
    w.addBoolean("dsa_automated_detection"_L1, dsaAutomatedDetection);
    w.addUtf8("dsa_category"_L1, dsaCategory);
    w.addUtf8("dsa_decision_ground"_L1, dsaDecisionGround);
    w.addUtf8("dsa_facts"_L1, dsaFacts);
    w.addUtf8List("dsa_territorial_scope"_L1, dsaTerritorialScope);
    w.addInteger("handle_ms"_L1, handleMs);
    w.addUtf8("id"_L1, id);
    w.addUtf8("item_id"_L1, itemId);
    w.addUtf8("kind"_L1, kind);
    w.addUtf8("lease_id"_L1, leaseId);
    w.addInteger("lease_token"_L1, leaseToken);
    w.addUtf8("moderator"_L1, moderator);
    w.addUtf8("notes"_L1, notes);
    w.addUtf8("order_actioned_at"_L1,
              orderActionedAt ? DecisionRecord::Text(QByteArrayView(actioned, 24)) : std::nullopt);
    w.addUtf8("order_ref"_L1, orderRef);
    w.addUtf8("policy_version"_L1, policyVersion);
    w.addUtf8("prev_hash"_L1, prevHash);
    w.addUtf8("reason"_L1, reason);
    w.addUtf8("reviews"_L1, reviews);
    w.addInteger("seq"_L1, seq);
    w.addUtf8("shown"_L1, shown);
    w.addUtf8("verdict"_L1, verdict);
}

} // namespace moddesk
