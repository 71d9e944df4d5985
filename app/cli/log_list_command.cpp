#include "audit_log.h"
#include "cli_support.h"
#include "commands.h"
#include "json_fields.h"
#include "timestamp.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace moddesk::cli {

namespace {

QString textLine(const Decision& d)
{
    QString outcome = d.verdict.value_or(u"-"_s);
    if (d.reason)
        outcome += u'/' + *d.reason;
    return terminalSafe(QString::number(d.seq) + u"  "_s + timestamp::format(d.decidedAt) +
                        u"  "_s + d.kind + u"  "_s + outcome + u"  "_s + d.action.value_or(u"-"_s) +
                        u"  "_s + d.moderator + u"  item "_s + d.itemId + u"  "_s + d.id);
}

} // namespace

int runLogList(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOption({u"db"_s, u"The audit log file."_s, u"PATH"_s});
    parser.addOption({u"json"_s, u"One JSON object per line, with seq, prev_hash and hash."_s});
    parser.addOption({u"after"_s, u"Only entries with a seq above SEQ."_s, u"SEQ"_s, u"0"_s});
    parser.addOption({u"limit"_s, u"At most N entries."_s, u"N"_s});
    if (auto done = parseCommand(parser, args,
                                 u"Lists the entries of an audit log, oldest first. Text lines "
                                 u"read: seq, decided_at, kind, verdict/reason, action, "
                                 u"moderator, item, decision id."_s))
        return *done;
    const auto db = requiredOption(parser, u"db"_s);
    if (!db)
        return kUsage;
    bool afterOk = true;
    bool limitOk = true;
    const qint64 after = parser.value(u"after"_s).toLongLong(&afterOk);
    const qint64 limit =
        parser.isSet(u"limit"_s) ? parser.value(u"limit"_s).toLongLong(&limitOk) : -1;
    if (!afterOk || after < 0 || !limitOk || (parser.isSet(u"limit"_s) && limit < 0)) {
        printError(u"--after and --limit take a whole number of 0 or more"_s);
        return kUsage;
    }

    auto log = AuditLog::openReadOnly(*db);
    if (!log) {
        printError(log.error().message);
        return kEnvironment;
    }
    const bool json = parser.isSet(u"json"_s);
    bool outputOk = true;
    auto listed = (*log)->forEach(after, limit, [&](const Decision& d) {
        outputOk = printLine(json ? QString::fromUtf8(toCompactJson(d.toJson())) : textLine(d));
        return outputOk;
    });
    if (!listed) {
        printError(*db + u": "_s + listed.error().message +
                   u" (run moddeskctl verify for the whole picture)"_s);
        return kFailed;
    }
    return outputOk ? kOk : kEnvironment;
}

} // namespace moddesk::cli
