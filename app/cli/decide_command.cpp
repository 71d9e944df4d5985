#include "cli_support.h"
#include "commands.h"
#include "profile_option.h"
#include "triage.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace moddesk::cli {

int runDecide(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOption(
        {u"verdict"_s, u"violating, not_violating, escalate (per the policy)."_s, u"V"_s});
    parser.addOption(
        {u"reason"_s, u"The reason, from the verdict's list in the policy."_s, u"R"_s});
    parser.addOption(
        {u"action"_s, u"The action, from the verdict's list in the policy."_s, u"A"_s});
    parser.addOption({u"notes"_s, u"Free-text notes."_s, u"TEXT"_s});
    parser.addOption({u"dsa-ground"_s,
                      u"DSA decision ground: illegal_content or "
                      u"incompatible_with_terms."_s,
                      u"G"_s});
    parser.addOption({u"dsa-category"_s, u"DSA statement-of-reasons category."_s, u"C"_s});
    parser.addOption(
        {u"territory"_s, u"DSA territorial scope, comma-separated (e.g. EEA)."_s, u"LIST"_s});
    addProfileOption(parser);
    parser.addPositionalArgument(u"ITEM_ID"_s, u"The leased item to decide."_s);
    if (auto done = parseCommand(
            parser, args,
            u"Records a decision on a leased item in the profile's audit log (durable when "
            u"this returns; works offline) and prints \"<seq> <decision id>\". The policy's "
            u"required fields are checked first. `moddeskctl sync` uploads it."_s))
        return *done;
    if (parser.positionalArguments().size() != 1) {
        printError(u"give exactly one ITEM_ID"_s);
        return kUsage;
    }
    const QString itemId = parser.positionalArguments().first();
    auto opened = openProfile(parser);
    if (auto* code = std::get_if<int>(&opened))
        return *code;
    net::Profile& profile = *std::get<std::unique_ptr<net::Profile>>(opened);
    if (profile.userName().isEmpty()) {
        printError(u"not signed in: run moddeskctl login first"_s);
        return kEnvironment;
    }
    const auto optional = [&parser](const QString& name) {
        const QString v = parser.value(name);
        return v.isEmpty() ? std::nullopt : std::optional<QString>(v);
    };
    net::TriageChoice choice;
    choice.verdict = parser.value(u"verdict"_s);
    choice.reason = parser.value(u"reason"_s);
    choice.action = parser.value(u"action"_s);
    choice.notes = parser.value(u"notes"_s);
    if (parser.isSet(u"dsa-ground"_s) || parser.isSet(u"dsa-category"_s) ||
        parser.isSet(u"territory"_s)) {
        DsaStatement dsa;
        dsa.decisionGround = parser.value(u"dsa-ground"_s);
        dsa.category = optional(u"dsa-category"_s);
        if (parser.isSet(u"territory"_s))
            dsa.territorialScope = parser.value(u"territory"_s).split(u',', Qt::SkipEmptyParts);
        choice.dsa = dsa;
    }
    QString expired;
    auto recorded = net::recordTriage(profile, profile.policy(), itemId, choice,
                                      QDateTime::currentMSecsSinceEpoch(), &expired);
    if (!recorded) {
        printError(recorded.error().code == u"invalid" ? recorded.error().toString()
                                                       : recorded.error().message);
        return recorded.error().code == u"invalid" ? kBadInput : kEnvironment;
    }
    if (!expired.isEmpty())
        printError(u"warning: "_s + expired);
    printLine(QString::number(recorded->seq) + u' ' + recorded->id);
    return kOk;
}

} // namespace moddesk::cli
