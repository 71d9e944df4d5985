#include "profile_option.h"

#include "cli_support.h"

#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace moddesk::cli {

void addProfileOption(QCommandLineParser& parser)
{
    parser.addOption({u"profile"_s,
                      u"The moderator's profile directory (audit log, leases, cache, token). "
                      u"Default: $MODDESK_PROFILE, else moddesk/profiles/default in the user's "
                      u"data directory."_s,
                      u"DIR"_s});
}

std::variant<std::unique_ptr<net::Profile>, int> openProfile(const QCommandLineParser& parser)
{
    QString dir = parser.value(u"profile"_s);
    if (dir.isEmpty())
        dir = qEnvironmentVariable("MODDESK_PROFILE");
    if (dir.isEmpty())
        dir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
              u"/moddesk/profiles/default"_s;
    auto profile = net::Profile::open(dir);
    if (!profile) {
        printError(dir + u": "_s + profile.error().message);
        return int(kEnvironment);
    }
    return std::move(profile).value();
}

std::variant<std::unique_ptr<net::Profile>, int>
openSignedInProfile(const QCommandLineParser& parser)
{
    auto opened = openProfile(parser);
    if (auto* profile = std::get_if<std::unique_ptr<net::Profile>>(&opened)) {
        if (auto client = (*profile)->client(); !client) {
            printError(client.error().message);
            return int(kEnvironment);
        }
    }
    return opened;
}

int reportServerFailure(net::Profile& profile, const Error& e)
{
    profile.noteContact(&e);
    printError(terminalSafe(e.transient ? u"offline: "_s + e.message : e.message));
    return e.transient ? kEnvironment : kFailed;
}

} // namespace moddesk::cli
