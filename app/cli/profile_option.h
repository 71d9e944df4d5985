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
// The profile's server client, or the exit code after the error was printed.
std::variant<net::ProtocolClient*, int> profileClient(net::Profile& profile);
// The exit code and message for a failed exchange with the server; notes online/offline.
int reportServerFailure(net::Profile& profile, const Error& e);

} // namespace moddesk::cli
