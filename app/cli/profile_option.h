#pragma once

#include "profile.h"

#include <QCommandLineParser>

#include <memory>
#include <variant>

namespace moddesk::cli {

// --profile DIR, shared by the commands that work as a moderator against a server.
void addProfileOption(QCommandLineParser& parser);
// The opened profile, or the exit code after the error was printed.
std::variant<std::unique_ptr<net::Profile>, int> openProfile(const QCommandLineParser& parser);
// The opened profile with its server client ready (`*profile.client()`), or the exit code after
// the error was printed (not signed in, token unreadable).
std::variant<std::unique_ptr<net::Profile>, int>
openSignedInProfile(const QCommandLineParser& parser);
// The exit code and message for a failed exchange with the server; notes online/offline.
int reportServerFailure(net::Profile& profile, const Error& e);

} // namespace moddesk::cli
