#include "cli_support.h"
#include "commands.h"
#include "lease_manager.h"
#include "profile_option.h"
#include "sync_engine.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace moddesk::cli {

int runSync(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOption({u"wait"_s, u"Keep retrying (with backoff) until everything is uploaded."_s});
    parser.addOption({u"timeout"_s, u"With --wait: give up after S seconds (default 3600)."_s,
                      u"S"_s, u"3600"_s});
    parser.addOption(
        {u"batch"_s, u"Decisions per request (1-1000, default 1000)."_s, u"N"_s, u"1000"_s});
    addProfileOption(parser);
    if (auto done = parseCommand(
            parser, args,
            u"Renews the profile's leases that are about to run out, then uploads the audit "
            u"log's unsynced decisions and records the server's answers. Prints a summary; exits "
            u"0 when nothing is left to upload, 4 when the server could not be reached (the "
            u"decisions stay queued), 1 when the server refused or its chain did not check out."_s))
        return *done;
    bool timeoutOk = false;
    bool batchOk = false;
    const int timeout = parser.value(u"timeout"_s).toInt(&timeoutOk);
    const int batch = parser.value(u"batch"_s).toInt(&batchOk);
    if (!timeoutOk || timeout < 0 || !batchOk || batch < 1 || batch > 1000) {
        printError(u"--timeout must be 0 or more seconds, --batch from 1 to 1000"_s);
        return kUsage;
    }
    auto opened = openSignedInProfile(parser);
    if (auto* code = std::get_if<int>(&opened))
        return *code;
    net::Profile& profile = *std::get<std::unique_ptr<net::Profile>>(opened);
    net::ProtocolClient& client = **profile.client();

    net::LeaseManager leases(profile.store(), client, profile.media());
    if (auto lost = leases.renewDue(QDateTime::currentMSecsSinceEpoch())) {
        for (const HeldLease& h : *lost)
            printLine(u"lost lease on "_s + terminalSafe(h.lease.itemId) + u": "_s +
                      terminalSafe(h.note));
    }

    net::SyncOptions options;
    options.batchSize = batch;
    net::SyncEngine engine(profile.log(), client, options);
    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::seconds(parser.isSet(u"wait"_s) ? timeout : 0);
    const net::SyncReport report = engine.drain(deadline);
    printLine(u"sent %1: %2 accepted, %3 duplicate, %4 conflict, %5 invalid; %6 pending"_s
                  .arg(report.sent)
                  .arg(report.accepted)
                  .arg(report.duplicates)
                  .arg(report.conflicts)
                  .arg(report.invalid)
                  .arg(report.pending));
    if (report.error &&
        (report.error->transient || report.error->code == u"chain_mismatch" || report.pending > 0))
        return reportServerFailure(profile, *report.error);
    profile.noteContact(nullptr);
    return report.drained() ? kOk : kFailed;
}

} // namespace moddesk::cli
