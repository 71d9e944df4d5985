#include "audit_log.h"
#include "cli_support.h"
#include "commands.h"
#include "input_limits.h"
#include "line_reader.h"
#include "policy.h"

#include <QFile>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace moddesk::cli {

namespace {

std::optional<Policy> loadPolicy(const QString& path)
{
    if (path.isEmpty())
        return Policy::builtin();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        printError(u"cannot read the policy "_s + path + u": "_s + file.errorString());
        return std::nullopt;
    }
    auto policy = Policy::fromJsonBytes(file.read(limits::kMaxPolicyDocumentBytes + 1));
    if (!policy) {
        printError(path + u": "_s + policy.error().toString());
        return std::nullopt;
    }
    return *policy;
}

// Checks one input line; the error names the field. Chain fields are the log's to assign.
Result<Decision> decodeLine(const QByteArray& line, const Policy& policy)
{
    auto decision = Decision::fromJsonBytes(line);
    if (!decision)
        return decision.error();
    if (decision->seq != 0)
        return fieldError(u"seq"_s, u"is assigned by the log; leave it out"_s);
    if (!decision->prevHash.isEmpty() || !decision->hash.isEmpty())
        return fieldError(decision->hash.isEmpty() ? u"prev_hash"_s : u"hash"_s,
                          u"is computed by the log; leave it out"_s);
    if (auto checked = policy.check(*decision); !checked)
        return checked.error();
    return decision;
}

bool sameDecision(const Decision& a, const Decision& b)
{
    return a.withoutChainFields() == b.withoutChainFields();
}

} // namespace

int runLogAppend(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOption({u"db"_s, u"The audit log file (created if missing)."_s, u"PATH"_s});
    parser.addOption({u"policy"_s,
                      u"Check decisions against this policy JSON instead of the "
                      u"built-in one."_s,
                      u"FILE"_s});
    if (auto done = parseCommand(
            parser, args,
            u"Appends decisions to the audit log. Reads one decision JSON object per line from "
            u"standard input; after each one is durably committed prints \"<seq> <decision-id>\". "
            u"seq, prev_hash and hash are assigned by the log. A line that repeats a logged "
            u"decision exactly prints its existing seq again, so an interrupted import can be "
            u"re-run. An invalid line stops the import with its line number and field; lines "
            u"before it stay committed."_s))
        return *done;
    const auto db = requiredOption(parser, u"db"_s);
    if (!db)
        return kUsage;
    const auto policy = loadPolicy(parser.value(u"policy"_s));
    if (!policy)
        return kBadInput;
    auto log = AuditLog::open(*db);
    if (!log) {
        printError(log.error().message);
        return kEnvironment;
    }

    LineReader reader(STDIN_FILENO, limits::kMaxDecisionDocumentBytes);
    QByteArray line;
    for (qint64 lineNo = 1;; ++lineNo) {
        const auto status = reader.next(line);
        if (status == LineReader::Status::End)
            return kOk;
        const QString where = u"line "_s + QString::number(lineNo) + u": "_s;
        if (status == LineReader::Status::ReadError) {
            printError(where + u"cannot read standard input"_s);
            return kEnvironment;
        }
        if (status == LineReader::Status::TooLong) {
            printError(where + u"longer than "_s +
                       QString::number(limits::kMaxDecisionDocumentBytes) +
                       u" bytes; a decision is never that large"_s);
            return kBadInput;
        }
        if (line.trimmed().isEmpty())
            continue;
        auto decision = decodeLine(line, *policy);
        if (!decision) {
            printError(where + decision.error().toString());
            return kBadInput;
        }
        auto appended = (*log)->append(*decision);
        if (!appended) {
            auto existing = (*log)->find(decision->id);
            if (existing && *existing && sameDecision(**existing, *decision)) {
                appended = ChainHead{(*existing)->seq, (*existing)->hash};
            } else {
                printError(where + appended.error().toString());
                return appended.error().field.isEmpty() ? kEnvironment : kBadInput;
            }
        }
        if (!printLine(QString::number(appended->seq) + u' ' + decision->id))
            return kEnvironment;
    }
}

} // namespace moddesk::cli
