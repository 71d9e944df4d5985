#pragma once

#include "profile.h"

#include <optional>

namespace moddesk::net {

// What a moderator chose for one item: the form of the workstation, the options of
// `moddeskctl decide`.
struct TriageChoice {
    QString verdict;
    QString reason;
    QString action;
    QString notes;
    std::optional<DsaStatement> dsa;
    QString shown; // hash of exactly what was on screen ("" when not known, e.g. the CLI)
};

// Records a triage decision on an item this profile holds a lease on, in the profile's audit
// log (durable when this returns; works offline), and marks the lease decided. The decision is
// checked against its value rules and the profile's policy first; the error names the first
// field that is missing or wrong, and nothing is written then. `expiredWarning` is set when the
// lease had already run out (the server will refuse the decision if someone else took the item).
// `policy` is the profile's (Profile::policy(), which parses it: callers that decide many items
// keep it).
Result<Decision> recordTriage(Profile& profile, const Policy& policy, const QString& itemId,
                              const TriageChoice& choice, qint64 nowMs,
                              QString* expiredWarning = nullptr);

// Appends a retract of `decision` (the moderator's undo). Legal only while the decision has not
// reached the server; afterwards a supervisor review is the way back, so this refuses. The
// item's lease is held again, so the moderator can decide it anew.
Result<Decision> recordRetract(Profile& profile, const Decision& decision, qint64 nowMs);

// True when the server has answered for `decision` (it is synced: undo no longer retracts it).
Result<bool> isSynced(Profile& profile, const Decision& decision);

} // namespace moddesk::net
