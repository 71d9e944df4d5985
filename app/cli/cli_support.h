#pragma once

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

#include <optional>

namespace moddesk::cli {

// moddeskctl's exit codes, the same for every command.
enum ExitCode {
    kOk = 0,
    kFailed = 1,      // the check ran and found a problem (verify: the log was altered)
    kUsage = 2,       // the command line is wrong
    kBadInput = 3,    // input data is invalid (named on stderr)
    kEnvironment = 4, // a file or database cannot be used
};

// Writes one line to stdout as UTF-8 and flushes it, so a reader sees it at once.
// Returns false when stdout is gone (the reader exited).
bool printLine(const QString& line);
// Writes "moddeskctl: <message>" to stderr.
void printError(const QString& message);

// Text from logs and servers may hold terminal escape sequences or bidi controls; shown in a
// terminal they would rewrite what the reader sees. This returns it with every control and
// bidi-format character spelled as \u{XXXX}.
QString terminalSafe(const QString& text);

// Sets up `parser` for a command (help option, description) and parses `args`
// (args[0] is the command path, e.g. "moddeskctl log append"). Returns an exit code when the
// command is done already (help shown, or a usage error printed), nothing when it should run.
std::optional<int> parseCommand(QCommandLineParser& parser, const QStringList& args,
                                const QString& description);

// The value of a required option, or a usage error naming it.
std::optional<QString> requiredOption(const QCommandLineParser& parser, const QString& name);

} // namespace moddesk::cli
