#pragma once

#include "decision.h"
#include "result.h"

#include <QJsonObject>
#include <QStringList>

#include <vector>

namespace moddesk {

struct Decision;

// What a verdict allows and demands: its reasons, the actions that may follow it, and the
// decision fields a moderator must fill in for it (e.g. "dsa.decision_ground" for a removal).
struct VerdictRule {
    QString name;
    QStringList reasons;
    QStringList actions;
    QStringList requiredFields;
    // The statement-of-reasons fields a decision under this verdict starts with (the
    // workstation prefills its form with them; the moderator may change them).
    std::optional<DsaStatement> dsaDefaults = {};

    friend bool operator==(const VerdictRule&, const VerdictRule&) = default;
};

// The moderation policy in force, served versioned by the server. A decision records the
// version it was made under, so a supervisor judges it by the rules of its day.
struct Policy {
    QString version;
    std::vector<VerdictRule> verdicts;
    QStringList actions;
    // Accounts and domains that impostors imitate (official channels, news outlets, the
    // platform's own): handles and link domains that look like one of these but are not are
    // flagged on the item page (ICU's confusable skeletons). Optional.
    QStringList knownAccounts;
    QStringList knownDomains;

    // Fields a VerdictRule may require.
    static const QStringList& requirableFields();
    // The policy that ships with ModDesk (resources: default_policy.json).
    static const Policy& builtin();

    const VerdictRule* verdict(QStringView name) const;
    // Checks that `decision` is complete and consistent under this policy; the error names
    // the first field that is not.
    Status check(const Decision& decision) const;

    static Result<Policy> fromJsonBytes(QByteArrayView bytes);
    static Result<Policy> fromJson(const QJsonObject& json, QString path = {});
    QJsonObject toJson() const;
    friend bool operator==(const Policy&, const Policy&) = default;
};

} // namespace moddesk
