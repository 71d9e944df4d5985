#include "audit_log.h"
#include "cli_support.h"
#include "commands.h"

using namespace Qt::StringLiterals;

namespace moddesk::cli {

int runBackup(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOption({u"db"_s, u"The audit log file."_s, u"PATH"_s});
    parser.addOption({u"to"_s, u"Where to write the backup (replaced if it exists)."_s, u"FILE"_s});
    if (auto done = parseCommand(parser, args,
                                 u"Copies a consistent snapshot of an audit log to FILE while "
                                 u"the log stays in use, then verifies the copy. The file "
                                 u"appears complete or not at all."_s))
        return *done;
    const auto db = requiredOption(parser, u"db"_s);
    const auto to = db ? requiredOption(parser, u"to"_s) : std::nullopt;
    if (!db || !to)
        return kUsage;
    auto log = AuditLog::openReadOnly(*db);
    if (!log) {
        printError(log.error().message);
        return kEnvironment;
    }
    if (auto written = (*log)->backupTo(*to); !written) {
        printError(written.error().message);
        return kEnvironment;
    }
    auto copy = AuditLog::openReadOnly(*to);
    if (!copy) {
        printError(u"the backup at "_s + *to + u" cannot be opened: "_s + copy.error().message);
        return kFailed;
    }
    const VerifyReport report = (*copy)->verify();
    if (!report.ok()) {
        printError(u"the backup at "_s + *to + u" does not verify: "_s + report.reason);
        return kFailed;
    }
    printLine(u"backup of "_s + QString::number(report.entries) + u" entries written to "_s + *to);
    return kOk;
}

} // namespace moddesk::cli
