#pragma once

#include <QStringList>

// Each moddeskctl command: `args` starts with the command's own name path (e.g.
// "moddeskctl log append") followed by its options. Returns the process exit code.
namespace moddesk::cli {

int runLogAppend(const QStringList& args);
int runLogList(const QStringList& args);
int runVerify(const QStringList& args);
int runBackup(const QStringList& args);

} // namespace moddesk::cli
