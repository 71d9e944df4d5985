#include "audit_log.h"
#include "cli_support.h"
#include "commands.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace moddesk::cli {

int runVerify(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOption({u"db"_s, u"The audit log file."_s, u"PATH"_s});
    parser.addOption({u"json"_s, u"Print the result as one JSON object."_s});
    if (auto done = parseCommand(
            parser, args,
            u"Checks that an audit log is exactly as it was written: every seq present, each "
            u"entry's prev_hash equal to the hash before it, each hash equal to the SHA-256 of "
            u"the entry. Prints \"ok <N> entries\" and exits 0, or \"tampered at seq <S>: "
            u"<reason>\" naming the first bad entry and exits 1."_s))
        return *done;
    const auto db = requiredOption(parser, u"db"_s);
    if (!db)
        return kUsage;
    auto log = AuditLog::openReadOnly(*db);
    if (!log) {
        printError(log.error().message);
        return kEnvironment;
    }
    const VerifyReport report = (*log)->verify();
    if (!report.ok() && !report.badSeq) { // could not read the log at all
        printError(*db + u": "_s + report.reason);
        return kEnvironment;
    }
    if (parser.isSet(u"json"_s)) {
        QJsonObject json{{u"ok"_s, report.ok()}, {u"entries"_s, report.entries}};
        if (report.badSeq) {
            json.insert(u"bad_seq"_s, *report.badSeq);
            json.insert(u"reason"_s, report.reason);
        }
        printLine(QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact)));
    } else if (report.ok()) {
        printLine(u"ok "_s + QString::number(report.entries) + u" entries"_s);
    } else {
        printLine(u"tampered at seq "_s + QString::number(*report.badSeq) + u": "_s +
                  terminalSafe(report.reason));
    }
    return report.ok() ? kOk : kFailed;
}

} // namespace moddesk::cli
