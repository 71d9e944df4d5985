#include "policy.h"

#include "decision.h"
#include "input_limits.h"
#include "json_fields.h"

#include <QFile>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace moddesk {

const QStringList& Policy::requirableFields()
{
    static const QStringList fields{u"reason"_s,       u"action"_s,
                                    u"notes"_s,        u"shown"_s,
                                    u"handle_ms"_s,    u"dsa.decision_ground"_s,
                                    u"dsa.category"_s, u"dsa.territorial_scope"_s,
                                    u"dsa.facts"_s,    u"removal_order"_s};
    return fields;
}

const Policy& Policy::builtin()
{
    static const Policy policy = [] {
        QFile file(u":/moddesk/domain/default_policy.json"_s);
        const bool opened = file.open(QIODevice::ReadOnly);
        Q_ASSERT(opened);
        auto parsed = Policy::fromJsonBytes(file.readAll());
        // The file is compiled in and covered by tests; failing here is a build defect.
        Q_ASSERT_X(parsed.ok(), "Policy::builtin", qPrintable(parsed.error().toString()));
        return parsed.ok() ? std::move(parsed).value() : Policy{};
    }();
    return policy;
}

const VerdictRule* Policy::verdict(QStringView name) const
{
    for (const VerdictRule& rule : verdicts) {
        if (rule.name == name)
            return &rule;
    }
    return nullptr;
}

namespace {

bool isFilled(const Decision& d, QStringView field)
{
    if (field == u"reason")
        return d.reason.has_value();
    if (field == u"action")
        return d.action.has_value();
    if (field == u"notes")
        return d.notes.has_value();
    if (field == u"shown")
        return d.shown.has_value();
    if (field == u"handle_ms")
        return d.handleMs.has_value();
    if (field == u"dsa.decision_ground")
        return d.dsa.has_value();
    if (field == u"dsa.category")
        return d.dsa && d.dsa->category;
    if (field == u"dsa.territorial_scope")
        return d.dsa && !d.dsa->territorialScope.isEmpty();
    if (field == u"dsa.facts")
        return d.dsa && d.dsa->facts;
    if (field == u"removal_order")
        return d.removalOrder.has_value();
    return false;
}

} // namespace

Status Policy::check(const Decision& d) const
{
    if (d.kind == u"retract")
        return {};
    const VerdictRule* rule = d.verdict ? verdict(*d.verdict) : nullptr;
    if (!rule) {
        QStringList names;
        for (const VerdictRule& r : verdicts)
            names.append(r.name);
        return fieldError(u"verdict"_s, u"\""_s + d.verdict.value_or(QString()) +
                                            u"\" is not a verdict of policy "_s + version + u" (" +
                                            names.join(u", ") + u')');
    }
    if (d.reason && !rule->reasons.contains(*d.reason))
        return fieldError(u"reason"_s, u"\""_s + *d.reason + u"\" is not a reason for "_s +
                                           rule->name + u" (" + rule->reasons.join(u", ") + u')');
    if (d.action && !rule->actions.contains(*d.action))
        return fieldError(u"action"_s, u"\""_s + *d.action + u"\" does not follow "_s + rule->name +
                                           u" (" + rule->actions.join(u", ") + u')');
    for (const QString& field : rule->requiredFields) {
        if (!isFilled(d, field))
            return fieldError(field, u"is required when the verdict is "_s + rule->name +
                                         u" (policy "_s + version + u')');
    }
    return {};
}

namespace {

Result<DsaStatement> dsaDefaultsFromJson(const QJsonObject& json, QString path)
{
    JsonFields f(json, std::move(path));
    f.rejectUnknown({u"decision_ground", u"category", u"territorial_scope"});
    DsaStatement d;
    d.decisionGround = f.string(u"decision_ground", limits::kMaxIdChars);
    d.category = f.optString(u"category", limits::kMaxIdChars);
    d.territorialScope = f.stringList(u"territorial_scope", 300, 3);
    if (!f.ok())
        return f.error();
    return d;
}

Result<VerdictRule> verdictRuleFromJson(const QJsonObject& json, QString path)
{
    JsonFields f(json, std::move(path));
    VerdictRule r;
    r.name = f.string(u"name", limits::kMaxIdChars);
    r.reasons = f.stringList(u"reasons", limits::kMaxListItems, limits::kMaxIdChars);
    r.actions = f.stringList(u"actions", limits::kMaxListItems, limits::kMaxIdChars);
    r.requiredFields = f.stringList(u"requires", limits::kMaxListItems, limits::kMaxIdChars);
    r.dsaDefaults = f.optObject<DsaStatement>(u"dsa_defaults", &dsaDefaultsFromJson);
    for (qsizetype i = 0; f.ok() && i < r.requiredFields.size(); ++i) {
        if (!Policy::requirableFields().contains(r.requiredFields[i]))
            f.fail(u"requires["_s + QString::number(i) + u']',
                   u"\""_s + r.requiredFields[i] + u"\" is not a field a policy can require ("_s +
                       Policy::requirableFields().join(u", ") + u')');
    }
    if (!f.ok())
        return f.error();
    return r;
}

} // namespace

Result<Policy> Policy::fromJsonBytes(QByteArrayView bytes)
{
    auto object = parseJsonObject(bytes, limits::kMaxPolicyDocumentBytes, u"policy");
    if (!object)
        return object.error();
    return fromJson(*object);
}

Result<Policy> Policy::fromJson(const QJsonObject& json, QString path)
{
    JsonFields f(json, std::move(path));
    Policy p;
    p.version = f.string(u"version", limits::kMaxIdChars);
    p.actions = f.stringList(u"actions", limits::kMaxListItems, limits::kMaxIdChars);
    p.verdicts =
        f.objectList<VerdictRule>(u"verdicts", limits::kMaxListItems, &verdictRuleFromJson);
    if (json.contains(u"known_accounts"_s))
        p.knownAccounts = f.stringList(u"known_accounts", 10'000, limits::kMaxIdChars);
    if (json.contains(u"known_domains"_s))
        p.knownDomains = f.stringList(u"known_domains", 10'000, limits::kMaxIdChars);
    if (f.ok() && p.verdicts.empty())
        f.fail(u"verdicts"_s, u"must list at least one verdict"_s);
    for (size_t i = 0; f.ok() && i < p.verdicts.size(); ++i) {
        if (p.verdict(p.verdicts[i].name) != &p.verdicts[i])
            f.fail(u"verdicts["_s + QString::number(i) + u"].name"_s,
                   u"\""_s + p.verdicts[i].name + u"\" is listed twice"_s);
        for (const QString& action : p.verdicts[i].actions) {
            if (!p.actions.contains(action))
                f.fail(u"verdicts["_s + QString::number(i) + u"].actions"_s,
                       u"\""_s + action + u"\" is not in the policy's actions"_s);
        }
    }
    if (!f.ok())
        return f.error();
    return p;
}

QJsonObject Policy::toJson() const
{
    QJsonArray rules;
    for (const VerdictRule& r : verdicts) {
        QJsonObject rule{{u"name"_s, r.name},
                         {u"reasons"_s, QJsonArray::fromStringList(r.reasons)},
                         {u"actions"_s, QJsonArray::fromStringList(r.actions)},
                         {u"requires"_s, QJsonArray::fromStringList(r.requiredFields)}};
        if (r.dsaDefaults) {
            QJsonObject dsa{{u"decision_ground"_s, r.dsaDefaults->decisionGround},
                            {u"territorial_scope"_s,
                             QJsonArray::fromStringList(r.dsaDefaults->territorialScope)}};
            if (r.dsaDefaults->category)
                dsa.insert(u"category"_s, *r.dsaDefaults->category);
            rule.insert(u"dsa_defaults"_s, dsa);
        }
        rules.append(rule);
    }
    QJsonObject json{{u"version"_s, version},
                     {u"actions"_s, QJsonArray::fromStringList(actions)},
                     {u"verdicts"_s, rules}};
    if (!knownAccounts.isEmpty())
        json.insert(u"known_accounts"_s, QJsonArray::fromStringList(knownAccounts));
    if (!knownDomains.isEmpty())
        json.insert(u"known_domains"_s, QJsonArray::fromStringList(knownDomains));
    return json;
}

} // namespace moddesk
