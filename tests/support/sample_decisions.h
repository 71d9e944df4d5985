#pragma once

#include "decision.h"

#include <QByteArray>
#include <QString>

namespace moddesk::test {

// A deterministic, synthetic, policy-valid decision; `n` varies every field so that a set of
// them covers all columns (DSA fields, removal orders, reviews, retracts, non-ASCII notes).
Decision sampleDecision(int n);
// sampleDecision(n) as one line of compact JSON (no trailing newline), as `log append` reads.
QByteArray sampleDecisionLine(int n);
// A fixed UUID derived from n (and a salt, for distinct sets).
QString sampleUuid(int n, int salt = 0);

} // namespace moddesk::test
