#include "cli_support.h"
#include "commands.h"
#include "lease_manager.h"
#include "profile_option.h"
#include "timestamp.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace moddesk::cli {

namespace {

// "<item id>\t<token>\t<expires>\t<platform>\t<lang>": the id first, for scripts.
QString leaseLine(const HeldLease& h)
{
    auto item = Item::fromJsonBytes(h.itemJson);
    return terminalSafe(h.lease.itemId) + u'\t' + QString::number(h.lease.token) + u'\t' +
           timestamp::format(h.lease.expiresAt) + u'\t' +
           (item ? terminalSafe(item->platform) + u'\t' + terminalSafe(item->lang) : u"?\t?"_s);
}

} // namespace

int runLease(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOption(
        {u"queue"_s, u"The queue to lease from (default: default)."_s, u"Q"_s, u"default"_s});
    parser.addOption({u"count"_s, u"How many items to lease (default 1)."_s, u"N"_s, u"1"_s});
    parser.addOption({u"seconds"_s, u"Lease length in seconds (default 300)."_s, u"S"_s, u"300"_s});
    addProfileOption(parser);
    if (auto done = parseCommand(parser, args,
                                 u"Leases items from a queue, caches them and their media in the "
                                 u"profile, and prints one line per item: id, fencing token, "
                                 u"expiry, platform, language (tab-separated)."_s))
        return *done;
    bool countOk = false;
    bool secondsOk = false;
    const int count = parser.value(u"count"_s).toInt(&countOk);
    const int seconds = parser.value(u"seconds"_s).toInt(&secondsOk);
    if (!countOk || count < 1 || count > 10000) {
        printError(u"--count must be a number from 1 to 10000"_s);
        return kUsage;
    }
    if (!secondsOk || seconds < 1 || seconds > 3600) {
        printError(u"--seconds must be a number from 1 to 3600"_s);
        return kUsage;
    }
    auto opened = openSignedInProfile(parser);
    if (auto* code = std::get_if<int>(&opened))
        return *code;
    net::Profile& profile = *std::get<std::unique_ptr<net::Profile>>(opened);
    net::ProtocolClient& client = **profile.client();
    net::LeaseManager leases(profile.store(), client, profile.media(),
                             {parser.value(u"queue"_s), count, seconds, 90});
    auto granted = leases.leaseMore(count, QDateTime::currentMSecsSinceEpoch());
    if (!granted)
        return reportServerFailure(profile, granted.error());
    profile.noteContact(nullptr);
    for (const HeldLease& h : *granted)
        printLine(leaseLine(h));
    if (granted->empty())
        printError(u"the queue "_s + terminalSafe(parser.value(u"queue"_s)) +
                   u" has nothing to lease"_s);
    return kOk;
}

int runRelease(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOption({u"all"_s, u"Give back every item this profile holds (on quit)."_s});
    addProfileOption(parser);
    parser.addPositionalArgument(u"ITEM_ID"_s, u"The item to give back (skip)."_s);
    if (auto done = parseCommand(parser, args,
                                 u"Gives leased items back to the queue. Offline, the lease is "
                                 u"dropped here and runs out on the server."_s))
        return *done;
    const QStringList items = parser.positionalArguments();
    if (items.isEmpty() == !parser.isSet(u"all"_s)) {
        printError(u"give one ITEM_ID or --all"_s);
        return kUsage;
    }
    auto opened = openSignedInProfile(parser);
    if (auto* code = std::get_if<int>(&opened))
        return *code;
    net::Profile& profile = *std::get<std::unique_ptr<net::Profile>>(opened);
    net::ProtocolClient& client = **profile.client();
    net::LeaseManager leases(profile.store(), client, profile.media());
    Status released;
    if (parser.isSet(u"all"_s)) {
        released = leases.releaseAll();
    } else {
        auto held = profile.store().leaseForItem(items.first());
        if (!held || !*held || (*held)->state != u"held") {
            printError(u"this profile holds no lease on "_s + terminalSafe(items.first()));
            return kBadInput;
        }
        released = leases.release(**held);
    }
    if (!released)
        return reportServerFailure(profile, released.error());
    profile.noteContact(nullptr);
    return kOk;
}

} // namespace moddesk::cli
